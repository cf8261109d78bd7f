/**
 * PDF text for the search index is read by pdf.js in a worker thread, never in the services
 * process: a real PDF is indexed and found, and this process's JSON.stringify (which pdf.js'
 * legacy build replaces with a much slower polyfill) is still the original. Untrusted PDFs are
 * bounded in time and memory; a PDF that hits a limit or cannot be read is recorded as failed
 * with a clear reason and the other documents are still indexed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfTextReader } from '../../electron/services/search/pdf-text';
import { TextIndexer } from '../../electron/services/search/text-indexer';
import { WorkerTaskError } from '../../electron/services/workers/worker-pool';
import { localLibrary, samplePdf, vietnamesePdf } from './helpers/local-library';
import { pdfWithLines } from './helpers/bridge';
import { removeTempDirs, tempDir } from './helpers/temp';
import { appendUpdate, contentBomb } from '../signing/pdf-bombs';

const originalStringify = JSON.stringify;
const readers: PdfTextReader[] = [];
function reader(limits?: ConstructorParameters<typeof PdfTextReader>[0]) {
  const r = new PdfTextReader(limits);
  readers.push(r);
  return r;
}

/**
 * The reader of the tests that need no limits of their own: its threads, once started with
 * pdf.js loaded (most of a read's cost), serve them all, as the services' one reader does.
 */
let defaultReader: PdfTextReader | undefined;
const sharedReader = () => (defaultReader ??= reader());

afterAll(async () => {
  await Promise.all(readers.map((r) => r.close()));
  removeTempDirs();
});

/** A real PDF: TraceMonkey from the shared samples when present, else a generated one with the same words. */
async function realPdf(): Promise<{ bytes: Uint8Array; phrase: string }> {
  const sample = samplePdf('tracemonkey.pdf');
  if (sample) return { bytes: fs.readFileSync(sample), phrase: 'trace trees' };
  return { bytes: await pdfWithLines([['Trace-based Just-in-Time Type Specialization'], ['we record trace trees of loops']]), phrase: 'trace trees' };
}

describe('PDF text extraction off the services thread', () => {
  it('indexes a real PDF in a worker: the search finds its text and JSON.stringify here is untouched', async () => {
    const lib = localLibrary();
    const { bytes, phrase } = await realPdf();
    await lib.addDocument('TraceMonkey', bytes);
    const r = sharedReader();
    const indexer = new TextIndexer(lib.index, lib.synced, lib.blobs, r);
    indexer.schedule();
    await indexer.idle();

    const results = lib.index.search(phrase);
    expect(results.pageCount).toBeGreaterThan(0);
    expect(results.groups[0].documents[0].title).toBe('TraceMonkey');
    expect(results.groups[0].documents[0].pages[0].snippet.some((s) => s.hit && s.text.toLowerCase().includes('trace'))).toBe(true);
    // The work went to a worker thread, and pdf.js changed none of this process's globals.
    expect(await r.completed()).toBeGreaterThan(0);
    expect(JSON.stringify).toBe(originalStringify);
    await indexer.stop();

    // pdf.js reads by ranges: a plain file (one the user picked) gives the same pages as the encrypted cached copy.
    const plain = path.join(tempDir(), 'picked.pdf');
    fs.writeFileSync(plain, bytes);
    const { sha256 } = await lib.addDocument('TraceMonkey again', bytes);
    expect(await r.pageTexts(plain)).toEqual(await r.pageTexts((await lib.blobs.verifiedPath(sha256))!));
  });

  it('a long PDF is read by two threads at once, each every other page, into the same pages as one thread reads', async () => {
    const lib = localLibrary();
    const sample = samplePdf('tracemonkey.pdf');
    // A document of many pages (the sample where the machine has it; its 14 pages are enough to share).
    const bytes = sample ? fs.readFileSync(sample) : await vietnamesePdf(Array.from({ length: 40 }, (_, i) => Array.from({ length: 7 }, (_, k) => `${i + 1}.${k + 1}. Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan rà soát, hoàn thiện hồ sơ trình Ủy ban nhân dân thành phố.`)));
    const { sha256 } = await lib.addDocument('Dài', bytes);
    const file = (await lib.blobs.verifiedPath(sha256))!;
    // At the size from which two threads share it, whichever of the two PDFs this machine has.
    const r = reader({ splitFromBytes: fs.statSync(file).size });
    const before = await r.completed();
    const shared = await r.pageTexts(file);
    expect((await r.completed()) - before).toBe(2);
    expect(shared).toEqual(await r.pageTextsInOneThread(file));
    expect(shared.every((p) => p !== undefined)).toBe(true);
  });

  it('a PDF past its time limit fails with a clear reason; the pool then reads the next one', async () => {
    const lib = localLibrary();
    const { sha256 } = await lib.addDocument('Tờ trình', await vietnamesePdf([['Tờ trình về việc phê duyệt Đề án']]));
    const file = (await lib.blobs.verifiedPath(sha256))!;
    const r = reader();
    // Starting a thread and loading pdf.js alone takes far longer than a millisecond.
    const late = await r.pageTexts(file, { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WorkerTaskError);
    expect(late).toMatchObject({ reason: 'timeout', message: expect.stringContaining('time limit') });
    const pages = await r.pageTexts(file);
    expect(pages.map((p) => p.folded)).toEqual(['to trinh ve viec phe duyet de an']);
  });

  it('a PDF needing more memory than the limit stops its thread with a clear reason', async () => {
    const lib = localLibrary();
    const { bytes } = await realPdf();
    const { sha256 } = await lib.addDocument('Big', bytes);
    const r = reader({ maxHeapMb: 4, baseTimeoutMs: 120_000, timeoutPerMbMs: 0 });
    const e = await r.pageTexts((await lib.blobs.verifiedPath(sha256))!).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(WorkerTaskError);
    expect(e).toMatchObject({ reason: 'out_of_memory', message: expect.stringContaining('4 MB') });
  });

  it('records unreadable and over-limit PDFs as failed, keeps them cached, and indexes the other documents', async () => {
    const lib = localLibrary();
    const broken = await lib.addDocument('Hỏng', new TextEncoder().encode('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n'));
    const good = await lib.addDocument('Báo cáo', await vietnamesePdf([['Báo cáo tình hình kinh tế - xã hội'], ['Đồng ý với phương án']]));
    const indexer = new TextIndexer(lib.index, lib.synced, lib.blobs, sharedReader());
    indexer.schedule();
    await indexer.idle();
    const status = (sha: string) => lib.db.prepare('SELECT status, error FROM doc_text_status WHERE sha256 = ?').get(sha) as { status: string; error: string | null };
    expect(status(broken.sha256).status).toBe('failed');
    expect(status(broken.sha256).error).toBeTruthy();
    expect(status(good.sha256)).toEqual({ status: 'indexed', error: null });
    expect(lib.index.search('dong y').pageCount).toBe(1);
    expect(await lib.blobs.verifiedPath(broken.sha256)).not.toBeNull();
    await indexer.stop();

    // Every read stopped by its time limit: each document recorded with the reason, none lost.
    const lib2 = localLibrary();
    const a = await lib2.addDocument('A', await vietnamesePdf([['Văn bản A']]));
    const b = await lib2.addDocument('B', await vietnamesePdf([['Văn bản B']]));
    const strict = new TextIndexer(lib2.index, lib2.synced, lib2.blobs, reader({ maxHeapMb: 256, baseTimeoutMs: 1, timeoutPerMbMs: 0 }));
    strict.schedule();
    await strict.idle();
    for (const d of [a, b]) {
      expect(status(d.sha256)).toBeUndefined();
      const s = lib2.db.prepare('SELECT status, error FROM doc_text_status WHERE sha256 = ?').get(d.sha256) as { status: string; error: string };
      expect(s.status).toBe('failed');
      expect(s.error).toContain('time limit');
      expect(await lib2.blobs.verifiedPath(d.sha256)).not.toBeNull();
    }
    await strict.stop();
  });

  it('a PDF bomb in the cache is measured before pdf.js reads it: recorded as too complex at once, not retried', async () => {
    const lib = localLibrary();
    const base = await vietnamesePdf([['Tờ trình']]);
    const bomb = await lib.addDocument('Bom', appendUpdate(base, [await contentBomb(512)]));
    const good = await lib.addDocument('Báo cáo', await vietnamesePdf([['Đồng ý với phương án']]));
    const r = sharedReader();
    const indexer = new TextIndexer(lib.index, lib.synced, lib.blobs, r);
    const before = await r.completed();
    indexer.schedule();
    await indexer.idle();
    const status = (sha: string) => lib.db.prepare('SELECT status, error FROM doc_text_status WHERE sha256 = ?').get(sha) as { status: string; error: string };
    expect(status(bomb.sha256)).toMatchObject({ status: 'failed', error: expect.stringContaining("decompressed") });
    expect(status(good.sha256).status).toBe('indexed');
    // One read each: the refusal is not a time limit, so the bomb is not tried again.
    expect((await r.completed()) - before).toBe(2);
    await indexer.stop();
  });

  it('a document whose first read runs out of time (a busy machine) is read again with a longer limit, not given up', async () => {
    const lib = localLibrary();
    const doc = await lib.addDocument('Chậm', await vietnamesePdf([['Tờ trình phương án chậm']]));
    // First attempt: 1 ms, which no read meets; the second gets plenty.
    const patient = new TextIndexer(lib.index, lib.synced, lib.blobs, reader({ baseTimeoutMs: 1, timeoutPerMbMs: 0, attemptTimeoutFactors: [1, 300_000] }));
    patient.schedule();
    await patient.idle();
    const s = lib.db.prepare('SELECT status, error FROM doc_text_status WHERE sha256 = ?').get(doc.sha256);
    expect(s).toEqual({ status: 'indexed', error: null });
    expect(lib.index.search('phuong an cham').pageCount).toBe(1);
    await patient.stop();
  });

  it('a stopped read fails as stopped and the reader goes on; an interrupted index write leaves no pages behind', async () => {
    const lib = localLibrary();
    // A few pages are enough for writes stopped midway (the size of the file is not the point).
    const bytes = await vietnamesePdf(Array.from({ length: 5 }, (_, i) => [`Trang ${i + 1}: Sở Tài chính chủ trì, phối hợp rà soát hồ sơ.`]));
    const { sha256 } = await lib.addDocument('Long', bytes);
    const file = (await lib.blobs.verifiedPath(sha256))!;
    const r = sharedReader();
    const stop = new AbortController();
    const reading = r.pageTexts(file, { signal: stop.signal }).catch((e: unknown) => e);
    stop.abort();
    expect(await reading).toMatchObject({ reason: 'stopped' });
    const pages = await r.pageTexts(file);
    expect(pages.length).toBeGreaterThan(1);

    // The index is written a few pages per transaction; stopped midway, it removes what it wrote.
    let batches = 0;
    const done = await lib.index.storeGradually(sha256, pages, { batchChars: 1, shouldStop: () => ++batches > 2 });
    expect(done).toBe(false);
    expect(lib.db.prepare('SELECT COUNT(*) AS n FROM doc_text_pages WHERE sha256 = ?').get(sha256)).toEqual({ n: 0 });
    expect(lib.index.has(sha256)).toBe(false);
    const autocheckpoint = lib.db.pragma('wal_autocheckpoint', { simple: true });
    expect(await lib.index.storeGradually(sha256, pages, { batchChars: 1 })).toBe(true);
    // Checkpoints were left to a worker thread during the writes; the connection's own setting is back.
    expect(lib.db.pragma('wal_autocheckpoint', { simple: true })).toBe(autocheckpoint);
    expect(lib.db.prepare('SELECT COUNT(*) AS n FROM doc_text_pages WHERE sha256 = ?').get(sha256)).toEqual({ n: pages.length });
    expect(lib.index.has(sha256)).toBe(true);
  });

  it('a long document with a large annex (320 pages, 40 MB) is indexed whole: its last page is found, and the other documents too', async () => {
    const lib = localLibrary();
    const pages = Array.from({ length: 320 }, (_, i) => [`Trang ${i + 1}: Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan rà soát hồ sơ.`]);
    pages[319] = ['Phụ lục cuối: kinh phí dự phòng của Đề án'];
    const doc = await PDFDocument.load(await vietnamesePdf(pages));
    // Scans or annexes: bytes the text never needs (stored as they are: pdf-lib's attach() would
    // compress 40 MB in JavaScript first).
    const mb = crypto.randomBytes(1024 * 1024);
    doc.context.register(doc.context.stream(Buffer.concat(Array.from({ length: 40 }, () => mb)), { Type: 'EmbeddedFile' }));
    const long = await lib.addDocument('Hồ sơ dài', await doc.save({ useObjectStreams: false }));
    const short = await lib.addDocument('Tờ trình', await vietnamesePdf([['Tờ trình về việc phê duyệt Đề án']]));
    const indexer = new TextIndexer(lib.index, lib.synced, lib.blobs, sharedReader());
    indexer.schedule();
    await indexer.idle();
    const status = (sha: string) => lib.db.prepare('SELECT status, error FROM doc_text_status WHERE sha256 = ?').get(sha);
    expect(status(long.sha256)).toEqual({ status: 'indexed', error: null });
    expect(status(short.sha256)).toEqual({ status: 'indexed', error: null });
    const found = lib.index.search('kinh phi du phong');
    expect(found.groups[0].documents.map((d) => [d.title, d.pages.map((p) => p.page)])).toEqual([['Hồ sơ dài', [320]]]);
    expect(lib.index.search('rà soát hồ sơ', { limit: 1000 }).pageCount).toBe(319);
    await indexer.stop();
  });

  it('reads a document of any size without holding it whole: a 200 MB file costs the reading thread far less than its size', async () => {
    // The file is written a MB at a time: a text PDF, then an update holding a 200 MB stream.
    const text = Buffer.from(await (await PDFDocument.load(await vietnamesePdf([['Tờ trình kèm phụ lục lớn'], ['Trang cuối của tờ trình']]))).save({ useObjectStreams: false }));
    const latin1 = text.toString('latin1');
    const prevXref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin1)![1]);
    const size = Number(/\/Size\s+(\d+)/.exec(latin1)![1]);
    const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(latin1)![1];
    const annexBytes = 200 * 1024 * 1024;
    const file = path.join(tempDir(), 'large.pdf');
    const fd = fs.openSync(file, 'w');
    const head = Buffer.from(`\n${size} 0 obj\n<< /Type /EmbeddedFile /Length ${annexBytes} >>\nstream\n`, 'latin1');
    fs.writeSync(fd, text);
    fs.writeSync(fd, head);
    const mb = crypto.randomBytes(1024 * 1024);
    for (let i = 0; i < annexBytes / mb.length; i++) fs.writeSync(fd, mb);
    const objectAt = text.length + 1;
    const xrefAt = text.length + head.length + annexBytes + '\nendstream\nendobj\n'.length;
    fs.writeSync(fd, Buffer.from(`\nendstream\nendobj\nxref\n${size} 1\n${String(objectAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size + 1} /Root ${root} /Prev ${prevXref} >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    fs.closeSync(fd);
    const fileSize = fs.statSync(file).size;

    const r = reader();
    // pdf.js loaded in the thread first: what is measured is the document alone.
    const small = path.join(tempDir(), 'small.pdf');
    fs.writeFileSync(small, text);
    await r.pageTexts(small);
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    try {
      const pages = await r.pageTexts(file);
      expect(pages.map((p) => p.folded)).toEqual(['to trinh kem phu luc lon', 'trang cuoi cua to trinh']);
    } finally {
      clearInterval(sampler);
    }
    // Reading it whole (to measure it, or for pdf.js) would cost at least its size.
    expect(peak - before).toBeLessThan(fileSize / 2);
  });
});
