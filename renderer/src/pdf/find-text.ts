/** The DOM-free part of find: joining a page's text runs and locating hits inside runs. */
import type { FoldedText } from '../../../shared/text/fold-map';

/** One hit: a range of the page's joined text (see pageText). */
export interface FindMatch {
  page: number;
  start: number;
  end: number;
}

/** A page's text runs joined the way the search index joins them (electron/services/search/pdf-text.ts). */
export interface PageText {
  /** Start offset of each text run (one per text-layer span, in order). */
  runStarts: number[];
  runs: string[];
  folded: FoldedText;
}

export function joinRuns(runs: readonly { str: string; hasEOL?: boolean }[]): { text: string; runStarts: number[] } {
  let text = '';
  const runStarts: number[] = [];
  for (const r of runs) {
    runStarts.push(text.length);
    text += r.str;
    if (r.hasEOL) text += '\n';
  }
  return { text, runStarts };
}

/** Pieces of run `i` covered by the matches: [from, to) offsets inside that run, with the match index. */
export function runSlices(text: PageText, matches: readonly FindMatch[], runIndex: number): { from: number; to: number; match: number }[] {
  const runStart = text.runStarts[runIndex];
  const runEnd = runStart + text.runs[runIndex].length;
  const out: { from: number; to: number; match: number }[] = [];
  matches.forEach((m, i) => {
    const from = Math.max(m.start, runStart);
    const to = Math.min(m.end, runEnd);
    if (from < to) out.push({ from: from - runStart, to: to - runStart, match: i });
  });
  return out;
}
