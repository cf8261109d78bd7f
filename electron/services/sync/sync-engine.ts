/**
 * Keeps the cache in step with the server for one signed-in session: pushes the outbox, pulls
 * pages until `hasMore` is false, resets on 410 cursor_expired, prefetches the documents of
 * today's and upcoming meetings. Runs at start, on every live poke/connect, periodically, and
 * on demand; failures retry with backoff.
 */
import type { Mutation, MutationResult } from '../../../shared/api';
import type { SyncStatus } from '../../../shared/bridge';
import { AppError, isAppError, isUnreachable, type ErrorCode } from '../../../shared/errors';
import { meetingBucket } from '../../../shared/rules/meetings';
import { vietnamDay } from '../../../shared/time/vietnam-time';
import { API_PATHS } from '../../../shared/api';
import { SYNC_ENTITY_NAMES } from '../../../shared/sync/entity-registry';
import type { ApiClient } from '../api/api-client';
import type { BlobCache, BlobFetcher } from '../blobs/blob-cache';
import type { OutboxStore } from '../cache/outbox-store';
import type { SyncedStore } from '../cache/synced-store';
import { Backoff, type BackoffOptions } from './backoff';
import { LiveChannel } from './live-channel';
import { IDLE_DOWNLOAD, SyncStatusHolder } from './sync-status';

const PUSH_BATCH = 200;
const BLOB_TIMEOUT_MS = 10 * 60_000;
const PROGRESS_EVERY_MS = 250;

export interface DataChange {
  entities: string[];
  meetingIds: string[];
}

export interface SyncEngineDeps {
  api: ApiClient;
  synced: SyncedStore;
  outbox: OutboxStore;
  blobs: BlobCache;
  status: SyncStatusHolder;
  now: () => Date;
  periodicPullMs: number;
  backoff?: BackoffOptions;
  onDataChanged: (c: DataChange) => void;
  /** The session was refused by the server while syncing. */
  onSignedOut: () => void;
  /** Runs before each push, e.g. to upload files queued offline that queued documents need. */
  beforePush?: () => Promise<void>;
  /** The server refused a mutation (with its error details, e.g. a conflict's current row). */
  onMutationRejected?: (r: MutationResult) => void;
  /**
   * The kinds and meetings a queued mutation shows in (the pending overlay's guess of its rows):
   * what a refusal changes back. Not given, or no kinds known: a refusal may change anything.
   */
  touchedBy?: (m: Mutation) => DataChange;
  /** false: the documents of coming meetings are not downloaded ahead (see ClientServicesOptions). */
  prefetch?: boolean;
}

export class SyncEngine {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** The last attempt found the server unreachable (the status says "offline"). */
  private unreachable = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private readonly live: LiveChannel;
  private prefetching: Promise<void> | null = null;
  private prefetchAgain = false;
  /**
   * Meetings whose documents changed since the prefetch last read them; `all`: read every one;
   * `meetingRows`: a meeting itself changed (its day, its status, or it came or went).
   */
  private changedSincePrefetch = { all: true, meetings: new Set<string>(), meetingRows: false };
  /** Today's and upcoming meetings as the prefetch last found them, and on which day (Vietnam time). */
  private soonMeetings: { day: string; ids: ReadonlySet<string> } | null = null;
  /** The documents (by content hash) of each upcoming meeting, as the prefetch last read them. */
  private readonly upcomingDocs = new Map<string, Map<string, { size: number; meetingId: string }>>();

  constructor(private readonly deps: SyncEngineDeps) {
    this.backoff = new Backoff(deps.backoff);
    this.live = new LiveChannel({
      serverUrl: () => deps.api.serverUrl,
      accessToken: () => deps.api.accessToken(),
      refreshToken: () => deps.api.refresh(),
      onPoke: () => this.requestSync(),
      onConnected: () => this.requestSync(), // catch up on what happened while disconnected
      onDisconnected: () => this.requestSync(), // notice "offline" now, not at the next periodic pull
      backoff: deps.backoff,
    });
  }

  /** Fetches a blob with this session's credentials (used by ensureBlob). */
  readonly fetchBlob: BlobFetcher = (sha256, headers) =>
    this.deps.api.fetchAuthorized(API_PATHS.blob(sha256), {
      headers: { accept: 'application/pdf', ...headers },
      timeoutMs: BLOB_TIMEOUT_MS,
    });

  start(): void {
    this.live.start();
    this.requestSync();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.live.stop();
  }

  /** Waits for in-flight work (used when closing). */
  async settle(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.prefetching?.catch(() => undefined);
  }

  get liveConnected(): boolean {
    return this.live.isConnected;
  }

  /** Stores the mutation first (so it survives being offline), then tries to push it. */
  enqueue(mutation: Mutation): void {
    this.deps.outbox.add(mutation);
    this.deps.status.update({ pendingMutations: this.deps.outbox.count() });
    this.requestSync();
  }

  /** Runs (or joins, then re-runs) a sync and resolves when the cache is up to date or the attempt failed. */
  async syncNow(): Promise<SyncStatus> {
    this.requestSync();
    while (this.running) await this.running;
    return this.deps.status.get();
  }

  requestSync(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.cycle();
        } while (this.again && !this.stopped);
      } catch (e) {
        console.error('[ecabinet] sync cycle failed unexpectedly:', e); // cycle() reports its own errors
      } finally {
        this.running = null;
      }
    })();
  }

  private async cycle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { status } = this.deps;
    // A retry while the server is unreachable is not news: the indicator keeps saying "offline"
    // (and what is ready offline) until the server answers. On a network that drops packets a
    // retry waits out its whole timeout, and "syncing" would hide that state for most of the time.
    if (!this.unreachable) status.update({ state: 'syncing' });
    try {
      let pushError: unknown = null;
      try {
        await this.push();
      } catch (e) {
        // Unreachable or signed out: pulling would fail the same way. Anything else (a server
        // bug with one mutation) must not keep the member from receiving new documents.
        if (!isAppError(e) || isUnreachable(e) || e.code === 'not_signed_in') throw e;
        pushError = e;
      }
      await this.pull();
      if (pushError) throw pushError;
      const at = this.deps.now().toISOString();
      this.deps.synced.markSynced(at);
      this.unreachable = false;
      this.backoff.reset();
      status.update({ state: 'online', lastSyncAt: at, lastError: null, pendingMutations: this.deps.outbox.count() });
      this.live.kick();
      this.schedule(this.deps.periodicPullMs);
      this.startPrefetch();
    } catch (e) {
      const code: ErrorCode = isAppError(e) ? e.code : 'internal';
      if (code === 'not_signed_in') {
        this.stop();
        status.update({ state: 'offline', lastError: 'unauthenticated' });
        this.deps.onSignedOut();
        return;
      }
      this.unreachable = isUnreachable(code);
      status.update({
        state: this.unreachable ? 'offline' : 'online',
        lastError: code,
        pendingMutations: this.deps.outbox.count(),
      });
      this.schedule(this.backoff.next());
    }
  }

  /** The server answered: a retry that was showing "offline" is now syncing. */
  private reached(): void {
    if (!this.unreachable) return;
    this.unreachable = false;
    this.deps.status.update({ state: 'syncing' });
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.requestSync();
    }, ms);
    this.timer.unref?.();
  }

  /** Sends the outbox in order; an entry leaves only once the server answered applied or rejected. */
  private async push(): Promise<void> {
    const { outbox, synced, api, status } = this.deps;
    if (outbox.count() > 0) await this.deps.beforePush?.();
    for (;;) {
      const batch = outbox.peek(PUSH_BATCH);
      if (batch.length === 0) return;
      const ids = batch.map((b) => b.mutation.id);
      let results;
      try {
        results = (await api.push(batch.map((b) => b.mutation))).results;
        this.reached();
      } catch (e) {
        outbox.markAttempt(ids, isAppError(e) ? e.code : 'internal');
        throw e;
      }
      const byId = new Map(results.map((r) => [r.id, r]));
      let settled = 0;
      for (const { mutation } of batch) {
        const id = mutation.id;
        const r = byId.get(id);
        if (!r) continue;
        settled++;
        if (r.status === 'applied') outbox.remove(id);
        else {
          // The screens showed it queued (an edit in place, a view provisionally recorded): what it touched is read again.
          const touched = this.deps.touchedBy?.(mutation) ?? { entities: [], meetingIds: [] };
          outbox.reject(id, r.error?.code ?? 'rejected', r.error?.message ?? '');
          this.deps.onMutationRejected?.(r);
          synced.dropProvisionalView(id);
          this.deps.onDataChanged(touched.entities.length === 0 ? { entities: [], meetingIds: [] } : { entities: [...touched.entities, 'documentView'], meetingIds: touched.meetingIds });
        }
      }
      status.update({ pendingMutations: outbox.count() });
      if (settled === 0) throw new AppError('internal', 'server answered a push without results for our mutations');
    }
  }

  /** Pulls until the server has nothing more; 410 → start again from a snapshot that replaces the synced rows. */
  private async pull(): Promise<void> {
    const { synced, api } = this.deps;
    let released = false;
    let replaceAll = false;
    let cursor = synced.getCursor();
    for (;;) {
      let page;
      try {
        page = await api.pull(cursor);
        this.reached();
      } catch (e) {
        if (isAppError(e) && e.code === 'cursor_expired' && cursor !== '') {
          // Our position fell out of the server's change log: rebuild from a snapshot. The outbox
          // and the blob files stay; blobs nobody references any more are dropped afterwards.
          cursor = '';
          replaceAll = true;
          continue;
        }
        throw e;
      }
      const touched = synced.applyPullPage(page.changes, page.cursor, { replaceAll });
      if (replaceAll) this.changedSincePrefetch.all = true;
      // Only documents decide what the prefetch fetches: a renamed agenda item re-reads nothing.
      if (touched.entities.includes('document')) for (const id of touched.meetingIds) this.changedSincePrefetch.meetings.add(id);
      if (touched.entities.includes('meeting')) this.changedSincePrefetch.meetingRows = true;
      if (touched.releasedSha256.length) released = true;
      if (page.changes.length || replaceAll) this.deps.onDataChanged({ entities: replaceAll ? [...SYNC_ENTITY_NAMES] : touched.entities, meetingIds: touched.meetingIds });
      replaceAll = false;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    if (released) this.deps.blobs.removeUnreferenced(synced.allDocumentSha256());
  }

  /** Downloads, one at a time, the not-yet-cached documents of today's and upcoming meetings. */
  private startPrefetch(): void {
    if (this.deps.prefetch === false) return;
    if (this.prefetching) {
      this.prefetchAgain = true;
      return;
    }
    this.prefetching = (async () => {
      try {
        do {
          this.prefetchAgain = false;
          await this.prefetch();
        } while (this.prefetchAgain && !this.stopped);
      } catch (e) {
        // Prefetch is an optimisation; documents.open downloads on demand anyway.
        if (!this.stopped) console.error('[ecabinet] prefetch failed:', e);
      } finally {
        this.prefetching = null;
      }
    })();
  }

  /**
   * The documents of today's and upcoming meetings, one per content hash. Only meetings changed
   * since the last call (or newly upcoming) are read again from the cache: the work after a
   * pull follows the size of the change, not of the meetings.
   */
  private upcomingDocuments(): { sha256: string; size: number; meetingId: string }[] {
    const { synced, now } = this.deps;
    const changed = this.changedSincePrefetch;
    this.changedSincePrefetch = { all: false, meetings: new Set(), meetingRows: false };
    // Which meetings are today's and upcoming changes with the meetings or the day, not with
    // every pull: a year of past meetings is not read again after each change.
    const day = vietnamDay(now().toISOString());
    if (changed.all || changed.meetingRows || this.soonMeetings?.day !== day) {
      this.soonMeetings = { day, ids: new Set(synced.listMeetings().filter((m) => meetingBucket(m, now()) !== 'past').map((m) => m.id)) };
    }
    const soon = this.soonMeetings.ids;
    for (const id of this.upcomingDocs.keys()) if (!soon.has(id)) this.upcomingDocs.delete(id);
    const reread = [...soon].filter((id) => changed.all || changed.meetings.has(id) || !this.upcomingDocs.has(id));
    for (const id of reread) this.upcomingDocs.set(id, new Map());
    for (const d of synced.documentsOfMeetings(reread)) this.upcomingDocs.get(d.meetingId)?.set(d.sha256, { size: d.size, meetingId: d.meetingId });
    const bySha = new Map<string, { sha256: string; size: number; meetingId: string }>();
    for (const docs of this.upcomingDocs.values()) for (const [sha256, d] of docs) if (!bySha.has(sha256)) bySha.set(sha256, { sha256, ...d });
    return [...bySha.values()];
  }

  private async prefetch(): Promise<void> {
    const { blobs, status } = this.deps;
    let upcoming;
    try {
      upcoming = this.upcomingDocuments();
    } catch (e) {
      this.changedSincePrefetch.all = true;
      throw e;
    }
    const total = upcoming.length;
    // Cached files are remembered by the blob cache: no query or stat for them.
    const todo = upcoming.filter((d) => !blobs.isCached(d.sha256));
    let readyCount = total - todo.length;
    const ready = () => ({ documents: readyCount, total });
    status.update({ offlineReady: ready() });
    if (todo.length === 0) return;
    const progress = { filesDone: 0, filesTotal: todo.length, bytesDone: 0, bytesTotal: todo.reduce((n, d) => n + d.size, 0) };
    status.update({ download: { ...progress } });
    let lastEmit = 0;
    try {
      for (const d of todo) {
        if (this.stopped) return;
        const before = progress.bytesDone;
        try {
          await blobs.ensure(d.sha256, d.size, this.fetchBlob, (n) => {
            progress.bytesDone += n;
            if (Date.now() - lastEmit > PROGRESS_EVERY_MS) {
              lastEmit = Date.now();
              status.update({ download: { ...progress } });
            }
          });
          readyCount++;
        } catch (e) {
          // Offline or signed out: stop here, the next successful sync resumes. Other errors skip one file.
          if (isAppError(e) && (isUnreachable(e) || e.code === 'not_signed_in' || e.code === 'blob_corrupt')) return;
          progress.bytesDone = before + d.size;
        }
        progress.filesDone++;
        status.update({ download: { ...progress }, offlineReady: ready() });
        this.deps.onDataChanged({ entities: ['document'], meetingIds: [d.meetingId] });
      }
    } finally {
      status.update({ download: { ...IDLE_DOWNLOAD }, offlineReady: ready() });
    }
  }
}
