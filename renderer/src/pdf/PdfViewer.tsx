/**
 * The reader: a virtualized continuous view (only the pages near the view have boxes, the others
 * are spacers of their summed height; only pages near the viewport are drawn), thumbnails and outline sidebar, zoom / fit width / fit page,
 * rotation, go to page, find with Vietnamese folding, print and download per permissions, the
 * confidential watermark, keyboard shortcuts, and the reading position. The parts live in
 * viewer/; this file wires them together.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadingPosition, ZoomSetting } from '../../../shared/reader';
import type { DocumentPermissions } from '../../../shared/rules/documents';
import { ErrorBox } from '../components/Feedback';
import { rotatedSize, type RenderPageOverlay } from './PdfPage';
import type { PDFDocumentProxy } from './pdfjs';
import { downloadPdf } from './print';
import { keepPictures, picturesFor, takePictures, type PagePictures } from './page-pictures';
import { FindBar } from './viewer/FindBar';
import { columnLayout } from './viewer/page-layout';
import { PageList } from './viewer/PageList';
import { PrintPages } from './viewer/PrintPages';
import { ReaderSidebar } from './viewer/ReaderSidebar';
import type { Rotation, SidebarView } from './viewer/types';
import { useFind } from './viewer/useFind';
import { useOcrWords } from './viewer/useOcrWords';
import { useNotice } from './viewer/useNotice';
import { keyMessage, messageText } from '../components/ui-message';
import { usePageNavigation, useCurrentPage } from './viewer/usePageNavigation';
import { usePageOverlay } from './viewer/usePageOverlay';
import { usePdfDocument } from './viewer/usePdfDocument';
import { usePrint } from './viewer/usePrint';
import { useReadingMode } from './viewer/useReadingMode';
import { useReadingPosition } from './viewer/useReadingPosition';
import { ShortcutsOverlay } from './viewer/ShortcutsOverlay';
import { useViewerShortcuts } from './viewer/useViewerShortcuts';
import { useVirtualPages } from './viewer/useVirtualPages';
import { useWarmAhead } from './viewer/useWarmAhead';
import { ViewerToolbar } from './viewer/ViewerToolbar';
import { clampScale, scaleFor } from './viewer/zoom';
import './reader.css';

const ALL_ALLOWED: DocumentPermissions = { copy: true, print: true, download: true, watermark: false };
/** Page size (US Letter, points) assumed until the first page is known. */
const DEFAULT_PAGE = { width: 612, height: 792 };

/**
 * Where the viewer opens. `early`: the document was shown in this session and its last pictures
 * show the opening page, so the column is laid out at that place before pdf.js has the file.
 */
type OpeningPlace = { url: string; position: ReadingPosition | null; page: number | null } & (
  | { early: false }
  | { early: true; shot: PagePictures; anchor: { page: number; offset: number }; zoom: ZoomSetting; rotation: Rotation }
);

function openingPlace(url: string, position: ReadingPosition | null, page: number | null): OpeningPlace {
  const shot = picturesFor(url);
  const anchor = page ? { page, offset: 0 } : position ? { page: position.page, offset: position.offset } : shot?.anchor;
  if (!shot || !anchor || anchor.page > shot.numPages || !shot.pictures.has(anchor.page)) return { url, position, page, early: false };
  return { url, position, page, early: true, shot, anchor, zoom: position?.zoom ?? { mode: 'auto' }, rotation: (position?.rotation ?? 0) as Rotation };
}

export interface PdfViewerProps {
  url: string;
  /** The cached document shown: find also searches its indexed text on scanned pages (OCR). */
  documentId?: string;
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

export function PdfViewer({
  url,
  documentId,
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
  // Where to open: fixed when the viewer mounts (later prop changes do not move the reader).
  // Opened again in this session: its last pictures are shown at that place at once (see page-pictures.ts).
  const [initial] = useState(() => openingPlace(url, initialPosition, initialPage));
  const [zoom, setZoom] = useState<ZoomSetting>(initial.early ? initial.zoom : { mode: 'auto' });
  const [rotation, setRotation] = useState<Rotation>(initial.early ? initial.rotation : 0);
  const [sidebar, setSidebar] = useState<SidebarView>(null);
  const [notice, setNotice] = useNotice();
  const place = useCurrentPage(initial.early ? initial.anchor : undefined);
  // The last pictures belong to the URL the viewer opened with.
  const shot = initial.early && initial.url === url ? initial.shot : null;

  /** The page the reader opens on: where he is among the last pictures (he may have moved since), or the asked or saved place. */
  const startPageOf = (doc: PDFDocumentProxy) =>
    shot && shot.numPages === doc.numPages
      ? place.anchorRef.current.page
      : Math.min(doc.numPages, Math.max(1, initial.page ?? initial.position?.page ?? 1));
  const openAtInitialPlace = (doc: PDFDocumentProxy) => {
    const startPage = startPageOf(doc);
    if (shot && shot.numPages === doc.numPages) {
      // Already there: draw where he is.
      pages.show(startPage);
    } else {
      const { position, page } = initial;
      if (position) {
        setZoom(position.zoom);
        setRotation(position.rotation);
      }
      place.openAt(startPage, page ? 0 : (position?.offset ?? 0));
      // Draw the opening page at once, in the update that shows the document (not a frame later when the observer reports it).
      pages.show(startPage);
    }
    onLoaded?.(doc.numPages);
  };
  const { pdf, loadError, sizes, allSizesKnown, firstDrawn, onSize, onRendered } = usePdfDocument(url, openAtInitialPlace, shot, startPageOf);
  const pageCount = pdf?.numPages ?? shot?.numPages ?? 0;
  // A page's picture is shown until the page is drawn, then forgotten (a page scrolled away and back draws again, with no picture).
  const [pictures, setPictures] = useState(shot?.pictures ?? null);
  const onPageDrawn = useCallback(
    (n: number) => {
      onRendered();
      setPictures((p) => (p?.has(n) ? (p.size > 1 ? new Map([...p].filter(([k]) => k !== n)) : null) : p));
    },
    [onRendered],
  );
  const pages = useVirtualPages(pageCount > 0 ? url : null);
  const scale = scaleFor(zoom, rotatedSize(sizes[1] ?? DEFAULT_PAGE, rotation), pages.area);
  const schedulePositionSave = useReadingPosition({ loaded: pdf !== null, anchorRef: place.anchorRef, zoom, rotation, onPositionChange });
  const layout = useMemo(() => columnLayout(pageCount, sizes, DEFAULT_PAGE, scale, rotation), [pageCount, sizes, scale, rotation]);
  const { goToPage, onScroll } = usePageNavigation({ pdf, shown: pageCount > 0, pages, place, layout, onMoved: schedulePositionSave, goTo, onPageChange });
  useWarmAhead(pdf, firstDrawn && allSizesKnown, pages.visible);

  // Closing (or another document): keep what is shown, for opening it again (see page-pictures.ts).
  const latest = useRef({ pdf, sizes, allSizesKnown });
  latest.current = { pdf, sizes, allSizesKnown };
  useLayoutEffect(() => {
    const { scrollAreaRef, pageElsRef } = pages;
    const { anchorRef } = place;
    return () => {
      const { pdf: doc, sizes: known, allSizesKnown: allKnown } = latest.current;
      const area = scrollAreaRef.current;
      if (!doc || !area || !known[1]) return;
      const anchor = { ...anchorRef.current };
      const pictures = takePictures(area, pageElsRef.current, anchor.page, picturesFor(url));
      if (pictures.size > 0) keepPictures(url, { numPages: doc.numPages, sizes: known, allSizesKnown: allKnown, anchor, pictures });
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refs only: taken when the viewer closes or its document changes
  }, [url]);
  const ocr = useOcrWords(documentId, url);
  const find = useFind({ pdf, documentId, ocrWords: ocr.load, initialFind, anchorRef: place.anchorRef, goToPage, scrollAreaRef: pages.scrollAreaRef });
  const { print, printPages, printProgress } = usePrint({ pdf, rotation, allowed: permissions.print, notify: setNotice });
  const overlay = usePageOverlay(renderPageOverlay, watermarkText);
  const reading = useReadingMode();
  const [helpOpen, setHelpOpen] = useState(false);
  const pageInputRef = useRef<HTMLInputElement>(null);

  const zoomBy = useCallback((factor: number) => setZoom({ mode: 'manual', scale: clampScale(scale * factor) }), [scale]);
  const rotate = useCallback((by: 90 | -90) => setRotation((r) => (((r + by + 360) % 360) as Rotation)), []);
  const download = useCallback(() => {
    if (!pdf) return;
    if (!permissions.download) {
      setNotice(keyMessage('reader.downloadDisabled'));
      return;
    }
    downloadPdf(pdf, fileName).catch((e: unknown) => console.error('download failed', e));
  }, [pdf, permissions.download, fileName, setNotice]);

  useViewerShortcuts({
    ready: pdf !== null,
    pageCount: pdf?.numPages ?? 0,
    currentPage: place.currentPage,
    findOpen: find.open,
    openFind: find.openFind,
    closeFind: find.closeFind,
    zoomBy,
    resetZoom: () => setZoom({ mode: 'auto' }),
    print,
    goToPage,
    rotate,
    focusPageInput: () => pageInputRef.current?.focus(),
    readingMode: reading.on,
    toggleReadingMode: reading.toggle,
    leaveReadingMode: reading.leave,
    helpOpen,
    toggleHelp: () => setHelpOpen((o) => !o),
    closeHelp: () => setHelpOpen(false),
  });

  // Copy protection: the text layer stays selectable (find, reading aloud) but copy and cut are refused.
  const blockCopy = (e: ClipboardEvent) => {
    if (permissions.copy) return;
    e.preventDefault();
    e.clipboardData?.setData('text/plain', '');
    setNotice(keyMessage('reader.copyBlocked'));
  };

  if (loadError) return <ErrorBox error={loadError} text={t('document.renderFailed')} />;

  return (
    <div className={`pdf-viewer${permissions.copy ? '' : ' no-copy'}${reading.on ? ' reading-mode' : ''}`} data-reading-mode={reading.on} onCopy={blockCopy} onCut={blockCopy} data-testid="pdf-viewer">
      <ViewerToolbar
        ready={pdf !== null}
        pageCount={pageCount}
        place={place}
        goToPage={goToPage}
        sidebarOpen={sidebar !== null}
        toggleSidebar={() => setSidebar((s) => (s ? null : 'thumbnails'))}
        scale={scale}
        zoom={zoom}
        setZoom={setZoom}
        zoomBy={zoomBy}
        rotate={rotate}
        findOpen={find.open}
        toggleFind={() => (find.open ? find.closeFind() : find.openFind())}
        permissions={permissions}
        printing={printProgress !== null}
        print={print}
        download={download}
        extra={toolbarExtra}
        pageInputRef={pageInputRef}
        readingMode={reading.on}
        toggleReadingMode={reading.toggle}
        helpOpen={helpOpen}
        toggleHelp={() => setHelpOpen((o) => !o)}
      />
      {find.open && (
        <FindBar
          inputRef={find.inputRef}
          query={find.query}
          setQuery={find.setQuery}
          matches={find.matches.length}
          matchIndex={find.matchIndex}
          searching={find.searching}
          step={find.step}
          close={find.closeFind}
        />
      )}
      {(notice || printProgress) && (
        <div className="pdf-notice" role="status" data-testid="reader-notice">
          {printProgress ? t('reader.printPreparing', printProgress) : notice && messageText(t, notice)}
        </div>
      )}
      <div className="pdf-body">
        {helpOpen && <ShortcutsOverlay onClose={() => setHelpOpen(false)} />}
        {sidebar && pdf && <ReaderSidebar view={sidebar} onView={setSidebar} pdf={pdf} sizes={sizes} rotation={rotation} currentPage={place.currentPage} goToPage={goToPage} />}
        <PageList
          pdf={pdf}
          pageCount={pageCount}
          pictures={initial.early && rotation === initial.rotation ? pictures : null}
          scrollAreaRef={pages.scrollAreaRef}
          layout={layout}
          range={pages.range}
          visible={pages.visible}
          register={pages.register}
          onScroll={onScroll}
          scale={scale}
          rotation={rotation}
          sizes={sizes}
          allSizesKnown={allSizesKnown}
          onSize={onSize}
          onRendered={onPageDrawn}
          highlightsByPage={find.highlightsByPage}
          noCopy={!permissions.copy}
          overlay={overlay}
          ocrPages={ocr.pages}
          t={t}
        />
        {sidePanel}
      </div>
      {!permissions.print && (
        <div className="print-blocked-notice" aria-hidden="true">
          {t('reader.printDisabled')}
        </div>
      )}
      <PrintPages pages={printPages} watermarkText={watermarkText} />
    </div>
  );
}
