/**
 * One Range policy everywhere documents are served: the sync server's /api/blobs (real server
 * over HTTP), the browser host's /doc (real host over HTTP) and the Electron document protocol
 * (its Request → Response handler) answer every row of one table alike: status,
 * Content-Range, Content-Length and the bytes themselves.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeHandlers } from '../../shared/bridge';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/index';
import { documentResponse } from '../../electron/protocol/doc-response';
import { BridgeEventHub } from '../../electron/services/events';
import { registerBlobFolder, writeEncryptedBlob } from '../../electron/services/crypto/blob-file';
import { electronDocumentUrl } from '../../electron/window-policy';
import { addUser, login, makePdf, sha256Hex, startTestServer, uploadPdf, type TestServer } from '../server/helpers';
import { removeTempDirs, tempDir } from './helpers/temp';

interface Answer {
  status: number;
  contentRange: string | null;
  contentLength: string | null;
  /** The body of a 200/206; a 416's body differs by design (the server explains in JSON). */
  body: Buffer | null;
}

type Responder = (range: string | undefined) => Promise<Answer>;

async function answerOf(res: Response): Promise<Answer> {
  const body = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    contentRange: res.headers.get('content-range'),
    contentLength: res.status === 416 ? null : res.headers.get('content-length'),
    body: res.status === 416 ? null : body,
  };
}

let server: TestServer;
let host: BrowserHost;
let pdf: Uint8Array;
let sha: string;
const responders: Record<string, Responder> = {};

beforeAll(async () => {
  server = await startTestServer();
  await addUser(server.dataDir, { username: 'thuky', fullName: 'Thư Ký', role: 'secretary', password: 'mat-khau-an-toan-2026' });
  const token = (await login(server.url, 'thuky')).accessToken;
  pdf = await makePdf('Range parity');
  sha = sha256Hex(pdf);
  expect((await uploadPdf(server.url, token, pdf)).status).toBe(201);

  // The desktop side serves its own cached copy of the same bytes, encrypted at rest as the blob cache keeps it.
  const cacheDir = tempDir('ecab-range-');
  const cached = path.join(cacheDir, sha);
  const key = crypto.randomBytes(32);
  await writeEncryptedBlob(cached, key, pdf);
  registerBlobFolder(cacheDir, key);
  const blobFile = async (s: string) => (s === sha ? cached : null);
  const keyedBlobFile = async (s: string) => (s === sha ? { path: cached, keyHex: key.toString('hex') } : null);

  const hub = new BridgeEventHub();
  host = await startBrowserHost({
    // Only /doc is under test here: no bridge method is called.
    services: { handlers: {} as BridgeHandlers, on: (event, listener) => hub.on(event, listener), blobFile },
    rendererDir: cacheDir,
    port: 0,
  });
  const launch = await fetch(host.url, { redirect: 'manual' });
  const cookie = String(launch.headers.get('set-cookie')).split(';')[0];

  const withRange = (range: string | undefined, extra: Record<string, string> = {}) => ({ ...extra, ...(range === undefined ? {} : { range }) });
  responders['sync server /api/blobs'] = async (range) =>
    answerOf(await fetch(`${server.url}/api/blobs/${sha}`, { headers: withRange(range, { authorization: `Bearer ${token}` }) }));
  responders['browser host /doc'] = async (range) => answerOf(await fetch(`${host.origin}/doc/${sha}`, { headers: withRange(range, { cookie }) }));
  responders['Electron ecabinet-doc://'] = async (range) => answerOf(await documentResponse(new Request(electronDocumentUrl(sha), { headers: withRange(range) }), keyedBlobFile));
});

afterAll(async () => {
  await host?.close();
  await server?.stop();
  removeTempDirs();
});

type Expected = { status: 200 } | { status: 206; start: number; end: number } | { status: 416 };

/** Rows as functions of the size, so the table reads in terms of the file's own length. */
const TABLE: Array<[what: string, range: (n: number) => string | undefined, expected: (n: number) => Expected]> = [
  ['no Range header', () => undefined, () => ({ status: 200 })],
  ['first bytes', () => 'bytes=0-4', () => ({ status: 206, start: 0, end: 4 })],
  ['open-ended', () => 'bytes=10-', (n) => ({ status: 206, start: 10, end: n - 1 })],
  ['last byte only', (n) => `bytes=${n - 1}-${n - 1}`, (n) => ({ status: 206, start: n - 1, end: n - 1 })],
  ['end past the file is clamped', (n) => `bytes=3-${n + 50}`, (n) => ({ status: 206, start: 3, end: n - 1 })],
  ['suffix', () => 'bytes=-7', (n) => ({ status: 206, start: n - 7, end: n - 1 })],
  ['suffix longer than the file: all of it', (n) => `bytes=-${n + 100}`, (n) => ({ status: 206, start: 0, end: n - 1 })],
  ['unit in capitals', () => 'BYTES=0-4', () => ({ status: 206, start: 0, end: 4 })],
  ['spaces around the parts', () => 'bytes = 2 - 6', () => ({ status: 206, start: 2, end: 6 })],
  ['overlapping ranges are combined into one', () => 'bytes=0-5,3-9', () => ({ status: 206, start: 0, end: 9 })],
  ['disjoint ranges: the whole body', () => 'bytes=0-1,5-6', () => ({ status: 200 })],
  ['start at the end of the file', (n) => `bytes=${n}-`, () => ({ status: 416 })],
  ['start far past the end', (n) => `bytes=${n * 10}-${n * 20}`, () => ({ status: 416 })],
  ['empty suffix', () => 'bytes=-0', () => ({ status: 416 })],
  ['last byte before the first', () => 'bytes=9-3', () => ({ status: 416 })],
  ['malformed: letters', () => 'bytes=abc', () => ({ status: 200 })],
  ['malformed: nothing after =', () => 'bytes=', () => ({ status: 200 })],
  ['malformed: no numbers', () => 'bytes=-', () => ({ status: 200 })],
  ['malformed: no =', () => 'bytes 0-4', () => ({ status: 200 })],
  ['malformed: one bad part among good ones', () => 'bytes=0-4,x', () => ({ status: 200 })],
  ['malformed: fractional position', () => 'bytes=1.5-3', () => ({ status: 200 })],
  ['another unit', () => 'items=0-4', () => ({ status: 200 })],
];

function expectedAnswer(e: Expected, n: number, bytes: Uint8Array): Answer {
  if (e.status === 416) return { status: 416, contentRange: `bytes */${n}`, contentLength: null, body: null };
  if (e.status === 200) return { status: 200, contentRange: null, contentLength: String(n), body: Buffer.from(bytes) };
  return { status: 206, contentRange: `bytes ${e.start}-${e.end}/${n}`, contentLength: String(e.end - e.start + 1), body: Buffer.from(bytes.subarray(e.start, e.end + 1)) };
}

describe('HTTP Range answers are the same on the server, the browser host and the Electron protocol', () => {
  it.each(TABLE)('%s', async (_what, range, expected) => {
    const n = pdf.byteLength;
    const want = expectedAnswer(expected(n), n, pdf);
    for (const [name, respond] of Object.entries(responders)) {
      const got = await respond(range(n));
      expect({ responder: name, ...got }).toEqual({ responder: name, ...want });
    }
  });
});
