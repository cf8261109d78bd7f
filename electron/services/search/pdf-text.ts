/**
 * Page texts of PDFs for the search index (and positioned text for annotations), read by pdf.js
 * in a worker thread (electron/services/workers/pdf-text.worker.ts): the services process never
 * loads pdf.js, so its globals stay untouched and a long document never holds up a bridge call.
 *
 * The PDFs are untrusted (any uploaded file): each read has a time limit and its thread a heap
 * limit; past either, the thread is terminated and the read fails with a clear message.
 */
import fs from 'node:fs/promises';
import { keyHexForFile } from '../crypto/blob-file';
import type { IndexedPage, PositionedPage } from '../workers/pdf-text.worker';
import { WorkerPool } from '../workers/worker-pool';

export type { IndexedPage, PositionedPage, PositionedTextItem } from '../workers/pdf-text.worker';

export interface PdfTextLimits {
  /** Heap of a reading thread, MB. */
  maxHeapMb: number;
  /** Time allowed for one document: a base plus some per MB of file. */
  baseTimeoutMs: number;
  timeoutPerMbMs: number;
  /**
   * The time limit of each attempt at a document, as multiples of the above. A machine busy with
   * other work can make an honest PDF miss the first limit (the reader runs at low priority), so
   * a document is given up only when the last, longest attempt runs out too.
   */
  attemptTimeoutFactors: readonly number[];
  /**
   * From this file size on a document's text is read by two threads at once (below, one: opening
   * it twice would cost more than it saves). Off by default: a second thread holding pdf.js and
   * the document doubles the indexer's memory, and the client must stay small whatever it syncs.
   */
  splitFromBytes: number;
}

const YOUNG_GENERATION_MB = 8;

export const DEFAULT_PDF_TEXT_LIMITS: PdfTextLimits = {
  maxHeapMb: 768,
  baseTimeoutMs: 60_000,
  timeoutPerMbMs: 3_000,
  attemptTimeoutFactors: [1, 2, 4],
  splitFromBytes: Number.POSITIVE_INFINITY,
};

export class PdfTextReader {
  private readonly pool: WorkerPool;

  private readonly limits: PdfTextLimits;

  constructor(limits: Partial<PdfTextLimits> = {}) {
    this.limits = { ...DEFAULT_PDF_TEXT_LIMITS, ...limits };
    // Two threads: the background indexer reads one document at a time in one (memory stays
    // that of one pdf.js and one document), and never makes an annotation re-anchoring wait;
    // a lower CPU priority keeps the UI's work first.
    this.pool = new WorkerPool('pdf-text', {
      maxThreads: 2,
      // A small young generation: pdf.js makes short-lived garbage per page, and a thread's
      // default young generation grows to tens of MB resident for no gain in speed (measured).
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      // Below the UI's priority, but not so far below that a busy machine starves the index.
      niceIncrement: 5,
    });
  }

  /** How many attempts a document gets before it is recorded as unreadable (see `attemptTimeoutFactors`). */
  get attempts(): number {
    return this.limits.attemptTimeoutFactors.length;
  }

  private async timeoutFor(file: string, attempt = 0): Promise<number> {
    const { size } = await fs.stat(file);
    const factors = this.limits.attemptTimeoutFactors;
    const factor = factors[Math.min(attempt, factors.length - 1)] ?? 1;
    return Math.round((this.limits.baseTimeoutMs + Math.ceil(size / 1e6) * this.limits.timeoutPerMbMs) * factor);
  }

  /**
   * Joined and folded text of every page (see shared/text/page-text.ts); `attempt` (from 0) picks
   * the time limit. A file past `splitFromBytes` is read by two threads, each every other page.
   */
  async pageTexts(file: string, opts: { signal?: AbortSignal; timeoutMs?: number; attempt?: number } = {}): Promise<IndexedPage[]> {
    const timeoutMs = opts.timeoutMs ?? (await this.timeoutFor(file, opts.attempt));
    const run = { timeoutMs, signal: opts.signal, label: 'reading the text of the PDF' };
    const keyHex = keyHexForFile(file);
    if ((await fs.stat(file)).size < this.limits.splitFromBytes) return this.pool.run<IndexedPage[]>('pageTexts', { file, keyHex }, run);
    const parts = await Promise.all([0, 1].map((part) => this.pool.run<{ numPages: number; pages: [number, IndexedPage][] }>('pageTextsPart', { file, keyHex, part, parts: 2 }, run)));
    const pages: IndexedPage[] = new Array<IndexedPage>(parts[0].numPages);
    for (const p of parts) for (const [n, page] of p.pages) pages[n - 1] = page;
    return pages;
  }

  /** The same in one thread whatever the size (the benchmark's baseline). */
  async pageTextsInOneThread(file: string): Promise<IndexedPage[]> {
    return this.pool.run<IndexedPage[]>('pageTexts', { file, keyHex: keyHexForFile(file) }, { timeoutMs: await this.timeoutFor(file), label: 'reading the text of the PDF' });
  }

  /** The text items of every page with their positions, and each page's box and rotation. */
  async textItems(file: string, opts: { signal?: AbortSignal } = {}): Promise<PositionedPage[]> {
    return this.pool.run<PositionedPage[]>('textItems', { file, keyHex: keyHexForFile(file) }, { timeoutMs: await this.timeoutFor(file), signal: opts.signal, label: 'reading the text of the PDF' });
  }

  /** Worker tasks finished so far. */
  completed(): Promise<number> {
    return this.pool.completed();
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

let shared: PdfTextReader | null = null;
/** The process's reader: one small pool for every services instance (tests run several). */
export function pdfTextReader(): PdfTextReader {
  shared ??= new PdfTextReader();
  return shared;
}

/** Joined text of every page (benchmarks and tools; the index stores `original`). */
export async function extractPageTexts(file: string): Promise<string[]> {
  return (await pdfTextReader().pageTexts(file)).map((p) => p.original);
}
