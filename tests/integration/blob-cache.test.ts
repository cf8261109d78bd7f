/** BlobCache against a real local HTTP server that honours (or ignores) Range requests. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobCache, type BlobFetcher } from '../../electron/services/blobs/blob-cache';
import { openCache } from '../../electron/services/cache/open-cache';
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
  return { dir, blobs: new BlobCache(dir, openCache(dir), () => new Date()) };
}

describe('BlobCache', () => {
  it('downloads, verifies and stores at blobs/<aa>/<sha256>', async () => {
    const { dir, blobs } = cache();
    const file = await blobs.ensure(sha, body.length, fetcher);
    expect(file).toBe(`${dir}/blobs/${sha.slice(0, 2)}/${sha}`);
    expect(fs.readFileSync(file).equals(body)).toBe(true);
    expect(blobs.isCached(sha)).toBe(true);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
  });

  it('resumes a partial download from the .part length with a Range request', async () => {
    const { blobs } = cache();
    fs.mkdirSync(blobs.partPath(sha).replace(/\/[^/]+$/, ''), { recursive: true });
    fs.writeFileSync(blobs.partPath(sha), body.subarray(0, 12_345));
    seenRanges.length = 0;
    const file = await blobs.ensure(sha, body.length, fetcher);
    expect(seenRanges).toEqual(['bytes=12345-']);
    expect(fs.readFileSync(file).equals(body)).toBe(true);
  });

  it('restarts from zero when the server answers 200 to a Range request', async () => {
    const { blobs } = cache();
    fs.mkdirSync(blobs.partPath(sha).replace(/\/[^/]+$/, ''), { recursive: true });
    fs.writeFileSync(blobs.partPath(sha), Buffer.from('garbage that must not stay at the front'));
    honourRange = false;
    try {
      const file = await blobs.ensure(sha, body.length, fetcher);
      expect(fs.readFileSync(file).equals(body)).toBe(true);
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
    expect(fs.readFileSync(again).equals(body)).toBe(true);

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
