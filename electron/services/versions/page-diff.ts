/**
 * The changes between two versions' page texts (each page joined by shared/text/page-text.ts,
 * as the search index stores it). Runs in a worker thread (workers/version-diff.worker.ts).
 *
 * Two steps, both with jsdiff's Myers diff: first the lines of the whole documents (so a passage
 * that moved to the next page because text was added above it is not a change), then the words
 * inside each run of differing lines (so a paragraph whose lines merely re-flowed around one
 * changed word shows that word). Words are compared folded (shared/text/fold.ts: case,
 * diacritics, compatibility forms, white space), which keeps the alignment steady when a PDF
 * producer encodes Vietnamese differently; a kept word whose tone or vowel differs ("tăng" →
 * "tầng") is then reported as changed (shared/text/tone-key.ts). Printed page numbers are not
 * passages: a page put in front renumbers every page after it.
 */
import { diffArrays } from 'diff';
import { foldVietnamese } from '../../../shared/text/fold';
import { toneKey } from '../../../shared/text/tone-key';
import { MAX_LISTED_CHANGES, type ChangePart, type PageSpan, type VersionChange } from '../../../shared/version-diff';

/** A line of a page: its offsets in the page text and its comparison key. */
interface Line {
  page: number;
  start: number;
  end: number;
  key: string;
  folded: string;
}

/** A word or a punctuation mark, with its place in its page text. */
interface Token {
  page: number;
  start: number;
  end: number;
  folded: string;
  tone: string;
}

type Op = 'same' | 'removed' | 'added';

export interface PageDiffResult {
  changes: VersionChange[];
  truncated: boolean;
  oldPageCount: number;
  newPageCount: number;
}

export interface PageDiffOptions {
  /** Time allowed to each Myers diff before the fallback (a coarser comparison). */
  timeoutMs?: number;
}

/** Kept words between two edits that still make them one passage ("… 5 tỷ đồng …" → one change). */
const JOIN_GAP = 3;
/** The wording shown for one change, at most. */
const MAX_TEXT = 1500;

const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;
/** A line that is only a printed page number: "5", "- 5 -", "Trang 5", "Trang 5/80", "Page 5 of 80". */
const PAGE_NUMBER = /^[-–—.\s]*(?:trang|page)?\s*\d{1,4}(?:\s*(?:\/|of|tren)\s*\d{1,4})?[-–—.\s]*$/u;

const foldCache = new Map<string, string>();
function fold(word: string): string {
  let f = foldCache.get(word);
  if (f === undefined) {
    f = foldVietnamese(word);
    if (foldCache.size < 200_000) foldCache.set(word, f);
  }
  return f;
}

const toneCache = new Map<string, string>();
function tone(word: string): string {
  let k = toneCache.get(word);
  if (k === undefined) {
    k = toneKey(word);
    if (toneCache.size < 200_000) toneCache.set(word, k);
  }
  return k;
}

/** The lines of every page, page-number lines at the top or bottom of a page left out. */
function linesOf(pages: readonly string[]): Line[] {
  const all: Line[] = [];
  pages.forEach((text, i) => {
    const page: Line[] = [];
    let start = 0;
    for (const raw of text.split('\n')) {
      const end = start + raw.length;
      // Compared by each word's tone key: a changed tone makes the line differ, a re-encoded one does not.
      const key = (raw.match(TOKEN) ?? []).map(tone).join(' ');
      if (key) page.push({ page: i + 1, start, end, key, folded: fold(raw).replace(/\s+/gu, ' ').trim() });
      start = end + 1;
    }
    if (page.length && PAGE_NUMBER.test(page[page.length - 1].folded)) page.pop();
    if (page.length && PAGE_NUMBER.test(page[0].folded)) page.shift();
    all.push(...page);
  });
  return all;
}

function tokensOf(pages: readonly string[], lines: readonly Line[]): Token[] {
  const tokens: Token[] = [];
  for (const line of lines) {
    const text = pages[line.page - 1].slice(line.start, line.end);
    for (const m of text.matchAll(TOKEN)) {
      const start = line.start + m.index;
      tokens.push({ page: line.page, start, end: start + m[0].length, folded: fold(m[0]), tone: tone(m[0]) });
    }
  }
  return tokens;
}

/** Myers diff of two key lists as runs of ops; null when it ran out of time. */
function runs(a: readonly string[], b: readonly string[], timeoutMs: number): { op: Op; count: number }[] | null {
  const result = diffArrays(a as string[], b as string[], { timeout: timeoutMs });
  if (!result) return null;
  return result.map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', count: c.count ?? c.value.length }));
}

/** One aligned step of a word diff: an old token, a new token, or both (kept). */
interface Step {
  op: Op;
  old?: Token;
  new?: Token;
}

/** Word steps of one block of differing lines; kept words whose spelling differs become removed + added. */
function wordSteps(oldTokens: Token[], newTokens: Token[], timeoutMs: number): Step[] {
  const r = runs(
    oldTokens.map((t) => t.folded),
    newTokens.map((t) => t.folded),
    timeoutMs,
  ) ?? [
    // Too different to align word by word within the time: one replacement.
    { op: 'removed' as const, count: oldTokens.length },
    { op: 'added' as const, count: newTokens.length },
  ];
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  for (const { op, count } of r) {
    for (let k = 0; k < count; k++) {
      if (op === 'removed') steps.push({ op, old: oldTokens[i++] });
      else if (op === 'added') steps.push({ op, new: newTokens[j++] });
      else {
        const o = oldTokens[i++];
        const n = newTokens[j++];
        if (o.tone === n.tone) steps.push({ op: 'same', old: o, new: n });
        else steps.push({ op: 'removed', old: o }, { op: 'added', new: n });
      }
    }
  }
  return steps;
}

/** The printed text of consecutive tokens of one version, white space collapsed, each page's part on its own. */
function textOf(pages: readonly string[], tokens: readonly Token[], leadingGap: boolean): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = i > 0 ? tokens[i - 1] : null;
    const gap = prev && prev.page === t.page ? pages[t.page - 1].slice(prev.end, t.start) : prev ? ' ' : '';
    out += (gap && /\s/u.test(gap)) || (prev && prev.page !== t.page) ? ' ' : gap;
    out += pages[t.page - 1].slice(t.start, t.end);
  }
  return leadingGap ? out : out.trimStart();
}

const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);

/** Whether two tokens stood apart with white space in their page text. */
function spaced(pages: readonly string[], a: Token | undefined, b: Token | undefined): boolean {
  if (!a || !b) return false;
  if (a.page !== b.page) return true;
  return /\s/u.test(pages[a.page - 1].slice(a.end, b.start));
}

interface Passage {
  steps: Step[];
  /** Where a pure removal was, in the new version: the new token after it (or before it, at the end). */
  at: { token: Token; after: boolean } | { line: Line; after: boolean } | null;
}

/** Splits the word steps of a block into passages of edits ([from, to] indices), joining edits a few kept words apart. */
function passagesOf(steps: readonly Step[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let current: { from: number; to: number } | null = null;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i].op === 'same') continue;
    if (current && i - current.to - 1 <= JOIN_GAP) current.to = i;
    else {
      if (current) out.push(current);
      current = { from: i, to: i };
    }
  }
  if (current) out.push(current);
  return out;
}

function spansOf(tokens: readonly Token[]): PageSpan[] {
  const spans: PageSpan[] = [];
  for (const t of tokens) {
    const last = spans[spans.length - 1];
    if (last && last.page === t.page) last.end = t.end;
    else spans.push({ page: t.page, start: t.start, end: t.end });
  }
  return spans;
}

const rangeOf = (pagesOf: readonly number[]) => ({ from: Math.min(...pagesOf), to: Math.max(...pagesOf) });

function toChange(oldPages: readonly string[], newPages: readonly string[], p: Passage, index: number): VersionChange {
  const olds = p.steps.filter((s) => s.old).map((s) => s.old!);
  const news = p.steps.filter((s) => s.new).map((s) => s.new!);
  const removed = p.steps.some((s) => s.op === 'removed');
  const added = p.steps.some((s) => s.op === 'added');
  const kind = removed && added ? 'changed' : added ? 'added' : 'removed';

  // The inline view: runs of the same op, each with the white space that preceded it.
  const parts: ChangePart[] = [];
  let run: Step[] = [];
  const flush = () => {
    if (!run.length) return;
    const op = run[0].op;
    const tokens = run.map((s) => (op === 'removed' ? s.old! : s.new!));
    const before = parts.length ? (op === 'removed' ? prevOld : prevNew) : undefined;
    const text = (spaced(op === 'removed' ? oldPages : newPages, before, tokens[0]) ? ' ' : '') + textOf(op === 'removed' ? oldPages : newPages, tokens, false);
    parts.push({ op, text: clip(text) });
    run = [];
  };
  let prevOld: Token | undefined;
  let prevNew: Token | undefined;
  for (const s of p.steps) {
    if (run.length && run[0].op !== s.op) {
      const last = run[run.length - 1];
      flush();
      if (last.old) prevOld = last.old;
      if (last.new) prevNew = last.new;
    }
    run.push(s);
  }
  flush();

  let spans = spansOf(news);
  if (spans.length === 0 && p.at) {
    const where = 'token' in p.at ? p.at.token : p.at.line;
    const offset = p.at.after ? where.end : where.start;
    spans = [{ page: where.page, start: offset, end: offset }];
  }
  if (spans.length === 0) spans = [{ page: 1, start: 0, end: 0 }];
  return {
    index,
    kind,
    oldPages: olds.length ? rangeOf(olds.map((t) => t.page)) : null,
    newPages: news.length ? rangeOf(news.map((t) => t.page)) : rangeOf(spans.map((s) => s.page)),
    oldText: clip(textOf(oldPages, olds, false)),
    newText: clip(textOf(newPages, news, false)),
    parts,
    spans,
  };
}

/** Compares two versions, page texts in page order. */
export function diffPageTexts(oldPages: readonly string[], newPages: readonly string[], opts: PageDiffOptions = {}): PageDiffResult {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const oldLines = linesOf(oldPages);
  const newLines = linesOf(newPages);
  const lineRuns =
    runs(
      oldLines.map((l) => l.key),
      newLines.map((l) => l.key),
      timeoutMs,
    ) ??
    // Too different for a line diff within the time: every line differs, the word diff decides.
    [
      { op: 'removed' as Op, count: oldLines.length },
      { op: 'added' as Op, count: newLines.length },
    ];

  const passages: Passage[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  while (k < lineRuns.length) {
    if (lineRuns[k].op === 'same') {
      i += lineRuns[k].count;
      j += lineRuns[k].count;
      k++;
      continue;
    }
    // A block of differing lines: the removed and added runs until the next kept line.
    const oi = i;
    const nj = j;
    while (k < lineRuns.length && lineRuns[k].op !== 'same') {
      if (lineRuns[k].op === 'removed') i += lineRuns[k].count;
      else j += lineRuns[k].count;
      k++;
    }
    const oldTokens = tokensOf(oldPages, oldLines.slice(oi, i));
    const newTokens = tokensOf(newPages, newLines.slice(nj, j));
    const steps = wordSteps(oldTokens, newTokens, timeoutMs);
    for (const { from, to } of passagesOf(steps)) {
      // A removal with no new word in it is shown where it was: before the next new word of the block, or its next line.
      let nextNew: Token | undefined;
      for (let n = from; n < steps.length && !nextNew; n++) nextNew = steps[n].new;
      let prevNew: Token | undefined;
      for (let n = from - 1; n >= 0 && !prevNew; n--) prevNew = steps[n].new;
      const at = nextNew
        ? { token: nextNew, after: false }
        : prevNew
          ? { token: prevNew, after: true }
          : newLines[j]
            ? { line: newLines[j], after: false }
            : newLines[nj - 1]
              ? { line: newLines[nj - 1], after: true }
              : null;
      passages.push({ steps: steps.slice(from, to + 1), at });
    }
  }
  const truncated = passages.length > MAX_LISTED_CHANGES;
  const changes = passages.slice(0, MAX_LISTED_CHANGES).map((p, n) => toChange(oldPages, newPages, p, n + 1));
  return { changes, truncated, oldPageCount: oldPages.length, newPageCount: newPages.length };
}
