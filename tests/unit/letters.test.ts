/**
 * A page counts as text from three letters on, in any script: Vietnamese words with tones count,
 * page numbers, dates and stamps' punctuation do not. The server's recognition job and the
 * desktop's search index use the same rule, so a page the server recognised is the page the
 * desktop fills with that text.
 */
import { describe, expect, it } from 'vitest';
import { hasAtLeastLetters, MIN_PAGE_LETTERS } from '../../shared/text/letters';
import { lacksText } from '../../electron/services/search/ocr-text';
import { hasTextLayer } from '../../server/ocr/recognise';

describe('letters on a page', () => {
  it('counts letters of any script, not digits, punctuation or spaces', () => {
    expect(hasAtLeastLetters('Trang 12 / 340 — 05/12/2026')).toBe(true);
    expect(hasAtLeastLetters('12 / 340 — 05/12/2026 ...')).toBe(false);
    expect(hasAtLeastLetters('Số 1')).toBe(false); // two letters: S, ố
    expect(hasAtLeastLetters('Số 1 đ')).toBe(true);
    expect(hasAtLeastLetters('ĐỒNG', 4)).toBe(true);
    expect(hasAtLeastLetters('ĐỒNG', 5)).toBe(false);
    expect(hasAtLeastLetters('', 0)).toBe(true);
  });

  it('gives the same answer as counting every letter, on pages of thousands of letters', () => {
    const page = 'Ủy ban nhân dân thành phố Hà Nội quyết định: '.repeat(500);
    for (const n of [1, 3, 10, 20_000]) expect(hasAtLeastLetters(page, n)).toBe((page.match(/\p{L}/gu)?.length ?? 0) >= n);
  });

  it('the server and the desktop decide alike which pages are scans', () => {
    for (const text of ['', '- 3 -', 'Số 1', 'Số 1 đ', 'QUYẾT ĐỊNH']) {
      expect(lacksText({ original: text })).toBe(!hasTextLayer(text));
      expect(hasTextLayer(text)).toBe(hasAtLeastLetters(text, MIN_PAGE_LETTERS));
    }
  });
});
