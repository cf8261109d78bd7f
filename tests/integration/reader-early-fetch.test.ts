/**
 * The reader fetches a document's bytes itself from the moment it knows the URL and hands them to
 * pdf.js as they arrive (renderer/src/pdf/early-fetch.ts), with real pdf.js (its Node build) over a
 * real HTTP server serving a real PDF with Range support, as the app's hosts do. The document reads
 * the same as its bytes opened directly; a stream cut short is completed by Range requests; a file
 * that cannot be had ends in an error, never a reader waiting forever; a missing file is reported
 * by pdf.js as before; closing the document stops the download.
 */
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openEarly, type PdfOpening, type PdfSource } from '../../renderer/src/pdf/early-fetch';

const SAMPLE = readFileSync('/work/shared/samples/tracemonkey.pdf');
/** Where a cut stream stops: a third of the file (its cross-reference table is at the end). */
const CUT_AT = Math.floor(SAMPLE.length / 3);

type Mode = 'whole' | 'cut' | 'cut, no ranges' | 'missing' | 'held';
let mode: Mode = 'whole';
/** Every request the server saw: its Range header (null: the whole file) and how it ended. */
let seen: { range: string | null; closedEarly: boolean }[] = [];
let server: http.Server;
let base = '';

function serve(req: IncomingMessage, res: ServerResponse): void {
  const entry = { range: req.headers.range ?? null, closedEarly: false };
  seen.push(entry);
  res.on('close', () => (entry.closedEarly = !res.writableFinished));
  if (mode === 'missing') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  if (range) {
    if (mode === 'cut, no ranges') return void res.writeHead(500).end();
    const [start, end] = [Number(range[1]), Math.min(Number(range[2]), SAMPLE.length - 1)];
    res.writeHead(206, { 'content-type': 'application/pdf', 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${SAMPLE.length}`, 'accept-ranges': 'bytes' });
    return void res.end(SAMPLE.subarray(start, end + 1));
  }
  res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': SAMPLE.length, 'accept-ranges': 'bytes' });
  if (mode === 'whole') return void res.end(SAMPLE);
  // The first part, then: cut (the connection dropped) or held open (a slow network).
  res.write(SAMPLE.subarray(0, CUT_AT), () => {
    if (mode !== 'held') res.destroy();
  });
}

beforeAll(async () => {
  server = http.createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const opened: PdfOpening[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.destroy()));
  seen = [];
  mode = 'whole';
});

/** Opens the sample as the reader does; `given` records what pdf.js was started on. */
async function open(path = '/sample.pdf'): Promise<{ opening: PdfOpening; given: () => 'bytes' | 'url' | null }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let given: 'bytes' | 'url' | null = null;
  const opening = openEarly(`${base}${path}`, (source: PdfSource) => {
    given = 'range' in source ? 'bytes' : 'url';
    return pdfjs.getDocument({ ...source, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }) as unknown as PDFDocumentLoadingTask;
  });
  opened.push(opening);
  return { opening, given: () => given };
}

/** How many bytes these Range requests asked for. */
function rangeBytes(requests: { range: string | null }[]): number {
  return requests.reduce((sum, { range }) => {
    const [, a, b] = /^bytes=(\d+)-(\d+)$/.exec(range ?? '') ?? [];
    return sum + (a === undefined ? 0 : Math.min(Number(b), SAMPLE.length - 1) - Number(a) + 1);
  }, 0);
}

async function textOf(pdf: PDFDocumentProxy, n: number): Promise<string> {
  const content = await (await pdf.getPage(n)).getTextContent();
  return content.items.map((i) => ('str' in i ? i.str : '')).join('');
}

/** The sample opened from its bytes, the way it must read through the reader's fetch. */
async function direct(): Promise<{ pages: number; first: string; last: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = (await pdfjs.getDocument({ data: new Uint8Array(SAMPLE), isEvalSupported: false, verbosity: 0 }).promise) as unknown as PDFDocumentProxy;
  try {
    return { pages: pdf.numPages, first: await textOf(pdf, 1), last: await textOf(pdf, pdf.numPages) };
  } finally {
    await pdf.destroy();
  }
}

describe('a document fetched by the reader as soon as it knows the URL', () => {
  it('reads the same as its bytes, from one request for the whole file', async () => {
    const expected = await direct();
    const { opening, given } = await open();
    const pdf = await opening.promise;
    expect(given()).toBe('bytes');
    expect(pdf.numPages).toBe(expected.pages);
    expect(await textOf(pdf, 1)).toBe(expected.first);
    expect(await textOf(pdf, pdf.numPages)).toBe(expected.last);
    // One download of the file; pdf.js may ask for a part ahead of it (its end, where the
    // cross-reference table is), as it does with its own fetch.
    expect(seen[0]).toMatchObject({ range: null, closedEarly: false });
    expect(rangeBytes(seen.slice(1))).toBeLessThan(SAMPLE.length / 2);
  });

  it('a download cut short: what is missing comes by Range, and every page reads', async () => {
    mode = 'cut';
    const expected = await direct();
    const { opening } = await open();
    const pdf = await opening.promise;
    expect(await textOf(pdf, pdf.numPages)).toBe(expected.last);
    expect(seen[0]).toMatchObject({ range: null, closedEarly: true });
    // The parts the pages read needed, by Range: not the file once more.
    const rest = rangeBytes(seen.slice(1));
    expect(rest).toBeGreaterThan(0);
    expect(rest).toBeLessThan(SAMPLE.length);
  });

  it('cut short with no way to get the rest: the opening fails with the reason, it does not wait forever', async () => {
    mode = 'cut, no ranges';
    const { opening } = await open();
    await expect(opening.promise).rejects.toThrow(/HTTP 500/);
  });

  it('a missing file is reported by pdf.js, as when it was given the URL', async () => {
    mode = 'missing';
    const { opening, given } = await open('/gone.pdf');
    const error = await opening.promise.then(
      () => null,
      (e: unknown) => e as { name?: string; status?: number },
    );
    expect(given()).toBe('url');
    expect(error).toMatchObject({ name: 'ResponseException', status: 404 });
  });

  it('closing the document while it downloads stops the download', async () => {
    mode = 'held';
    const { opening } = await open();
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    // The first part has been sent and the rest is coming: the reader closes the document.
    await opening.destroy();
    await expect.poll(() => seen[0].closedEarly).toBe(true);
  });
});
