/**
 * Jobs that run once cluster-wide and vote deadlines that outlive the instance that set them:
 * two instances on one PostgreSQL database (the bus and the locks need one; on SQLite a job only
 * must not overlap itself, checked too). The OCR of scans (real Tesseract) runs once per PDF for
 * the whole deployment, and a recognition cut by an instance's death is finished by another.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { clusterJobs, jobLockKey } from '../../server/cluster/jobs';
import { startServer, type RunningServer } from '../../server/index';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { freshPostgresDatabase, type TestPostgresDatabase } from '../helpers/postgres';
import { waitFor } from '../helpers/wait-for';
import { command, seedLiveCommittee } from '../integration/helpers/live-committee';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { ocrStatusPath, type OcrStatus } from '../../shared/ocr';
import { TextLayerStore } from '../../server/ocr/text-layers';
import { pdfWithScans } from '../integration/helpers/scanned-pdf';
import { call, DIALECTS, login, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

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
    let lostOnA: AbortSignal | undefined;
    const onA = a.exclusive('compaction', async (lost) => {
      lostOnA = lost;
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
    // A's job learns it no longer holds the lock (a long job stops: B may take it over).
    await waitFor(() => lostOnA!.aborted, 10_000, "A's job told its lock is lost");
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

describe.each(DIALECTS)('OCR of scans once for the whole deployment (%s)', { timeout: 240_000 }, (dialect) => {
  const LINES = ['Biên bản họp Ủy ban nhân dân', 'thống nhất thông qua tờ trình'];
  const SLIP: [number, number] = [420, 200];
  let scans = 0;
  const ocrTickMs = 300;

  /** A scan uploaded and attached to meeting A as a document; its hash. */
  /**
   * A scan of `pages` pages: A4 when an instance must still be recognising it while the test
   * looks (several pages of work), else a slip of paper (a few lines to recognise).
   */
  async function scannedDocument(s: TestServer | RunningServer, c: Awaited<ReturnType<typeof seedCommittee>>, pages: number, size?: [number, number]): Promise<string> {
    // Numbered: two scans made within the same second must still be two files.
    const n = ++scans;
    const pdf = await pdfWithScans(Array.from({ length: pages }, (_, i) => ({ scan: [...LINES, `Bản quét ${n}, trang ${i + 1}`], size })));
    const sec = c.users.thuky.token;
    expect((await uploadPdf(s.url, sec, pdf)).status).toBe(201);
    const sha256 = sha256Hex(pdf);
    await pushOk(s.url, sec, {
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, agendaItemId: null, title: 'Bản quét', fileName: 'ban-quet.pdf', sha256, classification: 'internal' },
    });
    return sha256;
  }

  const status = async (s: TestServer | RunningServer, token: string, sha256: string) => (await call<OcrStatus>(s.url, 'GET', ocrStatusPath(sha256), { token })).body;
  const done = (s: TestServer | RunningServer, token: string, sha256: string, what: string) =>
    // A failure bound only: Tesseract on a busy machine.
    waitFor(async () => ((await status(s, token, sha256)).state === 'done' ? true : null), 180_000, what);

  // On PostgreSQL the next case shows the same through another instance.
  it.runIf(dialect === 'sqlite')('each scan is recognised once, and its result stays in the database across a restart', async () => {
    const a = await startTestServer({ dialect, ocrTickMs });
    let again: RunningServer | undefined;
    try {
      const c = await seedCommittee(a);
      const sha = await scannedDocument(a, c, 1, SLIP);
      await done(a, c.users.an.token, sha, 'the scan recognised');
      const store = new TextLayerStore(a.db);
      expect(await store.attempts(sha)).toBe(1);
      await a.close();
      // Another start on the same data: the result is there at once, nothing recognised again.
      again = await startServer({ dataDir: a.dataDir, database: a.storage.database, port: 0, passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, ocrTickMs });
      const { accessToken } = await login(again.url, 'an');
      expect(await status(again, accessToken, sha)).toMatchObject({ state: 'done', done: 1, total: 1 });
      expect(await new TextLayerStore(again.db).attempts(sha)).toBe(1);
    } finally {
      await again?.close();
      await a.stop();
    }
  });

  it('a recognition another instance took over keeps neither its progress nor its result', async () => {
    const a = await startTestServer({ dialect });
    try {
      const store = new TextLayerStore(a.db);
      const sha = 'ab'.repeat(32);
      const cut = await store.start(sha, '2026-12-06T01:00:00.000Z');
      // Another instance takes the job over (the first lost its lock without knowing yet).
      const current = await store.start(sha, '2026-12-06T01:00:05.000Z');
      expect(current).toBe(cut + 1);
      const layer = (text: string) => ({ state: 'done' as const, pages: [text], words: [[]], finishedAt: '2026-12-06T01:01:00.000Z' });
      await store.progress(sha, cut, 3, 3, '2026-12-06T01:00:30.000Z');
      expect(await store.running(sha)).toEqual({ done: 0, total: 0, attempts: current });
      expect(await store.finish(sha, cut, layer('cut short'))).toBe(false);
      expect(await store.get(sha)).toBeUndefined();
      expect(await store.finish(sha, current, layer('taken over'))).toBe(true);
      expect(await store.get(sha)).toMatchObject({ state: 'done', pages: ['taken over'] });
      // Once done, a late result of either changes nothing.
      expect(await store.finish(sha, current, layer('again'))).toBe(false);
    } finally {
      await a.stop();
    }
  });

  it.runIf(dialect === 'postgres')('two instances never recognise the same PDF twice; when the one recognising dies, the other finishes it', async () => {
    // The instances' error log: a second attempt is only right after a failed one, and says why.
    // A's is kept until it is made to die: once its lock's connection is cut, its next tick may
    // say that connection is down (a dead instance would say nothing), on a loaded machine.
    const errors: string[] = [];
    let aDying = false;
    const errorLog = (dying: () => boolean) => ({
      level: 'error',
      stream: new Writable({
        write(chunk: Buffer, _enc, next) {
          if (!dying()) errors.push(chunk.toString('utf8').trim());
          next();
        },
      }),
    });
    const logger = errorLog(() => false);
    const a = await startTestServer({ dialect, ocrTickMs, logger: errorLog(() => aDying) });
    let b: RunningServer | undefined;
    let c2: RunningServer | undefined;
    try {
      const c = await seedCommittee(a);
      const token = c.users.an.token;
      const first = await scannedDocument(a, c, 3);
      // A recognises it (the only instance yet); B, started meanwhile on the same database and blobs, sees how far it is.
      await waitFor(async () => ((await status(a, token, first)).state === 'running' ? true : null), 60_000, 'A recognising');
      b = await startServer({ dataDir: a.dataDir, database: a.storage.database, port: 0, passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, ocrTickMs, logger });
      const onB = await status(b, token, first);
      expect(onB.state).toBe('running');
      expect(await new TextLayerStore(b.db).attempts(first)).toBe(1);
      // A dies: its job lock goes with its database connection, its work with its process.
      aDying = true;
      const admin = new pg.Client({ connectionString: (a.storage.database as { url: string }).url });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::oid", [jobLockKey('ocr') >>> 0]);
      await admin.end();
      await a.close();
      await done(b, token, first, 'B finishing the scan A was recognising');
      expect(await new TextLayerStore(b.db).attempts(first)).toBe(2);

      // Two live instances, two new scans: each recognised once, whichever instance takes the job.
      c2 = await startServer({ dataDir: a.dataDir, database: a.storage.database, port: 0, passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, ocrTickMs, logger });
      const more = [await scannedDocument(b, c, 1, SLIP), await scannedDocument(c2, c, 1, SLIP)];
      for (const sha of more) await done(c2, token, sha, 'a new scan recognised');
      for (const sha of [first, ...more]) expect(await status(c2, token, sha)).toMatchObject({ state: 'done' });
      const attempts = await Promise.all(more.map((sha) => new TextLayerStore(c2!.db).attempts(sha)));
      expect({ attempts, errors }).toEqual({ attempts: [1, 1], errors: [] });
    } finally {
      await c2?.close();
      await b?.close();
      await a.stop();
    }
  });
});
