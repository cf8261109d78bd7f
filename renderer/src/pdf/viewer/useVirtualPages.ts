/** The virtualized page column: the scroll area's size, which page boxes are near the viewport (only those are drawn), and the page at a given height. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

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

  // Track the scroll area's size for "fit width" / "fit page".
  useLayoutEffect(() => {
    const el = scrollAreaRef.current;
    if (!el) return;
    const measure = () => setArea({ width: el.clientWidth, height: el.clientHeight });
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

  /** The page whose box contains `y` (scroll coordinates): binary search over the column. */
  const pageAt = useCallback((y: number): number => {
    const els = pageElsRef.current;
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

  return { scrollAreaRef, pageElsRef, area, visible, register, pageAt, show };
}

export type VirtualPages = ReturnType<typeof useVirtualPages>;
