/**
 * A scanned page laid out from its recognised words (re-anchoring a highlight on a scan): the
 * words' boxes, given as fractions of the page as displayed, become quad points in the page's
 * user space, whatever the page's own rotation.
 */
import { describe, expect, it } from 'vitest';
import { displayedToUserSpace, ocrPageLayout, quadsFor } from '../../electron/services/annotations/anchoring';
import type { OcrWord } from '../../shared/ocr';

const A4 = [0, 0, 595, 842];
const words: OcrWord[] = [
  { text: 'Quyết', box: [0.1, 0.1, 0.2, 0.12] },
  { text: 'định', box: [0.22, 0.1, 0.3, 0.12] },
  { text: 'số', box: [0.32, 0.1, 0.36, 0.12] },
];

describe('a scanned page laid out from its recognised words', () => {
  it('has the text the search index holds (words joined by a space)', () => {
    expect(ocrPageLayout(words, { view: A4, rotate: 0 }).text).toBe('Quyết định số');
  });

  it('a phrase of it gets the quads of its words, top-left corner first, in user space (y up)', () => {
    const layout = ocrPageLayout(words, { view: A4, rotate: 0 });
    const start = 'Quyết '.length;
    const quads = quadsFor(layout, start, start + 'định số'.length);
    expect(quads).toHaveLength(2);
    const [x1, y1, x2, , , y3] = quads[0];
    expect([x1, x2]).toEqual([0.22 * 595, 0.3 * 595]);
    expect(y1).toBeCloseTo(842 * 0.9);
    expect(y3).toBeCloseTo(842 * 0.88);
    // Part of a word: its share of the box.
    const [a, , b] = quadsFor(layout, 0, 2)[0];
    expect(b - a).toBeCloseTo((0.1 * 595 * 2) / 5);
  });

  it('on a page turned by its own rotation, the displayed top-left corner is where that rotation puts it', () => {
    const box = { view: [0, 0, 600, 800], rotate: 0 };
    expect(displayedToUserSpace(box, 0, 0)).toEqual([0, 800]);
    expect(displayedToUserSpace({ ...box, rotate: 90 }, 0, 0)).toEqual([0, 0]);
    expect(displayedToUserSpace({ ...box, rotate: 90 }, 1, 0)).toEqual([0, 800]);
    expect(displayedToUserSpace({ ...box, rotate: 180 }, 0, 0)).toEqual([600, 0]);
    expect(displayedToUserSpace({ ...box, rotate: 270 }, 0, 0)).toEqual([600, 800]);
    expect(displayedToUserSpace({ ...box, rotate: 270 }, 0, 1)).toEqual([0, 800]);
  });
});
