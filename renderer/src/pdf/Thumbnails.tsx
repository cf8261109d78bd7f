import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rotatedSize, type PageSize } from './PdfPage';
import { AbortException, RenderingCancelledException, type PDFDocumentProxy, type RenderTask } from './pdfjs';

const THUMB_WIDTH = 120;

/**
 * The thumbnails sidebar: one small picture per page, drawn only while it is (nearly) in
 * view of the sidebar and dropped again afterwards. Click → go to that page.
 */
export function Thumbnails({
  pdf,
  sizes,
  rotation,
  currentPage,
  onSelect,
}: {
  pdf: PDFDocumentProxy;
  sizes: Record<number, PageSize>;
  rotation: number;
  currentPage: number;
  onSelect: (page: number) => void;
}) {
  const root = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) =>
        setNear((prev) => {
          const next = new Set(prev);
          for (const e of entries) {
            const n = Number((e.target as HTMLElement).dataset.page);
            if (e.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        }),
      { root: el, rootMargin: '100% 0px 100% 0px' },
    );
    for (const child of el.querySelectorAll('[data-page]')) io.observe(child);
    return () => io.disconnect();
  }, [pdf]);

  // Keep the current page's thumbnail in view while the reader scrolls the document.
  useEffect(() => {
    const el = root.current?.querySelector(`[data-page="${currentPage}"]`);
    (el as HTMLElement | null)?.scrollIntoView?.({ block: 'nearest' });
  }, [currentPage]);

  return (
    <div className="pdf-thumbnails" ref={root} data-testid="thumbnails">
      {Array.from({ length: pdf.numPages }, (_, i) => i + 1).map((n) => (
        <Thumbnail
          key={n}
          pdf={pdf}
          page={n}
          size={rotatedSize(sizes[n] ?? sizes[1], rotation)}
          rotation={rotation}
          draw={near.has(n)}
          current={n === currentPage}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}

const Thumbnail = memo(function Thumbnail({
  pdf,
  page,
  size,
  rotation,
  draw,
  current,
  onSelect,
}: {
  pdf: PDFDocumentProxy;
  page: number;
  size: PageSize;
  rotation: number;
  draw: boolean;
  current: boolean;
  onSelect: (page: number) => void;
}) {
  const { t } = useTranslation();
  const host = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const box = host.current;
    if (!box) return;
    if (!draw) {
      box.replaceChildren();
      return;
    }
    let task: RenderTask | null = null;
    let cancelled = false;
    (async () => {
      const p = await pdf.getPage(page);
      if (cancelled) return;
      const base = p.getViewport({ scale: 1, rotation: (p.rotate + rotation) % 360 });
      const vp = p.getViewport({ scale: THUMB_WIDTH / base.width, rotation: (p.rotate + rotation) % 360 });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(vp.width);
      canvas.height = Math.floor(vp.height);
      task = p.render({ canvas, viewport: vp });
      await task.promise;
      if (!cancelled) box.replaceChildren(canvas);
    })().catch((e: unknown) => {
      if (!(e instanceof RenderingCancelledException || e instanceof AbortException)) console.warn('thumbnail failed', e);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, page, rotation, draw]);

  const label = t('reader.thumbnail', { page });
  return (
    <button
      type="button"
      className={`pdf-thumb${current ? ' current' : ''}`}
      data-page={page}
      data-testid="thumbnail"
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      onClick={() => onSelect(page)}
    >
      <span className="pdf-thumb-image" ref={host} style={{ width: THUMB_WIDTH, height: Math.round((THUMB_WIDTH * size.height) / size.width) }} />
      <span className="pdf-thumb-label">{page}</span>
    </button>
  );
});
