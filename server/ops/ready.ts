/**
 * Readiness: whether this instance should be sent requests now. Liveness (`/api/health`) only
 * says the process answers; a load balancer takes an instance out of rotation while this says
 * no: its database does not answer, or holds a schema older than the code (an instance of the new
 * version started before the migrations ran) or newer (an old instance left running after them).
 */
import { sql } from 'kysely';
import type { ReadyResponse } from '../../shared/api';
import type { Db } from '../db/open';
import { MIGRATIONS } from '../db/migrate';

/** A database that has not answered by then counts as unreachable (pg waits for a connection for ever). */
export const READY_TIMEOUT_MS = 3000;

export async function readiness(db: Db, timeoutMs = READY_TIMEOUT_MS): Promise<ReadyResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const recorded = await Promise.race([sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db).then((r) => r.rows.map((x) => x.name)), timeout]);
    if (recorded === 'timeout') return { ok: false, database: 'unreachable', migrations: 'unknown' };
    const expected = Object.keys(MIGRATIONS);
    const have = new Set(recorded);
    const current = recorded.length === expected.length && expected.every((n) => have.has(n));
    return { ok: current, database: 'ok', migrations: current ? 'current' : 'different' };
  } catch {
    return { ok: false, database: 'unreachable', migrations: 'unknown' };
  } finally {
    clearTimeout(timer);
  }
}
