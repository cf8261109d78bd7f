import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfFileSource } from '../../signing/pdf/file-source';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-file-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What readUntil must answer: the bytes from `from` to the end of the first needle, if within `max`. */
function expected(bytes: Buffer, from: number, needle: Buffer, max: number): Buffer | null {
  if (from < 0 || from >= bytes.length) return null;
  const at = bytes.indexOf(needle, from);
  if (at < 0 || at + needle.length - from > max) return null;
  return bytes.subarray(from, at + needle.length);
}

describe('PdfFileSource.readUntil (read ahead)', () => {
  // Objects of all sizes, some longer than the read-ahead window, "endobj" straddling its edges.
  const parts: Buffer[] = [];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 400; i++) {
    const len = rand() < 0.05 ? 150_000 + Math.floor(rand() * 100_000) : Math.floor(rand() * 3000);
    parts.push(Buffer.from(`${i} 0 obj\n`), Buffer.alloc(len, 0x61 + (i % 20)), Buffer.from('\nendobj\n'));
  }
  const bytes = Buffer.concat(parts);
  const file = path.join(dir, 'objects.bin');
  writeFileSync(file, bytes);
  const needle = Buffer.from('endobj');

  it('answers as a plain search of the file does, in order, out of order, and with every limit', () => {
    const source = PdfFileSource.open(file);
    try {
      const starts: number[] = [];
      for (let at = bytes.indexOf('obj\n'); at >= 0; at = bytes.indexOf('obj\n', at + 1)) starts.push(at - 4);
      const shuffled = [...starts].sort(() => rand() - 0.5);
      const positions = [...starts, ...shuffled, 0, 1, bytes.length - 3, bytes.length - 1, bytes.length, -1];
      for (const from of positions) {
        for (const max of [10, 600, 65_600, 300_000]) {
          const want = expected(bytes, from, needle, max);
          const got = source.readUntil(from, needle, max);
          if (want === null) expect(got, `from ${from} max ${max}`).toBe(-1);
          else {
            expect(got, `from ${from} max ${max}`).toBe(want.length);
            expect(source.scratch.subarray(0, got).equals(want)).toBe(true);
          }
        }
      }
    } finally {
      source.close();
    }
  });
});
