/**
 * Housekeeping on both databases: the change log is compacted past its horizon (older cursors get
 * 410, newer ones go on), mutation answers are pruned past theirs and not before (a resend inside
 * the horizon is still answered "duplicate", never applied twice), and on PostgreSQL two
 * instances running it at once do the work once.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationInput as Mutation } from '../../shared/api';
import { openPostgres } from '../../server/index';
import { DEFAULT_SESSION_LIFETIME_SECONDS } from '../../server/auth/sessions';
import { housekeepingPolicy } from '../../server/housekeeping/policy';
import { HOUSEKEEPING_LOCK, runHousekeeping } from '../../server/housekeeping/run';
import { addUser, call, DIALECTS, login, PASSWORD, pullAll, type TestServer, startTestServer } from './helpers';

const DAY = 24 * 3600 * 1000;

describe('the mutation-id horizon', () => {
  it('is never shorter than a session can resend for, whatever is configured', () => {
    expect(housekeepingPolicy({ mutationIdRetentionMs: 1000 }).mutationIdRetentionMs).toBeGreaterThan(DEFAULT_SESSION_LIFETIME_SECONDS * 1000);
    expect(housekeepingPolicy({}, { sessionLifetimeSeconds: 200 * 24 * 3600 }).mutationIdRetentionMs).toBeGreaterThan(200 * DAY);
    expect(housekeepingPolicy().mutationIdRetentionMs).toBe(90 * DAY);
  });
});

describe.each(DIALECTS)('housekeeping (%s)', (dialect) => {
  let s: TestServer;
  let clock = Date.parse('2026-03-02T02:00:00.000Z');
  const start = clock;
  let chairId: string;
  const policy = housekeepingPolicy();

  beforeAll(async () => {
    s = await startTestServer({ dialect, now: () => new Date(clock) });
    await addUser(s.dataDir, { username: 'thuky', role: 'secretary', fullName: 'Thư Ký', password: PASSWORD });
    chairId = (await addUser(s.dataDir, { username: 'chutich', role: 'chair', fullName: 'Chủ Tịch', password: PASSWORD })).id;
  });
  afterAll(async () => {
    await s?.stop();
  });

  const meeting = (title: string): Mutation => ({
    id: randomUUID(),
    kind: 'meeting.upsert',
    args: { id: randomUUID(), title, startsAt: '2026-11-23T01:00:00.000Z', endsAt: '2026-11-23T04:00:00.000Z', location: 'Phòng 1', status: 'draft', chairId },
  });
  const push = async (m: Mutation) => {
    const token = (await login(s.url, 'thuky')).accessToken;
    const r = await call(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] } });
    expect(r.status).toBe(200);
    return { token, result: r.body.results[0] as { status: string; duplicate: boolean } };
  };
  const remembered = async (id: string) => !!(await s.db.selectFrom('applied_mutations').select('id').where('id', '=', id).executeTakeFirst());

  it('compacts the log past its horizon and prunes mutation answers only past theirs', async () => {
    // A client that synced, then went quiet before the secretary's first meeting.
    const oldCursor = (await pullAll(s.url, (await login(s.url, 'thuky')).accessToken)).cursor;
    const first = meeting('Họp tháng ba');
    await push(first);

    clock = start + 31 * DAY;
    const second = meeting('Họp tháng tư');
    const { token: token2 } = await push(second);
    const recent = await pullAll(s.url, token2);

    const r = await runHousekeeping(s.db, { now: new Date(clock), policy });
    expect(r).toMatchObject({ ran: true, prunedMutations: 0 });
    expect(r.ran && r.droppedChanges).toBeGreaterThan(0);
    // A client last seen a month ago starts over; one up to date goes on.
    expect((await call(s.url, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(oldCursor)}`, { token: token2 })).status).toBe(410);
    expect((await call(s.url, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(recent.cursor)}`, { token: token2 })).status).toBe(200);
    // Inside the horizon a lost answer's resend is answered, not applied again.
    expect((await push(first)).result).toMatchObject({ status: 'applied', duplicate: true });
    // Another run within the period finds the work done.
    expect(await runHousekeeping(s.db, { now: new Date(clock + 60_000), policy })).toEqual({ ran: false, reason: 'recent' });

    clock = start + 91 * DAY;
    const later = await runHousekeeping(s.db, { now: new Date(clock), policy });
    expect(later).toMatchObject({ ran: true, prunedMutations: 1 });
    expect(await remembered(first.id)).toBe(false);
    expect(await remembered(second.id)).toBe(true);
  });

  it.runIf(dialect === 'postgres')('two instances running it at once do the work once; a held lock is skipped, not waited for', async () => {
    const url = (s.storage.database as { url: string }).url;
    const other = await openPostgres(url);
    try {
      clock += 2 * policy.intervalMs;
      const both = await Promise.all([runHousekeeping(s.db, { now: new Date(clock), policy }), runHousekeeping(other, { now: new Date(clock), policy })]);
      expect(both.filter((o) => o.ran)).toHaveLength(1);
      expect(both.find((o) => !o.ran)).toMatchObject({ ran: false });

      // An instance in the middle of a run (its transaction holds the job's lock).
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [...HOUSEKEEPING_LOCK]);
        expect(await runHousekeeping(other, { now: new Date(clock + 2 * policy.intervalMs), policy })).toEqual({ ran: false, reason: 'busy' });
        await holder.query('ROLLBACK');
      } finally {
        await holder.end();
      }
      expect(await runHousekeeping(other, { now: new Date(clock + 2 * policy.intervalMs), policy })).toMatchObject({ ran: true });
    } finally {
      await other.destroy();
    }
  });
});
