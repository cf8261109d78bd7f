/**
 * Keeps the text index in step with the cache, in the background: after each sync, prefetch or
 * open (every `data.changed`), it drops the text of blobs that left the cache and extracts the
 * text of newly cached ones, one document at a time.
 */
import type { BlobCache } from '../blobs/blob-cache';
import type { SyncedStore } from '../cache/synced-store';
import { extractPageTexts } from './pdf-text';
import type { TextIndex } from './text-index';

export class TextIndexer {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly afterPassListeners: (() => void)[] = [];

  constructor(
    private readonly index: TextIndex,
    private readonly synced: SyncedStore,
    private readonly blobs: BlobCache,
  ) {}

  /**
   * Called after every pass (text of newly cached documents indexed): e.g. annotations are
   * carried forward to a new version as soon as its text is known (issue 4).
   */
  onAfterPass(listener: () => void): void {
    this.afterPassListeners.push(listener);
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
    await this.idle();
  }

  /** Cached documents whose text is not indexed yet. */
  pendingCount(): number {
    return this.todo().length;
  }

  private todo(): string[] {
    return [...this.synced.allDocumentSha256()].filter((sha) => this.blobs.isCached(sha) && !this.index.has(sha));
  }

  private async pass(): Promise<void> {
    this.index.prune(this.synced.allDocumentSha256());
    for (const sha of this.todo()) {
      if (this.stopped) return;
      const file = await this.blobs.verifiedPath(sha);
      if (!file) continue;
      let pages: string[] | null;
      try {
        pages = await extractPageTexts(file, { shouldStop: () => this.stopped });
      } catch (e) {
        this.index.markFailed(sha, e instanceof Error ? e.message : String(e));
        continue;
      }
      if (!pages) return;
      // The document may have left the cache while we read it.
      if (this.synced.isBlobReferenced(sha)) this.index.store(sha, pages);
    }
  }
}
