import type { OcrWord } from '../ocr';

/**
 * The text runs of a scanned page, one per recognised word: the word with the space that
 * follows it (none after the last). Joined, they are the page's text as the search index holds
 * it; the reader lays one span per run over the scan, and re-anchoring places highlights on them.
 */
export function ocrRunTexts(words: readonly OcrWord[]): string[] {
  return words.map((w, i) => (i < words.length - 1 ? `${w.text} ` : w.text));
}
