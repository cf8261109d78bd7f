/**
 * Where a highlight's text sits in its page, in the page's joined text (shared/text/page-text.ts,
 * the joiner of find and search): the quote with the text around it and which occurrence of the
 * quote it is. The reader computes it from the member's selection; the client services use the
 * same functions to check it and to carry the highlight to a new version.
 *
 * White space is ignored when quotes are compared: a new version may break lines differently.
 */

/** Characters of context kept on each side of a quote. */
export const QUOTE_CONTEXT_CHARS = 32;

export interface CompactText {
  /** The text without white space. */
  s: string;
  /** For each character of `s`: its offset in the original text. */
  at: number[];
}

/** NFC, unless that changes the length (offsets must stay those of the original text). */
function nfc(text: string): string {
  const n = text.normalize('NFC');
  return n.length === text.length ? n : text;
}

export function compactText(text: string): CompactText {
  const src = nfc(text);
  let s = '';
  const at: number[] = [];
  for (let i = 0; i < src.length; i++) {
    if (/\s/.test(src[i])) continue;
    s += src[i];
    at.push(i);
  }
  return { s, at };
}

export const squeezeText = (t: string): string => t.normalize('NFC').replace(/\s+/g, '');

export interface TextSpan {
  start: number;
  end: number;
}

/** Every occurrence of `exact` in `text` (white space ignored), in order, overlapping ones included. */
export function occurrencesIn(c: CompactText, exact: string): TextSpan[] {
  const q = squeezeText(exact);
  const out: TextSpan[] = [];
  if (!q) return out;
  for (let k = c.s.indexOf(q); k >= 0; k = c.s.indexOf(q, k + 1)) out.push({ start: c.at[k], end: c.at[k + q.length - 1] + 1 });
  return out;
}

/** A highlight's place in its page: W3C TextQuoteSelector fields plus TextPositionSelector ones. */
export interface QuotePosition {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  /** How many occurrences of `exact` come before this one on the page (0: the first). */
  occurrence: number;
}

/** The quote at characters [start, end) of a page's joined text (white space at its ends left out); null when there is no text there. */
export function quoteAt(text: string, start: number, end: number): QuotePosition | null {
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (s === e) return null;
  const exact = text.slice(s, e).replace(/\s+/g, ' ');
  const occurrence = occurrencesIn(compactText(text), exact).filter((o) => o.start < s).length;
  return {
    exact,
    prefix: text.slice(Math.max(0, s - QUOTE_CONTEXT_CHARS), s),
    suffix: text.slice(e, e + QUOTE_CONTEXT_CHARS),
    start: s,
    end: e,
    occurrence,
  };
}

/** The `occurrence`-th (from 0) place of `exact` in the page text, as a QuotePosition; null when there are fewer. */
export function nthQuote(text: string, exact: string, occurrence: number): QuotePosition | null {
  const hit = occurrencesIn(compactText(text), exact)[occurrence];
  return hit ? quoteAt(text, hit.start, hit.end) : null;
}
