/**
 * Folded text that remembers where each folded character came from, so a match found on the
 * folded form ("dong y") can be shown on the original ("đồng ý"): highlighted in the reader's
 * text layer, cut out as a search snippet.
 */
import { foldVietnamese } from './fold';

export interface FoldedText {
  /** Folded, with every run of white space collapsed to one ' '. */
  folded: string;
  /** For each folded character: [start, end) of the original characters it came from. */
  starts: number[];
  ends: number[];
}

/** A range in the original text. */
export interface TextRange {
  start: number;
  end: number;
}

const MARK = /\p{M}/u;
const SPACE = /\s/u;

/** Folding one letter is the hot path of snippets and find: remember each letter's folding. */
const letterCache = new Map<string, string>();
function foldLetter(group: string): string {
  let f = letterCache.get(group);
  if (f === undefined) {
    f = foldVietnamese(group);
    if (letterCache.size < 10_000) letterCache.set(group, f);
  }
  return f;
}

/** Combining marks live in a few blocks; test the cheap range first. */
const isMark = (ch: string) => {
  const c = ch.charCodeAt(0);
  return c >= 0x300 && (c <= 0x36f || (c >= 0x1ab0 && MARK.test(ch)));
};
const isSpace = (ch: string) => ch === ' ' || ch === '\n' || (ch.charCodeAt(0) <= 0x20 ? ch.trim() === '' : ch.charCodeAt(0) >= 0x80 && SPACE.test(ch));

/** The query form: folded, white space collapsed and trimmed. */
export function foldQuery(query: string): string {
  return foldVietnamese(query).replace(/\s+/gu, ' ').trim();
}

/**
 * Folds character by character (a base letter together with its combining marks, so NFD input
 * works too) and records the origin of every folded character.
 */
export function foldWithMap(text: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    // Keep following combining marks with their base letter ("e" + U+0302 + U+0300 → "ề").
    while (i < text.length && isMark(text[i])) i++;
    const group = text.slice(start, i);
    if (isSpace(group)) {
      if (folded.endsWith(' ')) {
        ends[ends.length - 1] = i;
        continue;
      }
      folded += ' ';
      starts.push(start);
      ends.push(i);
      continue;
    }
    for (const ch of foldLetter(group)) {
      for (let k = 0; k < ch.length; k++) {
        starts.push(start);
        ends.push(i);
      }
      folded += ch;
    }
  }
  return { folded, starts, ends };
}

/** Every occurrence of the (already folded) needle, as ranges of the original text. */
export function findFolded(text: FoldedText, needle: string, limit = Infinity): TextRange[] {
  const hits: TextRange[] = [];
  if (!needle) return hits;
  let from = 0;
  while (hits.length < limit) {
    const at = text.folded.indexOf(needle, from);
    if (at < 0) break;
    hits.push({ start: text.starts[at], end: text.ends[at + needle.length - 1] });
    from = at + needle.length;
  }
  return hits;
}

/** Pieces of a snippet; `hit` pieces are shown highlighted. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * A short piece of the original text around the first hit (at most `maxHits` hits marked),
 * trimmed to whole words where possible.
 */
export function snippetAround(original: string, hits: readonly TextRange[], radius = 70, maxHits = 5): SnippetPart[] {
  if (hits.length === 0) return [{ text: clip(original, 0, Math.min(original.length, radius * 2)), hit: false }];
  const first = hits[0];
  let from = Math.max(0, first.start - radius);
  let to = Math.min(original.length, first.end + radius);
  if (from > 0) {
    const space = original.indexOf(' ', from);
    if (space >= 0 && space < first.start) from = space + 1;
  }
  if (to < original.length) {
    const space = original.lastIndexOf(' ', to);
    if (space > first.end) to = space;
  }
  const parts: SnippetPart[] = [];
  let at = from;
  for (const h of hits.slice(0, maxHits)) {
    if (h.start < at || h.end > to) continue;
    if (h.start > at) parts.push({ text: clip(original, at, h.start), hit: false });
    parts.push({ text: clip(original, h.start, h.end), hit: true });
    at = h.end;
  }
  if (at < to) parts.push({ text: clip(original, at, to), hit: false });
  if (from > 0) parts[0].text = `…${parts[0].text}`;
  if (to < original.length) parts[parts.length - 1].text += '…';
  return parts;
}

const clip = (s: string, a: number, b: number) => s.slice(a, b).replace(/\s+/gu, ' ');

/**
 * findFolded(foldWithMap(text), needle) for one-off searches (snippets of many pages): when
 * folding keeps the text's length, as it does for Vietnamese in NFC, positions correspond one
 * to one and a single native fold plus a regular expression is enough.
 */
export function findInText(text: string, needle: string, limit = Infinity): TextRange[] {
  if (!needle) return [];
  const folded = foldVietnamese(text);
  if (folded.length !== text.length) return findFolded(foldWithMap(text), needle, limit);
  const pattern = needle
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  const hits: TextRange[] = [];
  const re = new RegExp(pattern, 'gu');
  for (let m = re.exec(folded); m && hits.length < limit; m = re.exec(folded)) {
    hits.push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return hits;
}
