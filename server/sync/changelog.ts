import { AppError } from '../../shared/errors';
import type { SyncEntityName } from '../../shared/api';
import type { Db } from '../db/open';
import type { Scope } from './access';

/** A committed change-log position, as announced on the live socket. */
export interface LoggedChange {
  scope: Scope;
  seq: number;
}

/**
 * Appends change-log rows inside a transaction and remembers them, so that after the
 * commit the live hub can poke the right sockets.
 */
export class ChangeRecorder {
  readonly logged: LoggedChange[] = [];

  constructor(
    private readonly trx: Db,
    private readonly nowIso: string,
  ) {}

  async log(entity: SyncEntityName, entityId: string, op: 'upsert' | 'delete', scope: Scope): Promise<void> {
    const row = await this.trx
      .insertInto('change_log')
      .values({ entity, entity_id: entityId, op, scope, created_at: this.nowIso })
      .returning('seq')
      .executeTakeFirstOrThrow();
    this.logged.push({ scope, seq: Number(row.seq) });
  }

  /**
   * "Re-logs" a meeting: fresh upserts of the meeting and all its rows in `scope`, so a
   * client whose cursor is past the original changes still receives them once the meeting
   * becomes visible to him. Parents before children.
   */
  async relogMeeting(meetingId: string, scope: Scope): Promise<void> {
    await this.log('meeting', meetingId, 'upsert', scope);
    const participants = await this.trx.selectFrom('participants').select(['id', 'user_id']).where('meeting_id', '=', meetingId).orderBy('id').execute();
    for (const p of participants) await this.log('participant', p.id, 'upsert', scope);
    // A guest sees only the people of his meetings: those of a meeting new to him come with it.
    for (const p of participants) await this.log('user', p.user_id, 'upsert', scope);
    for (const a of await this.trx.selectFrom('agenda_items').select('id').where('meeting_id', '=', meetingId).orderBy('id').execute())
      await this.log('agendaItem', a.id, 'upsert', scope);
    for (const d of await this.trx.selectFrom('documents').select('id').where('meeting_id', '=', meetingId).orderBy('id').execute())
      await this.log('document', d.id, 'upsert', scope);
  }
}

const FLOOR_KEY = 'change_log_compacted_through';

export async function currentSeq(db: Db): Promise<number> {
  const r = await db.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
  const floor = await compactedThrough(db);
  return Math.max(Number(r?.max ?? 0), floor);
}

/** Change-log rows with seq <= this are gone; cursors older than it are expired. */
export async function compactedThrough(db: Db): Promise<number> {
  const r = await db.selectFrom('server_meta').select('value').where('key', '=', FLOOR_KEY).executeTakeFirst();
  return r ? Number(r.value) : 0;
}

/**
 * Drops change-log rows with seq <= keepAfterSeq. Clients whose cursor is below that must
 * start over from a snapshot (410 cursor_expired). Returns how many rows were dropped.
 */
export async function compactChangeLogDb(db: Db, keepAfterSeq: number): Promise<number> {
  return db.transaction().execute((trx) => compactChangeLogIn(trx, keepAfterSeq));
}

/** `compactChangeLogDb` inside a transaction the caller holds (the housekeeping job's). */
export async function compactChangeLogIn(trx: Db, keepAfterSeq: number): Promise<number> {
  if (!Number.isInteger(keepAfterSeq) || keepAfterSeq < 0) throw new AppError('validation_failed', 'keepAfterSeq must be a non-negative integer');
  const floor = await compactedThrough(trx);
  // Never past the newest row: new rows must keep numbering above the floor.
  const max = await trx.selectFrom('change_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
  keepAfterSeq = Math.min(keepAfterSeq, Number(max?.max ?? 0));
  if (keepAfterSeq <= floor) return 0;
  const res = await trx.deleteFrom('change_log').where('seq', '<=', keepAfterSeq).executeTakeFirst();
  const exists = await trx.selectFrom('server_meta').select('key').where('key', '=', FLOOR_KEY).executeTakeFirst();
  if (exists) await trx.updateTable('server_meta').set({ value: String(keepAfterSeq) }).where('key', '=', FLOOR_KEY).execute();
  else await trx.insertInto('server_meta').values({ key: FLOOR_KEY, value: String(keepAfterSeq) }).execute();
  return Number(res.numDeletedRows);
}
