import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent as ReactClipboardEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ReadingPosition, ZoomSetting } from '../../../shared/reader';
import type { DocumentPermissions } from '../../../shared/rules/documents';
import { ErrorBox, Loading } from '../components/Feedback';
import { DocumentFinder, type FindMatch } from './find';
import { Outline } from './Outline';
import { PdfPage, rotatedSize, type PageHighlights, type PageSize, type RenderPageOverlay } from './PdfPage';
import { openPdf, type PDFDocumentProxy } from './pdfjs';
import { downloadPdf, releasePrintPages, renderPagesForPrint, type PrintPage } from './print';
import { Thumbnails } from './Thumbnails';
import { Watermark } from './Watermark';
import './reader.css';

const MIN_SCALE = 0.25;
const MAX_SCALE = 5;
const ZOOM_STEP = 1.2;
/** Horizontal room around pages inside the scroll area (px). */
const GUTTER = 48;
/** Vertical room kept around a page for "fit page" (px). */
const PAGE_MARGIN = 40;
/** Space above a page when going to it (px). */
const GO_MARGIN = 8;
/** Largest scale the initial "auto" zoom picks: fit width, but not larger than comfortable. */
const MAX_AUTO_SCALE = 1.5;
const SAVE_POSITION_AFTER_MS = 600;

type Rotation = ReadingPosition['rotation'];
type Anchor = { page: number; offset: number };
type SidebarView = 'thumbnails' | 'outline' | null;

const clamp = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
const ALL_ALLOWED: DocumentPermissions = { copy: true, print: true, download: true, watermark: false };

export interface PdfViewerProps {
  url: string;
  /** Name a download is saved under. */
  fileName?: string;
  onLoaded?: (pageCount: number) => void;
  /** What the reader may do (copy, print, download); everything by default. */
  permissions?: DocumentPermissions;
  /** Drawn over every page, on screen and in print (confidential documents); none when null. */
  watermarkText?: string | null;
  /** Where the reader was last time (page, offset, zoom, rotation). */
  initialPosition?: ReadingPosition | null;
  /** Page to open at (a search result); wins over initialPosition's page. */
  initialPage?: number | null;
  /** Text to find on opening (a search result's query). */
  initialFind?: string | null;
  /** Called (debounced) whenever the reader's position changes, and on closing. */
  onPositionChange?: (position: ReadingPosition) => void;
  /**
   * Extra layers over each page (private annotations): called for every page with its size,
   * scale, rotation and pdf.js viewport; see page-coords.ts to convert to PDF coordinates.
   */
  renderPageOverlay?: RenderPageOverlay;
  /** Go to this page whenever `seq` changes (jump to an annotation, follow the presenter). */
  goTo?: { page: number; seq: number } | null;
  /** The page the reader is on (after scrolling, going to a page, opening). */
  onPageChange?: (page: number) => void;
  /** Extra toolbar controls (annotation tools) and a panel on the right (annotations list). */
  toolbarExtra?: ReactNode;
  sidePanel?: ReactNode;
}

/**
 * The reader: a virtualized continuous view (every page is a sized placeholder; only pages
 * near the viewport are drawn), thumbnails and outline sidebar, zoom / fit width / fit page,
 * rotation, go to page, find with Vietnamese folding, print and download per permissions, the
 * confidential watermark, keyboard shortcuts, and the reading position.
 */
export function PdfViewer({
  url,
  fileName = 'document.pdf',
  onLoaded,
  permissions = ALL_ALLOWED,
  watermarkText = null,
  initialPosition = null,
  initialPage = null,
  initialFind = null,
  onPositionChange,
  renderPageOverlay,
  goTo = null,
  onPageChange,
  toolbarExtra,
  sidePanel,
}: PdfViewerProps) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [sizes, setSizes] = useState<Record<number, PageSize>>({});
  const [zoom, setZoom] = useState<ZoomSetting>({ mode: 'auto' });
  const [rotation, setRotation] = useState<Rotation>(0);
  const [area, setArea] = useState({ width: 0, height: 0 });
  const [visible, setVisible] = useState<ReadonlySet<number>>(new Set());
  const [currentPage, setCurrentPage] = useState(1);
  const currentPageRef = useRef(1);
  currentPageRef.current = currentPage;
  const [pageInput, setPageInput] = useState('1');
  const [sidebar, setSidebar] = useState<SidebarView>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const scrollArea = useRef<HTMLDivElement>(null);
  const pageEls = useRef(new Map<number, HTMLDivElement>());
  const observer = useRef<IntersectionObserver | null>(null);
  const anchor = useRef<Anchor>({ page: 1, offset: 0 });
  const onLoadedRef = useRef(onLoaded);
  onLoadedRef.current = onLoaded;
  const initial = useRef({ position: initialPosition, page: initialPage });

  // ---- loading -------------------------------------------------------------------------
  useEffect(() => {
    const task = openPdf(url);
    let live = true;
    setPdf(null);
    setLoadError(null);
    setSizes({});
    setFirstDrawn(false);
    setCurrentPage(1);
    task.promise.then(
      async (doc) => {
        const first = (await doc.getPage(1)).getViewport({ scale: 1 });
        if (!live) return;
        const { position, page } = initial.current;
        const startPage = Math.min(doc.numPages, Math.max(1, page ?? position?.page ?? 1));
        anchor.current = { page: startPage, offset: page ? 0 : (position?.offset ?? 0) };
        if (position) {
          setZoom(position.zoom);
          setRotation(position.rotation);
        }
        setCurrentPage(startPage);
        setPageInput(String(startPage));
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

  // Track the scroll area's size for "fit width" / "fit page".
  useLayoutEffect(() => {
    const el = scrollArea.current;
    if (!el) return;
    const measure = () => setArea({ width: el.clientWidth, height: el.clientHeight });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [pdf]);

  // Which pages are near the viewport (one screen above and below): only those are drawn.
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

  // Like pdf.js's own viewer: once a first page is drawn, fetch every page (and its size) in the
  // background, so that a jump far ahead (page 300) only has to draw, and the column has the
  // right heights. One setSizes at the end, and only for pages that differ from page 1.
  const [firstDrawn, setFirstDrawn] = useState(false);
  const onRendered = useCallback(() => setFirstDrawn(true), []);
  useEffect(() => {
    if (!pdf || !firstDrawn) return;
    let live = true;
    (async () => {
      const found = new Map<number, PageSize>();
      for (let n = 2; n <= pdf.numPages && live; n++) {
        const vp = (await pdf.getPage(n)).getViewport({ scale: 1 });
        found.set(n, { width: vp.width, height: vp.height });
      }
      if (!live) return;
      setSizes((prev) => {
        let next = prev;
        for (const [n, size] of found) {
          const old = prev[n] ?? prev[1];
          if (old && old.width === size.width && old.height === size.height) continue;
          if (next === prev) next = { ...prev };
          next[n] = size;
        }
        return next;
      });
    })().catch(() => undefined); // closed meanwhile
    return () => {
      live = false;
    };
  }, [pdf, firstDrawn]);

  const onSize = useCallback((n: number, size: PageSize) => {
    setSizes((prev) => {
      const old = prev[n];
      return old && old.width === size.width && old.height === size.height ? prev : { ...prev, [n]: size };
    });
  }, []);

  // ---- zoom and position ------------------------------------------------------------------
  const base = rotatedSize(sizes[1] ?? { width: 612, height: 792 }, rotation);
  const fitWidth = area.width > 0 ? clamp((area.width - GUTTER) / base.width) : 1;
  const fitPage = area.height > 0 ? clamp(Math.min(fitWidth, (area.height - PAGE_MARGIN) / base.height)) : fitWidth;
  const scale =
    zoom.mode === 'fitWidth' ? fitWidth : zoom.mode === 'fitPage' ? fitPage : zoom.mode === 'auto' ? Math.min(fitWidth, MAX_AUTO_SCALE) : clamp(zoom.scale);

  const scrollToAnchor = useCallback((a: Anchor) => {
    const el = scrollArea.current;
    const pageEl = pageEls.current.get(a.page);
    if (!el || !pageEl) return;
    el.scrollTop = pageEl.offsetTop - GO_MARGIN + a.offset * pageEl.offsetHeight;
  }, []);

  // Keep the reader's place when the scale or rotation changes (and restore it on opening).
  useLayoutEffect(() => {
    if (pdf) scrollToAnchor(anchor.current);
  }, [pdf, scale, rotation, scrollToAnchor]);

  const goToPage = useCallback(
    (n: number) => {
      if (!pdf) return;
      const page = Math.min(pdf.numPages, Math.max(1, Math.round(n)));
      anchor.current = { page, offset: 0 };
      scrollToAnchor(anchor.current);
      setCurrentPage(page);
      setPageInput(String(page));
    },
    [pdf, scrollToAnchor],
  );

  /** The page whose box contains `y` (scroll coordinates): binary search over the column. */
  const pageAt = useCallback((y: number): number => {
    const els = pageEls.current;
    let lo = 1;
    let hi = els.size;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const el = els.get(mid);
      if (el && el.offsetTop <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }, []);

  const onScroll = () => {
    const el = scrollArea.current;
    if (!el || pageEls.current.size === 0) return;
    const top = el.scrollTop + GO_MARGIN;
    const p = pageAt(top);
    const pageEl = pageEls.current.get(p)!;
    anchor.current = { page: p, offset: Math.min(1, Math.max(0, (top - pageEl.offsetTop) / Math.max(1, pageEl.offsetHeight))) };
    const shown = pageAt(el.scrollTop + el.clientHeight * 0.4);
    if (shown !== currentPageRef.current) {
      setCurrentPage(shown);
      setPageInput(String(shown));
    }
    schedulePositionSave();
  };

  // Reading position: saved a little after the reader stops moving, and when he leaves.
  const onPositionRef = useRef(onPositionChange);
  onPositionRef.current = onPositionChange;
  const saveTimer = useRef<number | null>(null);
  const latest = useRef({ zoom, rotation });
  latest.current = { zoom, rotation };
  const savePosition = useCallback(() => {
    if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
    saveTimer.current = null;
    const a = anchor.current;
    onPositionRef.current?.({ page: a.page, offset: Math.round(a.offset * 1000) / 1000, zoom: latest.current.zoom, rotation: latest.current.rotation });
  }, []);
  const schedulePositionSave = useCallback(() => {
    if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(savePosition, SAVE_POSITION_AFTER_MS);
  }, [savePosition]);
  const loaded = pdf !== null;
  useEffect(() => {
    if (loaded) schedulePositionSave();
  }, [loaded, zoom, rotation, schedulePositionSave]);
  useEffect(
    () => () => {
      if (saveTimer.current !== null) savePosition();
    },
    [savePosition],
  );

  // Jumps asked for by the screen (annotations panel, following the presenter).
  useEffect(() => {
    if (pdf && goTo) goToPage(goTo.page);
  }, [pdf, goTo?.seq]); // only a new request (seq) jumps, not a re-render
  const onPageChangeRef = useRef(onPageChange);
  onPageChangeRef.current = onPageChange;
  useEffect(() => {
    if (pdf) onPageChangeRef.current?.(currentPage);
  }, [pdf, currentPage]);

  const zoomBy = useCallback((factor: number) => setZoom({ mode: 'manual', scale: clamp(scale * factor) }), [scale]);
  const rotate = useCallback((by: 90 | -90) => setRotation((r) => (((r + by + 360) % 360) as Rotation)), []);

  // ---- find -----------------------------------------------------------------------------
  const finder = useMemo(() => (pdf ? new DocumentFinder(pdf) : null), [pdf]);
  const [findOpen, setFindOpen] = useState(Boolean(initialFind));
  const [findQuery, setFindQuery] = useState(initialFind ?? '');
  const [matches, setMatches] = useState<FindMatch[]>([]);
  const [matchIndex, setMatchIndex] = useState(-1);
  const [searching, setSearching] = useState(false);
  const findInput = useRef<HTMLInputElement>(null);
  /** On the first results of a new query: go to the first hit at or after the current page. */
  const jumpOnFirst = useRef(true);

  useEffect(() => {
    if (!finder || !findOpen || !findQuery.trim()) {
      setMatches([]);
      setMatchIndex(-1);
      setSearching(false);
      return;
    }
    const ctrl = new AbortController();
    const timer = window.setTimeout(() => {
      setSearching(true);
      jumpOnFirst.current = true;
      const found: FindMatch[] = [];
      let lastFlush = 0;
      const flush = () => {
        setMatches([...found]);
        if (jumpOnFirst.current && found.length) {
          const start = anchor.current.page;
          const i = found.findIndex((m) => m.page >= start);
          if (i >= 0 || found[found.length - 1].page === pdf?.numPages) {
            jumpOnFirst.current = false;
            setMatchIndex(Math.max(0, i));
          }
        }
      };
      finder
        .findAll(findQuery, ctrl.signal, (hits, page) => {
          found.push(...hits);
          if (hits.length && page - lastFlush >= 1) {
            lastFlush = page;
            flush();
          }
        })
        .then(
          () => {
            if (ctrl.signal.aborted) return;
            if (jumpOnFirst.current && found.length) {
              jumpOnFirst.current = false;
              setMatchIndex(0);
            }
            setMatches(found);
            if (!found.length) setMatchIndex(-1);
            setSearching(false);
          },
          (e: unknown) => {
            if (!ctrl.signal.aborted) console.warn('find failed', e);
            setSearching(false);
          },
        );
    }, 150);
    return () => {
      window.clearTimeout(timer);
      ctrl.abort();
    };
  }, [finder, findOpen, findQuery, pdf]);

  // Go to the page of the current hit; the page scrolls the hit itself into view once drawn.
  const current = matchIndex >= 0 ? matches[matchIndex] : undefined;
  useEffect(() => {
    if (current && current.page !== anchor.current.page) goToPage(current.page);
  }, [current, goToPage]);

  const stepMatch = useCallback(
    (by: 1 | -1) => {
      if (!matches.length) return;
      jumpOnFirst.current = false;
      setMatchIndex((i) => (i < 0 ? 0 : (i + by + matches.length) % matches.length));
    },
    [matches.length],
  );

  const highlightsByPage = useMemo(() => {
    const map = new Map<number, PageHighlights>();
    if (!finder) return map;
    let i = 0;
    while (i < matches.length) {
      const page = matches[i].page;
      let j = i;
      while (j < matches.length && matches[j].page === page) j++;
      const text = finder.resolved(page);
      if (text) map.set(page, { text, matches: matches.slice(i, j), selected: matchIndex >= i && matchIndex < j ? matchIndex - i : -1 });
      i = j;
    }
    return map;
  }, [finder, matches, matchIndex]);

  const openFind = useCallback(() => {
    setFindOpen(true);
    window.setTimeout(() => {
      findInput.current?.focus();
      findInput.current?.select();
    }, 0);
  }, []);

  const closeFind = useCallback(() => {
    setFindOpen(false);
    scrollArea.current?.focus();
  }, []);

  // ---- print and download -----------------------------------------------------------------
  const [printPages, setPrintPages] = useState<PrintPage[] | null>(null);
  const [printProgress, setPrintProgress] = useState<{ done: number; total: number } | null>(null);
  const printAbort = useRef<AbortController | null>(null);

  const print = useCallback(async () => {
    if (!pdf) return;
    if (!permissions.print) {
      setNotice(t('reader.printDisabled'));
      return;
    }
    if (printAbort.current) return;
    const ctrl = new AbortController();
    printAbort.current = ctrl;
    setPrintProgress({ done: 0, total: pdf.numPages });
    try {
      const pages = await renderPagesForPrint(pdf, rotation, ctrl.signal, (done, total) => setPrintProgress({ done, total }));
      setPrintPages(pages);
    } catch (e) {
      if (!ctrl.signal.aborted) console.error('print failed', e);
      printAbort.current = null;
    } finally {
      setPrintProgress(null);
    }
  }, [pdf, permissions.print, rotation, t]);

  // Once the print container is in the document with its images decoded: print, then clean up.
  useEffect(() => {
    if (!printPages) return;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      releasePrintPages(printPages);
      setPrintPages(null);
      printAbort.current = null;
    };
    const imgs = [...document.querySelectorAll<HTMLImageElement>('.print-root img')];
    Promise.all(imgs.map((img) => img.decode().catch(() => undefined))).then(() => {
      window.addEventListener('afterprint', finish, { once: true });
      document.body.dataset.printing = 'true';
      window.print();
      delete document.body.dataset.printing;
      // Some engines do not fire afterprint (headless); leave the container a moment, then clean up.
      window.setTimeout(finish, 1000);
    });
    return () => {
      window.removeEventListener('afterprint', finish);
    };
  }, [printPages]);

  useEffect(() => () => printAbort.current?.abort(), []);

  // Printing through the browser menu must not bypass the rule either.
  useEffect(() => {
    if (permissions.print) return;
    document.body.classList.add('print-blocked');
    return () => document.body.classList.remove('print-blocked');
  }, [permissions.print]);

  const download = useCallback(() => {
    if (!pdf) return;
    if (!permissions.download) {
      setNotice(t('reader.downloadDisabled'));
      return;
    }
    downloadPdf(pdf, fileName).catch((e: unknown) => console.error('download failed', e));
  }, [pdf, permissions.download, fileName, t]);

  // ---- copy protection ----------------------------------------------------------------------
  const blockCopy = (e: ReactClipboardEvent) => {
    if (permissions.copy) return;
    e.preventDefault();
    e.clipboardData?.setData('text/plain', '');
    setNotice(t('reader.copyBlocked'));
  };

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), 4000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  // ---- keyboard -------------------------------------------------------------------------------
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (!pdf) return;
    const mod = e.ctrlKey || e.metaKey;
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
    if (mod && !e.altKey) {
      const k = e.key.toLowerCase();
      if (k === 'f') openFind();
      else if (k === '+' || k === '=') zoomBy(ZOOM_STEP);
      else if (k === '-' || k === '_') zoomBy(1 / ZOOM_STEP);
      else if (k === '0') setZoom({ mode: 'auto' });
      else if (k === 'p') void print();
      else return;
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape' && findOpen) {
      closeFind();
      e.preventDefault();
      return;
    }
    if (typing || e.altKey) return;
    const page = currentPage;
    if (e.key === 'PageDown') goToPage(page + 1);
    else if (e.key === 'PageUp') goToPage(page - 1);
    else if (e.key === 'Home') goToPage(1);
    else if (e.key === 'End') goToPage(pdf.numPages);
    else if (e.key === 'r' || e.key === 'R') rotate(e.shiftKey ? -90 : 90);
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onFindKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      stepMatch(e.shiftKey ? -1 : 1);
    }
  };

  // ---- watermark and overlays --------------------------------------------------------------------
  const overlay = useMemo<RenderPageOverlay | undefined>(() => {
    if (!watermarkText && !renderPageOverlay) return undefined;
    return (ctx) => (
      <>
        {renderPageOverlay?.(ctx)}
        {watermarkText && <Watermark text={watermarkText} />}
      </>
    );
  }, [watermarkText, renderPageOverlay]);

  if (loadError) return <ErrorBox error={loadError} text={t('document.renderFailed')} />;

  const pageCount = pdf?.numPages ?? 0;
  const zoomLabel =
    zoom.mode === 'auto' ? t('reader.zoomAuto') : zoom.mode === 'fitWidth' ? t('reader.fitWidth') : zoom.mode === 'fitPage' ? t('reader.fitPage') : null;
  return (
    <div className={`pdf-viewer${permissions.copy ? '' : ' no-copy'}`} onCopy={blockCopy} onCut={blockCopy} data-testid="pdf-viewer">
      <div className="pdf-toolbar" role="toolbar" aria-label={t('reader.toolbar')}>
        <button
          type="button"
          className="btn btn-icon"
          onClick={() => setSidebar((s) => (s ? null : 'thumbnails'))}
          aria-pressed={sidebar !== null}
          aria-label={t('reader.sidebar')}
          title={t('reader.sidebar')}
          data-testid="toggle-sidebar"
          disabled={!pdf}
        >
          ☰
        </button>
        <span className="pdf-toolbar-group">
          <button type="button" className="btn btn-icon" onClick={() => goToPage(currentPage - 1)} disabled={!pdf || currentPage <= 1} aria-label={t('reader.previousPage')} title={t('reader.previousPage')}>
            ‹
          </button>
          <form
            className="pdf-go-to"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(pageInput);
              if (Number.isFinite(n)) goToPage(n);
              else setPageInput(String(currentPage));
            }}
          >
            <input
              className="pdf-page-input"
              data-testid="page-input"
              inputMode="numeric"
              aria-label={t('reader.goToPage')}
              title={t('reader.goToPage')}
              value={pageInput}
              onChange={(e) => setPageInput(e.target.value.replace(/[^0-9]/g, ''))}
              onFocus={(e) => e.target.select()}
              disabled={!pdf}
            />
            <span className="muted" data-testid="page-count">
              {t('reader.pageOf', { total: pageCount })}
            </span>
          </form>
          <button type="button" className="btn btn-icon" onClick={() => goToPage(currentPage + 1)} disabled={!pdf || currentPage >= pageCount} aria-label={t('reader.nextPage')} title={t('reader.nextPage')}>
            ›
          </button>
        </span>
        <span className="pdf-toolbar-group">
          <button type="button" className="btn btn-icon" onClick={() => zoomBy(1 / ZOOM_STEP)} disabled={!pdf || scale <= MIN_SCALE} aria-label={t('reader.zoomOut')} title={t('reader.zoomOut')} data-testid="zoom-out">
            −
          </button>
          <span className="zoom-level" data-testid="zoom-level" aria-live="polite" title={zoomLabel ?? undefined}>
            {t('reader.zoomLevel', { percent: Math.round(scale * 100) })}
          </span>
          <button type="button" className="btn btn-icon" onClick={() => zoomBy(ZOOM_STEP)} disabled={!pdf || scale >= MAX_SCALE} aria-label={t('reader.zoomIn')} title={t('reader.zoomIn')} data-testid="zoom-in">
            +
          </button>
          <button type="button" className="btn" onClick={() => setZoom({ mode: 'fitWidth' })} disabled={!pdf} aria-pressed={zoom.mode === 'fitWidth'} data-testid="zoom-fit">
            {t('reader.fitWidth')}
          </button>
          <button type="button" className="btn" onClick={() => setZoom({ mode: 'fitPage' })} disabled={!pdf} aria-pressed={zoom.mode === 'fitPage'} data-testid="zoom-fit-page">
            {t('reader.fitPage')}
          </button>
          <button type="button" className="btn btn-icon" onClick={() => rotate(90)} disabled={!pdf} aria-label={t('reader.rotate')} title={t('reader.rotate')} data-testid="rotate">
            ⟳
          </button>
        </span>
        {toolbarExtra}
        <span className="pdf-toolbar-group pdf-toolbar-end">
          <button type="button" className="btn btn-icon" onClick={() => (findOpen ? closeFind() : openFind())} aria-pressed={findOpen} disabled={!pdf} aria-label={t('reader.find')} title={t('reader.find')} data-testid="find-toggle">
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
              <line x1="10" y1="10" x2="14.5" y2="14.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void print()}
            disabled={!pdf || !permissions.print || printProgress !== null}
            title={permissions.print ? t('reader.print') : t('reader.printDisabled')}
            data-testid="print"
          >
            {t('reader.print')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={download}
            disabled={!pdf || !permissions.download}
            title={permissions.download ? t('reader.download') : t('reader.downloadDisabled')}
            data-testid="download"
          >
            {t('reader.download')}
          </button>
          <details className="pdf-help">
            <summary className="btn btn-icon" aria-label={t('reader.help')} title={t('reader.help')} data-testid="shortcuts-help">
              ?
            </summary>
            <div className="pdf-help-panel" role="note">
              <strong>{t('reader.helpTitle')}</strong>
              <ul>
                {(['pages', 'homeEnd', 'zoom', 'find', 'rotate', 'escape'] as const).map((k) => (
                  <li key={k}>{t(`reader.keys.${k}`)}</li>
                ))}
              </ul>
            </div>
          </details>
          <span className="page-indicator" data-testid="page-indicator" aria-live="polite">
            {pdf ? t('document.pageIndicator', { page: currentPage, total: pageCount }) : ''}
          </span>
        </span>
      </div>
      {findOpen && (
        <div className="pdf-findbar" role="search" data-testid="find-bar">
          <input
            ref={findInput}
            className="pdf-find-input"
            data-testid="find-input"
            type="search"
            value={findQuery}
            placeholder={t('reader.findPlaceholder')}
            aria-label={t('reader.find')}
            onChange={(e) => setFindQuery(e.target.value)}
            onKeyDown={onFindKey}
            autoFocus
          />
          <span className="pdf-find-count" data-testid="find-count" aria-live="polite">
            {!findQuery.trim()
              ? ''
              : matches.length
                ? t('reader.findCounter', { current: matchIndex + 1, total: matches.length })
                : searching
                  ? t('reader.findSearching')
                  : t('reader.findNone')}
          </span>
          <button type="button" className="btn btn-icon" onClick={() => stepMatch(-1)} disabled={!matches.length} aria-label={t('reader.findPrevious')} title={t('reader.findPrevious')} data-testid="find-previous">
            ↑
          </button>
          <button type="button" className="btn btn-icon" onClick={() => stepMatch(1)} disabled={!matches.length} aria-label={t('reader.findNext')} title={t('reader.findNext')} data-testid="find-next">
            ↓
          </button>
          <button type="button" className="btn btn-icon" onClick={closeFind} aria-label={t('reader.findClose')} title={t('reader.findClose')}>
            ×
          </button>
        </div>
      )}
      {(notice || printProgress) && (
        <div className="pdf-notice" role="status" data-testid="reader-notice">
          {printProgress ? t('reader.printPreparing', printProgress) : notice}
        </div>
      )}
      <div className="pdf-body">
        {sidebar && pdf && (
          <aside className="pdf-sidebar" aria-label={t('reader.sidebar')}>
            <div className="pdf-sidebar-tabs" role="tablist">
              <button type="button" role="tab" aria-selected={sidebar === 'thumbnails'} className="btn btn-ghost" onClick={() => setSidebar('thumbnails')} data-testid="tab-thumbnails">
                {t('reader.thumbnails')}
              </button>
              <button type="button" role="tab" aria-selected={sidebar === 'outline'} className="btn btn-ghost" onClick={() => setSidebar('outline')} data-testid="tab-outline">
                {t('reader.outline')}
              </button>
            </div>
            {sidebar === 'thumbnails' ? (
              <Thumbnails pdf={pdf} sizes={sizes} rotation={rotation} currentPage={currentPage} onSelect={goToPage} />
            ) : (
              <Outline pdf={pdf} onSelect={goToPage} />
            )}
          </aside>
        )}
        <div className="pdf-scroll" ref={scrollArea} onScroll={onScroll} tabIndex={0} aria-label={t('document.pages')} data-testid="pdf-scroll">
          {!pdf && <Loading label={t('document.loading')} />}
          {pdf &&
            Array.from({ length: pageCount }, (_, i) => i + 1).map((n) => (
              <PdfPage
                key={n}
                pdf={pdf}
                pageNumber={n}
                scale={scale}
                rotation={rotation}
                size={sizes[n] ?? sizes[1]}
                visible={visible.has(n)}
                register={register}
                onSize={onSize}
                highlights={highlightsByPage.get(n) ?? null}
                noCopy={!permissions.copy}
                renderOverlay={overlay}
                t={t}
                onRendered={onRendered}
              />
            ))}
        </div>
        {sidePanel}
      </div>
      {!permissions.print && (
        <div className="print-blocked-notice" aria-hidden="true">
          {t('reader.printDisabled')}
        </div>
      )}
      {printPages &&
        createPortal(
          <div className="print-root" data-testid="print-root">
            {printPages.map((p, i) => (
              <div key={i} className="print-page" style={{ aspectRatio: `${p.width} / ${p.height}` }}>
                <img src={p.url} alt="" />
                {watermarkText && <Watermark text={watermarkText} />}
              </div>
            ))}
          </div>,
          document.body,
        )}
    </div>
  );
}
