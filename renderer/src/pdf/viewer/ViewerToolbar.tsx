/**
 * The reader's toolbar, one row: sidebar toggle, previous / go to page / next, zoom and fit,
 * rotate, the screen's extra tools, find, print, download, reading mode, shortcuts help, page
 * indicator. Secondary actions are icons (named by their labels) so the row never wraps.
 */
import type { Dispatch, ReactNode, RefObject, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from './useLabels';
import type { ZoomSetting } from '../../../../shared/reader';
import type { DocumentPermissions } from '../../../../shared/rules/documents';
import type { CurrentPage } from './usePageNavigation';
import { MAX_SCALE, MIN_SCALE, ZOOM_STEP } from './zoom';

interface Props {
  /** False while the document is opening: the controls are disabled. */
  ready: boolean;
  pageCount: number;
  place: CurrentPage;
  goToPage: (page: number) => void;
  sidebarOpen: boolean;
  toggleSidebar: () => void;
  scale: number;
  zoom: ZoomSetting;
  setZoom: (zoom: ZoomSetting) => void;
  zoomBy: (factor: number) => void;
  rotate: (by: 90 | -90) => void;
  findOpen: boolean;
  toggleFind: () => void;
  permissions: DocumentPermissions;
  printing: boolean;
  print: () => Promise<void>;
  download: () => void;
  /** The screen's own tools (annotations), between the view controls and the end group. */
  extra?: ReactNode;
  pageInputRef: RefObject<HTMLInputElement | null>;
  readingMode: boolean;
  toggleReadingMode: () => void;
  helpOpen: boolean;
  toggleHelp: () => void;
}

export function ViewerToolbar(p: Props) {
  const { t } = useTranslation();
  const l = useLabels();
  const { ready, pageCount, place } = p;
  const { currentPage } = place;
  return (
    <div className="pdf-toolbar" role="toolbar" aria-label={l('reader.toolbar')} data-testid="pdf-toolbar">
      <button
        type="button"
        className="btn btn-icon"
        onClick={p.toggleSidebar}
        aria-pressed={p.sidebarOpen}
        aria-label={l('reader.sidebar')}
        title={l('reader.sidebar')}
        data-testid="toggle-sidebar"
        disabled={!ready}
      >
        ☰
      </button>
      <span className="pdf-toolbar-group">
        <button type="button" className="btn btn-icon" onClick={() => p.goToPage(currentPage - 1)} disabled={!ready || currentPage <= 1} aria-label={l('reader.previousPage')} title={l('reader.previousPage')}>
          ‹
        </button>
        <GoToPage inputRef={p.pageInputRef} ready={ready} pageCount={pageCount} currentPage={currentPage} pageInput={place.pageInput} setPageInput={place.setPageInput} goToPage={p.goToPage} />
        <button type="button" className="btn btn-icon" onClick={() => p.goToPage(currentPage + 1)} disabled={!ready || currentPage >= pageCount} aria-label={l('reader.nextPage')} title={l('reader.nextPage')}>
          ›
        </button>
      </span>
      <ZoomControls ready={ready} scale={p.scale} zoom={p.zoom} setZoom={p.setZoom} zoomBy={p.zoomBy} rotate={p.rotate} />
      {p.extra && <span className="pdf-toolbar-extra">{p.extra}</span>}
      <span className="pdf-toolbar-group pdf-toolbar-end">
        <button type="button" className="btn btn-icon" onClick={p.toggleFind} aria-pressed={p.findOpen} disabled={!ready} aria-label={l('reader.find')} title={l('reader.find')} data-testid="find-toggle">
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <line x1="10" y1="10" x2="14.5" y2="14.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
        <button
          type="button"
          className="btn btn-icon"
          onClick={() => void p.print()}
          disabled={!ready || !p.permissions.print || p.printing}
          aria-label={l('reader.print')}
          title={p.permissions.print ? l('reader.print') : l('reader.printDisabled')}
          data-testid="print"
        >
          {ICONS.print}
        </button>
        <button
          type="button"
          className="btn btn-icon"
          onClick={p.download}
          disabled={!ready || !p.permissions.download}
          aria-label={l('reader.download')}
          title={p.permissions.download ? l('reader.download') : l('reader.downloadDisabled')}
          data-testid="download"
        >
          {ICONS.download}
        </button>
        <button
          type="button"
          className="btn btn-icon"
          onClick={p.toggleReadingMode}
          disabled={!ready}
          aria-pressed={p.readingMode}
          aria-label={p.readingMode ? l('navigation.reading.leave') : l('navigation.reading.enter')}
          title={p.readingMode ? l('navigation.reading.leave') : l('navigation.reading.enter')}
          data-testid="reading-mode"
        >
          {p.readingMode ? ICONS.leaveFullScreen : ICONS.fullScreen}
        </button>
        <button
          type="button"
          className="btn btn-icon"
          onClick={p.toggleHelp}
          aria-expanded={p.helpOpen}
          aria-label={l('reader.help')}
          title={`${l('reader.help')} (?)`}
          data-testid="shortcuts-help"
        >
          ?
        </button>
        <span className="page-indicator" data-testid="page-indicator" aria-live="polite">
          {ready ? t('document.pageIndicator', { page: currentPage, total: pageCount }) : ''}
        </span>
      </span>
    </div>
  );
}

/** The page number field with "/ n": Enter goes to the typed page. */
function GoToPage(p: { inputRef: RefObject<HTMLInputElement | null>; ready: boolean; pageCount: number; currentPage: number; pageInput: string; setPageInput: Dispatch<SetStateAction<string>>; goToPage: (page: number) => void }) {
  const { t } = useTranslation();
  const l = useLabels();
  return (
    <form
      className="pdf-go-to"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(p.pageInput);
        if (Number.isFinite(n)) p.goToPage(n);
        else p.setPageInput(String(p.currentPage));
      }}
    >
      <input
        ref={p.inputRef}
        className="pdf-page-input"
        data-testid="page-input"
        inputMode="numeric"
        aria-label={l('reader.goToPage')}
        title={l('reader.goToPage')}
        value={p.pageInput}
        onChange={(e) => p.setPageInput(e.target.value.replace(/[^0-9]/g, ''))}
        onFocus={(e) => e.target.select()}
        disabled={!p.ready}
      />
      <span className="muted" data-testid="page-count">
        {t('reader.pageOf', { total: p.pageCount })}
      </span>
    </form>
  );
}

function ZoomControls(p: { ready: boolean; scale: number; zoom: ZoomSetting; setZoom: (zoom: ZoomSetting) => void; zoomBy: (factor: number) => void; rotate: (by: 90 | -90) => void }) {
  const { t } = useTranslation();
  const l = useLabels();
  const { ready, scale, zoom } = p;
  const zoomLabel =
    zoom.mode === 'auto' ? l('reader.zoomAuto') : zoom.mode === 'fitWidth' ? l('reader.fitWidth') : zoom.mode === 'fitPage' ? l('reader.fitPage') : null;
  return (
    <span className="pdf-toolbar-group">
      <button type="button" className="btn btn-icon" onClick={() => p.zoomBy(1 / ZOOM_STEP)} disabled={!ready || scale <= MIN_SCALE} aria-label={l('reader.zoomOut')} title={l('reader.zoomOut')} data-testid="zoom-out">
        −
      </button>
      <span className="zoom-level" data-testid="zoom-level" aria-live="polite" title={zoomLabel ?? undefined}>
        {t('reader.zoomLevel', { percent: Math.round(scale * 100) })}
      </span>
      <button type="button" className="btn btn-icon" onClick={() => p.zoomBy(ZOOM_STEP)} disabled={!ready || scale >= MAX_SCALE} aria-label={l('reader.zoomIn')} title={l('reader.zoomIn')} data-testid="zoom-in">
        +
      </button>
      <button type="button" className="btn btn-icon" onClick={() => p.setZoom({ mode: 'fitWidth' })} disabled={!ready} aria-pressed={zoom.mode === 'fitWidth'} aria-label={l('reader.fitWidth')} title={l('reader.fitWidth')} data-testid="zoom-fit">
        {ICONS.fitWidth}
      </button>
      <button type="button" className="btn btn-icon" onClick={() => p.setZoom({ mode: 'fitPage' })} disabled={!ready} aria-pressed={zoom.mode === 'fitPage'} aria-label={l('reader.fitPage')} title={l('reader.fitPage')} data-testid="zoom-fit-page">
        {ICONS.fitPage}
      </button>
      <button type="button" className="btn btn-icon" onClick={() => p.rotate(90)} disabled={!ready} aria-label={l('reader.rotate')} title={l('reader.rotate')} data-testid="rotate">
        ⟳
      </button>
    </span>
  );
}

const icon = (children: ReactNode) => (
  <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
    {children}
  </svg>
);

// Drawn icons: emoji and symbol fonts are not installed everywhere.
const ICONS = {
  fitWidth: icon(
    <>
      <path d="M1.5 8 H14.5 M4 5.5 L1.5 8 L4 10.5 M12 5.5 L14.5 8 L12 10.5" />
    </>,
  ),
  fitPage: icon(<rect x="3.5" y="1.5" width="9" height="13" rx="1" />),
  print: icon(
    <>
      <path d="M4 6 V1.5 H12 V6" />
      <rect x="1.5" y="6" width="13" height="5.5" rx="1" />
      <path d="M4 9.5 H12 V14.5 H4 Z" />
    </>,
  ),
  download: icon(<path d="M8 1.5 V10.5 M4.5 7 L8 10.5 L11.5 7 M2 14 H14" />),
  fullScreen: icon(<path d="M1.5 5.5 V1.5 H5.5 M10.5 1.5 H14.5 V5.5 M14.5 10.5 V14.5 H10.5 M5.5 14.5 H1.5 V10.5" />),
  leaveFullScreen: icon(<path d="M5.5 1.5 V5.5 H1.5 M14.5 5.5 H10.5 V1.5 M10.5 14.5 V10.5 H14.5 M1.5 10.5 H5.5 V14.5" />),
};
