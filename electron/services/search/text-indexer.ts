/**
 * Keeps the text index in step with the cache, in the background: after each sync, prefetch or
 * open (every `data.changed`), it drops the text of blobs that left the cache and extracts the
 * text of newly cached ones, one document at a time.
 *
 * It must never hold up the UI: pdf.js runs in a low-priority worker thread (PdfTextReader),
 * and the index is written in small transactions with the event loop free between them.
 */
import type { BlobCache } from '../blobs/blob-cache';
import type { SyncedStore } from '../cache/synced-store';
import { WorkerTaskError } from '../workers/worker-pool';
import { pdfTextReader, type IndexedPage, type PdfTextReader } from './pdf-text';
import type { TextIndex } from './text-index';

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

export class TextIndexer {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly afterPassListeners: (() => void)[] = [];
  private readonly changeListeners: (() => void)[] = [];
  /** Aborts the document being read when the indexer stops (its worker thread is terminated). */
  private readonly stopping = new AbortController();

  constructor(
    private readonly index: TextIndex,
    private readonly synced: SyncedStore,
    private readonly blobs: BlobCache,
    private readonly reader: PdfTextReader = pdfTextReader(),
  ) {}

  /**
   * Called after every pass (text of newly cached documents indexed): e.g. annotations are
   * carried forward to a new version as soon as its text is known.
   */
  onAfterPass(listener: () => void): void {
    this.afterPassListeners.push(listener);
  }

  /**
   * Called whenever what a search can find changed: each document indexed (or found unreadable),
   * and text pruned because its documents left the cache. An open search screen reruns itself,
   * so results appear while a packet is being read, without the user searching again.
   */
  onIndexChanged(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  private indexChanged(): void {
    if (!this.stopped) for (const l of this.changeListeners) l();
  }

  /** Starts (or re-runs after the current pass) an indexing pass. */
  schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
          if (!this.stopped) for (const l of this.afterPassListeners) l();
        } while (this.again && !this.stopped);
      } catch (e) {
        if (!this.stopped) console.error('[ecabinet] text indexing failed:', e);
      } finally {
        this.running = null;
      }
    })();
  }

  /** Resolves when no pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    await this.idle();
  }

  /** Cached documents whose text is not indexed yet. */
  pendingCount(): number {
    return this.todo().length;
  }

  private todo(): string[] {
    return [...this.synced.allDocumentSha256()].filter((sha) => this.blobs.isCached(sha) && !this.index.has(sha));
  }

  /**
   * The page texts of one document. A read stopped by its time limit or a crashed thread is
   * tried again with a longer limit (a busy machine, not the file, may be the cause); a PDF that
   * is unreadable, over the memory limit or out of attempts is recorded as failed, not retried
   * every sync.
   */
  private async read(sha: string, file: string): Promise<IndexedPage[] | 'stopped' | 'failed'> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.reader.pageTexts(file, { signal: this.stopping.signal, attempt });
      } catch (e) {
        if (this.stopped || (e instanceof WorkerTaskError && e.reason === 'stopped')) return 'stopped';
        const transient = e instanceof WorkerTaskError && (e.reason === 'timeout' || e.reason === 'crashed');
        if (transient && attempt + 1 < this.reader.attempts) continue;
        this.index.markFailed(sha, e instanceof Error ? e.message : String(e));
        return 'failed';
      }
    }
  }

  private async pass(): Promise<void> {
    if (this.index.prune(this.synced.allDocumentSha256()) > 0) this.indexChanged();
    for (const sha of this.todo()) {
      // Between documents: whatever else is waiting (an open, a sync page) goes first.
      await yieldToEventLoop();
      if (this.stopped) return;
      if (this.index.has(sha) || !this.synced.isBlobReferenced(sha)) continue;
      const file = await this.blobs.verifiedPath(sha);
      if (!file) continue;
      const pages = await this.read(sha, file);
      if (pages === 'stopped') return;
      if (pages === 'failed') {
        this.indexChanged();
        continue;
      }
      // The document may leave the cache (or the user sign out) while it is read or written.
      if (await this.index.storeGradually(sha, pages, { shouldStop: () => this.stopped || !this.synced.isBlobReferenced(sha) })) this.indexChanged();
    }
  }
}
