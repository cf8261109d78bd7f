/**
 * Tesseract's TSV output (one row per page, block, paragraph, line and word, with its box in
 * pixels of the image) read into the page's words with boxes as fractions of the page, and the
 * page's text: words joined by a space within a line, lines by a line break.
 */
import type { OcrWord } from '../../shared/ocr';

const WORD_LEVEL = 5;
const LINE_LEVEL = 4;
const PAGE_LEVEL = 1;

export interface RecognisedPage {
  text: string;
  words: OcrWord[];
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

export function readTesseractTsv(tsv: string): RecognisedPage {
  let width = 0;
  let height = 0;
  const lines: { top: number; bottom: number; words: { text: string; left: number; right: number }[] }[] = [];
  const lineOf = new Map<string, (typeof lines)[number]>();
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12) continue;
    const [level, , block, par, line, , left, top, w, h] = c.slice(0, 10).map(Number);
    const key = `${block}.${par}.${line}`;
    if (level === PAGE_LEVEL) {
      width = w;
      height = h;
    } else if (level === LINE_LEVEL) {
      const l = { top, bottom: top + h, words: [] };
      lines.push(l);
      lineOf.set(key, l);
    } else if (level === WORD_LEVEL) {
      const text = c.slice(11).join('\t').normalize('NFC').trim();
      if (text) lineOf.get(key)?.words.push({ text, left, right: left + w });
    }
  }
  if (!width || !height) return { text: '', words: [] };
  const words: OcrWord[] = [];
  const texts: string[] = [];
  for (const l of lines) {
    if (l.words.length === 0) continue;
    texts.push(l.words.map((w) => w.text).join(' '));
    for (const w of l.words) words.push({ text: w.text, box: [clamp(w.left / width), clamp(l.top / height), clamp(w.right / width), clamp(l.bottom / height)] });
  }
  return { text: texts.join('\n'), words };
}
