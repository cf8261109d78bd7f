import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../components/Feedback';
import { PdfPage, type PageSize } from './PdfPage';
import { openPdf, type PDFDocumentProxy } from './pdfjs';

const MIN_SCALE = 0.25;
const MAX_SCALE = 5;
const ZOOM_STEP = 1.2;
/** Horizontal room around pages inside the scroll area (px). */
const GUTTER = 48;

/** Largest scale the initial "auto" zoom picks: fit width, but not larger than comfortable. */
const MAX_AUTO_SCALE = 1.5;

type Zoom = { mode: 'auto' } | { mode: 'fit' } | { mode: 'manual'; scale: number };

const clamp = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

/**
 * All pages of one PDF in a scrolling column; pages draw lazily as they come near the
 * viewport. Toolbar: zoom out / in, fit width, "Page X / Y".
 */
export function PdfViewer({ url, onLoaded }: { url: string; onLoaded?: (pageCount: number) => void }) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [sizes, setSizes] = useState<Record<number, PageSize>>({});
  const [zoom, setZoom] = useState<Zoom>({ mode: 'auto' });
  const [areaWidth, setAreaWidth] = useState(0);
  const [visible, setVisible] = useState<ReadonlySet<number>>(new Set());
  const [currentPage, setCurrentPage] = useState(1);
  const scrollArea = useRef<HTMLDivElement>(null);
  const pageEls = useRef(new Map<number, HTMLDivElement>());
  const observer = useRef<IntersectionObserver | null>(null);
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;

  // Load the document.
  useEffect(() => {
    const task = openPdf(url);
    let live = true;
    setPdf(null);
    setLoadError(null);
    setSizes({});
    setCurrentPage(1);
    task.promise.then(
      async (doc) => {
        const first = (await doc.getPage(1)).getViewport({ scale: 1 });
        if (!live) return;
        setSizes({ 1: { width: first.width, height: first.height } });
        setPdf(doc);
        onLoadedRef.current?.(doc.numPages);
      },
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
      void task.destroy();
    };
  }, [url]);

  // Track the scroll area's width for "fit width".
  useLayoutEffect(() => {
    const el = scrollArea.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setAreaWidth(el.clientWidth));
    ro.observe(el);
    setAreaWidth(el.clientWidth);
    return () => ro.disconnect();
  }, [pdf]);

  // Which pages are near the viewport (one screen above and below): those get drawn.
  useEffect(() => {
    const root = scrollArea.current;
    if (!root || !pdf) return;
    const io = new IntersectionObserver(
      (entries) => {
        setVisible((prev) => {
          const next = new Set(prev);
          for (const e of entries) {
            const n = Number((e.target as HTMLElement).dataset.pageNumber);
            if (e.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        });
      },
      { root, rootMargin: '100% 0px 100% 0px' },
    );
    observer.current = io;
    for (const el of pageEls.current.values()) io.observe(el);
    return () => {
      io.disconnect();
      observer.current = null;
    };
  }, [pdf]);

  const register = useCallback((n: number, el: HTMLDivElement | null) => {
    const old = pageEls.current.get(n);
    if (old === el) return;
    if (old) observer.current?.unobserve(old);
    if (el) {
      pageEls.current.set(n, el);
      observer.current?.observe(el);
    } else pageEls.current.delete(n);
  }, []);

  const onSize = useCallback((n: number, size: PageSize) => {
    setSizes((prev) => {
      const old = prev[n];
      return old && old.width === size.width && old.height === size.height ? prev : { ...prev, [n]: size };
    });
  }, []);

  const baseWidth = sizes[1]?.width ?? 612;
  const fitScale = areaWidth > 0 ? clamp((areaWidth - GUTTER) / baseWidth) : 1;
  const scale = zoom.mode === 'fit' ? fitScale : zoom.mode === 'auto' ? Math.min(fitScale, MAX_AUTO_SCALE) : zoom.scale;

  // Keep the reader's place when the scale changes.
  const lastScale = useRef(scale);
  useLayoutEffect(() => {
    const el = scrollArea.current;
    const before = lastScale.current;
    lastScale.current = scale;
    if (!el || before === scale) return;
    el.scrollTop = (el.scrollTop + el.clientHeight / 2) * (scale / before) - el.clientHeight / 2;
  }, [scale]);

  const onScroll = () => {
    const el = scrollArea.current;
    if (!el) return;
    const probe = el.scrollTop + el.clientHeight * 0.4;
    let page = 1;
    for (const [n, pageEl] of pageEls.current) if (pageEl.offsetTop <= probe && n > page) page = n;
    setCurrentPage(page);
  };

  if (loadError) return <ErrorBox error={loadError} text={t('document.renderFailed')} />;

  const pageCount = pdf?.numPages ?? 0;
  return (
    <div className="pdf-viewer">
      <div className="pdf-toolbar" role="toolbar" aria-label={t('document.toolbar')}>
        <button
          type="button"
          className="btn btn-icon"
          onClick={() => setZoom({ mode: 'manual', scale: clamp(scale / ZOOM_STEP) })}
          disabled={!pdf || scale <= MIN_SCALE}
          aria-label={t('document.zoomOut')}
          title={t('document.zoomOut')}
          data-testid="zoom-out"
        >
          −
        </button>
        <span className="zoom-level" data-testid="zoom-level" aria-live="polite">
          {t('document.zoomLevel', { percent: Math.round(scale * 100) })}
        </span>
        <button
          type="button"
          className="btn btn-icon"
          onClick={() => setZoom({ mode: 'manual', scale: clamp(scale * ZOOM_STEP) })}
          disabled={!pdf || scale >= MAX_SCALE}
          aria-label={t('document.zoomIn')}
          title={t('document.zoomIn')}
          data-testid="zoom-in"
        >
          +
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => setZoom({ mode: 'fit' })}
          disabled={!pdf}
          aria-pressed={zoom.mode === 'fit'}
          data-testid="zoom-fit"
        >
          {t('document.fitWidth')}
        </button>
        <span className="page-indicator" data-testid="page-indicator" aria-live="polite">
          {pdf ? t('document.pageIndicator', { page: currentPage, total: pageCount }) : ''}
        </span>
      </div>
      <div className="pdf-scroll" ref={scrollArea} onScroll={onScroll} tabIndex={0} aria-label={t('document.pages')} data-testid="pdf-scroll">
        {!pdf && <Loading label={t('document.loading')} />}
        {pdf &&
          Array.from({ length: pageCount }, (_, i) => i + 1).map((n) => (
            <PdfPage
              key={n}
              pdf={pdf}
              pageNumber={n}
              scale={scale}
              size={sizes[n] ?? sizes[1]}
              visible={visible.has(n)}
              register={register}
              onSize={onSize}
            />
          ))}
      </div>
    </div>
  );
}
