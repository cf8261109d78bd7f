/**
 * Enforces the organisation's retention policy on this device: once a document's date has
 * passed (shared/rules/retention.ts), its cached PDF and its search text are removed. Runs after
 * every data change (a new policy, a meeting closing) and on a timer (time passing). The
 * document stays listed, with the date it left; it may be downloaded again when the policy
 * permits.
 */
import { AppError } from '../../../shared/errors';
import type { Document, Meeting } from '../../../shared/entities';
import { DEFAULT_RETENTION_POLICY, documentRetention, type DocumentRetention, type RetentionPolicy } from '../../../shared/rules/retention';
import type { BlobCache } from '../blobs/blob-cache';
import type { CacheDb } from '../cache/open-cache';
import type { SyncedStore } from '../cache/synced-store';
import type { TextIndex } from '../search/text-index';

export interface RetentionDeps {
  db: CacheDb;
  synced: SyncedStore;
  blobs: BlobCache;
  textIndex: TextIndex;
  now: () => Date;
  /** Documents of these meetings were removed from the device (views re-read them). */
  onRemoved: (meetingIds: string[]) => void;
}

/** How often time passing is checked; a date reached between two checks waits at most this long. */
const DEFAULT_INTERVAL_MS = 10 * 60_000;

export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Immediate | null = null;
  /** Files downloaded again on purpose to be read: kept until the next start or sign-out. */
  private readonly reading = new Set<string>();

  constructor(private readonly deps: RetentionDeps) {}

  private policy(): RetentionPolicy {
    return this.deps.synced.getOrganization()?.retention ?? DEFAULT_RETENTION_POLICY;
  }

  /** The retention of one cached document (undefined when its meeting is not in the cache). */
  retentionOf(doc: Pick<Document, 'classification' | 'meetingId'>, meeting: Pick<Meeting, 'status' | 'endsAt'> | null = this.deps.synced.getMeeting(doc.meetingId)): DocumentRetention | undefined {
    return meeting ? documentRetention(this.policy(), doc, meeting, this.deps.now()) : undefined;
  }

  /**
   * Sets their retention on the documents of one meeting the UI is about to show (objects made
   * for that answer): the policy is read once, and no document is copied again.
   */
  setRetention(meeting: Pick<Meeting, 'status' | 'endsAt'>, docs: Iterable<Pick<Document, 'classification'> & { retention?: DocumentRetention }>): void {
    const policy = this.policy();
    const now = this.deps.now();
    for (const doc of docs) doc.retention = documentRetention(policy, doc, meeting, now);
  }

  /** Adds its retention to a document the UI shows. */
  decorate<T extends Pick<Document, 'classification' | 'meetingId'>>(doc: T): T & { retention?: DocumentRetention } {
    const retention = this.retentionOf(doc);
    return retention ? { ...doc, retention } : doc;
  }

  /** Refuses to fetch a removed document again unless the policy lets it be downloaded again. */
  assertMayDownload(doc: Pick<Document, 'classification' | 'meetingId'>): void {
    const r = this.retentionOf(doc);
    if (r?.removed && !r.redownload) throw new AppError('retention_removed', 'removed from this device under the retention policy', { removedAt: r.removeAt });
  }

  /** The user opened a removed document again (the policy permits it): leave it for this run. */
  allowReading(sha256: string): void {
    this.reading.add(sha256);
  }

  /** Signed out: nothing is being read any more. */
  reset(): void {
    this.reading.clear();
  }

  /** One pass soon, however many data changes arrive meanwhile. */
  schedule(): void {
    this.pending ??= setImmediate(() => {
      this.pending = null;
      this.sweepSafely();
    });
  }

  /** Removes the files and text of every document whose date has passed; returns the meetings touched. */
  sweep(): string[] {
    // Each meeting read once, not once per document.
    const meetings = new Map(
      (this.deps.db.prepare('SELECT id, data FROM meetings').all() as { id: string; data: string }[]).map((r) => [r.id, JSON.parse(r.data) as Meeting]),
    );
    const rows = this.deps.db.prepare('SELECT data FROM documents').all() as { data: string }[];
    const policy = this.policy();
    const now = this.deps.now();
    const expired = new Map<string, string>();
    const kept = new Set<string>();
    for (const r of rows) {
      const doc = JSON.parse(r.data) as Document;
      const meeting = meetings.get(doc.meetingId);
      if (!meeting) continue;
      if (documentRetention(policy, doc, meeting, now).removed) expired.set(doc.sha256, doc.meetingId);
      else kept.add(doc.sha256);
    }
    // A file another, still kept document uses stays.
    const gone = [...expired.keys()].filter((sha) => !kept.has(sha) && !this.reading.has(sha) && (this.deps.blobs.isCached(sha) || this.deps.textIndex.has(sha)));
    if (gone.length === 0) return [];
    const goneSet = new Set(gone);
    const cachedShas = (this.deps.db.prepare('SELECT sha256 FROM blobs').all() as { sha256: string }[]).map((r) => r.sha256);
    this.deps.blobs.removeUnreferenced(new Set(cachedShas.filter((sha) => !goneSet.has(sha))));
    const indexedShas = (this.deps.db.prepare('SELECT sha256 FROM doc_text_status UNION SELECT DISTINCT sha256 FROM doc_text_pages').all() as { sha256: string }[]).map((r) => r.sha256);
    this.deps.textIndex.prune(new Set(indexedShas.filter((sha) => !goneSet.has(sha))));
    const meetingIds = [...new Set(gone.map((sha) => expired.get(sha)!))];
    this.deps.onRemoved(meetingIds);
    return meetingIds;
  }

  start(intervalMs = DEFAULT_INTERVAL_MS): void {
    this.stop();
    this.timer = setInterval(() => this.sweepSafely(), intervalMs);
    this.timer.unref();
    this.sweepSafely();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearImmediate(this.pending);
    this.timer = null;
    this.pending = null;
  }

  /** A failed pass (the cache closing) is retried by the next one. */
  sweepSafely(): void {
    try {
      this.sweep();
    } catch (e) {
      console.warn('retention sweep failed', e);
    }
  }
}
