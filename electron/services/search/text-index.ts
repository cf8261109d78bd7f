/**
 * The local full-text index of cached documents (SQLite FTS5 over Vietnamese-folded page text)
 * and the cross-document search the reader's search box runs.
 *
 * Only what is in this user's cache is ever indexed, and a search only returns pages of
 * documents still in the cache (joined on the documents table); blobs no document references
 * any more are pruned from the index.
 */
import { Document, Meeting } from '../../../shared/entities';
import { findInText, foldQuery, foldWithMap, snippetAround } from '../../../shared/text/fold-map';
import type { SearchMeetingGroup, SearchResults } from '../../../shared/reader';
import type { CacheDb } from '../cache/open-cache';
import { checkpointInBackground } from '../workers/sqlite-client';
import type { IndexedPage } from './pdf-text';
import { OcrWordStore, type OcrWordPages } from './ocr-words';

const DEFAULT_LIMIT = 200;

const asIndexedPage = (p: string | IndexedPage): IndexedPage => (typeof p === 'string' ? { original: p, folded: foldWithMap(p).folded } : p);

/** Merge work per step (FTS5 leaf pages, ~4 KB each: a few milliseconds) and steps after each batch. */
const MERGE_STEP_PAGES = 32;
const MAX_MERGE_STEPS = 64;

/** Lets bridge calls and sync run between two batches of index writes. */
const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** FTS5 query for a folded query: its words as one phrase ("de an" → "de" followed by "an"). */
export function ftsPhrase(foldedQuery: string): string | null {
  const words = foldedQuery.match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return `"${words.join(' ')}"`;
}

export class TextIndex {
  constructor(
    private readonly db: CacheDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every blob with an entry (indexed or failed), in one query: a pass over a large cache costs no query per document. */
  entries(): Set<string> {
    return new Set((this.db.prepare('SELECT sha256 FROM doc_text_status').all() as { sha256: string }[]).map((r) => r.sha256));
  }

  has(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM doc_text_status WHERE sha256 = ?').get(sha256) !== undefined;
  }

  /** Replaces the pages of one blob, in one transaction (small documents, tools and benchmarks). */
  store(sha256: string, pages: readonly (string | IndexedPage)[]): void {
    const rows = pages.map(asIndexedPage);
    this.manualMerging();
    this.db.transaction(() => {
      this.remove(sha256);
      this.insertPages(sha256, rows, 0);
      this.markIndexed(sha256, rows.length);
    })();
    while (this.mergeStep(500));
  }

  /**
   * Replaces the pages of one blob a few at a time, letting other work run between the small
   * transactions (SQLite calls block the thread that answers the UI). The blob counts as indexed
   * only once its last page is in; if `shouldStop` turns true midway, its pages are removed.
   */
  async storeGradually(
    sha256: string,
    pages: readonly IndexedPage[],
    opts: { shouldStop?: () => boolean; batchChars?: number; ocrWords?: OcrWordPages | null } = {},
  ): Promise<boolean> {
    return this.withCheckpointsInBackground(() => this.writeGradually(sha256, pages, opts.batchChars ?? 64_000, opts.shouldStop, opts.ocrWords ?? null));
  }

  /**
   * Runs `write` with this connection's automatic WAL checkpoints off, then checkpoints in a
   * worker thread: a checkpoint (copying the log into the database file, syncing it to disk)
   * done by one of these commits would hold the thread for tens of milliseconds or more.
   */
  private async withCheckpointsInBackground<T>(write: () => Promise<T>): Promise<T> {
    if (this.db.memory) return write();
    const previous = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma('wal_autocheckpoint = 0');
    try {
      return await write();
    } finally {
      // Not checkpointed now (a worker failed): the next commit here does it, as before.
      await checkpointInBackground(this.db).catch(() => undefined);
      this.db.pragma(`wal_autocheckpoint = ${previous}`);
    }
  }

  private async writeGradually(sha256: string, pages: readonly IndexedPage[], batchChars: number, shouldStop: (() => boolean) | undefined, ocrWords: OcrWordPages | null): Promise<boolean> {
    this.db.transaction(() => this.remove(sha256))();
    let from = 0;
    while (from < pages.length) {
      await yieldToEventLoop();
      if (shouldStop?.()) {
        this.db.transaction(() => this.remove(sha256))();
        return false;
      }
      let to = from;
      for (let chars = 0; to < pages.length && (to === from || chars < batchChars); to++) chars += pages[to].original.length;
      const slice = pages.slice(from, to);
      const first = from;
      this.db.transaction(() => this.insertPages(sha256, slice, first))();
      from = to;
      await this.mergeGradually(shouldStop);
    }
    if (shouldStop?.()) {
      this.db.transaction(() => this.remove(sha256))();
      return false;
    }
    // With the "indexed" mark: whoever sees the text indexed (re-anchoring) finds a scan's words too.
    this.db.transaction(() => {
      if (ocrWords) new OcrWordStore(this.db).put(sha256, ocrWords);
      this.markIndexed(sha256, pages.length);
    })();
    return true;
  }

  /**
   * FTS5 merges the b-trees of its index after writes. Left to do it on its own (automerge),
   * one merge of a large index holds the thread for 100 ms and more; here it is done in steps of
   * a few pages each, with the event loop free between them.
   */
  private async mergeGradually(shouldStop?: () => boolean): Promise<void> {
    this.manualMerging();
    for (let step = 0; step < MAX_MERGE_STEPS && !shouldStop?.(); step++) {
      if (!this.mergeStep(MERGE_STEP_PAGES)) return;
      await yieldToEventLoop();
    }
  }

  /** Does up to `pages` pages of merge work; false when there was none to do. */
  private mergeStep(pages: number): boolean {
    const total = () => (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = total();
    this.db.prepare("INSERT INTO doc_text_fts (doc_text_fts, rank) VALUES ('merge', ?)").run(pages);
    // FTS5 reports merge work as changes: fewer than 2 means there was nothing to merge.
    return total() - before >= 2;
  }

  private manualMergingSet = false;
  private manualMerging(): void {
    if (this.manualMergingSet) return;
    this.db.prepare("INSERT INTO doc_text_fts (doc_text_fts, rank) VALUES ('automerge', 0)").run();
    this.manualMergingSet = true;
  }

  private insertPages(sha256: string, pages: readonly IndexedPage[], firstIndex: number): void {
    const insertPage = this.db.prepare('INSERT INTO doc_text_pages (sha256, page, original) VALUES (?, ?, ?)');
    const insertFts = this.db.prepare('INSERT INTO doc_text_fts (rowid, folded) VALUES (?, ?)');
    pages.forEach((p, i) => {
      const id = insertPage.run(sha256, firstIndex + i + 1, p.original).lastInsertRowid;
      insertFts.run(id, p.folded);
    });
  }

  private markIndexed(sha256: string, pages: number): void {
    this.db
      .prepare("INSERT OR REPLACE INTO doc_text_status (sha256, status, pages, indexed_at, error) VALUES (?, 'indexed', ?, ?, NULL)")
      .run(sha256, pages, this.now().toISOString());
  }

  markFailed(sha256: string, error: string): void {
    this.db
      .prepare("INSERT OR REPLACE INTO doc_text_status (sha256, status, pages, indexed_at, error) VALUES (?, 'failed', 0, ?, ?)")
      .run(sha256, this.now().toISOString(), error.slice(0, 500));
  }

  private remove(sha256: string): void {
    this.db.prepare('DELETE FROM doc_text_fts WHERE rowid IN (SELECT id FROM doc_text_pages WHERE sha256 = ?)').run(sha256);
    this.db.prepare('DELETE FROM doc_text_pages WHERE sha256 = ?').run(sha256);
    this.db.prepare('DELETE FROM doc_text_status WHERE sha256 = ?').run(sha256);
    // The recognised words of a scan go with its text (search/ocr-words.ts).
    this.db.prepare('DELETE FROM doc_ocr_words WHERE sha256 = ?').run(sha256);
  }

  /** Drops the text of every blob not in `referenced` (its documents left the cache), pages of an interrupted indexing included. */
  prune(referenced: ReadonlySet<string>): number {
    const gone = (this.db.prepare('SELECT sha256 FROM doc_text_status UNION SELECT DISTINCT sha256 FROM doc_text_pages UNION SELECT sha256 FROM doc_ocr_words').all() as { sha256: string }[])
      .map((r) => r.sha256)
      .filter((sha) => !referenced.has(sha));
    if (gone.length) this.db.transaction(() => gone.forEach((sha) => this.remove(sha)))();
    return gone.length;
  }

  clear(): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM doc_text_fts').run();
      this.db.prepare('DELETE FROM doc_text_pages').run();
      this.db.prepare('DELETE FROM doc_text_status').run();
      this.db.prepare('DELETE FROM doc_ocr_words').run();
    })();
  }

  /**
   * The indexed text of each page of one blob, in page order: while it is being written (a few
   * pages per transaction, see storeGradually), the pages written so far, the same the search
   * finds. (Waiting for the "indexed" mark, the reader's find came up empty on a page the search
   * had just shown.)
   */
  pageTexts(sha256: string): string[] {
    return (this.db.prepare('SELECT original FROM doc_text_pages WHERE sha256 = ? ORDER BY page').all(sha256) as { original: string }[]).map((r) => r.original);
  }

  /** Rows in the index (tests and the benchmark). */
  pageRows(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM doc_text_pages').get() as { n: number }).n;
  }

  /** Page hits of the FTS index only: [rowid of doc_text_pages], best first. */
  matchRowIds(foldedQuery: string, limit: number): number[] {
    const phrase = ftsPhrase(foldedQuery);
    if (!phrase) return [];
    return (this.db.prepare('SELECT rowid FROM doc_text_fts WHERE doc_text_fts MATCH ? ORDER BY rank LIMIT ?').all(phrase, limit) as {
      rowid: number;
    }[]).map((r) => r.rowid);
  }

  /** Search across cached documents, grouped by meeting then document, pages in order. */
  search(query: string, opts: { limit?: number; pendingDocuments?: number } = {}): SearchResults {
    const limit = opts.limit ?? DEFAULT_LIMIT;
    const folded = foldQuery(query);
    const phrase = ftsPhrase(folded);
    const empty: SearchResults = { query, groups: [], pageCount: 0, truncated: false, pendingDocuments: opts.pendingDocuments ?? 0 };
    if (!phrase) return empty;
    // One row per (document, page): two documents sharing a blob both show.
    const rows = this.db
      .prepare(
        `SELECT p.page AS page, p.original AS original, d.data AS doc, m.data AS meeting
           FROM doc_text_fts f
           JOIN doc_text_pages p ON p.id = f.rowid
           JOIN documents d ON d.sha256 = p.sha256
           JOIN meetings m ON m.id = d.meeting_id
          WHERE doc_text_fts MATCH ?
          ORDER BY f.rank
          LIMIT ?`,
      )
      .all(phrase, limit + 1) as { page: number; original: string; doc: string; meeting: string }[];
    const truncated = rows.length > limit;
    const meetings = new Map<string, SearchMeetingGroup>();
    const parsedDocs = new Map<string, Document>();
    for (const r of rows.slice(0, limit)) {
      let doc = parsedDocs.get(r.doc);
      if (!doc) {
        doc = Document.parse(JSON.parse(r.doc));
        parsedDocs.set(r.doc, doc);
      }
      let group = meetings.get(doc.meetingId);
      if (!group) {
        const m = Meeting.parse(JSON.parse(r.meeting));
        group = { meetingId: m.id, title: m.title, startsAt: m.startsAt, documents: [] };
        meetings.set(m.id, group);
      }
      let docGroup = group.documents.find((g) => g.documentId === doc.id);
      if (!docGroup) {
        docGroup = { documentId: doc.id, title: doc.title, classification: doc.classification, version: doc.version, pages: [] };
        group.documents.push(docGroup);
      }
      // The FTS phrase matched on tokens; find the hits in the page text for the snippet. A
      // phrase split by punctuation ("đề-án") may have no substring hit: show the page start.
      const hits = findInText(r.original, folded);
      docGroup.pages.push({ page: r.page, hits: Math.max(1, hits.length), snippet: snippetAround(r.original, hits) });
    }
    const groups = [...meetings.values()];
    for (const g of groups) for (const d of g.documents) d.pages.sort((a, b) => a.page - b.page);
    // Meetings in time order, newest first (today's and upcoming before old ones).
    groups.sort((a, b) => b.startsAt.localeCompare(a.startsAt));
    return { ...empty, groups, pageCount: Math.min(rows.length, limit), truncated };
  }
}
