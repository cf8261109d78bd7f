/** BlobCache against a real local HTTP server that honours (or ignores) Range requests; files encrypted at rest. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobCache, type BlobFetcher } from '../../electron/services/blobs/blob-cache';
import { cacheKeyOf, openCache } from '../../electron/services/cache/open-cache';
import { blobKeyOf, CHUNK_BYTES, EncryptedBlobWriter, openEncryptedBlob, readDocumentFile } from '../../electron/services/crypto/blob-file';
import { removeTempDirs, tempDir } from './helpers/temp';

const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(200_000)]);
const sha = crypto.createHash('sha256').update(body).digest('hex');
let server: http.Server;
let base = '';
let honourRange = true;
let serveWrong = false;
const seenRanges: (string | undefined)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenRanges.push(req.headers.range);
    const bytes = serveWrong ? Buffer.from('%PDF-wrong') : body;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && honourRange) {
      const from = Number(m[1]);
      if (from >= bytes.length) {
        res.writeHead(416).end();
        return;
      }
      res.writeHead(206, { 'content-range': `bytes ${from}-${bytes.length - 1}/${bytes.length}` }).end(bytes.subarray(from));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pdf' }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  removeTempDirs();
});

const fetcher: BlobFetcher = (s, headers) => fetch(`${base}/${s}`, { headers });
const deadFetcher: BlobFetcher = () => fetch('http://127.0.0.1:1/nothing');
function cache() {
  const dir = tempDir();
  const db = openCache(dir);
  return { dir, db, blobs: new BlobCache(dir, db, () => new Date()), key: blobKeyOf(cacheKeyOf(db)) };
}

/** An interrupted download of this version: `bytes` of the body written, encrypted (the last chunk unfinished). */
async function partialDownload(file: string, key: Buffer, bytes: number) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const w = await EncryptedBlobWriter.create(file, key);
  await w.write(body.subarray(0, bytes));
  await w.abandon();
}

const readPlain = (file: string) => readDocumentFile(file);

describe('BlobCache', () => {
  it('downloads, verifies and stores at blobs/<aa>/<sha256>', async () => {
    const { dir, blobs } = cache();
    const file = await blobs.ensure(sha, body.length, fetcher);
    expect(file).toBe(`${dir}/blobs/${sha.slice(0, 2)}/${sha}`);
    expect((await readPlain(file)).equals(body)).toBe(true);
    // At rest the document is not there in clear: neither its header nor any run of its bytes.
    const raw = fs.readFileSync(file);
    expect(raw.includes(body.subarray(0, 8))).toBe(false);
    expect(raw.includes(body.subarray(100_000, 100_032))).toBe(false);
    expect(blobs.isCached(sha)).toBe(true);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
  });

  it('resumes a partial download after its last whole chunk with a Range request', async () => {
    const { blobs, key } = cache();
    await partialDownload(blobs.partPath(sha), key, 2 * CHUNK_BYTES + 12_345);
    seenRanges.length = 0;
    const file = await blobs.ensure(sha, body.length, fetcher);
    expect(seenRanges).toEqual([`bytes=${2 * CHUNK_BYTES}-`]);
    expect((await readPlain(file)).equals(body)).toBe(true);
  });

  it('a plain .part left by the previous version is not trusted: downloaded again from the start', async () => {
    const { blobs } = cache();
    fs.mkdirSync(path.dirname(blobs.partPath(sha)), { recursive: true });
    fs.writeFileSync(blobs.partPath(sha), body.subarray(0, 12_345));
    seenRanges.length = 0;
    const file = await blobs.ensure(sha, body.length, fetcher);
    expect(seenRanges).toEqual([undefined]);
    expect((await readPlain(file)).equals(body)).toBe(true);
  });

  it('a plain cached file of the previous version is encrypted in place when first checked, and still verifies', async () => {
    const { db, blobs } = cache();
    const file = blobs.finalPath(sha);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    db.prepare("INSERT INTO blobs (sha256, size, path, verified_at, last_access) VALUES (?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')").run(sha, body.length, file);
    expect(await blobs.verifiedPath(sha)).toBe(file);
    expect(fs.readFileSync(file).includes(body.subarray(100_000, 100_032))).toBe(false);
    expect((await readPlain(file)).equals(body)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a range decrypts only the chunks it lies in: a damaged chunk elsewhere does not stop it', async () => {
    const { blobs } = cache();
    const file = await blobs.ensure(sha, body.length, fetcher);
    const raw = fs.readFileSync(file);
    raw[raw.length - 10] ^= 0xff; // inside the last chunk
    fs.writeFileSync(file, raw);
    const reader = await openEncryptedBlob(file);
    try {
      expect(reader.size).toBe(body.length);
      const across: Buffer[] = [];
      for await (const part of reader.range(CHUNK_BYTES - 100, CHUNK_BYTES + 100)) across.push(part);
      expect(Buffer.concat(across).equals(body.subarray(CHUNK_BYTES - 100, CHUNK_BYTES + 101))).toBe(true);
      await expect(async () => {
        for await (const part of reader.range(body.length - 5, body.length - 1)) void part;
      }).rejects.toThrow(/does not decrypt/);
    } finally {
      await reader.close();
    }
    // The cache sees the damage and will not serve the file.
    expect(await blobs.verifiedPath(sha)).toBeNull();
  });

  it('restarts from zero when the server answers 200 to a Range request', async () => {
    const { blobs, key } = cache();
    await partialDownload(blobs.partPath(sha), key, CHUNK_BYTES + 5);
    honourRange = false;
    try {
      const file = await blobs.ensure(sha, body.length, fetcher);
      expect((await readPlain(file)).equals(body)).toBe(true);
    } finally {
      honourRange = true;
    }
  });

  it('a hash mismatch deletes the download and raises hash_mismatch', async () => {
    const { blobs } = cache();
    serveWrong = true;
    try {
      await expect(blobs.ensure(sha, body.length, fetcher)).rejects.toMatchObject({ code: 'hash_mismatch' });
    } finally {
      serveWrong = false;
    }
    expect(fs.existsSync(blobs.partPath(sha))).toBe(false);
    expect(fs.existsSync(blobs.finalPath(sha))).toBe(false);
  });

  it('detects a blob damaged on disk: re-downloads online, blob_corrupt offline', async () => {
    const { blobs } = cache();
    const file = await blobs.ensure(sha, body.length, fetcher);
    fs.writeFileSync(file, Buffer.from('%PDF-damaged'));
    expect(await blobs.verifiedPath(sha)).toBeNull();
    const again = await blobs.ensure(sha, body.length, fetcher);
    expect((await readPlain(again)).equals(body)).toBe(true);

    fs.writeFileSync(file, Buffer.from('%PDF-damaged again'));
    await expect(blobs.ensure(sha, body.length, deadFetcher)).rejects.toMatchObject({ code: 'blob_corrupt' });
    await expect(blobs.ensure(sha, body.length, deadFetcher)).rejects.toMatchObject({ code: 'offline' });
  });

  it('hashes a cached file at most once per change of the file, however many opens ask at once', async () => {
    const { blobs } = cache();
    const file = await blobs.ensure(sha, body.length, fetcher);
    const afterDownload = blobs.hashedFiles;
    // Twenty opens (and the viewer's range reads) of an unchanged file: no hashing at all.
    await Promise.all(Array.from({ length: 20 }, () => blobs.ensure(sha, body.length, deadFetcher)));
    for (let i = 0; i < 5; i++) expect(await blobs.verifiedPath(sha)).toBe(file);
    expect(blobs.hashedFiles).toBe(afterDownload);

    // The file is rewritten (same bytes, so still valid): hashed again, once for all callers.
    fs.writeFileSync(file, body);
    await Promise.all(Array.from({ length: 10 }, () => blobs.verifiedPath(sha)));
    expect(blobs.hashedFiles).toBe(afterDownload + 1);
    expect(await blobs.ensure(sha, body.length, deadFetcher)).toBe(file);
    expect(blobs.hashedFiles).toBe(afterDownload + 1);
  });

  it('refuses a name that is not a sha256 before touching the filesystem', () => {
    const { blobs } = cache();
    expect(() => blobs.finalPath('../../etc/passwd')).toThrow();
  });
});
