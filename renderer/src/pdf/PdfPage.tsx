import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { TFunction } from 'i18next';
import { TEXT_CONTENT_OPTIONS } from '../../../shared/text/page-text';
import type { OcrWord } from '../../../shared/ocr';
import { runSlices, type FindMatch, type PageText } from './find-text';
import { ocrTextItems, renderOcrTextLayer, type TextRuns } from './ocr-text-layer';
import type { PageOverlayContext } from './page-coords';
import { readerQueue } from './render-queue';
import { renderOffScreen } from './render-off-screen';
import { boxSize, PAGE_GAP, rotatedSize, type PageSize } from './viewer/page-layout';
import { AbortException, RenderingCancelledException, TextLayer, type PageViewport, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from './pdfjs';

export { rotatedSize };
export type { PageSize };

/** Find hits on one page: the page's text (for offsets) and which hit is the current one. */
export interface PageHighlights {
  text: PageText;
  matches: FindMatch[];
  /** Index into `matches` of the current hit, or -1. */
  selected: number;
}

export type RenderPageOverlay = (ctx: PageOverlayContext) => ReactNode;

/** How far (CSS px) a page box is from its scroll area's visible part; 0 when it shows. */
function distanceFromView(el: HTMLElement | null): number {
  const root = el?.closest('.pdf-scroll');
  if (!el || !root) return Number.POSITIVE_INFINITY;
  const a = el.getBoundingClientRect();
  const b = root.getBoundingClientRect();
  return a.bottom < b.top ? b.top - a.bottom : a.top > b.bottom ? a.top - b.bottom : 0;
}


/** What the drawn part of a page reports to its box: shown as data-rendered, the error, and the overlay's viewport. */
interface DrawnState {
  rendered: boolean;
  failed: boolean;
  viewport: PageViewport | null;
}
const NOT_DRAWN: DrawnState = { rendered: false, failed: false, viewport: null };

/** Where a page's number goes in its label (PageList translates the label once for all pages). */
export const PAGE_SLOT = '\u2060#\u2060';

/**
 * One page: a placeholder of the right size until it scrolls near the viewport, then a canvas,
 * a pdf.js text layer (selection, copy, find highlights) and the overlay slot (watermark,
 * annotations). Drawing is dropped again when it scrolls far away, so long documents never
 * hold more than a few canvases.
 *
 * Every page of the document has a box, so the box is kept cheap: one state and one callback (a
 * 352-page document had ~80 hook objects, closures and bound setters per page, ~1 MB of JS heap
 * for pages nobody looked at). Everything that draws lives in DrawnPage, mounted only while
 * the page is near the viewport.
 */
export const PdfPage = memo(function PdfPage({
  pdf,
  pageNumber,
  scale,
  rotation,
  size,
  visible,
  register,
  onSize,
  highlights,
  noCopy,
  renderOverlay,
  t,
  label,
  onRendered,
  ocrWords = null,
  picture = null,
}: {
  /** Null while the document is being opened again and the column shows its last pictures (see page-pictures.ts). */
  pdf: PDFDocumentProxy | null;
  pageNumber: number;
  scale: number;
  /** The reader's extra rotation: 0, 90, 180 or 270. */
  rotation: number;
  /** Page size at scale 1 without the reader's rotation (the real one once known, otherwise the first page's). */
  size: PageSize;
  visible: boolean;
  /** The page box's ref callback (one for every page: the page number is read from data-page-number). */
  register: (el: HTMLDivElement) => () => void;
  onSize: (pageNumber: number, size: PageSize) => void;
  highlights: PageHighlights | null;
  noCopy: boolean;
  renderOverlay?: RenderPageOverlay;
  /** The viewer's translate function: one i18n subscription for the viewer, not one per page. */
  t: TFunction;
  /** The page's label with PAGE_SLOT where its number goes ("Trang {{page}}" translated once for every page). */
  label: string;
  /** Called with the page's number each time its canvas is drawn. */
  onRendered?: (pageNumber: number) => void;
  /** A scanned page: the server's recognised words, laid over it instead of pdf.js' (empty) text layer. */
  ocrWords?: readonly OcrWord[] | null;
  /** What this page looked like when the document was last closed: shown until the page is drawn. */
  picture?: HTMLCanvasElement | null;
}) {
  const [drawnState, setDrawnState] = useState(NOT_DRAWN);
  // Scrolled away: nothing drawn any more (set while rendering, so the box never shows a stale state).
  if (!visible && drawnState !== NOT_DRAWN) setDrawnState(NOT_DRAWN);
  const drawn = visible ? drawnState : NOT_DRAWN;

  // A scan's text is its recognised words (the spans over it), not pdf.js' empty items.
  const textItems = useCallback(
    async () => (ocrWords ? ocrTextItems(ocrWords) : (await (await pdf!.getPage(pageNumber)).getTextContent(TEXT_CONTENT_OPTIONS)).items),
    [pdf, pageNumber, ocrWords],
  );

  // The size the column's layout counts on for this page (page-layout.ts): one definition for both.
  const { width, height } = boxSize(size, scale, rotation);
  const showPicture = picture !== null && !drawn.rendered;
  return (
    <div
      ref={register}
      className={`pdf-page${noCopy ? ' no-copy' : ''}`}
      data-testid="pdf-page"
      data-page-number={pageNumber}
      data-rendered={drawn.rendered ? 'true' : 'false'}
      data-picture={showPicture ? 'true' : undefined}
      role="region"
      aria-label={label.replace(PAGE_SLOT, String(pageNumber))}
      style={{ width: `${width}px`, height: `${height}px`, marginBottom: `${PAGE_GAP}px`, '--scale-factor': String(scale) } as CSSProperties}
    >
      {showPicture && <Picture canvas={picture} />}
      {visible && pdf && (
        <DrawnPage
          pdf={pdf}
          pageNumber={pageNumber}
          scale={scale}
          rotation={rotation}
          onSize={onSize}
          onRendered={onRendered}
          highlights={highlights}
          ocrWords={ocrWords}
          report={setDrawnState}
        />
      )}
      {renderOverlay && pdf && (
        <div className="pdf-overlay">{renderOverlay({ pageNumber, scale, rotation, width, height, viewport: drawn.viewport, textItems, pdf })}</div>
      )}
      {drawn.failed && <div className="pdf-page-error">{t('document.pageRenderFailed')}</div>}
    </div>
  );
});

/** A page's last picture (a canvas kept from the last time the document was shown), stretched over its box. */
function Picture({ canvas }: { canvas: HTMLCanvasElement }) {
  const host = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    el.replaceChildren(canvas);
    return () => canvas.remove();
  }, [canvas]);
  return <div className="pdf-canvas pdf-picture" ref={host} data-testid="pdf-page-picture" />;
}

/**
 * The drawn part of a page near the viewport: its canvas and text layer (with find highlights).
 * Unmounted when the page scrolls far away, which drops the drawing and releases what pdf.js
 * keeps for the page.
 */
function DrawnPage({
  pdf,
  pageNumber,
  scale,
  rotation,
  onSize,
  onRendered,
  highlights,
  ocrWords,
  report,
}: {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  rotation: number;
  onSize: (pageNumber: number, size: PageSize) => void;
  onRendered?: (pageNumber: number) => void;
  highlights: PageHighlights | null;
  ocrWords: readonly OcrWord[] | null;
  report: (state: DrawnState | ((prev: DrawnState) => DrawnState)) => void;
}) {
  const canvasHost = useRef<HTMLDivElement>(null);
  const textHost = useRef<HTMLDivElement>(null);
  const [textLayer, setTextLayer] = useState<TextRuns | null>(null);
  const onSizeRef = useRef(onSize);
  onSizeRef.current = onSize;
  const onRenderedRef = useRef(onRendered);
  onRenderedRef.current = onRendered;
  /** The pdf.js page while drawn; cleaned up when the page scrolls away or the document changes. */
  const pageProxy = useRef<PDFPageProxy | null>(null);

  // Asked of pdf.js when the page is committed (a layout effect), not after the browser has
  // painted its empty box: the page opened at or gone to starts drawing a frame or more sooner.
  useLayoutEffect(() => {
    const canvasBox = canvasHost.current;
    const textBox = textHost.current;
    if (!canvasBox || !textBox) return;
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    let layerTask: TextLayer | null = null;

    (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled) return;
      pageProxy.current = page;
      const base = page.getViewport({ scale: 1 });
      onSizeRef.current(pageNumber, { width: base.width, height: base.height });
      const vp = page.getViewport({ scale, rotation: (page.rotate + rotation) % 360 });
      const ratio = window.devicePixelRatio || 1;
      // Draw into a fresh canvas and swap it in when done: no blank flash while zooming.
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(vp.width * ratio);
      canvas.height = Math.floor(vp.height * ratio);
      canvas.setAttribute('aria-hidden', 'true');
      const drawn = await readerQueue.run(
        () => distanceFromView(canvasBox.parentElement),
        () => cancelled,
        async () => {
          renderTask = renderOffScreen(page, { canvas, viewport: vp, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
          await renderTask.promise;
        },
      );
      if (!drawn || cancelled) return;
      canvasBox.replaceChildren(canvas);
      // The box says it is drawn (data-rendered) with the canvas it now holds, not when React
      // next gets to it (a task later, behind whatever else is queued).
      flushSync(() => report({ rendered: true, failed: false, viewport: vp }));
      onRenderedRef.current?.(pageNumber);

      const layer = document.createElement('div');
      layer.className = 'textLayer';
      layer.dataset.testid = 'pdf-text-layer';
      textBox.replaceChildren(layer);
      if (ocrWords) {
        const upright = page.getViewport({ scale, rotation: page.rotate });
        layer.dataset.ocr = 'true';
        setTextLayer(renderOcrTextLayer(layer, ocrWords, upright.width, upright.height, rotation));
        return;
      }
      layerTask = new TextLayer({
        textContentSource: page.streamTextContent({ includeMarkedContent: true, disableNormalization: true }),
        container: layer,
        viewport: vp,
      });
      await layerTask.render();
      if (!cancelled) setTextLayer(layerTask);
    })().catch((e: unknown) => {
      if (cancelled || e instanceof RenderingCancelledException || e instanceof AbortException) return;
      console.error(`page ${pageNumber} failed to render`, e);
      report((prev) => ({ ...prev, failed: true }));
    });

    return () => {
      cancelled = true;
      renderTask?.cancel();
      layerTask?.cancel();
    };
  }, [pdf, pageNumber, scale, rotation, ocrWords, report]);

  // Scrolled away or another document: pdf.js keeps a drawn page's operator list and objects on
  // the main thread until cleanup(); without it a scroll through a long document holds every
  // page it passed (pdf.js's own viewer cleans up a page leaving its buffer). Deferred by pdf.js
  // while a render is pending. (After the drawing effect's own cleanup, which cancels it.)
  useEffect(
    () => () => {
      pageProxy.current?.cleanup();
      pageProxy.current = null;
    },
    [pdf],
  );

  // Find hits: wrap the matched characters of each text run in highlight spans.
  const lastScrolled = useRef<string | null>(null);
  useEffect(() => {
    if (!textLayer) return;
    const divs = textLayer.textDivs;
    const strs = textLayer.textContentItemsStr;
    let selectedEl: HTMLElement | null = null;
    divs.forEach((div, i) => {
      const slices = highlights ? runSlices(highlights.text, highlights.matches, i) : [];
      if (slices.length === 0) {
        if (div.dataset.highlighted) {
          div.textContent = strs[i];
          delete div.dataset.highlighted;
        }
        return;
      }
      const str = strs[i];
      const parts: Node[] = [];
      let at = 0;
      for (const s of slices) {
        if (s.from > at) parts.push(document.createTextNode(str.slice(at, s.from)));
        const mark = document.createElement('span');
        const isSelected = s.match === highlights!.selected;
        mark.className = `highlight appended${isSelected ? ' selected' : ''}`;
        mark.dataset.testid = isSelected ? 'find-hit-selected' : 'find-hit';
        mark.textContent = str.slice(s.from, s.to);
        if (isSelected && !selectedEl) selectedEl = mark;
        parts.push(mark);
        at = s.to;
      }
      if (at < str.length) parts.push(document.createTextNode(str.slice(at)));
      div.replaceChildren(...parts);
      div.dataset.highlighted = '1';
    });
    // Bring the current hit into view once (not again on every re-render).
    const m = highlights && highlights.selected >= 0 ? highlights.matches[highlights.selected] : null;
    const key = m ? `${m.page}:${m.start}:${scale}:${rotation}` : null;
    if (selectedEl && key !== lastScrolled.current) {
      lastScrolled.current = key;
      (selectedEl as HTMLElement).scrollIntoView({ block: 'center', inline: 'nearest' });
    }
    if (!key) lastScrolled.current = null;
  }, [textLayer, highlights, scale, rotation]);

  return (
    <>
      <div className="pdf-canvas" ref={canvasHost} />
      <div className="pdf-text" ref={textHost} />
    </>
  );
}
