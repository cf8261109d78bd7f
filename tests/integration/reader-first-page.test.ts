/**
 * The page a reader opens on is asked of pdf.js the moment the document is open, before React
 * shows it (renderer/src/pdf/first-page.ts), with real pdf.js (its Node build) drawing a real PDF
 * on a real canvas (@napi-rs/canvas). The reader's own drawing of that page then uses the list of
 * drawing operations already being built (pdf.js counts one request for the page: its statistics,
 * `pdfBug`), and draws the page; letting the early start go before or after does not lose the
 * page; a document closed with its early start pending closes.
 */
import { createCanvas } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseFirstPage, startFirstPage, type PdfCanvas } from '../../renderer/src/pdf/first-page';

const SAMPLE = new Uint8Array(readFileSync('/work/shared/samples/tracemonkey.pdf'));

const open: PDFDocumentProxy[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((pdf) => pdf.destroy()));
});

async function openSample(): Promise<PDFDocumentProxy> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfBug: pdf.js keeps per-page statistics, among them each request for a page's drawing.
  const pdf = (await pdfjs.getDocument({ data: SAMPLE.slice(), isEvalSupported: false, pdfBug: true, verbosity: 0 }).promise) as unknown as PDFDocumentProxy;
  open.push(pdf);
  return pdf;
}

const canvas = (w: number, h: number) => createCanvas(w, h) as unknown as PdfCanvas;

/**
 * How many times pdf.js's worker began this page's drawing operations for the page's renders
 * (pdf.js times each request until the worker starts on it).
 */
const requestsFor = (page: PDFPageProxy) => (page.stats?.times ?? []).filter((t) => t.name === 'Page Request').length;

/** The reader drawing the page (pdf.js's defaults, as PdfPage renders); how many of its pixels are not white. */
async function drawAsTheReader(page: PDFPageProxy): Promise<number> {
  const viewport = page.getViewport({ scale: 0.5 });
  const target = canvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: target, viewport }).promise;
  const { data } = (target as unknown as ReturnType<typeof createCanvas>).getContext('2d').getImageData(0, 0, target.width, target.height);
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) inked++;
  return inked;
}

describe('the opening page, started before the reader draws it', () => {
  it("the reader's drawing of the page uses the operations already asked for: one request, the page drawn", async () => {
    const pdf = await openSample();
    const page = await pdf.getPage(1);
    startFirstPage(pdf, page, canvas(1, 1));
    // The worker has begun on it (a second request would count again from here).
    await expect.poll(() => requestsFor(page)).toBe(1);
    expect(await drawAsTheReader(page)).toBeGreaterThan(1000);
    expect(requestsFor(page)).toBe(1);
    releaseFirstPage(pdf);
    // Drawn again later (scrolled back to): from the same operations.
    expect(await drawAsTheReader(page)).toBeGreaterThan(1000);
    expect(requestsFor(page)).toBe(1);
  });

  it('let go before the reader draws (the reader drew another page first): the page still draws, once asked for', async () => {
    const pdf = await openSample();
    const page = await pdf.getPage(3);
    startFirstPage(pdf, page, canvas(1, 1));
    await expect.poll(() => requestsFor(page)).toBe(1);
    releaseFirstPage(pdf);
    expect(await drawAsTheReader(page)).toBeGreaterThan(1000);
    expect(requestsFor(page)).toBe(1);
  });

  it('a document closed while its opening page is started closes', async () => {
    const pdf = await openSample();
    startFirstPage(pdf, await pdf.getPage(2), canvas(1, 1));
    open.splice(open.indexOf(pdf), 1);
    await pdf.destroy();
    expect(pdf.loadingTask.destroyed).toBe(true);
  });
});
