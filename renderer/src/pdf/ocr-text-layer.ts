/**
 * The server's recognised words (OCR) laid over a scanned page as an invisible, selectable text
 * layer, the way pdf.js lays its text over a typed page: one transparent span per word at its
 * box, stretched to the box's width. The spans' text, joined, is the page's recognised text as
 * the search index holds it (words joined by one space), so find-in-document can highlight a
 * hit in them exactly as in pdf.js' spans (same runs, see find-text.ts).
 */
import type { OcrWord } from '../../../shared/ocr';
import { ocrRunTexts } from './find-text';

/**
 * A scanned page's words as text items (one per span, `str` its text): what pdf.js'
 * `getTextContent` gives for a typed page, so a selection's place in the page text (which
 * occurrence, its context) is found the same way on both.
 */
export function ocrTextItems(words: readonly OcrWord[]): { str: string; hasEOL: boolean }[] {
  return ocrRunTexts(words).map((str) => ({ str, hasEOL: false }));
}

/** What the highlighter needs of a text layer: pdf.js' TextLayer has the same two lists. */
export interface TextRuns {
  textDivs: HTMLElement[];
  textContentItemsStr: string[];
}

const FONT = 'sans-serif';

/**
 * Fills `layer` with the words' spans for a page of `width` × `height` CSS pixels (as displayed
 * with the page's own rotation), turned by the reader's `rotation` (0, 90, 180, 270).
 */
export function renderOcrTextLayer(layer: HTMLElement, words: readonly OcrWord[], width: number, height: number, rotation: number): TextRuns {
  const box = document.createElement('div');
  box.className = 'ocr-words';
  box.style.position = 'absolute';
  box.style.left = '0';
  box.style.top = '0';
  box.style.transformOrigin = '0 0';
  box.style.width = `${width}px`;
  box.style.height = `${height}px`;
  const turn: Record<number, string> = { 90: 'rotate(90deg) translateY(-100%)', 180: 'rotate(180deg) translate(-100%, -100%)', 270: 'rotate(270deg) translateX(-100%)' };
  box.style.transform = turn[rotation] ?? 'none';
  const measure = document.createElement('canvas').getContext('2d');
  const texts = ocrRunTexts(words);
  const divs = words.map((w, i) => {
    const [x0, y0, x1, y1] = w.box;
    const fontPx = Math.max(1, (y1 - y0) * height);
    const span = document.createElement('span');
    // As pdf.js marks its text spans: a selection is located by them (annotations/selection.ts).
    span.setAttribute('role', 'presentation');
    span.textContent = texts[i];
    span.style.left = `${x0 * width}px`;
    span.style.top = `${y0 * height}px`;
    span.style.fontSize = `${fontPx}px`;
    span.style.fontFamily = FONT;
    let stretch = 1;
    if (measure) {
      measure.font = `${fontPx}px ${FONT}`;
      const natural = measure.measureText(w.text).width;
      if (natural > 0) stretch = ((x1 - x0) * width) / natural;
    }
    span.style.transform = `scaleX(${stretch})`;
    box.append(span);
    return span;
  });
  layer.replaceChildren(box);
  return { textDivs: divs, textContentItemsStr: texts };
}
