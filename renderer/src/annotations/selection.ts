/** A text selection in the reader's text layer → a highlight: its page, text and quad points in PDF user space. */
import type { PageViewport } from 'pdfjs-dist';
import type { Quad } from '../../../shared/annotations';
import { toPdfPoint } from '../pdf/page-coords';

export interface SelectedText {
  page: number;
  exact: string;
  quads: Quad[];
}

/** Merges the client rects of one line (same top and bottom) that touch or overlap. */
function mergeLineRects(rects: DOMRect[]): { left: number; top: number; right: number; bottom: number }[] {
  const sorted = [...rects].sort((a, b) => a.top - b.top || a.left - b.left);
  const out: { left: number; top: number; right: number; bottom: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.top - r.top) < 2 && Math.abs(last.bottom - r.bottom) < 2 && r.left <= last.right + 3) {
      last.right = Math.max(last.right, r.right);
    } else out.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  }
  return out;
}

/**
 * The current selection as highlights, one per page it covers (a selection running from the
 * bottom of one page onto the next gives two parts): each with the text and the quads of its
 * own page. Empty when nothing usable is selected.
 */
export function selectedTexts(viewportOf: (page: number) => PageViewport | null): SelectedText[] {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return [];
  const range = sel.getRangeAt(0);
  const pages = [...document.querySelectorAll<HTMLElement>('.pdf-page')].filter((el) => range.intersectsNode(el));
  const out: SelectedText[] = [];
  for (const pageEl of pages.slice(0, 50)) {
    const part = partOnPage(range, pageEl, viewportOf);
    if (part) out.push(part);
  }
  return out;
}

/** The first page's part only (kept for callers that want a single highlight). */
export function selectedText(viewportOf: (page: number) => PageViewport | null): SelectedText | null {
  return selectedTexts(viewportOf)[0] ?? null;
}

function partOnPage(range: Range, pageEl: HTMLElement, viewportOf: (page: number) => PageViewport | null): SelectedText | null {
  const page = Number(pageEl.dataset.pageNumber);
  const vp = viewportOf(page);
  const layer = pageEl.querySelector('.textLayer');
  if (!vp || !layer) return null;
  // The selection clipped to this page's text layer.
  const sub = range.cloneRange();
  // Outside the layer, an end is moved to the layer's edge only if that edge lies within the selection.
  if (!layer.contains(range.startContainer)) {
    if (range.comparePoint(layer, 0) !== 0) return null;
    sub.setStart(layer, 0);
  }
  if (!layer.contains(range.endContainer)) {
    if (range.comparePoint(layer, layer.childNodes.length) !== 0) return null;
    sub.setEnd(layer, layer.childNodes.length);
  }
  const box = pageEl.getBoundingClientRect();
  const rects = [...sub.getClientRects()].filter((r) => {
    const cx = (r.left + r.right) / 2;
    const cy = (r.top + r.bottom) / 2;
    return r.width > 0.5 && r.height > 0.5 && cx >= box.left && cx <= box.right && cy >= box.top && cy <= box.bottom;
  });
  const exact = sub.toString().replace(/\s+/g, ' ').trim().slice(0, 5000);
  if (!exact || rects.length === 0) return null;
  const quads = mergeLineRects(rects)
    .slice(0, 500)
    .map((r): Quad => {
      const [x1, y1] = toPdfPoint(vp, r.left - box.left, r.top - box.top);
      const [x2, y2] = toPdfPoint(vp, r.right - box.left, r.top - box.top);
      const [x3, y3] = toPdfPoint(vp, r.left - box.left, r.bottom - box.top);
      const [x4, y4] = toPdfPoint(vp, r.right - box.left, r.bottom - box.top);
      return [x1, y1, x2, y2, x3, y3, x4, y4];
    });
  return { page, exact, quads };
}
