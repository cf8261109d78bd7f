/**
 * The background OCR of documents' PDFs: on every tick it looks for document versions (current
 * and earlier) whose PDF has no recognition result yet and works through them one at a time, in a child process each page,
 * with a time limit per document (a tick never runs inside a request). Each content hash is
 * recognised once; its result (text, "not needed", or a failure with the reason) is kept in the
 * TextLayerStore and answered by `GET /api/ocr/:sha256`.
 */
import type { OcrStatus } from '../../shared/ocr';
import type { BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import { recognisePdf, type RecogniseResult } from './recognise';
import { TextLayerStore, type StoredTextLayer } from './text-layers';

export const OCR_TICK_MS = 2_000;

export interface OcrLimits {
  /** Time allowed per document: a base plus some per page to recognise (taken as a bound from the file size). */
  baseTimeoutMs: number;
  timeoutPerMbMs: number;
}

export const DEFAULT_OCR_LIMITS: OcrLimits = { baseTimeoutMs: 10 * 60_000, timeoutPerMbMs: 60_000 };

/** A stored result this version keeps: a text recognised without its word boxes is done again (the reader selects and highlights on the boxes). */
const isCurrent = (s: StoredTextLayer | undefined): s is StoredTextLayer => s !== undefined && (s.state !== 'done' || s.words !== undefined);

type Live = { state: 'queued' } | { state: 'running'; done: number; total: number };

export class OcrQueue {
  /** Hashes known to have a stored result (no file read per tick). */
  private readonly finished = new Set<string>();
  private readonly live = new Map<string, Live>();
  private readonly order: string[] = [];
  private working: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    readonly store: TextLayerStore,
    private readonly now: () => Date,
    private readonly onError: (e: unknown) => void,
    private readonly limits: OcrLimits = DEFAULT_OCR_LIMITS,
  ) {}

  /**
   * Every PDF of every version of every document: an earlier version is still read (the
   * changes view, a highlight made on it, the search in it), and a version replaced before the
   * first tick would otherwise never be recognised. Current versions first.
   */
  private async documentPdfs(): Promise<string[]> {
    const current = await this.db.selectFrom('documents').select('sha256').distinct().execute();
    const earlier = await this.db.selectFrom('document_versions').select('sha256').distinct().execute();
    return [...new Set([...current, ...earlier].map((r) => r.sha256))];
  }

  private async isDocumentPdf(sha256: string): Promise<boolean> {
    if (await this.db.selectFrom('documents').select('id').where('sha256', '=', sha256).executeTakeFirst()) return true;
    return (await this.db.selectFrom('document_versions').select('id').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
  }

  /** Queues every document PDF without a result, and starts working if idle. */
  async tick(): Promise<void> {
    for (const sha256 of await this.documentPdfs()) {
      if (this.finished.has(sha256) || this.live.has(sha256)) continue;
      if (isCurrent(await this.store.get(sha256))) {
        this.finished.add(sha256);
        continue;
      }
      this.live.set(sha256, { state: 'queued' });
      this.order.push(sha256);
    }
    this.working ??= this.work().finally(() => {
      this.working = null;
    });
  }

  private async work(): Promise<void> {
    for (let sha = this.order.shift(); sha && !this.stopping.signal.aborted; sha = this.order.shift()) {
      try {
        await this.recognise(sha);
      } catch (e) {
        this.live.delete(sha);
        this.onError(e);
      }
    }
  }

  private async recognise(sha256: string): Promise<void> {
    const size = await this.blobs.size(sha256);
    if (size === undefined) {
      // Not uploaded yet (the document row came first): looked at again on a later tick.
      this.live.delete(sha256);
      return;
    }
    this.live.set(sha256, { state: 'running', done: 0, total: 0 });
    const result = await this.blobs.withLocalFile(sha256, (file) =>
      recognisePdf(file, {
        timeoutMs: this.limits.baseTimeoutMs + Math.ceil(size / 1e6) * this.limits.timeoutPerMbMs,
        signal: this.stopping.signal,
        onProgress: (done, total) => this.live.set(sha256, { state: 'running', done, total }),
      }),
    );
    if (result.kind === 'stopped') return;
    await this.store.put(sha256, this.stored(result));
    this.finished.add(sha256);
    this.live.delete(sha256);
  }

  private stored(r: Exclude<RecogniseResult, { kind: 'stopped' }>): StoredTextLayer {
    const finishedAt = this.now().toISOString();
    if (r.kind === 'done') return { state: 'done', pages: r.pages, words: r.words, finishedAt };
    if (r.kind === 'not_needed') return { state: 'not_needed', pages: r.pages, finishedAt };
    return { state: 'failed', reason: r.reason, message: r.message, finishedAt };
  }

  /** Where one PDF stands; undefined when it is not (yet) a document's PDF. */
  async status(sha256: string): Promise<OcrStatus | undefined> {
    const live = this.live.get(sha256);
    if (live?.state === 'queued') return { sha256, state: 'queued', done: 0, total: 0 };
    if (live?.state === 'running') return { sha256, state: 'running', done: live.done, total: live.total };
    const stored = await this.store.get(sha256);
    if (!isCurrent(stored)) {
      // A document's PDF the next tick will queue.
      return (await this.isDocumentPdf(sha256)) ? { sha256, state: 'queued', done: 0, total: 0 } : undefined;
    }
    if (stored.state === 'done') {
      const total = stored.pages.filter((p) => p !== null).length;
      return { sha256, state: 'done', done: total, total, pages: stored.pages, words: stored.words };
    }
    if (stored.state === 'not_needed') return { sha256, state: 'not_needed', done: 0, total: 0 };
    return { sha256, state: 'failed', done: 0, total: 0, reason: stored.reason };
  }

  /** Stops the tick loop's work: the page being recognised is killed, nothing half-written is kept. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.working;
  }
}

const queues = new WeakMap<Db, OcrQueue>();

/** The queue of one server (one per database: tests run several servers in a process). */
export function ocrQueueOf(db: Db, blobs: BlobStore, now: () => Date = () => new Date(), onError: (e: unknown) => void = () => undefined): OcrQueue {
  let q = queues.get(db);
  if (!q) {
    q = new OcrQueue(db, blobs, TextLayerStore.inDataDir(blobs.localDir), now, onError);
    queues.set(db, q);
  }
  return q;
}

/** The background job: a tick every `intervalMs`, stopped with the server. */
export function startOcrJob(opts: { db: Db; blobs: BlobStore; now: () => Date; onError: (e: unknown) => void; intervalMs?: number }): () => Promise<void> {
  const queue = ocrQueueOf(opts.db, opts.blobs, opts.now, opts.onError);
  let ticking: Promise<void> | null = null;
  const timer = setInterval(() => {
    ticking ??= queue
      .tick()
      .catch(opts.onError)
      .finally(() => {
        ticking = null;
      });
  }, opts.intervalMs ?? OCR_TICK_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await ticking;
    await queue.stop();
  };
}
