/** The reader's column layout: where each page is, from the page sizes, scale and rotation (only the pages near the view have boxes). */
import { describe, expect, it } from 'vitest';
import { COLUMN_PAD, PAGE_GAP, columnLayout, pageAt, pagesBetween } from '../../renderer/src/pdf/viewer/page-layout';

const letter = { width: 612, height: 792 };
const landscape = { width: 792, height: 612 };

describe('the reader column layout (pages placed from their sizes, with or without boxes)', () => {
  it('places each page below the last, boxes floored as PdfPage draws them, with the gap after each', () => {
    const l = columnLayout(3, { 1: letter, 2: landscape }, letter, 1.5, 0);
    expect([l.tops[1], l.tops[2], l.tops[3]]).toEqual([COLUMN_PAD, COLUMN_PAD + 1188 + PAGE_GAP, COLUMN_PAD + 1188 + 918 + 2 * PAGE_GAP]);
    expect([l.heights[1], l.heights[2], l.heights[3]]).toEqual([1188, 918, 1188]);
    expect(l.tops[4]).toBe(l.tops[3] + 1188 + PAGE_GAP);
    expect(l.maxWidth).toBe(1188);
  });

  it('turns the boxes with the rotation, and gives pages of unknown size the first page\'s', () => {
    const l = columnLayout(2, { 1: letter }, letter, 1, 90);
    expect([l.heights[1], l.heights[2]]).toEqual([612, 612]);
    expect(l.maxWidth).toBe(792);
  });

  it('finds the page at a height, its gap included, and the pages meeting a band', () => {
    const l = columnLayout(352, { 1: letter }, letter, 1, 0);
    expect(pageAt(l, 0)).toBe(1);
    expect(pageAt(l, l.tops[300])).toBe(300);
    expect(pageAt(l, l.tops[300] - 1)).toBe(299);
    expect(pageAt(l, l.tops[300] + 792 + PAGE_GAP - 1)).toBe(300);
    expect(pageAt(l, 1e9)).toBe(352);
    expect(pagesBetween(l, l.tops[10] + 5, l.tops[12] + 5)).toEqual({ from: 10, to: 12 });
    expect(pageAt(columnLayout(0, {}, letter, 1, 0), 100)).toBe(1);
  });
});
