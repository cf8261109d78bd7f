/**
 * One housekeeping run: compacts the change log and prunes old mutation answers, in one
 * transaction. Safe when several instances share a PostgreSQL database: the run takes a
 * transaction-scoped advisory lock with `pg_try_advisory_xact_lock` (an instance that finds it
 * taken skips instead of waiting), and records when it ran, so that another instance whose timer
 * fires later within the same period finds the work done and skips too. A plain function of the
 * database and a clock, so any scheduler can call it.
 */
import { sql } from 'kysely';
import { isPostgres } from '../db/dialect';
import type { Db } from '../db/open';
import { compactChangeLogIn } from '../sync/changelog';
import { housekeepingPolicy, type HousekeepingPolicy } from './policy';

/** The lock's two 32-bit keys: "ecab" and 2 (1 is the writers' lock of db/serial-writes.ts). */
export const HOUSEKEEPING_LOCK = [1701012066, 2] as const;
const LAST_RUN_KEY = 'housekeeping_last_run_at';

export type HousekeepingOutcome =
  | { ran: true; droppedChanges: number; compactedThrough: number; prunedMutations: number }
  /** busy: another instance holds the lock now; recent: a run finished within the interval. */
  | { ran: false; reason: 'busy' | 'recent' };

export async function runHousekeeping(db: Db, opts: { now: Date; policy?: HousekeepingPolicy; force?: boolean }): Promise<HousekeepingOutcome> {
  const policy = opts.policy ?? housekeepingPolicy();
  const nowMs = opts.now.getTime();
  return db.transaction().execute(async (trx): Promise<HousekeepingOutcome> => {
    if (isPostgres(db)) {
      const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${HOUSEKEEPING_LOCK[0]}, ${HOUSEKEEPING_LOCK[1]}) AS got`.execute(trx);
      if (!rows[0]?.got) return { ran: false, reason: 'busy' };
    }
    const last = await trx.selectFrom('server_meta').select('value').where('key', '=', LAST_RUN_KEY).executeTakeFirst();
    const lastMs = last ? Date.parse(last.value) : NaN;
    // A clock set back (lastMs in the future) must not stop housekeeping for good.
    if (!opts.force && lastMs <= nowMs && nowMs - lastMs < policy.intervalMs) return { ran: false, reason: 'recent' };

    const changeCutoff = new Date(nowMs - policy.changeLogRetentionMs).toISOString();
    const newestOld = await trx
      .selectFrom('change_log')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('created_at', '<', changeCutoff)
      .executeTakeFirst();
    const throughSeq = Number(newestOld?.seq ?? 0);
    const droppedChanges = throughSeq > 0 ? await compactChangeLogIn(trx, throughSeq) : 0;
    const floor = await trx.selectFrom('server_meta').select('value').where('key', '=', 'change_log_compacted_through').executeTakeFirst();

    const mutationCutoff = new Date(nowMs - policy.mutationIdRetentionMs).toISOString();
    const pruned = await trx.deleteFrom('applied_mutations').where('created_at', '<', mutationCutoff).executeTakeFirst();

    const at = opts.now.toISOString();
    if (last) await trx.updateTable('server_meta').set({ value: at }).where('key', '=', LAST_RUN_KEY).execute();
    else await trx.insertInto('server_meta').values({ key: LAST_RUN_KEY, value: at }).execute();
    return { ran: true, droppedChanges, compactedThrough: floor ? Number(floor.value) : 0, prunedMutations: Number(pruned.numDeletedRows) };
  });
}
