/**
 * Ballots cast at the same moment share one transaction: one commit, so one fsync of the WAL
 * (synchronous=FULL) for a whole burst instead of one per ballot, which is what bounded a
 * meeting's ballots per second. Each ballot runs inside its own savepoint, so a refused one
 * (already voted, replayed request) leaves the others in; each caller gets its own answer only
 * once the commit is on disk. Ballots arriving while a batch commits form the next batch.
 */
import { sql } from 'kysely';
import type { CastBallotRequest } from '../../shared/live-meeting';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { bumpRevision } from './commands';
import { castBallot, type CastOutcome } from './votes';

interface Pending {
  user: UserRow;
  voteId: string;
  req: CastBallotRequest;
  resolve: (o: CastOutcome) => void;
  reject: (e: unknown) => void;
}

/** Keeps one transaction (and the other requests waiting on the database) short. */
const MAX_BATCH = 250;

export class BallotBatcher {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly nowIso: () => string,
  ) {}

  cast(user: UserRow, voteId: string, req: CastBallotRequest): Promise<CastOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ user, voteId, req, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Lets the requests that arrived in the same turn of the event loop join this batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.run(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    const now = this.nowIso();
    const outcomes: ({ ok: true; out: CastOutcome } | { ok: false; error: unknown })[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const meetings = new Set<string>();
        for (const p of batch) {
          await sql`savepoint ballot`.execute(trx);
          try {
            const out = await castBallot(trx, p.user, p.voteId, p.req, now);
            await sql`release savepoint ballot`.execute(trx);
            meetings.add(out.meetingId);
            outcomes.push({ ok: true, out });
          } catch (error) {
            await sql`rollback to savepoint ballot`.execute(trx);
            await sql`release savepoint ballot`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
        for (const m of meetings) await bumpRevision(trx, m, now);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.out);
      else p.reject(o.error);
    });
  }
}
