/**
 * A text selection in the reader's text layer → a highlight: its page, text, quad points in PDF
 * user space, and where it is in the page's joined text (which occurrence of a repeated phrase).
 */
import type { PageViewport } from 'pdfjs-dist';
import type { Quad } from '../../../shared/annotations';
import { quoteAt, type QuotePosition } from '../../../shared/annotations-anchoring';
import { joinPageText } from '../../../shared/text/page-text';
import { toPdfPoint } from '../pdf/page-coords';

/** A point in the text layer: the n-th text span of the page (pdf.js draws one per non-empty text item) and a character in it. */
interface SpanPoint {
  span: number;
  offset: number;
}

export interface SelectedText {
  page: number;
  exact: string;
  quads: Quad[];
  /** First and last selected characters, as text-layer spans and offsets. */
  from: SpanPoint | null;
  to: SpanPoint | null;
}

/** Characters of `span`'s text before (node, offset). */
function offsetIn(span: Element, node: Node, offset: number): number {
  const r = document.createRange();
  r.setStart(span, 0);
  r.setEnd(node, offset);
  return r.toString().length;
}

/** The text spans the range covers: the first with its start offset, the last with its end offset. */
function spanPoints(sub: Range, layer: Element): { from: SpanPoint; to: SpanPoint } | null {
  const spans = [...layer.querySelectorAll('span[role="presentation"]')];
  let from: SpanPoint | null = null;
  let to: SpanPoint | null = null;
  spans.forEach((span, i) => {
    if (!sub.intersectsNode(span)) return;
    const len = (span.textContent ?? '').length;
    const a = span.contains(sub.startContainer) ? offsetIn(span, sub.startContainer, sub.startOffset) : 0;
    const b = span.contains(sub.endContainer) ? offsetIn(span, sub.endContainer, sub.endOffset) : len;
    if (b <= a) return;
    from ??= { span: i, offset: a };
    to = { span: i, offset: b };
  });
  return from && to ? { from, to } : null;
}

/**
 * Where a selection is in its page's joined text (shared/text/page-text.ts, the joiner of find
 * and search): the quote, its context and which occurrence it is. `items` are the page's pdf.js
 * text items; null when the spans do not match them.
 */
export function quoteOfSelection(items: readonly unknown[], sel: SelectedText): QuotePosition | null {
  if (!sel.from || !sel.to) return null;
  const { text, runStarts, runLengths } = joinPageText(items);
  // Text-layer span k is the k-th item with a non-empty string; run indexes count every string item.
  const runOfSpan: number[] = [];
  let run = 0;
  for (const it of items as { str?: unknown }[]) {
    if (typeof it?.str !== 'string') continue;
    if (it.str.length > 0) runOfSpan.push(run);
    run++;
  }
  const at = (p: SpanPoint) => {
    const r = runOfSpan[p.span];
    return r === undefined ? null : runStarts[r] + Math.min(p.offset, runLengths[r]);
  };
  const start = at(sel.from);
  const end = at(sel.to);
  return start === null || end === null || end <= start ? null : quoteAt(text, start, end);
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
  const points = spanPoints(sub, layer);
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
  return { page, exact, quads, from: points?.from ?? null, to: points?.to ?? null };
}
