/**
 * The reader prepares the pages ahead of the reader while idle (renderer/src/pdf/warm-pages.ts),
 * with real pdf.js (its Node build, as the renderer runs it) on a real PDF: a 30-page report in
 * Liberation Serif whose title pages use the regular face only and whose body brings in bold and
 * italic. Once the pages after the first ones are prepared, a jump far ahead draws a page whose
 * fonts pdf.js has already: none is parsed for it. Preparing waits behind every page the reader is
 * waiting for, skips the pages he draws himself, and stops when he moves on.
 */
import { PDFDocument, type PDFFont } from '@cantoo/pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFont } from '../../server/pdf/fonts';
import { subsettingFontkit } from '../../signing/pdf/fonts';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { RenderQueue } from '../../renderer/src/pdf/render-queue';
import { warmPages } from '../../renderer/src/pdf/warm-pages';

const PAGES = 30;
const FAR = 25;

/** Title pages (1–2) in the regular face; from page 3 on, headings in bold and notes in italic. */
async function report(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const [regular, bold, italic] = await Promise.all((['regular', 'bold', 'italic'] as const).map((s) => doc.embedFont(loadFont(s), { subset: true })));
  const line = (page: ReturnType<typeof doc.addPage>, text: string, y: number, font: PDFFont) => page.drawText(text, { x: 72, y, size: 12, font });
  for (let n = 1; n <= PAGES; n++) {
    const page = doc.addPage([595, 842]);
    line(page, `Trang ${n} — Báo cáo tình hình kinh tế - xã hội`, 770, regular);
    if (n <= 2) continue;
    line(page, `Mục ${n - 2}. Kết quả thực hiện nhiệm vụ`, 740, bold);
    line(page, 'Tổng thu ngân sách nhà nước trên địa bàn đạt 548.200 tỷ đồng.', 720, regular);
    line(page, `Ghi chú: số liệu ước thực hiện đến hết tháng ${(n % 12) + 1}.`, 700, italic);
  }
  return doc.save();
}

const open: PDFDocumentProxy[] = [];
async function openReport(): Promise<PDFDocumentProxy> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = (await pdfjs.getDocument({ data: await report(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise) as unknown as PDFDocumentProxy;
  open.push(pdf);
  return pdf;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((pdf) => pdf.destroy()));
});

/** The fonts pdf.js has for the document on the reader's side (its common objects named …_f<n>). */
async function fontsKnown(pdf: PDFDocumentProxy): Promise<string[]> {
  const page = await pdf.getPage(1);
  return [...(page.commonObjs as unknown as Iterable<[string, unknown]>)].map(([id]) => id).filter((id) => /_f\d+$/.test(id));
}

/** The fonts pdf.js had to load for drawing page `n` now (its operator list), after whatever came before. */
async function fontsLoadedFor(pdf: PDFDocumentProxy, n: number): Promise<string[]> {
  const before = new Set(await fontsKnown(pdf));
  await (await pdf.getPage(n)).getOperatorList();
  return (await fontsKnown(pdf)).filter((id) => !before.has(id));
}

/** A document that stays open. */
const neverClosed = new AbortController().signal;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const now = () => Promise.resolve();

describe('preparing the pages ahead', () => {
  it('after the first page, a jump far ahead loads the bold and italic faces; once the pages ahead are prepared, it loads none', async () => {
    // Without preparing: the reader has seen page 1, then jumps to page 25.
    const cold = await openReport();
    await (await cold.getPage(1)).getOperatorList();
    expect(await fontsLoadedFor(cold, FAR)).toHaveLength(2);

    // With: page 1 seen, pages 2–9 prepared while idle, then the same jump.
    const warm = await openReport();
    await (await warm.getPage(1)).getOperatorList();
    const done = new Set<number>();
    await warmPages({ pdf: warm, pages: range(2, 9), queue: new RenderQueue(1), done, isDrawn: () => false, live: () => true, closed: neverClosed, idle: now });
    expect([...done]).toEqual(range(2, 9));
    expect(await fontsKnown(warm)).toHaveLength(3);
    expect(await fontsLoadedFor(warm, FAR)).toEqual([]);
  });

  it('waits behind the pages the reader is waiting for, one at a time', async () => {
    const pdf = await openReport();
    const queue = new RenderQueue(1);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // A page in view is being drawn; the reader scrolls and a second one waits too.
    const first = queue.run(() => 0, () => false, async () => (order.push('draw 1'), await held));
    const done = new Set<number>();
    // The document as the preparing sees it, saying when it starts on a page.
    const watched: PDFDocumentProxy = Object.assign(Object.create(pdf), { getPage: (n: number) => (order.push(`prepare ${n}`), pdf.getPage(n)) });
    const warming = warmPages({ pdf: watched, pages: [3, 4], queue, done, isDrawn: () => false, live: () => true, closed: neverClosed, idle: now });
    // Page 3 waits in the queue (a task later) when the second page asks.
    await new Promise((r) => setTimeout(r, 0));
    const second = queue.run(() => 0, () => false, async () => void order.push('draw 2'));
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['draw 1']);
    release();
    await Promise.all([first, second, warming]);
    expect(order).toEqual(['draw 1', 'draw 2', 'prepare 3', 'prepare 4']);
    expect([...done]).toEqual([3, 4]);
  });

  it('a document closed while one of its pages is prepared gives the queue back: the next document is drawn', async () => {
    const pdf = await openReport();
    const queue = new RenderQueue(1);
    const closing = new AbortController();
    // The reader closes the document just after pdf.js was asked for page 3's operator list.
    const watched: PDFDocumentProxy = Object.assign(Object.create(pdf), {
      getPage: async (n: number) => {
        const page = await pdf.getPage(n);
        const ask = page.getOperatorList.bind(page);
        return Object.assign(Object.create(page), {
          getOperatorList: () => {
            const asked = ask();
            void pdf.destroy().then(() => closing.abort());
            return asked;
          },
        });
      },
    });
    const done = new Set<number>();
    await warmPages({ pdf: watched, pages: [3, 4], queue, done, isDrawn: () => false, live: () => true, closed: closing.signal, idle: now });
    expect(done.size).toBe(0);
    // The next document's page gets its turn.
    const next = await openReport();
    expect(await queue.run(() => 0, () => false, async () => void (await (await next.getPage(1)).getOperatorList()))).toBe(true);
  });

  it('skips the pages the reader draws himself and stops when he moves on', async () => {
    const pdf = await openReport();
    const done = new Set<number>();
    let live = true;
    const drawn = new Set([4]);
    await warmPages({
      pdf,
      pages: range(3, 9),
      queue: new RenderQueue(1),
      done,
      isDrawn: (n) => drawn.has(n),
      live: () => live,
      closed: neverClosed,
      // The reader moves on while page 5 is being prepared.
      idle: async () => {
        if (done.has(5)) live = false;
      },
    });
    expect([...done]).toEqual([3, 5]);
    expect(await fontsLoadedFor(pdf, 6)).toEqual([]);
  });
});
