/**
 * A cached document read by byte ranges (what the search indexer's PDF check and pdf.js do): an
 * encrypted cache file keeps its last decrypted chunks, so reads close together do not decrypt
 * the same 64 KiB again. Whatever the order of the reads, each one gives exactly the document's
 * bytes, and a wrong key or a damaged file is still refused.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, DamagedBlobError, openDocumentRanges, CHUNKS_KEPT, writeEncryptedBlob } from '../../electron/services/crypto/blob-file';
import { removeTempDirs, tempDir } from './helpers/temp';

afterAll(removeTempDirs);

describe('a cached document read by ranges', () => {
  it('gives the exact bytes of every range, in any order, across chunks and past the kept ones', async () => {
    const dir = tempDir();
    const key = crypto.randomBytes(32);
    const plain = crypto.randomBytes(CHUNK_BYTES * (CHUNKS_KEPT + 3) + 1234);
    const file = path.join(dir, 'doc');
    await writeEncryptedBlob(file, key, plain);
    const doc = await openDocumentRanges(file, key);
    try {
      expect(doc.size).toBe(plain.length);
      const ranges: [number, number][] = [
        [0, 10],
        [CHUNK_BYTES - 5, CHUNK_BYTES + 5], // across a chunk boundary
        [0, 10], // again, from a kept chunk
        [plain.length - 100, plain.length + 50], // past the end: up to the end
        [CHUNK_BYTES * 2, CHUNK_BYTES * 6], // several whole chunks: the first ones no longer kept
        [5, CHUNK_BYTES * 2 + 7],
        [plain.length, plain.length + 10], // nothing left
      ];
      // And a few hundred small reads going back and forth, as a PDF parser's are.
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
      for (let k = 0; k < 300; k++) {
        const start = next() % plain.length;
        ranges.push([start, start + (next() % 3000)]);
      }
      for (const [start, end] of ranges) {
        const got = await doc.read(start, end);
        expect(Buffer.from(got).equals(plain.subarray(start, Math.min(end, plain.length))), `${start}…${end}`).toBe(true);
      }
      // Into a caller's array: the range at its start.
      const into = new Uint8Array(CHUNK_BYTES * 2);
      const part = await doc.read(1000, 1000 + CHUNK_BYTES + 10, into);
      expect(part.buffer).toBe(into.buffer);
      expect(Buffer.from(part).equals(plain.subarray(1000, 1000 + CHUNK_BYTES + 10))).toBe(true);
    } finally {
      await doc.close();
    }
  });

  it('refuses a chunk that does not decrypt, even after other chunks were read and kept', async () => {
    const dir = tempDir();
    const key = crypto.randomBytes(32);
    const plain = crypto.randomBytes(CHUNK_BYTES * 3);
    const file = path.join(dir, 'doc');
    await writeEncryptedBlob(file, key, plain);
    // One byte changed in the last chunk's sealed data.
    const sealed = fs.readFileSync(file);
    sealed[sealed.length - 40] ^= 0xff;
    fs.writeFileSync(file, sealed);
    const doc = await openDocumentRanges(file, key);
    try {
      expect(Buffer.from(await doc.read(0, 100)).equals(plain.subarray(0, 100))).toBe(true);
      await expect(doc.read(CHUNK_BYTES * 2 + 5, CHUNK_BYTES * 2 + 50)).rejects.toBeInstanceOf(DamagedBlobError);
      const other = await openDocumentRanges(file, crypto.randomBytes(32));
      try {
        await expect(other.read(0, 100)).rejects.toBeInstanceOf(DamagedBlobError);
      } finally {
        await other.close();
      }
    } finally {
      await doc.close();
    }
  });
});
