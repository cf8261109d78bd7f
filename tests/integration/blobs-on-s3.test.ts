/**
 * A server whose blobs are in an S3 bucket (s3rver, a real S3 endpoint over HTTP): the
 * secretary uploads a PDF, the desktop's blob cache downloads it resuming with Range, and the
 * bucket is read with ranged GETs only; on PostgreSQL a second instance serves the same blob.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobCache, type BlobFetcher } from '../../electron/services/blobs/blob-cache';
import { cacheKeyOf, openCache } from '../../electron/services/cache/open-cache';
import { blobKeyOf, CHUNK_BYTES, EncryptedBlobWriter, readDocumentFile } from '../../electron/services/crypto/blob-file';
import { addUser, DIALECTS, login, PASSWORD, sha256Hex, startTestServer, uploadPdf, type TestServer } from '../server/helpers';
import { startS3ForTests, type S3ForTests } from '../helpers/s3-for-tests';
import { removeTempDirs, tempDir } from './helpers/temp';

/** A real PDF of a few chunks (an attached file that does not compress). */
async function sizeablePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.drawText('To trinh ky hop', { x: 20, y: 100, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  await doc.attach(crypto.randomBytes(4 * CHUNK_BYTES), 'phu-luc.bin', { mimeType: 'application/octet-stream' });
  return doc.save();
}

let s3: S3ForTests;
beforeAll(async () => {
  s3 = await startS3ForTests();
});
afterAll(async () => {
  await s3?.stop();
  removeTempDirs();
});

describe.each(DIALECTS)('blobs in S3 (%s)', (dialect) => {
  let a: TestServer;
  let token: string;
  let pdf: Uint8Array;
  let sha: string;
  const fetcherOf = (server: TestServer): BlobFetcher => (s, headers) => fetch(`${server.url}/api/blobs/${s}`, { headers: { ...headers, authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    a = await startTestServer({ dialect, blobStore: s3.option(`committee-${dialect}`) });
    await addUser(a.dataDir, { username: 'thuky', fullName: 'Thư Ký', role: 'secretary', password: PASSWORD });
    token = (await login(a.url, 'thuky')).accessToken;
    pdf = await sizeablePdf();
    sha = sha256Hex(pdf);
  });
  afterAll(async () => a?.stop());

  it('stores an uploaded PDF in the bucket, not in the data folder, before acknowledging it', async () => {
    s3.exchanges.length = 0;
    const r = await uploadPdf(a.url, token, pdf);
    expect(r.status).toBe(201);
    expect(s3.exchanges.filter((e) => e.method === 'PUT' && e.url.includes(`/committee-${dialect}/${sha.slice(0, 2)}/${sha}`) && e.status === 200)).toHaveLength(1);
    expect(fs.existsSync(path.join(a.dataDir, 'blobs'))).toBe(false);
    expect(fs.readdirSync(path.join(a.dataDir, 'blob-staging'))).toEqual([]);
  });

  it.runIf(dialect === 'sqlite')('a server whose bucket does not answer does not start, and says why', async () => {
    await expect(startTestServer({ dialect, blobStore: { ...s3.option('elsewhere'), endpoint: 'http://127.0.0.1:1' } })).rejects.toMatchObject({ code: 'blob_store_unavailable' });
  });

  // The path from the bucket to the client does not depend on the database: once is enough.
  it.runIf(dialect === 'sqlite')('a client resumes the download with Range; the bucket is read from that byte on only', async () => {
    const dir = tempDir();
    const db = openCache(dir);
    const cache = new BlobCache(dir, db, () => new Date());
    // Interrupted after two chunks.
    const part = cache.partPath(sha);
    fs.mkdirSync(path.dirname(part), { recursive: true });
    const w = await EncryptedBlobWriter.create(part, blobKeyOf(cacheKeyOf(db)));
    await w.write(pdf.subarray(0, 2 * CHUNK_BYTES + 100));
    await w.abandon();
    s3.exchanges.length = 0;
    const file = await cache.ensure(sha, pdf.byteLength, fetcherOf(a));
    expect(await readDocumentFile(file, blobKeyOf(cacheKeyOf(db)))).toEqual(Buffer.from(pdf));
    const gets = s3.exchanges.filter((e) => e.method === 'GET');
    expect(gets).toHaveLength(1);
    expect(gets[0].range).toBe(`bytes=${2 * CHUNK_BYTES}-${pdf.byteLength - 1}`);
    expect(gets[0].bytes).toBe(pdf.byteLength - 2 * CHUNK_BYTES);
    db.close();
  });

  it('answers If-None-Match with 304 and honours If-Range by the strong ETag', async () => {
    const get = (headers: Record<string, string>) => fetch(`${a.url}/api/blobs/${sha}`, { headers: { ...headers, authorization: `Bearer ${token}` } });
    const unchanged = await get({ 'if-none-match': `"${sha}"` });
    expect(unchanged.status).toBe(304);
    const same = await get({ range: 'bytes=0-4', 'if-range': `"${sha}"` });
    expect(same.status).toBe(206);
    expect(new TextDecoder().decode(await same.arrayBuffer())).toBe('%PDF-');
    const changed = await get({ range: 'bytes=0-4', 'if-range': `"${'0'.repeat(64)}"` });
    expect(changed.status).toBe(200);
    expect((await changed.arrayBuffer()).byteLength).toBe(pdf.byteLength);
  });

  it.runIf(dialect === 'postgres')('another instance on the same database and bucket serves the blob with Range', async () => {
    const b = await startTestServer({ dialect, database: a.storage.database, blobStore: s3.option(`committee-${dialect}`) });
    try {
      const res = await fetch(`${b.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${token}`, range: 'bytes=100-199' } });
      expect(res.status).toBe(206);
      expect(res.headers.get('etag')).toBe(`"${sha}"`);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf.subarray(100, 200));
    } finally {
      await b.stop();
    }
  });
});
