/**
 * Offline edits visible at once: the mutations still waiting in the outbox are laid over the
 * synced rows whenever a screen reads the cache, so the agenda a secretary sees offline is the
 * one he edited. What each mutation does to the rows is its `effect` in shared/mutators/ — the
 * same definition the server's handler follows — so the guess and the server agree.
 *
 * Why an overlay and not writes into the synced tables: the synced rows stay exactly what the
 * server sent (a pull never has to merge with guesses), and a mutation the server refuses
 * leaves the outbox, so its local effect disappears by itself ("rolled back") — the refusal is
 * kept in rejected_mutations and the submit answer for the UI. Each read runs inside a SQLite
 * transaction that applies the queued mutations as if pulled, reads, and rolls back;
 * better-sqlite3 is synchronous, so nothing else can see the guessed rows in between.
 */
import type { Change, Mutation } from '../../../shared/api';
import { mutatorOf, type EffectContext, type EntityReader } from '../../../shared/mutators';
import { meetingIdOfRow } from '../../../shared/sync/entity-registry';
import type { OutboxStore } from '../cache/outbox-store';
import type { SyncedStore } from '../cache/synced-store';
import { cacheEntity } from '../cache/entities/registry';
import type Database from 'better-sqlite3-multiple-ciphers';

const ROLLBACK = Symbol('rollback pending overlay');

export class PendingOverlay {
  private readonly reader: EntityReader;

  constructor(
    private readonly db: Database.Database,
    private readonly synced: SyncedStore,
    private readonly outbox: OutboxStore,
    private readonly now: () => Date,
    private readonly userId: () => string | null = () => null,
  ) {
    this.reader = {
      get: (entity, id) => cacheEntity(entity).get(this.db, id),
      ofMeeting: (entity, meetingId) => cacheEntity(entity).ofMeeting(this.db, meetingId),
    };
  }

  /** Queued mutations that change what the cache shows. */
  pending(): Mutation[] {
    return this.outbox
      .peek(10_000)
      .map((e) => e.mutation)
      .filter((m) => mutatorOf(m.kind).effect !== undefined);
  }

  /** Runs `read` (synchronous) against the cache with the queued mutations applied on top. */
  view<T>(read: () => T): T {
    const pending = this.pending();
    if (pending.length === 0) return read();
    let out: { value: T } | null = null;
    try {
      this.db.transaction(() => {
        const cursor = this.synced.getCursor();
        // One at a time: each effect reads the rows the queued mutations before it produced.
        for (const m of pending) {
          const changes = this.changesOf(m);
          if (changes.length) this.synced.applyPullPage(changes, cursor);
        }
        out = { value: read() };
        throw ROLLBACK;
      })();
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
    return (out as { value: T } | null)!.value;
  }

  /** Meetings a queued mutation touches (for `data.changed`). */
  meetingIdsOf(mutations: readonly Mutation[]): string[] {
    const ids = new Set<string>();
    for (const m of mutations) {
      const named = (m.args as { meetingId?: unknown }).meetingId;
      if (typeof named === 'string') ids.add(named);
      for (const c of this.changesOf(m)) {
        const row = c.op === 'upsert' ? c.data : cacheEntity(c.entity).get(this.db, c.id);
        const meetingId = row ? meetingIdOfRow(c.entity, row as never) : null;
        if (meetingId) ids.add(meetingId);
      }
    }
    return [...ids];
  }

  /** Entities a queued mutation touches (for `data.changed`). */
  entitiesOf(mutations: readonly Mutation[]): string[] {
    return [...new Set(mutations.flatMap((m) => this.changesOf(m).map((c) => c.entity)))];
  }

  /** The rows the server will (most likely) send back for one queued mutation. */
  private changesOf(m: Mutation): Change[] {
    const effect = mutatorOf(m.kind).effect as ((args: unknown, read: EntityReader, ctx: EffectContext) => Change[]) | undefined;
    if (!effect) return [];
    try {
      return effect(m.args, this.reader, this.context());
    } catch {
      // A guess we cannot make (e.g. a row we never had): show the server's answer when it comes.
      return [];
    }
  }

  private context(): EffectContext {
    return {
      now: this.now().toISOString(),
      userId: this.userId(),
      orgId: this.synced.getOrganization()?.id ?? null,
      queuedUploadSize: (sha256) =>
        (this.db.prepare('SELECT size FROM pending_uploads WHERE sha256 = ?').get(sha256) as { size: number } | undefined)?.size ?? null,
    };
  }
}
