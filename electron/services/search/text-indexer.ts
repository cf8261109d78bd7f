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
import { lacksText, withOcrText, type OcrTextSource } from './ocr-text';
import type { OcrWordPages } from './ocr-words';

/** How long a scanned PDF whose recognition the server has not finished waits before it is asked again. */
const OCR_RETRY_MS = { first: 2_000, max: 60_000 };

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

export class TextIndexer {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly afterPassListeners: (() => void)[] = [];
  private readonly changeListeners: (() => void)[] = [];
  private readonly textReadListeners: ((sha256: string, pages: readonly IndexedPage[]) => void)[] = [];
  /** Aborts the document being read when the indexer stops (its worker thread is terminated). */
  private readonly stopping = new AbortController();

  constructor(
    private readonly index: TextIndex,
    private readonly synced: SyncedStore,
    private readonly blobs: BlobCache,
    private readonly reader: PdfTextReader = pdfTextReader(),
    /** The server's recognised text for scanned pages; none: pdf.js text only. */
    private readonly ocrText: OcrTextSource | null = null,
    /** Whether the recognised words of scanned pages are kept (with the text) for the reader offline. */
    private readonly keepOcrWords = false,
  ) {}

  /** Scanned PDFs waiting for the server's OCR: when to ask again, and the wait after that. */
  private readonly ocrWaits = new Map<string, { at: number; nextDelay: number; pages: IndexedPage[] }>();
  private ocrTimer: NodeJS.Timeout | null = null

  /**
   * Called after every pass (text of newly cached documents indexed): e.g. annotations are
   * carried forward to a new version as soon as its text is known.
   */
  onAfterPass(listener: () => void): void {
    this.afterPassListeners.push(listener);
  }

  /**
   * Called with a document's page texts as soon as they are read (before they are written to
   * the index, which takes a while for a long one): e.g. the changes of a new version are
   * compared at once.
   */
  onTextRead(listener: (sha256: string, pages: readonly IndexedPage[]) => void): void {
    this.textReadListeners.push(listener);
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
    if (this.ocrTimer) clearTimeout(this.ocrTimer);
    this.stopping.abort();
    await this.idle();
  }

  /** Cached documents whose text is not indexed yet. */
  pendingCount(): number {
    return this.todo().length;
  }

  private todo(): string[] {
    const indexed = this.index.entries();
    return [...this.synced.allDocumentSha256()].filter((sha) => !indexed.has(sha) && this.blobs.isCached(sha));
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

  /**
   * The pages with the server's recognised text on those pdf.js found empty; 'later' while the
   * server is still recognising them (the document is indexed once it is done, not before: an
   * index entry is never revisited).
   */
  private async withRecognisedText(sha: string, pages: IndexedPage[]): Promise<{ pages: IndexedPage[]; words: OcrWordPages | null } | 'later'> {
    if (!this.ocrText || !pages.some(lacksText)) return { pages, words: null };
    const answer = await this.ocrText(sha);
    if (answer.kind === 'later') {
      const wait = this.ocrWaits.get(sha)?.nextDelay ?? OCR_RETRY_MS.first;
      this.ocrWaits.set(sha, { at: Date.now() + wait, nextDelay: Math.min(wait * 2, OCR_RETRY_MS.max), pages });
      this.askAgainLater();
      return 'later';
    }
    this.ocrWaits.delete(sha);
    return answer.kind === 'text' ? { pages: withOcrText(pages, answer.pages), words: answer.words } : { pages, words: null };
  }

  private askAgainLater(): void {
    if (this.ocrTimer || this.stopped) return;
    const next = Math.min(...[...this.ocrWaits.values()].map((w) => w.at));
    this.ocrTimer = setTimeout(() => {
      this.ocrTimer = null;
      this.schedule();
    }, Math.max(0, next - Date.now()));
    this.ocrTimer.unref();
  }

  private async pass(): Promise<void> {
    if (this.index.prune(this.synced.allDocumentSha256()) > 0) this.indexChanged();
    for (const sha of this.todo()) {
      // Between documents: whatever else is waiting (an open, a sync page) goes first.
      await yieldToEventLoop();
      if (this.stopped) return;
      const waiting = this.ocrWaits.get(sha);
      if (waiting && waiting.at > Date.now()) {
        this.askAgainLater();
        continue;
      }
      if (this.index.has(sha) || !this.synced.isBlobReferenced(sha)) continue;
      const file = await this.blobs.verifiedPath(sha);
      if (!file) continue;
      // A scanned PDF waiting for the server was read already.
      const read = waiting?.pages ?? (await this.read(sha, file));
      if (read === 'stopped') return;
      if (read === 'failed') {
        this.indexChanged();
        continue;
      }
      const recognised = await this.withRecognisedText(sha, read);
      if (recognised === 'later' || this.stopped) continue;
      for (const l of this.textReadListeners) l(sha, recognised.pages);
      // The document may leave the cache (or the user sign out) while it is read or written.
      // A scan's words are kept with its text (and removed with it): the reader's words over the scan, offline too.
      const ocrWords = this.keepOcrWords ? recognised.words : null;
      if (await this.index.storeGradually(sha, recognised.pages, { shouldStop: () => this.stopped || !this.synced.isBlobReferenced(sha), ocrWords })) this.indexChanged();
    }
  }
}
