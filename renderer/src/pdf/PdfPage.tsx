import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { AbortException, RenderingCancelledException, TextLayer, type PDFDocumentProxy, type RenderTask } from './pdfjs';

export interface PageSize {
  width: number;
  height: number;
}

/**
 * One page: a placeholder of the right size until it scrolls near the viewport, then a canvas
 * plus a selectable pdf.js text layer. Drawing is dropped again when it scrolls far away, so
 * long documents do not hold hundreds of canvases.
 */
export function PdfPage({
  pdf,
  pageNumber,
  scale,
  size,
  visible,
  register,
  onSize,
}: {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  /** Page size at scale 1 (the real one once known, otherwise the first page's). */
  size: PageSize;
  visible: boolean;
  register: (pageNumber: number, el: HTMLDivElement | null) => void;
  onSize: (pageNumber: number, size: PageSize) => void;
}) {
  const { t } = useTranslation();
  const canvasHost = useRef<HTMLDivElement>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState(false);
  const [failed, setFailed] = useState(false);
  // A stable ref callback: a new one each render would unobserve/observe the page every time.
  const setPageEl = useCallback((el: HTMLDivElement | null) => register(pageNumber, el), [register, pageNumber]);
  const onSizeRef = useRef(onSize);
  onSizeRef.current = onSize;

  useEffect(() => {
    const canvasBox = canvasHost.current;
    const textBox = textHost.current;
    if (!canvasBox || !textBox) return;
    if (!visible) {
      canvasBox.replaceChildren();
      textBox.replaceChildren();
      setRendered(false);
      return;
    }
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    let textLayer: TextLayer | null = null;

    (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled) return;
      const base = page.getViewport({ scale: 1 });
      onSizeRef.current(pageNumber, { width: base.width, height: base.height });
      const viewport = page.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      // Draw into a fresh canvas and swap it in when done: no blank flash while zooming.
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.setAttribute('aria-hidden', 'true');
      renderTask = page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
      await renderTask.promise;
      if (cancelled) return;
      canvasBox.replaceChildren(canvas);
      setRendered(true);
      setFailed(false);

      const layer = document.createElement('div');
      layer.className = 'textLayer';
      layer.dataset.testid = 'pdf-text-layer';
      textBox.replaceChildren(layer);
      textLayer = new TextLayer({
        textContentSource: page.streamTextContent({ includeMarkedContent: true, disableNormalization: true }),
        container: layer,
        viewport,
      });
      await textLayer.render();
    })().catch((e: unknown) => {
      if (cancelled || e instanceof RenderingCancelledException || e instanceof AbortException) return;
      console.error(`page ${pageNumber} failed to render`, e);
      setFailed(true);
    });

    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
    };
  }, [pdf, pageNumber, scale, visible]);

  return (
    <div
      ref={setPageEl}
      className="pdf-page"
      data-testid="pdf-page"
      data-page-number={pageNumber}
      data-rendered={rendered ? 'true' : 'false'}
      role="region"
      aria-label={t('document.page', { page: pageNumber })}
      style={
        {
          width: `${Math.floor(size.width * scale)}px`,
          height: `${Math.floor(size.height * scale)}px`,
          '--scale-factor': String(scale),
        } as CSSProperties
      }
    >
      <div className="pdf-canvas" ref={canvasHost} />
      <div className="pdf-text" ref={textHost} />
      {failed && <div className="pdf-page-error">{t('document.pageRenderFailed')}</div>}
    </div>
  );
}
