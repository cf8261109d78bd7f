/**
 * How far a PDF's Flate streams inflate is what refuses a bomb (pdf-limits.ts): every stream is
 * counted exactly, small ones (inflated in one call into a kept buffer) as large ones (the
 * streaming decoder), corrupt ones as far as a reader could read them, and the ceiling holds.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InflateCeilingReached, inflateLayers, inflatedLength, layeredInflater } from '../../signing/pdf/bounded-inflate';

const MiB = 1024 * 1024;
const NO_CEILING = 1024 * MiB;

/** Some page-like text: compresses well, but not to nothing. */
function text(bytes: number): Buffer {
  const words = ['Ủy ban', 'nhân dân', 'thành phố', 'Hà Nội', 'quyết định', 'kinh phí', 'dự án', '2026'];
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const w = `${words[(i * 7) % words.length]} ${i % 97} `;
    parts.push(w);
    n += Buffer.byteLength(w);
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

/** What `push` hands over, fed as `pieces` (one piece: the whole stream at once, as a small stream is). */
function inflateInPieces(data: Uint8Array, pieces: number, ceiling = NO_CEILING): { bytes: Buffer; broken: boolean } {
  const chunks: Uint8Array[] = [];
  const inflater = layeredInflater(1, ceiling, (c) => chunks.push(c));
  const step = Math.ceil(data.length / pieces);
  for (let i = 0; i < data.length; i += step) inflater.push(data.subarray(i, i + step), i + step >= data.length);
  return { bytes: Buffer.concat(chunks), broken: inflater.broken() };
}

describe('bounded inflate', () => {
  it('counts every stream exactly, however far a small one inflates', () => {
    const page = text(40_000);
    expect(inflatedLength(deflateSync(page), 1, NO_CEILING)).toBe(page.length);
    // A couple of KB that inflate past the buffer a small stream is first inflated into.
    for (const size of [MiB - 1, MiB, MiB + 1, 3 * MiB]) {
      const zeros = deflateSync(Buffer.alloc(size));
      expect(zeros.length).toBeLessThan(16 * 1024);
      expect(inflatedLength(zeros, 1, NO_CEILING)).toBe(size);
    }
    // Two Flate filters in a row, and the same bytes given a piece at a time.
    expect(inflatedLength(deflateSync(deflateSync(page)), 2, NO_CEILING)).toBe(page.length);
    expect(inflateInPieces(deflateSync(page), 3).bytes.equals(page)).toBe(true);
  });

  it('hands over the stream\'s own bytes, which the next stream does not overwrite', () => {
    const kept: Uint8Array[] = [];
    const a = text(5000);
    const b = Buffer.alloc(7000, 0x41);
    inflateLayers(deflateSync(a), 1, NO_CEILING, (c) => kept.push(c));
    inflateLayers(deflateSync(b), 1, NO_CEILING, (c) => kept.push(c));
    expect(Buffer.from(kept[0]).equals(a)).toBe(true);
    expect(Buffer.from(kept[1]).equals(b)).toBe(true);
  });

  it('reads a corrupt stream as far as a reader could, given whole or in pieces', () => {
    const page = text(200_000);
    const full = deflateSync(page);
    const cut = full.subarray(0, Math.floor(full.length / 2));
    expect(cut.length).toBeLessThan(16 * 1024);
    const whole = inflateInPieces(cut, 1);
    const pieces = inflateInPieces(cut, 4);
    expect(whole.broken).toBe(true);
    expect(whole.bytes.length).toBeGreaterThan(1000);
    expect(whole.bytes.length).toBe(pieces.bytes.length);
    expect(page.subarray(0, whole.bytes.length).equals(whole.bytes)).toBe(true);
    // Not zlib at all: nothing to read.
    expect(inflateInPieces(Buffer.from('not a zlib stream at all'), 1)).toEqual({ bytes: Buffer.alloc(0), broken: true });
  });

  it('stops at the ceiling, small stream or large', () => {
    expect(() => inflatedLength(deflateSync(text(10_000)), 1, 5000)).toThrow(InflateCeilingReached);
    expect(() => inflatedLength(deflateSync(Buffer.alloc(3 * MiB)), 1, 2 * MiB)).toThrow(InflateCeilingReached);
    expect(() => inflateInPieces(deflateSync(Buffer.alloc(3 * MiB)), 5, 2 * MiB)).toThrow(InflateCeilingReached);
    expect(inflatedLength(deflateSync(text(10_000)), 1, 10_000)).toBe(10_000);
    // A bomb cut short: a few KB that a reader would still inflate to megabytes before the end.
    const bomb = deflateSync(Buffer.alloc(8 * MiB));
    const cutBomb = bomb.subarray(0, bomb.length >> 1);
    expect(cutBomb.length).toBeLessThan(8 * 1024);
    expect(() => inflatedLength(cutBomb, 1, 2 * MiB)).toThrow(InflateCeilingReached);
    expect(inflatedLength(cutBomb, 1, NO_CEILING)).toBeGreaterThan(3 * MiB);
  });
});
