/**
 * Jobs that run once cluster-wide and vote deadlines that outlive the instance that set them:
 * two instances on one PostgreSQL database (the bus and the locks need one; on SQLite a job only
 * must not overlap itself, checked too).
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { clusterJobs, jobLockKey } from '../../server/cluster/jobs';
import { startServer, type RunningServer } from '../../server/index';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { freshPostgresDatabase, type TestPostgresDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/wait-for';
import { command, seedLiveCommittee } from '../integration/helpers/live-committee';
import { startTestServer, type TestServer } from './helpers';

const dbs: TestPostgresDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

function blocked() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

describe('cluster jobs', () => {
  it('SQLite, one instance: a job never runs twice at once', async () => {
    const jobs = clusterJobs({ kind: 'sqlite' }, () => {});
    const { gate, release } = blocked();
    const first = jobs.exclusive('tick', () => gate);
    expect(await jobs.exclusive('tick', async () => {})).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await jobs.exclusive('tick', async () => {})).toBe(true);
    await jobs.close();
  });

  it('PostgreSQL: one instance at a time; when the running instance dies, another takes the job over', async () => {
    const db = await freshPostgresDatabase();
    dbs.push(db);
    const a = clusterJobs({ kind: 'postgres', url: db.url }, () => {});
    const b = clusterJobs({ kind: 'postgres', url: db.url }, () => {});
    const { gate, release } = blocked();
    let started = false;
    const onA = a.exclusive('compaction', async () => {
      started = true;
      await gate;
    });
    await waitFor(() => started, 10_000, 'the job on A');
    let ranOnB = 0;
    expect(await b.exclusive('compaction', async () => void ranOnB++)).toBe(false);
    // A's database connection dies (as when its process is killed): its lock goes with it.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::oid", [jobLockKey('compaction') >>> 0]);
    await admin.end();
    await waitFor(() => b.exclusive('compaction', async () => void ranOnB++), 10_000, 'B taking the job over');
    expect(ranOnB).toBe(1);
    release();
    await onA;
    await a.close();
    await b.close();
  });
});

describe('vote deadlines across instances (PostgreSQL)', () => {
  it('a vote opened on A with a deadline is closed by B at the deadline after A is gone, once', async () => {
    const clock = { now: new Date('2026-11-23T01:30:00.000Z') };
    const now = () => clock.now;
    const a: TestServer = await startTestServer({ dialect: 'postgres', now, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    let b: RunningServer | undefined;
    try {
      b = await startServer({ dataDir: a.dataDir, database: a.storage.database, port: 0, now, passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS });
      const c = await seedLiveCommittee(a, 2);
      const opened = await command(a, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Hết giờ thì đóng?', kind: 'open', durationSeconds: 60 } });
      expect(opened.status).toBe(200);
      const voteId = opened.body.vote!.id;
      await a.close();
      clock.now = new Date(clock.now.getTime() + 61_000);
      const closed = await waitFor(
        () => b!.db.selectFrom('votes').select(['status', 'document_id']).where('id', '=', voteId).where('status', '=', 'closed').where('document_id', 'is not', null).executeTakeFirst(),
        30_000,
        'the vote closed by B, with its result',
      );
      expect(closed.status).toBe('closed');
      const closes = await b.db.selectFrom('audit_log').select('id').where('action', '=', 'vote.close').where('entity_id', '=', voteId).execute();
      expect(closes).toHaveLength(1);
    } finally {
      await b?.close();
      await a.stop();
    }
  });
});
