/**
 * Scale-out under load: 2,000 simulated clients in 50 concurrent meetings (40 clients each: a
 * poke socket on /api/live and the meeting's live socket, as the desktop services keep), run
 * twice in the same process and run: against one instance on SQLite (the embedded default), and
 * against two instances on one PostgreSQL database (clients split between them, every second
 * push and ballot sent to the other instance, so half of what each client sees crossed the
 * cluster bus). Instance A runs in this process, as the SQLite server does; instance B is a
 * child process on the same database and data folder. The clients run in a worker thread (their
 * JSON parsing stays off the servers' event loop).
 *
 * Prints, per deployment, p50/p99 of:
 * - sync: a secretary's push to a meeting → every client of that meeting has its poke (the
 *   client then pulls; the pull itself is the same on one or two instances);
 * - vote fan-out: a ballot cast → every client of that meeting shows the new turnout.
 * All 50 meetings run at once, each one push or ballot at a time. Bounded: fixed counts, a time
 * limit on every wait and on the whole run, everything closed.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import type { Mutation } from '../shared/api';
import { LIVE_MEETING_PATHS, type LiveMeetingServerMessage, type LiveMeetingState } from '../shared/live-meeting';
import { VersionedLiveState } from '../electron/services/live-meeting/meeting-socket';
import { startServer } from '../server/index';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../tests/helpers/fast-password-hashing';
import { addUser, login, PASSWORD, pushOk, startTestServer, type TestServer } from '../tests/server/helpers';
import { command } from '../tests/integration/helpers/live-committee';
import { ms, percentile, table } from './lib/stats';
import { formatRow } from './lib/report';

const MEETINGS = 50;
const CLIENTS_PER_MEETING = 40;
const MEMBERS_PER_MEETING = 10;
/** Pushes per meeting for the sync figure (one at a time per meeting, all meetings at once). */
const PUSHES_PER_MEETING = 6;
const RATE = { max: 1_000_000, timeWindowMs: 60_000 };

const now = () => performance.timeOrigin + performance.now();

/** p50/p99 in ms, printed as soon as a deployment is measured. */
function summary(samples: number[]) {
  const s = [...samples].sort((x, y) => x - y);
  return { p50: Math.round(percentile(s, 50)), p99: Math.round(percentile(s, 99)), n: s.length };
}

interface ClientSpec {
  meeting: number;
  base: string;
  meetingId: string;
  token: string;
}

// ---- the simulated clients (worker thread) ------------------------------------------------

function runClients(): void {
  const specs = workerData as ClientSpec[];
  const port = parentPort!;
  const clients = specs.map((s) => ({ ...s, pokes: 0, vote: null as LiveMeetingState['vote'], sockets: [] as WebSocket[] }));
  type Wait = { id: number; meeting: number; pokes?: number; voteId?: string; turnout?: number };
  let waits: Wait[] = [];
  const byMeeting = new Map<number, typeof clients>();
  for (const c of clients) byMeeting.set(c.meeting, [...(byMeeting.get(c.meeting) ?? []), c]);
  const check = (meeting: number) => {
    waits = waits.filter((w) => {
      if (w.meeting !== meeting) return true;
      const all = byMeeting.get(meeting)!;
      const ok =
        w.pokes !== undefined ? all.every((c) => c.pokes >= w.pokes!) : all.every((c) => c.vote !== null && c.vote.id === w.voteId && c.vote.turnout.length >= w.turnout!);
      if (ok) port.postMessage({ type: 'reached', id: w.id, at: now() });
      return !ok;
    });
  };
  // Connected in waves, as clients arrive over a morning, not 4,000 upgrades in one instant.
  const connect = (c: (typeof clients)[number]): Promise<void> => {
    const headers = { authorization: `Bearer ${c.token}` };
    const pokes = new WebSocket(c.base.replace(/^http/, 'ws') + '/api/live', { headers });
    pokes.on('message', (raw: Buffer) => {
      const msg = JSON.parse(String(raw)) as { type: string; scope?: string };
      if (msg.type === 'poke' && msg.scope === `meeting:${c.meetingId}`) {
        c.pokes++;
        check(c.meeting);
      }
    });
    const live = new WebSocket(c.base.replace(/^http/, 'ws') + LIVE_MEETING_PATHS.socket(c.meetingId), { headers });
    const state = new VersionedLiveState(() => live.send(JSON.stringify({ type: 'refresh' })), { validate: false });
    live.on('open', () => state.reset());
    live.on('message', (raw: Buffer) => {
      const s = state.receive(JSON.parse(String(raw)) as LiveMeetingServerMessage);
      if (!s) return;
      c.vote = s.vote;
      check(c.meeting);
    });
    c.sockets.push(pokes, live);
    return Promise.all(
      [pokes, live].map(
        (ws) =>
          new Promise<void>((resolve, reject) => {
            ws.once('open', () => resolve());
            ws.once('error', reject);
          }),
      ),
    ).then(() => undefined);
  };
  void (async () => {
    for (let i = 0; i < clients.length; i += 100) await Promise.all(clients.slice(i, i + 100).map(connect));
    port.postMessage({ type: 'open' });
  })().catch((e) => port.postMessage({ type: 'error', message: String(e) }));
  port.on('message', (m) => {
    if (m.type === 'wait') {
      waits.push(m);
      check(m.meeting);
    }
    if (m.type === 'close') {
      for (const c of clients) for (const ws of c.sockets) ws.terminate();
      port.close();
    }
  });
}

class Clients {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, (at: number) => void>();
  readonly opened: Promise<void>;
  constructor(specs: ClientSpec[]) {
    this.worker = new Worker(fileURLToPath(import.meta.url), { workerData: specs });
    let onOpen!: () => void;
    let onError!: (e: Error) => void;
    this.opened = new Promise((resolve, reject) => ((onOpen = resolve), (onError = reject)));
    this.worker.on('message', (m) => {
      if (m.type === 'open') onOpen();
      else if (m.type === 'reached') this.pending.get(m.id)?.(m.at);
      else if (m.type === 'error') onError(new Error(`a client could not connect: ${m.message}`));
    });
  }
  /** Wall-clock ms when every client of `meeting` had the condition. */
  until(meeting: number, what: { pokes: number } | { voteId: string; turnout: number }, timeoutMs = 180_000): Promise<number> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`meeting ${meeting}: clients did not reach ${JSON.stringify(what)}`)), timeoutMs);
      this.pending.set(id, (at) => (clearTimeout(t), this.pending.delete(id), resolve(at)));
      this.worker.postMessage({ type: 'wait', id, meeting, ...what });
    });
  }
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    await new Promise((r) => setTimeout(r, 200));
    await this.worker.terminate();
  }
}

// ---- the committees -------------------------------------------------------------------------

interface Committee {
  meetingId: string;
  itemId: string;
  chair: string;
  members: string[];
}

/** 50 meetings, each with its own chair and members, published, everyone checked in; tokens from the real login route. */
async function seed(s: TestServer): Promise<{ secretary: string; meetings: Committee[] }> {
  const sec = await addUser(s.dataDir, { username: 'thuky', role: 'secretary', fullName: 'Trần Thị Thư Ký', password: PASSWORD });
  const hash = (await s.db.selectFrom('users').select('password_hash').where('id', '=', sec.id).executeTakeFirstOrThrow()).password_hash;
  const secretary = (await login(s.url, 'thuky')).accessToken;
  const meetings: Committee[] = [];
  for (let m = 0; m < MEETINGS; m++) {
    const people: { id: string; username: string; role: 'chair' | 'member' }[] = [];
    for (let i = 0; i <= MEMBERS_PER_MEETING; i++) people.push({ id: randomUUID(), username: `h${m}-u${i}`, role: i === 0 ? 'chair' : 'member' });
    await s.db
      .insertInto('users')
      .values(people.map((p) => ({ id: p.id, org_id: sec.orgId, username: p.username, full_name: `Người ${p.username}`, title: '', role: p.role, password_hash: hash, failed_logins: 0, locked_until: null, created_at: new Date().toISOString() })))
      .execute();
    const meetingId = randomUUID();
    const itemId = randomUUID();
    const participants = people.map((p) => ({ ...p, participantId: randomUUID() }));
    const mid = () => randomUUID();
    await pushOk(s.url, secretary, {
      id: mid(),
      kind: 'meeting.upsert',
      args: { id: meetingId, title: `Phiên họp ${m + 1}`, startsAt: '2026-11-23T01:00:00.000Z', endsAt: '2026-11-23T04:00:00.000Z', location: 'Phòng họp', status: 'draft', chairId: people[0]!.id },
    });
    await pushOk(
      s.url,
      secretary,
      ...participants.map((p): Mutation => ({ id: mid(), kind: 'participant.upsert', args: { id: p.participantId, meetingId, userId: p.id, role: p.role } })),
      { id: mid(), kind: 'agendaItem.upsert', args: { id: itemId, meetingId, position: 1, title: 'Nội dung 1', presenterId: null, presenterLabel: 'Sở Tài chính', plannedMinutes: 30 } },
    );
    await pushOk(s.url, secretary, { id: mid(), kind: 'meeting.publish', args: { meetingId } });
    await pushOk(s.url, secretary, ...participants.map((p): Mutation => ({ id: mid(), kind: 'participant.setAttendance', args: { participantId: p.participantId, attendance: 'present' } })));
    // One after another: sign-ins are not what is measured here.
    const tokens: string[] = [];
    for (const p of people) tokens.push((await login(s.url, p.username)).accessToken);
    meetings.push({ meetingId, itemId, chair: tokens[0]!, members: tokens.slice(1) });
  }
  return { secretary, meetings };
}

// ---- one deployment ------------------------------------------------------------------------

async function measure(s: TestServer, bases: string[]): Promise<{ sync: number[]; vote: number[] }> {
  const { secretary, meetings } = await seed(s);
  const specs: ClientSpec[] = [];
  meetings.forEach((c, m) => {
    const tokens = [c.chair, ...c.members];
    for (let i = 0; i < CLIENTS_PER_MEETING; i++) specs.push({ meeting: m, base: bases[i % bases.length]!, meetingId: c.meetingId, token: tokens[i % tokens.length]! });
  });
  const clients = new Clients(specs);
  await clients.opened;
  const sync: number[] = [];
  const vote: number[] = [];
  try {
    // Sync: every meeting at once, one push at a time each, alternately to each instance.
    await Promise.all(
      meetings.map(async (c, m) => {
        for (let k = 1; k <= PUSHES_PER_MEETING; k++) {
          const base = bases[(m + k) % bases.length]!;
          const t0 = now();
          const seen = clients.until(m, { pokes: k });
          await pushOk(base, secretary, {
            id: randomUUID(),
            kind: 'agendaItem.upsert',
            args: { id: c.itemId, meetingId: c.meetingId, position: 1, title: `Nội dung 1 (sửa lần ${k})`, presenterId: null, presenterLabel: 'Sở Tài chính', plannedMinutes: 30 },
          });
          sync.push((await seen) - t0);
        }
      }),
    );
    // Votes: every meeting at once, one ballot at a time each, alternately to each instance.
    await Promise.all(
      meetings.map(async (c, m) => {
        const opened = await command({ url: bases[m % bases.length]! } as TestServer, c.chair, c.meetingId, { type: 'vote.open', vote: { question: 'Đo độ trễ', kind: 'open', liveCount: true } });
        if (opened.status !== 200) throw new Error(`vote.open: ${opened.status} ${JSON.stringify(opened.body)}`);
        const voteId = opened.body.vote!.id;
        await clients.until(m, { voteId, turnout: 0 });
        for (const [i, token] of c.members.entries()) {
          const base = bases[(m + i) % bases.length]!;
          const t0 = now();
          const seen = clients.until(m, { voteId, turnout: i + 1 });
          const res = await fetch(base + LIVE_MEETING_PATHS.ballots(voteId), {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ requestId: randomUUID(), optionId: 'agree' }),
          });
          if (res.status !== 200) throw new Error(`ballot refused: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
          vote.push((await seen) - t0);
        }
      }),
    );
  } finally {
    await clients.close();
  }
  return { sync, vote };
}

/** Instance B: `startServer` on the same PostgreSQL database and data folder, in its own process. */
function childInstance(url: string, dataDir: string) {
  const child = spawn(process.execPath, ['--enable-source-maps', fileURLToPath(import.meta.url), 'instance', url, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`instance B exited ${code}`)));
  });
  return { base, stop: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) };
}

async function runInstance(url: string, dataDir: string): Promise<void> {
  const s = await startServer({ dataDir, database: { kind: 'postgres', url }, port: 0, passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, loginRateLimit: RATE, refreshRateLimit: RATE });
  console.log(`listening ${s.url}`);
  process.once('SIGTERM', () => void s.close().then(() => process.exit(0)));
}

async function main() {
  const rows: (string | number)[][] = [['deployment', 'measure', 'p50', 'p99', 'max', 'n']];
  /** p99 of each measure, by deployment: the rows of `npm run bench`'s one table (the cluster against one instance). */
  const p99s = new Map<string, { p99: number; n: number }>();
  const add = (who: string, what: string, samples: number[]) => {
    const s = [...samples].sort((x, y) => x - y);
    rows.push([who, what, ms(percentile(s, 50)), ms(percentile(s, 99)), ms(s[s.length - 1]!), s.length]);
    p99s.set(`${who}|${what}`, { p99: percentile(s, 99), n: s.length });
  };

  console.log(`one instance, SQLite: seeding ${MEETINGS} meetings, connecting ${MEETINGS * CLIENTS_PER_MEETING} clients…`);
  const solo = await startTestServer({ loginRateLimit: RATE, refreshRateLimit: RATE });
  try {
    const r = await measure(solo, [solo.url]);
    add('1 × SQLite', 'sync: push → every client poked', r.sync);
    add('1 × SQLite', 'vote: cast → every client has the turnout', r.vote);
    console.log(JSON.stringify({ deployment: '1 × SQLite', sync: summary(r.sync), vote: summary(r.vote) }));
  } finally {
    await solo.stop();
  }

  console.log('two instances, PostgreSQL: same again, clients split between A and B…');
  const a = await startTestServer({ dialect: 'postgres', loginRateLimit: RATE, refreshRateLimit: RATE });
  const b = childInstance(a.storage.database!.kind === 'postgres' ? a.storage.database!.url : '', a.dataDir);
  try {
    const r = await measure(a, [a.url, await b.base]);
    add('2 × PostgreSQL', 'sync: push → every client poked', r.sync);
    add('2 × PostgreSQL', 'vote: cast → every client has the turnout', r.vote);
    console.log(JSON.stringify({ deployment: '2 × PostgreSQL', sync: summary(r.sync), vote: summary(r.vote) }));
  } finally {
    await b.stop();
    await a.stop();
  }
  console.log(`\n${MEETINGS} meetings × ${CLIENTS_PER_MEETING} clients, all meetings at once (loopback, ${new Date().toISOString()})`);
  table(rows);
  for (const what of ['sync: push → every client poked', 'vote: cast → every client has the turnout']) {
    const [cluster, solo] = [p99s.get(`2 × PostgreSQL|${what}`), p99s.get(`1 × SQLite|${what}`)];
    if (cluster && solo) console.log(formatRow({ bench: 'cluster-fanout', measure: `${what}, p99, ${MEETINGS * CLIENTS_PER_MEETING} clients, 2 instances on PostgreSQL | 1 instance on SQLite`, unit: 'ms', ours: cluster.p99, baseline: solo.p99, spread: `p99 of ${cluster.n} and ${solo.n}` }));
  }
}

if (!isMainThread) runClients();
else if (process.argv[2] === 'instance') void runInstance(process.argv[3]!, process.argv[4]!);
else {
  const limit = setTimeout(() => {
    console.error('cluster-fanout: time limit (20 min) reached');
    process.exit(1);
  }, 20 * 60_000);
  limit.unref();
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
