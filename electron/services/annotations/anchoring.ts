/**
 * Re-anchoring annotations on a new version of a document. A highlight is looked for by its
 * TextQuoteSelector (exact text, with prefix and suffix to choose between several
 * occurrences) in the new version's page text, and gets new quad points from the positions
 * pdf.js reports for the text runs. A note, ink or text box follows its page when that page's
 * text is found unchanged in the new version. Whatever is not found stays on the old version.
 */
import type { Quad, TextQuoteSelector } from '../../../shared/annotations';
import { pdfTextReader } from '../search/pdf-text';

interface Run {
  start: number;
  end: number;
  transform: number[];
  width: number;
  height: number;
}

export interface PageLayout {
  /** Joined like the search index and the reader's find (str, plus "\n" after a line end). */
  text: string;
  runs: Run[];
}

/** Text and run positions of every page (pdf.js, in a worker thread: see search/pdf-text.ts). */
export async function readPageLayouts(file: string): Promise<PageLayout[]> {
  return (await pdfTextReader().textItems(file)).map((items) => {
    let text = '';
    const runs: Run[] = [];
    for (const it of items) {
      if (it.str.length) runs.push({ start: text.length, end: text.length + it.str.length, transform: it.transform, width: it.width, height: it.height });
      text += it.str;
      if (it.hasEOL) text += '\n';
    }
    return { text, runs };
  });
}

/** Text without whitespace (NFC), with the original offset of each kept character: line breaks and spacing may differ between versions. */
function compact(text: string): { s: string; at: number[] } {
  const nfc = text.normalize('NFC');
  let s = '';
  const at: number[] = [];
  // NFC may change lengths; offsets refer to the NFC string, which for pdf.js output is the text itself in practice.
  for (let i = 0; i < nfc.length; i++) {
    if (/\s/.test(nfc[i])) continue;
    s += nfc[i];
    at.push(i);
  }
  return { s, at };
}

const squeeze = (t: string) => t.normalize('NFC').replace(/\s+/g, '');

/** Length of the common end of a and b / common start. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export interface QuoteHit {
  page: number;
  start: number;
  end: number;
}

/**
 * Where the quote is in these pages: every occurrence of `exact` is scored by how much of
 * its prefix and suffix match, then by closeness to the page it was on.
 */
export function findQuote(pages: readonly { text: string }[], quote: Pick<TextQuoteSelector, 'exact' | 'prefix' | 'suffix'>, nearPage: number): QuoteHit | null {
  const exact = squeeze(quote.exact);
  if (!exact) return null;
  const prefix = squeeze(quote.prefix);
  const suffix = squeeze(quote.suffix);
  let best: (QuoteHit & { score: number }) | null = null;
  pages.forEach((p, i) => {
    const c = compact(p.text);
    for (let k = c.s.indexOf(exact); k >= 0; k = c.s.indexOf(exact, k + 1)) {
      const score = commonSuffix(c.s.slice(Math.max(0, k - prefix.length), k), prefix) + commonPrefix(c.s.slice(k + exact.length), suffix) - Math.abs(i + 1 - nearPage) / 1000;
      if (!best || score > best.score) best = { page: i + 1, start: c.at[k], end: c.at[k + exact.length - 1] + 1, score };
    }
  });
  if (!best) return null;
  const { page, start, end } = best;
  return { page, start, end };
}

/** Prefix and suffix (up to 32 characters each) around the first occurrence of `exact` in the page text. */
export function quoteContext(pageText: string | null, exact: string): { prefix: string; suffix: string } {
  if (!pageText) return { prefix: '', suffix: '' };
  const hit = findQuote([{ text: pageText }], { exact, prefix: '', suffix: '' }, 1);
  if (!hit) return { prefix: '', suffix: '' };
  return { prefix: pageText.slice(Math.max(0, hit.start - 32), hit.start), suffix: pageText.slice(hit.end, hit.end + 32) };
}

/**
 * Quad points (PDF user space) covering characters [start, end) of a page: one quad per text
 * run touched, split proportionally inside a run (good for the horizontal text of official documents).
 */
export function quadsFor(layout: PageLayout, start: number, end: number): Quad[] {
  const quads: Quad[] = [];
  for (const r of layout.runs) {
    if (r.end <= start || r.start >= end) continue;
    const len = r.end - r.start;
    const from = (Math.max(start, r.start) - r.start) / len;
    const to = (Math.min(end, r.end) - r.start) / len;
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
  const want = squeeze(oldText);
  if (!want) return null;
  if (pages[oldPage - 1] && squeeze(pages[oldPage - 1].text) === want) return oldPage;
  const i = pages.findIndex((p) => squeeze(p.text) === want);
  return i >= 0 ? i + 1 : null;
}
