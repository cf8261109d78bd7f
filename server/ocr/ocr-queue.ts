/**
 * The background OCR of documents' PDFs: each tick looks for document versions (current and
 * earlier) whose PDF has no recognition result yet and works through them one at a time, in a
 * child process each page, with a time limit per document (a tick never runs inside a request).
 * Each content hash is recognised once for the whole deployment: a tick runs on the cluster job
 * runner (one instance at a time; server/cluster/jobs.ts) and the results and the progress are
 * kept in the shared database (TextLayerStore), answered by `GET /api/ocr/:sha256` on any
 * instance. An instance that dies mid-recognition leaves its PDF without a result: the next tick,
 * on whichever instance takes the job over, recognises it.
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

  /**
   * Queues every document PDF without a result and recognises them, one after the other, until
   * none is left (PDFs added meanwhile included). Run exclusively cluster-wide (startOcrJob).
   */
  async tick(lost?: AbortSignal): Promise<void> {
    // Stopped with the server, or when this instance no longer holds the job (another may take it over).
    const signal = lost ? AbortSignal.any([this.stopping.signal, lost]) : this.stopping.signal;
    // Not uploaded yet, or failed: looked at again on the next tick, not in this one's loop.
    const later = new Set<string>();
    for (;;) {
      await this.queueNew(later);
      if (signal.aborted) {
        // What this tick queued is queued again by the next one (here or on another instance).
        for (const sha of this.order.splice(0)) this.live.delete(sha);
        return;
      }
      const sha = this.order.shift();
      if (!sha) return;
      try {
        if (!(await this.recognise(sha, signal))) later.add(sha);
      } catch (e) {
        later.add(sha);
        this.onError(e);
      } finally {
        this.live.delete(sha);
      }
    }
  }

  private async queueNew(skip: ReadonlySet<string>): Promise<void> {
    for (const sha256 of await this.documentPdfs()) {
      if (this.finished.has(sha256) || this.live.has(sha256) || skip.has(sha256)) continue;
      if (isCurrent(await this.store.get(sha256))) {
        this.finished.add(sha256);
        continue;
      }
      this.live.set(sha256, { state: 'queued' });
      this.order.push(sha256);
    }
  }

  /**
   * False when the PDF is not there yet (the document row came first), the work was stopped, or
   * another instance took it over meanwhile: looked at again by the next tick, not this one.
   */
  private async recognise(sha256: string, signal: AbortSignal): Promise<boolean> {
    // Another instance may have finished it since this one queued it.
    if (isCurrent(await this.store.get(sha256))) {
      this.finished.add(sha256);
      return true;
    }
    const size = await this.blobs.size(sha256);
    if (size === undefined) return false;
    this.live.set(sha256, { state: 'running', done: 0, total: 0 });
    const attempt = await this.store.start(sha256, this.now().toISOString());
    let saving = Promise.resolve();
    const result = await this.blobs.withLocalFile(sha256, (file) =>
      recognisePdf(file, {
        timeoutMs: this.limits.baseTimeoutMs + Math.ceil(size / 1e6) * this.limits.timeoutPerMbMs,
        signal,
        onProgress: (done, total) => {
          this.live.set(sha256, { state: 'running', done, total });
          // Seen by the secretariat on every instance; one write at a time, in order.
          saving = saving.then(() => this.store.progress(sha256, attempt, done, total, this.now().toISOString())).catch(this.onError);
        },
      }),
    );
    await saving;
    if (result.kind === 'stopped') return false;
    // Kept only if no other instance started it since (this one lost the job without knowing yet):
    // then that one's result is the one kept, and this tick leaves the PDF alone.
    if (!(await this.store.finish(sha256, attempt, this.stored(result)))) return false;
    this.finished.add(sha256);
    return true;
  }

  private stored(r: Exclude<RecogniseResult, { kind: 'stopped' }>): StoredTextLayer {
    const finishedAt = this.now().toISOString();
    if (r.kind === 'done') return { state: 'done', pages: r.pages, words: r.words, finishedAt };
    if (r.kind === 'not_needed') return { state: 'not_needed', pages: r.pages, finishedAt };
    return { state: 'failed', reason: r.reason, message: r.message, finishedAt };
  }

  /** Where one PDF stands, whichever instance recognises it; undefined when it is not (yet) a document's PDF. */
  async status(sha256: string): Promise<OcrStatus | undefined> {
    const live = this.live.get(sha256);
    if (live?.state === 'running') return { sha256, state: 'running', done: live.done, total: live.total };
    const stored = await this.store.get(sha256);
    if (!isCurrent(stored)) {
      const running = await this.store.running(sha256);
      if (running) return { sha256, state: 'running', done: running.done, total: running.total };
      // A document's PDF the next tick will queue.
      return live || (await this.isDocumentPdf(sha256)) ? { sha256, state: 'queued', done: 0, total: 0 } : undefined;
    }
    if (stored.state === 'done') {
      const total = stored.pages.filter((p) => p !== null).length;
      return { sha256, state: 'done', done: total, total, pages: stored.pages, words: stored.words };
    }
    if (stored.state === 'not_needed') return { sha256, state: 'not_needed', done: 0, total: 0 };
    return { sha256, state: 'failed', done: 0, total: 0, reason: stored.reason };
  }

  /** Stops the work: the page being recognised is killed, nothing half-written is kept. */
  stop(): void {
    this.stopping.abort();
  }
}

const queues = new WeakMap<Db, OcrQueue>();

/** The queue of one server (one per database: tests run several servers in a process). */
export function ocrQueueOf(db: Db, blobs: BlobStore, now: () => Date = () => new Date(), onError: (e: unknown) => void = () => undefined): OcrQueue {
  let q = queues.get(db);
  if (!q) {
    q = new OcrQueue(db, blobs, TextLayerStore.of(db, blobs.localDir), now, onError);
    queues.set(db, q);
  }
  return q;
}

/** The background job: a tick every `intervalMs` on one instance of the cluster at a time, stopped with the server. */
export function startOcrJob(opts: {
  db: Db;
  blobs: BlobStore;
  now: () => Date;
  onError: (e: unknown) => void;
  /** Runs a tick unless one runs already, here or on another instance (server/cluster/jobs.ts). */
  exclusive: (run: (lost: AbortSignal) => Promise<void>) => Promise<boolean>;
  intervalMs?: number;
}): () => Promise<void> {
  const queue = ocrQueueOf(opts.db, opts.blobs, opts.now, opts.onError);
  let ticking: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    ticking ??= opts
      .exclusive((lost) => queue.tick(lost))
      .catch(opts.onError)
      .finally(() => {
        ticking = null;
      });
  }, opts.intervalMs ?? OCR_TICK_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    queue.stop();
    await ticking;
  };
}
