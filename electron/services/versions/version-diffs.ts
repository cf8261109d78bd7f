/**
 * "Thay đổi so với phiên bản trước": the changes between two versions of a document, from the
 * page texts the search indexer stored for both (doc_text_pages), compared in a worker thread.
 *
 * Both versions must be on this device: a previous version not cached is fetched (when the
 * server can be reached) and the indexer reads it; meanwhile the answer is `pending`. A result is
 * kept in memory by the pair of files (content-addressed, so it never goes stale) and computed
 * ahead, after each indexing pass, for new versions the member has not opened yet: the view
 * then opens at once.
 */
import { AppError, isUnreachable } from '../../../shared/errors';
import type { Document } from '../../../shared/entities';
import { DocumentVersion } from '../../../shared/secretariat';
import type { BridgeHandlers } from '../../../shared/bridge';
import type { VersionBridgeMethods } from '../../../shared/versions-bridge';
import type { VersionDiff, VersionDiffWait } from '../../../shared/version-diff';
import type { BlobCache } from '../blobs/blob-cache';
import type { CacheDb } from '../cache/open-cache';
import type { SyncedStore } from '../cache/synced-store';
import type { SyncEngine } from '../sync/sync-engine';
import { WorkerPool } from '../workers/worker-pool';
import type { VersionDiffTask } from '../workers/version-diff.worker';
import type { PageDiffResult } from './page-diff';
import type { IndexedPage } from '../search/pdf-text';

type Handlers = Pick<BridgeHandlers, keyof typeof VersionBridgeMethods>;

export interface VersionDiffDeps {
  db: CacheDb;
  synced: SyncedStore;
  blobs: BlobCache;
  session: () => { engine: SyncEngine; userId: string };
  /** Throws when the retention policy keeps this document's files off the device. */
  assertMayDownload: (doc: Document) => void;
  /** A file was cached: the indexer reads it, views re-read. */
  dataChanged: (entities: string[], meetingIds: string[]) => void;
  /** Makes the indexer look for cached files whose text it has not read. */
  scheduleIndexing: () => void;
}

export interface VersionDiffService {
  handlers: Handlers;
  /** Computes ahead the changes of new versions the member has not opened yet (after each indexing pass). */
  prepareUnread: () => Promise<void>;
  /** The indexer read a file's text: compares a new version at once (see below). */
  textRead: (sha256: string, pages: readonly IndexedPage[]) => void;
  /** Signed out: nothing of the documents' text stays in memory. */
  forget: () => void;
}

/** Results kept in memory (pairs of files). */
const KEPT_RESULTS = 16;
/** New versions compared ahead of the member asking, at most. */
const PREPARED_AHEAD = 8;
/** A failed download of a version is tried again after this long. */
const RETRY_DOWNLOAD_MS = 10_000;
/** One comparison, at most (a very long, very different pair of files). */
const DIFF_TIME_LIMIT_MS = 120_000;

let pool: WorkerPool | null = null;
/** The process's comparison thread: one for every services instance (tests run several). */
function diffPool(): WorkerPool {
  // One thread at a heap limit: an unexpected giant input ends its thread, not the services.
  pool ??= new WorkerPool('version-diff', { maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: 1024 }, niceIncrement: 2 });
  return pool;
}

export function versionDiffService(d: VersionDiffDeps): VersionDiffService {
  const results = new Map<string, Promise<PageDiffResult>>();
  const downloads = new Map<string, Promise<void>>();
  /** Files whose download failed lately: why, and when (tried again after a while, not at every view refresh). */
  const failedDownloads = new Map<string, { wait: VersionDiffWait; at: number }>();
  let generation = 0;

  const versionsOf = (documentId: string): DocumentVersion[] =>
    (d.db.prepare("SELECT data FROM secretariat_rows WHERE entity = 'documentVersion' AND document_id = ?").all(documentId) as { data: string }[])
      .map((r) => DocumentVersion.parse(JSON.parse(r.data)))
      .sort((a, b) => a.version - b.version);

  const textStatus = (sha256: string): { status: 'indexed' | 'failed'; pages: number } | null =>
    (d.db.prepare('SELECT status, pages FROM doc_text_status WHERE sha256 = ?').get(sha256) as { status: 'indexed' | 'failed'; pages: number } | undefined) ?? null;

  const pageTexts = (sha256: string): string[] =>
    (d.db.prepare('SELECT original FROM doc_text_pages WHERE sha256 = ? ORDER BY page').all(sha256) as { original: string }[]).map((r) => r.original);

  /** Fetches a version's file in the background; the indexer then reads it. */
  function download(doc: Document, sha256: string, size: number): void {
    if (downloads.has(sha256)) return;
    const engine = d.session().engine;
    failedDownloads.delete(sha256);
    const p = d.blobs
      .ensure(sha256, size, engine.fetchBlob)
      .then(
        () => d.dataChanged(['document'], [doc.meetingId]),
        (e: unknown) => {
          if (!isUnreachable(e)) console.error('[ecabinet] fetching a previous version failed:', e);
          failedDownloads.set(sha256, { wait: isUnreachable(e) ? 'offline' : 'unreadable', at: Date.now() });
          d.dataChanged(['document'], [doc.meetingId]);
        },
      )
      .finally(() => downloads.delete(sha256));
    downloads.set(sha256, p);
  }

  /** `newPages`: the new version's page texts when just read (not yet in the index). */
  function compare(oldSha: string, newSha: string, newPages?: readonly string[]): Promise<PageDiffResult> {
    const key = `${oldSha}>${newSha}`;
    let p = results.get(key);
    if (p) {
      // Most recently used last: the first entries are the ones to drop.
      results.delete(key);
      results.set(key, p);
      return p;
    }
    const task: VersionDiffTask = { oldPages: pageTexts(oldSha), newPages: newPages ? [...newPages] : pageTexts(newSha) };
    const started = generation;
    p = diffPool().run<PageDiffResult>('diffVersions', task, { timeoutMs: DIFF_TIME_LIMIT_MS, label: 'comparing two versions of a document' });
    results.set(key, p);
    p.catch(() => {
      if (results.get(key) === p) results.delete(key);
    });
    void p.then(() => {
      if (generation !== started) results.delete(key);
    });
    while (results.size > KEPT_RESULTS) results.delete(results.keys().next().value!);
    return p;
  }

  /** Which versions to compare, and whether both texts are here (else why not). */
  function plan(doc: Document, fromVersion?: number): { from: DocumentVersion | null; wait: VersionDiffWait | null } {
    const earlier = versionsOf(doc.id).filter((v) => v.version < doc.version && v.sha256 !== doc.sha256);
    const from = fromVersion === undefined ? (earlier[earlier.length - 1] ?? null) : (earlier.find((v) => v.version === fromVersion) ?? null);
    if (fromVersion !== undefined && !from) throw new AppError('not_found', 'no such earlier version', { entity: 'documentVersion', version: fromVersion });
    if (!from) return { from: null, wait: 'no_previous' };
    const files = [
      { sha256: from.sha256, size: from.size },
      { sha256: doc.sha256, size: doc.size },
    ];
    let wait: VersionDiffWait | null = null;
    for (const f of files) {
      if (d.blobs.isCached(f.sha256)) continue;
      const failed = failedDownloads.get(f.sha256);
      if (failed && Date.now() - failed.at < RETRY_DOWNLOAD_MS) {
        wait = failed.wait;
        continue;
      }
      d.assertMayDownload(doc);
      download(doc, f.sha256, f.size);
      wait ??= 'downloading';
    }
    if (wait) return { from, wait };
    // Compared already (or being compared) from the text as it was read, before it reached the index.
    if (results.has(`${from.sha256}>${doc.sha256}`)) return { from, wait: null };
    const statuses = files.map((f) => textStatus(f.sha256));
    if (statuses.some((s) => s?.status === 'failed')) return { from, wait: 'unreadable' };
    if (statuses.some((s) => s === null)) {
      d.scheduleIndexing();
      return { from, wait: 'reading' };
    }
    return { from, wait: null };
  }

  const handlers: Handlers = {
    'versions.diff': async ({ documentId, fromVersion }) => {
      d.session();
      const doc = d.synced.getDocument(documentId);
      if (!doc) throw new AppError('not_found', 'document not found', { entity: 'document', id: documentId });
      const base: VersionDiff = {
        documentId: doc.id,
        title: doc.title,
        fromVersion: Math.max(1, doc.version - 1),
        toVersion: doc.version,
        status: 'pending',
        reason: null,
        oldPageCount: 0,
        newPageCount: 0,
        changes: [],
        truncated: false,
      };
      const { from, wait } = plan(doc, fromVersion);
      if (from) base.fromVersion = from.version;
      if (wait) return { ...base, status: wait === 'downloading' || wait === 'reading' ? 'pending' : 'unavailable', reason: wait };
      const r = await compare(from!.sha256, doc.sha256);
      return { ...base, status: 'ready', oldPageCount: r.oldPageCount, newPageCount: r.newPageCount, changes: r.changes, truncated: r.truncated };
    },
  };

  async function prepareUnread(): Promise<void> {
    let me: string;
    try {
      me = d.session().userId;
    } catch {
      return; // signed out
    }
    try {
      // The newest few only: more than the kept results would push each other out at every pass.
      const docs = (d.db.prepare("SELECT data FROM documents WHERE json_extract(data, '$.version') > 1").all() as { data: string }[])
        .map((r) => JSON.parse(r.data) as Document)
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      let prepared = 0;
      for (const doc of docs) {
        if (!d.db.open) return;
        const viewed = d.synced.localDocument(doc, me, false).viewedVersion ?? 0;
        if (viewed >= doc.version || !d.blobs.isCached(doc.sha256)) continue;
        const earlier = versionsOf(doc.id).filter((v) => v.version < doc.version && v.sha256 !== doc.sha256);
        const from = earlier[earlier.length - 1];
        if (!from || !d.blobs.isCached(from.sha256)) continue;
        if (textStatus(from.sha256)?.status !== 'indexed' || textStatus(doc.sha256)?.status !== 'indexed') continue;
        if (++prepared > PREPARED_AHEAD) return;
        await compare(from.sha256, doc.sha256).catch((e: unknown) => console.error('[ecabinet] comparing versions failed:', e));
      }
    } catch (e) {
      if (d.db.open) console.error('[ecabinet] comparing versions failed:', e);
    }
  }

  /**
   * A file's text was just read by the indexer (not yet written to the index): a new version
   * the member has not opened is compared with the version before at once, so its changes are
   * ready soon after it arrives.
   */
  function textRead(sha256: string, pages: readonly IndexedPage[]): void {
    let me: string;
    try {
      me = d.session().userId;
    } catch {
      return; // signed out
    }
    try {
      const docs = (d.db.prepare("SELECT data FROM documents WHERE sha256 = ? AND json_extract(data, '$.version') > 1").all(sha256) as { data: string }[]).map(
        (r) => JSON.parse(r.data) as Document,
      );
      for (const doc of docs) {
        if ((d.synced.localDocument(doc, me, false).viewedVersion ?? 0) >= doc.version) continue;
        const earlier = versionsOf(doc.id).filter((v) => v.version < doc.version && v.sha256 !== doc.sha256);
        const from = earlier[earlier.length - 1];
        if (!from || textStatus(from.sha256)?.status !== 'indexed') continue;
        compare(from.sha256, sha256, pages.map((p) => p.original)).catch((e: unknown) => console.error('[ecabinet] comparing versions failed:', e));
      }
    } catch (e) {
      if (d.db.open) console.error('[ecabinet] comparing versions failed:', e);
    }
  }

  return {
    handlers,
    prepareUnread,
    textRead,
    forget: () => {
      generation++;
      results.clear();
      failedDownloads.clear();
    },
  };
}

/** Comparisons finished by the worker thread so far (tests: proves the work left the services' thread). */
export function comparisonsRun(): Promise<number> {
  return pool ? pool.completed() : Promise.resolve(0);
}
