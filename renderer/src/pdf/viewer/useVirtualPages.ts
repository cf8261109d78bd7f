/**
 * The virtualized page column: the scroll area's size, which pages have boxes (the window: the
 * pages near the view; the others are two spacers, see PageList), which of those are drawn
 * (near the viewport, from an IntersectionObserver), and the page boxes by number.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { pagesBetween, type ColumnLayout, type PageRange } from './page-layout';

/** Pages beyond the band of screens below that keep their boxes (a short document has a box for every page). */
const EXTRA_PAGES = 4;
/**
 * The window: the pages meeting the view and two screens above and below it (the observer draws
 * those within one screen, which must have boxes), plus EXTRA_PAGES each side. It moves when the
 * view comes within one screen of its edge, so scrolling changes it every screen or two, not on
 * every page.
 */
const WANT_SCREENS = 2;
const NEED_SCREENS = 1;

const NO_PAGES: PageRange = { from: 1, to: 0 };

/**
 * `column`: what the column shows (the document's URL), or null while it has no pages: the
 * observer follows the page boxes of one column, from the last pictures of a document opened
 * again to its real pages.
 */
export function useVirtualPages(column: string | null) {
  const scrollAreaRef = useRef<HTMLDivElement>(null);
  const pageElsRef = useRef(new Map<number, HTMLDivElement>());
  const observerRef = useRef<IntersectionObserver | null>(null);
  const [area, setArea] = useState({ width: 0, height: 0 });
  const [visible, setVisible] = useState<ReadonlySet<number>>(new Set());
  const [range, setRange] = useState<PageRange>(NO_PAGES);
  const rangeRef = useRef(range);

  // Track the scroll area's size for "fit width" / "fit page".
  useLayoutEffect(() => {
    const el = scrollAreaRef.current;
    if (!el) return;
    const measure = () => setArea((a) => (a.width === el.clientWidth && a.height === el.clientHeight ? a : { width: el.clientWidth, height: el.clientHeight }));
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [column]);

  // Which pages are near the viewport (one screen above and below): only those are drawn.
  useEffect(() => {
    const root = scrollAreaRef.current;
    if (!root || !column) return;
    const io = new IntersectionObserver(
      (entries) => {
        // The same set when nothing changed (a box replaced or observed again): no new render of the column.
        setVisible((prev) => {
          let next: Set<number> | null = null;
          for (const e of entries) {
            const n = Number((e.target as HTMLElement).dataset.pageNumber);
            if (e.isIntersecting === (next ?? prev).has(n)) continue;
            next ??= new Set(prev);
            if (e.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next ?? prev;
        });
      },
      { root, rootMargin: '100% 0px 100% 0px' },
    );
    observerRef.current = io;
    for (const el of pageElsRef.current.values()) io.observe(el);
    return () => {
      io.disconnect();
      observerRef.current = null;
    };
  }, [column]);

  /**
   * The ref callback of every page box (one function for all of them, read from the box's
   * data-page-number): each box is observed and can be found until React removes it.
   */
  const register = useCallback((el: HTMLDivElement) => {
    const n = Number(el.dataset.pageNumber);
    const els = pageElsRef.current;
    const old = els.get(n);
    if (old !== el) {
      if (old) observerRef.current?.unobserve(old);
      els.set(n, el);
      observerRef.current?.observe(el);
    }
    return () => {
      if (els.get(n) !== el) return;
      observerRef.current?.unobserve(el);
      els.delete(n);
    };
  }, []);

  /**
   * Draw page `n` now, without waiting for the observer's next callback (a frame or more later):
   * opening at a page and going to one. The observer drops it again once it is out of range.
   */
  const show = useCallback((n: number) => setVisible((prev) => (prev.has(n) ? prev : new Set(prev).add(n))), []);

  /**
   * Gives boxes to the pages around a view whose top is at `top` (scroll coordinates, the view
   * `height` tall): the window moves only when the view comes near its edge, or when it holds
   * far more pages than it needs (after zooming out). Pages leaving it are no longer drawn.
   */
  const placeWindow = useCallback((layout: ColumnLayout, top: number, height: number) => {
    const count = layout.count;
    const current = rangeRef.current;
    if (count === 0) {
      if (current !== NO_PAGES) setRange((rangeRef.current = NO_PAGES));
      return;
    }
    const h = Math.max(height, 1);
    const need = pagesBetween(layout, top - NEED_SCREENS * h, top + h + NEED_SCREENS * h);
    const band = pagesBetween(layout, top - WANT_SCREENS * h, top + h + WANT_SCREENS * h);
    const want = { from: Math.max(1, band.from - EXTRA_PAGES), to: Math.min(count, band.to + EXTRA_PAGES) };
    const holds = current.from <= need.from && current.to >= need.to && current.to <= count;
    const tooMany = current.to - current.from > 2 * (want.to - want.from) + 2 * EXTRA_PAGES;
    if (holds && !tooMany) return;
    rangeRef.current = want;
    setRange(want);
    // Pages without a box are not drawn (the observer no longer sees them).
    setVisible((prev) => {
      let next: Set<number> | null = null;
      for (const n of prev) {
        if (n >= want.from && n <= want.to) continue;
        next ??= new Set(prev);
        next.delete(n);
      }
      return next ?? prev;
    });
  }, []);

  return { scrollAreaRef, pageElsRef, area, visible, range, register, show, placeWindow };
}

export type VirtualPages = ReturnType<typeof useVirtualPages>;
