/** Where the reader is and how he moves: the page shown in the toolbar, going to a page, following the scroll, keeping his place across zoom and rotation. */
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from '../pdfjs';
import type { Anchor, Rotation } from './types';
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
  scale: number;
  rotation: Rotation;
  /** Page sizes: when a page's real size arrives the column's heights change, and the reader keeps his place. */
  sizes: unknown;
  /** Called on every scroll (the reading position is saved a little later). */
  onMoved: () => void;
  /** Go to this page whenever `seq` changes (jump to an annotation, follow the presenter). */
  goTo: { page: number; seq: number } | null;
  onPageChange?: (page: number) => void;
}

export function usePageNavigation({ pdf, shown, pages, place, scale, rotation, sizes, onMoved, goTo, onPageChange }: Options) {
  const { scrollAreaRef, pageElsRef, pageAt, show } = pages;
  const { anchorRef, currentPage, showPage } = place;

  const scrollToAnchor = useCallback(
    (a: Anchor) => {
      const el = scrollAreaRef.current;
      const pageEl = pageElsRef.current.get(a.page);
      if (!el || !pageEl) return;
      const top = pageEl.offsetTop - GO_MARGIN + a.offset * pageEl.offsetHeight;
      if (Math.abs(el.scrollTop - top) >= 1) el.scrollTop = top;
    },
    [scrollAreaRef, pageElsRef],
  );

  // Keep the reader's place when the scale or rotation changes, or the pages' real sizes arrive
  // (a jump or a reopened position made before they are known stays on its page), and restore it on opening.
  useLayoutEffect(() => {
    if (shown) scrollToAnchor(anchorRef.current);
  }, [shown, pdf, scale, rotation, sizes, scrollToAnchor, anchorRef]);

  const goToPage = useCallback(
    (n: number) => {
      if (!pdf) return;
      const page = Math.min(pdf.numPages, Math.max(1, Math.round(n)));
      anchorRef.current = { page, offset: 0 };
      scrollToAnchor(anchorRef.current);
      show(page);
      showPage(page);
    },
    [pdf, scrollToAnchor, anchorRef, showPage, show],
  );

  const onScroll = () => {
    const el = scrollAreaRef.current;
    if (!el || pageElsRef.current.size === 0) return;
    const top = el.scrollTop + GO_MARGIN;
    const p = pageAt(top);
    const pageEl = pageElsRef.current.get(p)!;
    anchorRef.current = { page: p, offset: Math.min(1, Math.max(0, (top - pageEl.offsetTop) / Math.max(1, pageEl.offsetHeight))) };
    const shown = pageAt(el.scrollTop + el.clientHeight * 0.4);
    if (shown !== currentPage) showPage(shown);
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
