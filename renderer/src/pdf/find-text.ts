/** The DOM-free part of find: a page's joined text (shared with the search index) and locating hits inside text-layer runs. */
import { foldWithMap, type FoldedText } from '../../../shared/text/fold-map';
import { joinPageText } from '../../../shared/text/page-text';
import type { OcrWord } from '../../../shared/ocr';
import { ocrRunTexts } from '../../../shared/text/ocr-runs';

/** One hit: a range of the page's joined text (see pageTextOf). */
export interface FindMatch {
  page: number;
  start: number;
  end: number;
}

/** A page's text runs joined by shared/text/page-text.ts, as the search index joins them. */
export interface PageText {
  /** Start offset of each text run (one per text-layer span, in order). */
  runStarts: number[];
  /** How many characters of each run are in the joined text. */
  runLengths: number[];
  folded: FoldedText;
}

/** PageText of the items `getTextContent(TEXT_CONTENT_OPTIONS)` gave for one page. */
export function pageTextOf(items: readonly unknown[]): PageText {
  const { text, runStarts, runLengths } = joinPageText(items);
  return { runStarts, runLengths, folded: foldWithMap(text) };
}

/** Pieces of run `i` covered by the matches: [from, to) offsets inside that run, with the match index. */
export function runSlices(text: PageText, matches: readonly FindMatch[], runIndex: number): { from: number; to: number; match: number }[] {
  const runStart = text.runStarts[runIndex];
  const runEnd = runStart + (text.runLengths[runIndex] ?? 0);
  const out: { from: number; to: number; match: number }[] = [];
  matches.forEach((m, i) => {
    const from = Math.max(m.start, runStart);
    const to = Math.min(m.end, runEnd);
    if (from < to) out.push({ from: from - runStart, to: to - runStart, match: i });
  });
  return out;
}

export { ocrRunTexts };

/** A scanned page's text from its recognised words, one run per word span (joined, the search index's text of the page). */
export function ocrPageText(words: readonly OcrWord[]): PageText {
  const runs = ocrRunTexts(words);
  const runStarts: number[] = [];
  let at = 0;
  for (const r of runs) {
    runStarts.push(at);
    at += r.length;
  }
  return { runStarts, runLengths: runs.map((r) => r.length), folded: foldWithMap(runs.join('')) };
}
