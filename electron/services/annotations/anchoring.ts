/**
 * Re-anchoring annotations on a new version of a document. A highlight is looked for by its
 * quote (exact text) in the new version's page texts; each occurrence is weighed by how much the
 * text around it resembles the quote's prefix and suffix (fuzzy: the words around may have been
 * edited), then by which occurrence on its page it is and where the page went. An occurrence
 * whose surroundings do not resemble the original is never taken: the highlight stays on the
 * old version (its page was removed, or the passage rewritten). New quad points come from the
 * positions pdf.js reports for the text runs, or on a scanned page from the boxes of the words
 * the server recognised. A note, ink or text box follows its page when
 * that page's text is found unchanged in the new version.
 */
import { distance } from 'fastest-levenshtein';
import type { Quad } from '../../../shared/annotations';
import { compactText, occurrencesIn, quoteAt, squeezeText, type QuotePosition } from '../../../shared/annotations-anchoring';
import { joinPageText } from '../../../shared/text/page-text';
import type { OcrWord } from '../../../shared/ocr';
import { lacksText } from '../search/ocr-text';
import { pdfTextReader, type PositionedTextItem } from '../search/pdf-text';
import { ocrRunTexts } from '../../../shared/text/ocr-runs';

type Point = [number, number];

interface Run {
  /** [start, end) in the page text. */
  start: number;
  end: number;
  /** Characters of the run's string (its width covers them all, a dropped line-end hyphen included). */
  length: number;
  transform: number[];
  width: number;
  height: number;
  /** A word recognised on a scan: its box's corners in user space (top-left, top-right, bottom-left, bottom-right as displayed). */
  corners?: [Point, Point, Point, Point];
}

export interface PageLayout {
  /** Joined by shared/text/page-text.ts, like the search index and the reader's find and selection. */
  text: string;
  runs: Run[];
}

/** A page's text and run positions from its pdf.js text items (`getTextContent(TEXT_CONTENT_OPTIONS)`). */
export function pageLayoutOf(items: readonly PositionedTextItem[]): PageLayout {
  const { text, runStarts, runLengths } = joinPageText(items);
  const runs: Run[] = [];
  items.forEach((it, i) => {
    if (it.str.length) runs.push({ start: runStarts[i], end: runStarts[i] + runLengths[i], length: it.str.length, transform: it.transform, width: it.width, height: it.height });
  });
  return { text, runs };
}

/**
 * A point of a page given as fractions of the page as displayed (its own rotation applied, from
 * its top-left corner, as the server gives recognised words' boxes) → user space.
 */
export function displayedToUserSpace(page: { view: readonly number[]; rotate: number }, u: number, v: number): Point {
  const [x0, y0, x1, y1] = page.view;
  const w = x1 - x0;
  const h = y1 - y0;
  switch (((page.rotate % 360) + 360) % 360) {
    case 90:
      return [x0 + v * w, y0 + u * h];
    case 180:
      return [x1 - u * w, y0 + v * h];
    case 270:
      return [x1 - v * w, y1 - u * h];
    default:
      return [x0 + u * w, y1 - v * h];
  }
}

/** A scanned page's layout from its recognised words: the text the search index holds (words joined by a space), each word a run at its box. */
export function ocrPageLayout(words: readonly OcrWord[], page: { view: readonly number[]; rotate: number }): PageLayout {
  const runs: Run[] = [];
  let text = '';
  ocrRunTexts(words).forEach((str, i) => {
    const [a, b, c, d] = words[i].box;
    const at = (u: number, v: number) => displayedToUserSpace(page, u, v);
    runs.push({ start: text.length, end: text.length + words[i].text.length, length: words[i].text.length, transform: [1, 0, 0, 1, 0, 0], width: 0, height: 0, corners: [at(a, b), at(c, b), at(a, d), at(c, d)] });
    text += str;
  });
  return { text, runs };
}

/**
 * Text and run positions of every page (pdf.js, in a worker thread: see search/pdf-text.ts); a
 * page with recognised words (`ocr`, by page, from the server's OCR of a scan) is laid out from them.
 */
export async function readPageLayouts(file: string, ocr: readonly (readonly OcrWord[] | null)[] | null = null): Promise<PageLayout[]> {
  return (await pdfTextReader().textItems(file)).map((p, i) => {
    const words = ocr?.[i];
    const own = pageLayoutOf(p.items);
    // As the indexer does: the recognised text only where pdf.js found none.
    return words && words.length && lacksText({ original: own.text }) ? ocrPageLayout(words, p) : own;
  });
}

/** 0..1: how alike two strings are (1 - edit distance / longer length); 1 for two empty ones. */
function likeness(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - distance(a, b) / n;
}

/** Below this likeness of its surroundings an occurrence is another passage, not the member's. */
const MIN_CONTEXT_LIKENESS = 0.6;
/** Characters (spaces squeezed) from which a quote is a passage of its own, not a common phrase. */
const DISTINCTIVE_LENGTH = 24;
/** Two pages of prose that are not the same page are rarely more alike than this. */
const SAME_PAGE_LIKENESS = 0.75;

export interface StoredQuote {
  exact: string;
  prefix: string;
  suffix: string;
  /** From the TextPositionSelector; null for annotations made before it existed. */
  position: { start: number; end: number; occurrence: number } | null;
}

export interface QuoteHit extends QuotePosition {
  page: number;
}

/**
 * Where the quote is in the new version's pages, or null when no occurrence's surroundings
 * resemble the original. `oldPage` is the page it was on; `oldPageText`, that page's text in the
 * old version when still known (it tells which new page the old one became).
 */
export function findQuote(pages: readonly { text: string }[], quote: StoredQuote, oldPage: number, oldPageText: string | null = null): QuoteHit | null {
  const prefix = squeezeText(quote.prefix);
  const suffix = squeezeText(quote.suffix);
  const exact = squeezeText(quote.exact);
  if (!exact) return null;
  const oldSqueezed = oldPageText === null ? null : squeezeText(oldPageText);
  let best: { page: number; start: number; end: number; score: number } | null = null;
  const found = pages.map((p) => {
    const c = compactText(p.text);
    return { c, hits: occurrencesIn(c, quote.exact) };
  });
  // A passage long enough to be distinctive, found word for word exactly once: it is the
  // member's, whatever was rewritten around it.
  const uniquePassage = exact.length >= DISTINCTIVE_LENGTH && found.reduce((n, f) => n + f.hits.length, 0) === 1;
  pages.forEach((p, i) => {
    const { c, hits } = found[i];
    if (hits.length === 0) return;
    // How much this page is the old page: 1 for the same text, less as it was edited.
    const pageLikeness = oldSqueezed === null ? null : likeness(c.s.slice(0, 6000), oldSqueezed.slice(0, 6000));
    hits.forEach((h, occurrence) => {
      const k = c.at.indexOf(h.start);
      const before = c.s.slice(Math.max(0, k - prefix.length), k);
      const after = c.s.slice(k + exact.length, k + exact.length + suffix.length);
      const pre = likeness(before, prefix);
      const post = likeness(after, suffix);
      const context = prefix.length + suffix.length === 0 ? 1 : (pre * prefix.length + post * suffix.length) / (prefix.length + suffix.length);
      // One side still as it was (the passage next to it was deleted or rewritten) also tells the place.
      const oneSideKept = (pre >= 0.9 && prefix.length >= 8) || (post >= 0.9 && suffix.length >= 8);
      const samePlace = quote.position !== null && occurrence === quote.position.occurrence;
      const samePage = pageLikeness !== null && pageLikeness >= SAME_PAGE_LIKENESS;
      if (context < MIN_CONTEXT_LIKENESS && !oneSideKept && !(samePage && samePlace) && !uniquePassage) return;
      let score = context;
      // A phrase repeated with the same words around it: the same occurrence on the page that
      // the old page became, then the nearest offset, then the nearest page number.
      if (pageLikeness !== null) score += 0.5 * pageLikeness;
      if (samePlace && (pageLikeness === null || samePage)) score += 0.2;
      if (quote.position) score += 0.05 * (1 - Math.min(1, Math.abs(h.start - quote.position.start) / Math.max(1, p.text.length)));
      score -= Math.abs(i + 1 - oldPage) / 100_000;
      if (!best || score > best.score) best = { page: i + 1, start: h.start, end: h.end, score };
    });
  });
  if (!best) return null;
  const { page, start, end } = best;
  const at = quoteAt(pages[page - 1].text, start, end);
  return at ? { ...at, page } : null;
}

/** The quote's context and position at the `occurrence`-th place of `exact` (or the first) in a page's text; null when it is not there. */
export function quoteContext(pageText: string | null, exact: string, occurrence = 0): QuotePosition | null {
  if (!pageText) return null;
  const hits = occurrencesIn(compactText(pageText), exact);
  const hit = hits[occurrence] ?? null;
  return hit ? quoteAt(pageText, hit.start, hit.end) : null;
}

/**
 * Quad points (PDF user space) covering characters [start, end) of a page: one quad per text
 * run touched, split proportionally inside a run (good for the horizontal text of official documents).
 */
export function quadsFor(layout: PageLayout, start: number, end: number): Quad[] {
  const quads: Quad[] = [];
  for (const r of layout.runs) {
    if (r.end <= start || r.start >= end) continue;
    const from = (Math.max(start, r.start) - r.start) / r.length;
    const to = (Math.min(end, r.end) - r.start) / r.length;
    if (r.corners) {
      const [tl, tr, bl, br] = r.corners;
      const along = (p: Point, q: Point, t: number): number[] => [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
      quads.push([...along(tl, tr, from), ...along(tl, tr, to), ...along(bl, br, from), ...along(bl, br, to)] as Quad);
      continue;
    }
    const [a, b, , d, e, f] = r.transform;
    const size = r.height || Math.hypot(b, d) || Math.abs(a) || 10;
    const x0 = e + r.width * from;
    const x1 = e + r.width * to;
    const top = f + size * 0.9;
    const bottom = f - size * 0.25;
    quads.push([x0, top, x1, top, x0, bottom, x1, bottom]);
  }
  return quads;
}

/** The page of `pages` whose text is the same as `oldText` (the same page number first), or null. */
export function findSamePage(pages: readonly { text: string }[], oldText: string, oldPage: number): number | null {
  const want = squeezeText(oldText);
  if (!want) return null;
  if (pages[oldPage - 1] && squeezeText(pages[oldPage - 1].text) === want) return oldPage;
  const i = pages.findIndex((p) => squeezeText(p.text) === want);
  return i >= 0 ? i + 1 : null;
}
