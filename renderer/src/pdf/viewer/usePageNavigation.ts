/** Where the reader is and how he moves: the page shown in the toolbar, going to a page, following the scroll, keeping his place across zoom and rotation. */
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from '../pdfjs';
import { pageAt, type ColumnLayout } from './page-layout';
import type { Anchor } from './types';
import type { VirtualPages } from './useVirtualPages';

/** Space above a page when going to it (px). */
const GO_MARGIN = 8;

/** The reader's place: `anchorRef` (exact, kept across zoom) and the page the toolbar shows, with its input. */
export function useCurrentPage(start: Anchor = { page: 1, offset: 0 }) {
  const anchorRef = useRef<Anchor>(start);
  const [currentPage, setCurrentPage] = useState(start.page);
  const [pageInput, setPageInput] = useState(String(start.page));
  const showPage = useCallback((page: number) => {
    setCurrentPage(page);
    setPageInput(String(page));
  }, []);
  /** Opening: start at `page`, `offset` of the way down it. */
  const openAt = useCallback(
    (page: number, offset: number) => {
      anchorRef.current = { page, offset };
      showPage(page);
    },
    [showPage],
  );
  return { anchorRef, currentPage, pageInput, setPageInput, showPage, openAt };
}

export type CurrentPage = ReturnType<typeof useCurrentPage>;

interface Options {
  pdf: PDFDocumentProxy | null;
  /** The column has its pages (the document's, or its last pictures while it is opened again). */
  shown: boolean;
  pages: VirtualPages;
  place: CurrentPage;
  /**
   * Where every page is (from the page sizes, scale and rotation): when it changes (zoom,
   * rotation, a page's real size arriving) the reader keeps his place.
   */
  layout: ColumnLayout;
  /** Called on every scroll (the reading position is saved a little later). */
  onMoved: () => void;
  /** Go to this page whenever `seq` changes (jump to an annotation, follow the presenter). */
  goTo: { page: number; seq: number } | null;
  onPageChange?: (page: number) => void;
}

export function usePageNavigation({ pdf, shown, pages, place, layout, onMoved, goTo, onPageChange }: Options) {
  const { scrollAreaRef, placeWindow, show, area } = pages;
  const { anchorRef, currentPage, showPage } = place;

  /** Where the view's top is for `a` (scroll coordinates), from the layout: the page needs no box. */
  const topOf = useCallback((a: Anchor) => layout.tops[a.page] - GO_MARGIN + a.offset * layout.heights[a.page], [layout]);

  const scrollToAnchor = useCallback(
    (a: Anchor) => {
      const el = scrollAreaRef.current;
      if (!el || a.page < 1 || a.page > layout.count) return;
      const top = topOf(a);
      if (Math.abs(el.scrollTop - top) >= 1) el.scrollTop = top;
    },
    [scrollAreaRef, layout, topOf],
  );

  // Keep the reader's place when the scale or rotation changes, or the pages' real sizes arrive
  // (a jump or a reopened position made before they are known stays on its page), and restore it
  // on opening; then give boxes to the pages around it (before the browser paints).
  useLayoutEffect(() => {
    const el = scrollAreaRef.current;
    if (!shown || !el) return;
    scrollToAnchor(anchorRef.current);
    placeWindow(layout, el.scrollTop, el.clientHeight);
  }, [shown, pdf, layout, area.height, scrollToAnchor, anchorRef, placeWindow, scrollAreaRef]);

  const goToPage = useCallback(
    (n: number) => {
      if (!pdf) return;
      const page = Math.min(pdf.numPages, Math.max(1, Math.round(n)));
      anchorRef.current = { page, offset: 0 };
      // Only the page gone to and its neighbours get boxes: the pages passed over are never laid out or drawn.
      const el = scrollAreaRef.current;
      if (el) placeWindow(layout, Math.max(0, topOf(anchorRef.current)), el.clientHeight);
      scrollToAnchor(anchorRef.current);
      show(page);
      showPage(page);
    },
    [pdf, scrollToAnchor, anchorRef, showPage, show, placeWindow, layout, topOf, scrollAreaRef],
  );

  const onScroll = () => {
    const el = scrollAreaRef.current;
    if (!el || layout.count === 0) return;
    const top = el.scrollTop + GO_MARGIN;
    const p = pageAt(layout, top);
    anchorRef.current = { page: p, offset: Math.min(1, Math.max(0, (top - layout.tops[p]) / Math.max(1, layout.heights[p]))) };
    const shown = pageAt(layout, el.scrollTop + el.clientHeight * 0.4);
    if (shown !== currentPage) showPage(shown);
    placeWindow(layout, el.scrollTop, el.clientHeight);
    onMoved();
  };

  // Jumps asked for by the screen (annotations panel, following the presenter): only a new
  // request (seq) jumps, not a re-render.
  const goToSeq = goTo?.seq;
  const jumpAsked = useEffectEvent(() => {
    if (goTo) goToPage(goTo.page);
  });
  // At commit, not after the browser has painted the update that asked for it (a frame or more).
  useLayoutEffect(() => {
    if (pdf && goToSeq !== undefined) jumpAsked();
  }, [pdf, goToSeq]);

  const reportPage = useEffectEvent((page: number) => onPageChange?.(page));
  useEffect(() => {
    if (pdf) reportPage(currentPage);
  }, [pdf, currentPage]);

  return { goToPage, onScroll };
}
