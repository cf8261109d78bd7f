/**
 * Where every page of the column is, computed from the page sizes (pdf.js viewports), the scale
 * and the rotation, not read from the DOM: the column only holds the pages near the view as
 * real boxes (see PageList), the others are summed into two spacers, so a page's place must be
 * known whether or not it has a box. The column's padding and the space after each page are set
 * inline from the same constants, so the boxes land exactly where this says.
 */
/** A page's size at scale 1 (PDF points), without the reader's rotation. */
export interface PageSize {
  width: number;
  height: number;
}

/** Space above the first page and below the last (CSS px). */
export const COLUMN_PAD = 19;
/** Space after each page box (CSS px; PdfPage sets it on the box). */
export const PAGE_GAP = 19;

/** Size of the page box for a reader rotation (90/270 swap width and height). */
export function rotatedSize(size: PageSize, rotation: number): PageSize {
  return rotation % 180 === 0 ? size : { width: size.height, height: size.width };
}

export interface ColumnLayout {
  count: number;
  /** tops[n]: page n's top in scroll coordinates (1 ≤ n ≤ count); tops[count + 1]: the end of the last page's gap. */
  readonly tops: Float64Array;
  /** heights[n]: page n's box height (px, as the box is drawn: floored). */
  readonly heights: Float64Array;
  /** The widest page box (px): the spacers take it, so the column's width does not depend on which pages have boxes. */
  maxWidth: number;
}

/** Box size of a page at `scale` and the reader's `rotation` (what PdfPage draws). */
export function boxSize(size: PageSize, scale: number, rotation: number): PageSize {
  const r = rotatedSize(size, rotation);
  return { width: Math.floor(r.width * scale), height: Math.floor(r.height * scale) };
}

/** The layout of `count` pages; a page without a known size has `fallback`'s (page 1's). */
export function columnLayout(count: number, sizes: Record<number, PageSize>, fallback: PageSize, scale: number, rotation: number): ColumnLayout {
  const tops = new Float64Array(count + 2);
  const heights = new Float64Array(count + 2);
  let y = COLUMN_PAD;
  let maxWidth = 0;
  const base = boxSize(sizes[1] ?? fallback, scale, rotation);
  for (let n = 1; n <= count; n++) {
    const size = sizes[n];
    const box = size ? boxSize(size, scale, rotation) : base;
    tops[n] = y;
    heights[n] = box.height;
    if (box.width > maxWidth) maxWidth = box.width;
    y += box.height + PAGE_GAP;
  }
  tops[count + 1] = y;
  tops[0] = COLUMN_PAD;
  return { count, tops, heights, maxWidth };
}

/** The page whose box (or the gap after it) contains `y`: binary search; 1 above the first page, the last page below the end. */
export function pageAt(layout: ColumnLayout, y: number): number {
  const { tops, count } = layout;
  if (count === 0) return 1;
  let lo = 1;
  let hi = count;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (tops[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Pages from `from` to `to` (inclusive) have boxes in the column. */
export interface PageRange {
  from: number;
  to: number;
}

/** Pages whose boxes (with their gaps) meet the band from `top` to `bottom` (scroll coordinates). */
export function pagesBetween(layout: ColumnLayout, top: number, bottom: number): PageRange {
  return { from: pageAt(layout, top), to: pageAt(layout, bottom) };
}
