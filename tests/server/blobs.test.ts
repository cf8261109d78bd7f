import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, login, makePdf, PASSWORD, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

const MAX = 64 * 1024;

describe('blobs', () => {
  let s: TestServer;
  let sec: string;
  let pdf: Uint8Array;
  let sha: string;
  beforeAll(async () => {
    s = await startTestServer({ maxUploadBytes: MAX });
    await addUser(s.dataDir, { username: 'thuky', fullName: 'Thư Ký', role: 'secretary', password: PASSWORD });
    sec = (await login(s.url, 'thuky')).accessToken;
    pdf = await makePdf('Tài liệu kỳ họp'.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
    sha = sha256Hex(pdf);
  });
  afterAll(async () => s?.stop());

  const blobFiles = async () => {
    const root = join(s.dataDir, 'blobs');
    const out: string[] = [];
    for (const d of await readdir(root)) if (d !== 'tmp') out.push(...(await readdir(join(root, d))));
    return out;
  };
  const tmpFiles = () => readdir(join(s.dataDir, 'blobs', 'tmp'));

  it('stores a good upload content-addressed, once', async () => {
    const r = await uploadPdf(s.url, sec, pdf);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ sha256: sha, size: pdf.byteLength, created: true });
    const path = join(s.dataDir, 'blobs', sha.slice(0, 2), sha);
    expect(new Uint8Array(await readFile(path))).toEqual(pdf);
    const again = await uploadPdf(s.url, sec, pdf);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(await blobFiles()).toEqual([sha]);
    expect(await tmpFiles()).toEqual([]);
  });

  it('refuses a hash mismatch (422), a non-PDF (415) and a too large file (413), storing none of them', async () => {
    const other = await makePdf('another');
    const mismatch = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(other)}`, { token: sec, body: await makePdf('third'), headers: { 'content-type': 'application/pdf' } });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('hash_mismatch');

    const text = new TextEncoder().encode('<html>not a pdf</html>');
    const notPdf = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(text)}`, { token: sec, body: text, headers: { 'content-type': 'application/pdf' } });
    expect(notPdf.status).toBe(415);
    expect(notPdf.body.error).toMatchObject({ code: 'not_pdf', message: 'Chỉ chấp nhận tệp PDF.' });

    const big = new Uint8Array(MAX + 1);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const tooLarge = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(big)}`, { token: sec, body: big, headers: { 'content-type': 'application/pdf' } });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');

    // Streamed without a Content-Length: the limit holds while streaming.
    const chunks = [big.subarray(0, 40_000), big.subarray(40_000)];
    const res = await fetch(`${s.url}/api/blobs/${sha256Hex(big)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sec}`, 'content-type': 'application/pdf' },
      body: new ReadableStream({
        pull(ctrl) {
          const next = chunks.shift();
          if (next) ctrl.enqueue(next);
          else ctrl.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('payload_too_large');

    expect(await blobFiles()).toEqual([sha]);
    expect(await tmpFiles()).toEqual([]);
    const rows = await s.db.selectFrom('blobs').select('sha256').execute();
    expect(rows).toEqual([{ sha256: sha }]);
  });

  it('serves the whole file with a strong ETag and Accept-Ranges', async () => {
    const res = await fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sec}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Number(res.headers.get('content-length'))).toBe(pdf.byteLength);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
  });

  it('HEAD gives the size without a body', async () => {
    const res = await fetch(`${s.url}/api/blobs/${sha}`, { method: 'HEAD', headers: { authorization: `Bearer ${sec}` } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(pdf.byteLength);
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers If-None-Match with 304', async () => {
    const res = await fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sec}`, 'if-none-match': `"${sha}"` } });
    expect(res.status).toBe(304);
    const other = await fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sec}`, 'if-none-match': '"nope"' } });
    expect(other.status).toBe(200);
  });

  it('serves single byte ranges with 206 and Content-Range', async () => {
    const get = (range: string) => fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sec}`, range } });
    const first = await get('bytes=0-4');
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-4/${pdf.byteLength}`);
    expect(new TextDecoder().decode(await first.arrayBuffer())).toBe('%PDF-');
    const tail = await get('bytes=-10');
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(pdf.subarray(pdf.byteLength - 10));
    const open = await get(`bytes=${pdf.byteLength - 3}-`);
    expect(open.headers.get('content-range')).toBe(`bytes ${pdf.byteLength - 3}-${pdf.byteLength - 1}/${pdf.byteLength}`);
    expect((await open.arrayBuffer()).byteLength).toBe(3);
  });

  it('serves the range only to a client whose copy is this file (If-Range), else the whole file', async () => {
    const get = (ifRange: string) => fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sec}`, range: 'bytes=0-4', 'if-range': ifRange } });
    const same = await get(`"${sha}"`);
    expect(same.status).toBe(206);
    expect(new TextDecoder().decode(await same.arrayBuffer())).toBe('%PDF-');
    // Another file's tag, a weak tag, or a date (no Last-Modified is sent): the resumed download must start over.
    for (const other of [`"${'0'.repeat(64)}"`, `W/"${sha}"`, 'Tue, 01 Dec 2026 00:00:00 GMT']) {
      const res = await get(other);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    }
  });

  it('answers If-None-Match with 304 even when the range asked for is past the end', async () => {
    const res = await fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sec}`, 'if-none-match': `"${sha}"`, range: `bytes=${pdf.byteLength}-` } });
    expect(res.status).toBe(304);
  });

  it('answers an unsatisfiable range with 416', async () => {
    const res = await fetch(`${s.url}/api/blobs/${sha}`, { headers: { authorization: `Bearer ${sec}`, range: `bytes=${pdf.byteLength}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${pdf.byteLength}`);
    expect(((await res.json()) as any).error.code).toBe('range_not_satisfiable');
  });

  it('rejects a malformed sha256 in the URL', async () => {
    const r = await call(s.url, 'GET', '/api/blobs/ABC', { token: sec });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(existsSync(join(s.dataDir, 'blobs', 'AB'))).toBe(false);
  });

  it('refuses uploads without a token before reading the body', async () => {
    const r = await call(s.url, 'PUT', `/api/blobs/${sha}`, { body: pdf, headers: { 'content-type': 'application/pdf' } });
    expect(r.status).toBe(401);
  });
});
