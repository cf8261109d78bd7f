/**
 * The scrolling column of pages. Only the pages of the window (near the view, see
 * useVirtualPages) have boxes, drawn when near the viewport; the pages before and after it are one
 * spacer each, as tall as their boxes and gaps together (see page-layout.ts), so the column has
 * its full height and every page its place whether or not it has a box.
 */
import type { TFunction } from 'i18next';
import type { RefObject, UIEventHandler } from 'react';
import { Loading } from '../../components/Feedback';
import { PAGE_SLOT, PdfPage, type PageHighlights, type PageSize, type RenderPageOverlay } from '../PdfPage';
import type { PDFDocumentProxy } from '../pdfjs';
import { COLUMN_PAD, type ColumnLayout, type PageRange } from './page-layout';
import type { Rotation } from './types';
import type { OcrWord } from '../../../../shared/ocr';

interface Props {
  pdf: PDFDocumentProxy | null;
  /** Pages in the column: the document's, or while it is opened again, those of its last pictures (0: nothing to show yet). */
  pageCount: number;
  /** The pages' last pictures (a document opened again), shown until each page is drawn. */
  pictures?: ReadonlyMap<number, HTMLCanvasElement> | null;
  scrollAreaRef: RefObject<HTMLDivElement | null>;
  /** Where every page is. */
  layout: ColumnLayout;
  /** The pages that have boxes. */
  range: PageRange;
  /** Pages near the viewport: only those are drawn. */
  visible: ReadonlySet<number>;
  /** The page boxes' ref callback (see useVirtualPages). */
  register: (el: HTMLDivElement) => () => void;
  onScroll: UIEventHandler<HTMLDivElement>;
  scale: number;
  rotation: Rotation;
  sizes: Record<number, PageSize>;
  /** Every page's size is known: the column has its final heights (data-page-sizes="known"). */
  allSizesKnown?: boolean;
  onSize: (pageNumber: number, size: PageSize) => void;
  onRendered: (pageNumber: number) => void;
  highlightsByPage: Map<number, PageHighlights>;
  noCopy: boolean;
  overlay?: RenderPageOverlay;
  /** Recognised words of scanned pages, laid over them (see ocr-text-layer.ts). */
  ocrPages?: readonly (readonly OcrWord[] | null)[] | null;
  /** The viewer's translate function, handed to every page (one i18n subscription, not one per page). */
  t: TFunction;
}

export function PageList({ pdf, pageCount, pictures, scrollAreaRef, layout, range, visible, register, onScroll, scale, rotation, sizes, allSizesKnown = false, onSize, onRendered, highlightsByPage, noCopy, overlay, ocrPages, t }: Props) {
  // Every page's label from one translation ("Trang {{page}}" with a slot each page fills in):
  // i18next's t() allocates kilobytes a call, and every page box is rendered again on each zoom.
  const pageLabel = t('document.page', { page: PAGE_SLOT });
  const from = Math.max(1, range.from);
  const to = Math.min(pageCount, layout.count, range.to);
  const { tops } = layout;
  const spacer = (height: number, key: string) =>
    height > 0 && <div key={key} className="pdf-page-spacer" aria-hidden="true" style={{ height: `${height}px`, width: `${layout.maxWidth}px` }} />;
  const boxes = [];
  for (let n = from; n <= to; n++) {
    boxes.push(
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
        noCopy={noCopy}
        renderOverlay={overlay}
        ocrWords={ocrPages?.[n - 1] ?? null}
        t={t}
        label={pageLabel}
        onRendered={onRendered}
        picture={pictures?.get(n) ?? null}
      />,
    );
  }
  const count = layout.count;
  return (
    <div
      className="pdf-scroll"
      ref={scrollAreaRef}
      onScroll={onScroll}
      tabIndex={0}
      aria-label={t('document.pages')}
      data-testid="pdf-scroll"
      data-page-sizes={allSizesKnown ? 'known' : 'pending'}
      style={{ padding: `${COLUMN_PAD}px 0` }}
    >
      {pageCount === 0 && <Loading label={t('document.loading')} />}
      {count > 0 && from <= to ? (
        <>
          {spacer(tops[from] - tops[1], 'before')}
          {boxes}
          {spacer(tops[count + 1] - tops[to + 1], 'after')}
        </>
      ) : (
        count > 0 && spacer(tops[count + 1] - tops[1], 'all')
      )}
    </div>
  );
}
