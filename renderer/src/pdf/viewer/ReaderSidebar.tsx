/** The reader's sidebar: thumbnails or the document's outline, each going to the page picked. */
import { useTranslation } from 'react-i18next';
import { Outline } from '../Outline';
import type { PageSize } from '../PdfPage';
import type { PDFDocumentProxy } from '../pdfjs';
import { Thumbnails } from '../Thumbnails';
import type { Rotation, SidebarView } from './types';

interface Props {
  view: Exclude<SidebarView, null>;
  onView: (view: Exclude<SidebarView, null>) => void;
  pdf: PDFDocumentProxy;
  sizes: Record<number, PageSize>;
  rotation: Rotation;
  currentPage: number;
  goToPage: (page: number) => void;
}

export function ReaderSidebar({ view, onView, pdf, sizes, rotation, currentPage, goToPage }: Props) {
  const { t } = useTranslation();
  return (
    <aside className="pdf-sidebar" aria-label={t('reader.sidebar')}>
      <div className="pdf-sidebar-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={view === 'thumbnails'} className="btn btn-ghost" onClick={() => onView('thumbnails')} data-testid="tab-thumbnails">
          {t('reader.thumbnails')}
        </button>
        <button type="button" role="tab" aria-selected={view === 'outline'} className="btn btn-ghost" onClick={() => onView('outline')} data-testid="tab-outline">
          {t('reader.outline')}
        </button>
      </div>
      {view === 'thumbnails' ? <Thumbnails pdf={pdf} sizes={sizes} rotation={rotation} currentPage={currentPage} onSelect={goToPage} /> : <Outline pdf={pdf} onSelect={goToPage} />}
    </aside>
  );
}
