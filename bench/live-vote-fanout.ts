/**
 * Live channel under load: 500 WebSocket clients (loopback, in a worker thread running this
 * same bundle, so the clients' JSON parsing and patching does not run on the server's event
 * loop) watch one meeting while members vote. Each client keeps its state the way the desktop
 * services do (the whole state, then patches in order, asking for the whole state on a gap).
 * Prints the time from a ballot being cast to EVERY client having the new tally (p50, p99 over
 * >= 500 ballots cast one at a time), the bytes each client received per ballot, and the time
 * until every client has the final tally when 200 members vote at once (their HTTP clients in a
 * second worker thread: they are 200 other computers). Baseline measured in the
 * same run: the ballot's own HTTP round trip (cast → answer), i.e. what a single voter waits for
 * without any fan-out. Bounded: fixed counts, a time limit on every wait, everything closed.
 */
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { LIVE_MEETING_PATHS, type LiveMeetingServerMessage, type LiveMeetingState } from '../shared/live-meeting';
import { VersionedLiveState } from '../electron/services/live-meeting/meeting-socket';
import { startTestServer } from '../tests/server/helpers';
import { command, seedLiveCommittee } from '../tests/integration/helpers/live-committee';
import { ms, percentile, summarize, table } from './lib/stats';
import { formatRow } from './lib/report';

const CLIENTS = 500;
const MEMBERS = 200;
/**
 * Ballots cast one at a time (several votes of MEMBERS ballots each). LIVE_BENCH_SEQUENTIAL sets
 * another count (0: only the burst, e.g. to profile it).
 */
const SEQUENTIAL_BALLOTS = process.env.LIVE_BENCH_SEQUENTIAL ? Number(process.env.LIVE_BENCH_SEQUENTIAL) : 520;

const now = () => performance.timeOrigin + performance.now();

/**
 * The simulated clients (worker thread). The main thread asks "tell me when every client has
 * the vote V with at least K ballots" and gets back the wall-clock instant (ms since the epoch)
 * when the last one had it; "stats" returns the frames and bytes received so far.
 */
function runClients(): void {
  const { url, tokens, count } = workerData as { url: string; tokens: string[]; count: number };
  const port = parentPort!;
  const clients: { vote: LiveMeetingState['vote']; ws: WebSocket }[] = [];
  let waits: { id: number; voteId: string; atLeast: number }[] = [];
  let frames = 0;
  let bytes = 0;
  let wholeStates = 0;
  const check = () => {
    waits = waits.filter((w) => {
      if (clients.every((c) => c.vote && c.vote.id === w.voteId && c.vote.turnout.length >= w.atLeast)) {
        port.postMessage({ type: 'reached', id: w.id, at: now() });
        return false;
      }
      return true;
    });
  };
  let opened = 0;
  for (let i = 0; i < count; i++) {
    const ws = new WebSocket(url, { headers: { authorization: 'Bearer ' + tokens[i % tokens.length] } });
    const c = { vote: null as LiveMeetingState['vote'], ws };
    clients.push(c);
    const live = new VersionedLiveState(() => ws.send(JSON.stringify({ type: 'refresh' })), { validate: false });
    ws.on('open', () => {
      live.reset();
      if (++opened === count) port.postMessage({ type: 'open' });
    });
    ws.on('message', (raw: Buffer) => {
      frames++;
      bytes += raw.length;
      const msg = JSON.parse(String(raw)) as LiveMeetingServerMessage;
      if (msg.type === 'state') wholeStates++;
      const state = live.receive(msg);
      if (!state) return;
      c.vote = state.vote;
      if (waits.length) check();
    });
  }
  port.on('message', (m) => {
    if (m.type === 'wait') {
      waits.push(m);
      check();
    }
    if (m.type === 'stats') port.postMessage({ type: 'stats', frames, bytes, wholeStates });
    if (m.type === 'close') {
      for (const c of clients) c.ws.terminate();
      port.close();
    }
  });
}

/**
 * The voters of the burst (worker thread): 200 members vote from 200 computers, so their HTTP
 * clients do not run on the server's event loop either. Casts every ballot at once when told and
 * answers with the wall-clock instant of each reply.
 */
function runVoters(): void {
  const { url } = workerData as { url: string };
  const port = parentPort!;
  port.on('message', async (m: { type: 'cast'; voteId: string; tokens: string[] } | { type: 'close' }) => {
    if (m.type === 'close') return port.close();
    const replies = await Promise.all(m.tokens.map(async (tk) => (await castBallot(url, tk, m.voteId), now())));
    port.postMessage({ type: 'cast', replies });
  });
}

/** One ballot over HTTP, as the desktop services send it. */
async function castBallot(url: string, token: string, voteId: string): Promise<void> {
  const res = await fetch(url + LIVE_MEETING_PATHS.ballots(voteId), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requestId: randomUUID(), optionId: 'agree' }),
  });
  if (res.status !== 200) throw new Error(`ballot refused: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** The voters' thread: `castAll` resolves to the instant of each reply. */
class Voters {
  private readonly worker: Worker;
  constructor(url: string) {
    this.worker = new Worker(fileURLToPath(import.meta.url), { workerData: { role: 'voters', url } });
  }
  castAll(voteId: string, tokens: string[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (m: { replies: number[] }) => resolve(m.replies));
      this.worker.once('error', reject);
      this.worker.postMessage({ type: 'cast', voteId, tokens });
    });
  }
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

interface Traffic {
  frames: number;
  bytes: number;
  wholeStates: number;
}

class Clients {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, (v: any) => void>();
  readonly opened: Promise<void>;
  constructor(url: string, tokens: string[], count: number) {
    this.worker = new Worker(fileURLToPath(import.meta.url), { workerData: { url, tokens, count } });
    let onOpen!: () => void;
    this.opened = new Promise((r) => (onOpen = r));
    this.worker.on('message', (m) => {
      if (m.type === 'open') onOpen();
      else if (m.type === 'reached') this.pending.get(m.id)?.(m.at);
      else if (m.type === 'stats') this.pending.get(-1)?.(m);
    });
  }
  /** Wall-clock ms when every client had at least `atLeast` ballots in vote `voteId`. */
  until(voteId: string, atLeast: number, timeoutMs = 60_000): Promise<number> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`clients did not reach ${atLeast} ballots`)), timeoutMs);
      this.pending.set(id, (at) => (clearTimeout(t), this.pending.delete(id), resolve(at)));
      this.worker.postMessage({ type: 'wait', id, voteId, atLeast });
    });
  }
  traffic(): Promise<Traffic> {
    return new Promise((resolve) => {
      this.pending.set(-1, resolve);
      this.worker.postMessage({ type: 'stats' });
    });
  }
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    await new Promise((r) => setTimeout(r, 100));
    await this.worker.terminate();
  }
}

async function main() {
  const s = await startTestServer({ loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
  try {
    console.log(`seeding ${MEMBERS} members…`);
    const c = await seedLiveCommittee(s, MEMBERS);
    const tokens = [c.chair.token, ...c.members.map((m) => m.token)];
    console.log(`connecting ${CLIENTS} clients…`);
    const clients = new Clients(s.url.replace(/^http/, 'ws') + LIVE_MEETING_PATHS.socket(c.meetingId), tokens, CLIENTS);
    await clients.opened;

    const cast = (token: string, voteId: string) => castBallot(s.url, token, voteId);
    const voters = new Voters(s.url);

    // 1) One ballot at a time: cast → every client shows the new turnout and tally.
    const fanout: number[] = [];
    const roundTrip: number[] = [];
    let before = await clients.traffic();
    let vote: NonNullable<LiveMeetingState['vote']> | null = null;
    let inVote = 0;
    for (let k = 0; k < SEQUENTIAL_BALLOTS; k++) {
      if (!vote || inVote === MEMBERS) {
        if (vote) await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: vote.id });
        vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: `Đo độ trễ ${k}` } })).body.vote!;
        await clients.until(vote.id, 0);
        inVote = 0;
      }
      inVote++;
      const t0 = now();
      const all = clients.until(vote.id, inVote);
      await cast(c.members[inVote - 1].token, vote.id);
      roundTrip.push(now() - t0);
      fanout.push((await all) - t0);
    }
    let after = await clients.traffic();
    // Also counts the frames of the opens and closes in between: an upper bound per ballot.
    const sequentialBytes = (after.bytes - before.bytes) / (SEQUENTIAL_BALLOTS * CLIENTS);
    if (vote) await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: vote.id });

    // 2) Everyone at once: time until every client has the final tally.
    const burst = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Đo thông lượng' } })).body.vote!;
    await clients.until(burst.id, 0);
    const voterTokens = [c.chair, ...c.members].map((m) => m.token);
    before = await clients.traffic();
    const t0 = now();
    const allSee = clients.until(burst.id, voterTokens.length);
    const replies = (await voters.castAll(burst.id, voterTokens)).map((at) => at - t0);
    const accepted = Math.max(...replies);
    const converged = (await allSee) - t0;
    after = await clients.traffic();
    const burstBytes = (after.bytes - before.bytes) / (voterTokens.length * CLIENTS);
    const burstFrames = (after.frames - before.frames) / CLIENTS;
    await clients.close();
    await voters.close();

    const f = [...fanout].sort((a, b) => a - b);
    const r = [...roundTrip].sort((a, b) => a - b);
    console.log(`\n${CLIENTS} clients on the live channel, ${MEMBERS + 1} voters (loopback, one process, ${new Date().toISOString()})`);
    if (f.length)
      table([
        ['measure', 'p50', 'p99', 'max', 'n', 'target'],
        ['cast → all clients have the tally', ms(percentile(f, 50)), ms(percentile(f, 99)), ms(f[f.length - 1]), f.length, 'p99 ≤ 100 ms'],
        ['baseline: cast → HTTP answer', ms(percentile(r, 50)), ms(percentile(r, 99)), ms(r[r.length - 1]), r.length, ''],
      ]);
    const rs = summarize(replies);
    table([
      ['measure', 'value', 'target'],
      ['bytes per ballot per client, one at a time', f.length ? sequentialBytes.toFixed(0) : '-', '≤ 2048'],
      [`${voterTokens.length} ballots at once: every client has the final tally after`, ms(converged), '≤ 2000 ms'],
      ['baseline: …all HTTP answers in (last reply)', ms(accepted), ''],
      ['…their replies p50', ms(rs.p50), ''],
      ['bytes per ballot per client, at once', burstBytes.toFixed(0), '≤ 2048'],
      ['frames per client during the burst', burstFrames.toFixed(1), ''],
      ['whole states sent (whole run, incl. connects)', after.wholeStates, ''],
    ]);
    // The same figures for `npm run bench`'s table of every measure.
    const bench = 'live-vote-fanout';
    const rows = [
      { measure: `cast → all ${CLIENTS} clients have the tally | cast → HTTP answer`, unit: 'ms', ours: percentile(f, 99), baseline: percentile(r, 99), spread: `p99 of ${f.length}`, target: 'p99 ≤ 100 ms' },
      { measure: `${voterTokens.length} ballots at once → every client has the final tally | all HTTP answers in`, unit: 'ms', ours: converged, baseline: accepted, target: '≤ 2000 ms' },
      { measure: 'bytes per ballot per client, one at a time', unit: 'B', ours: sequentialBytes, baseline: null, target: '≤ 2048 B' },
      { measure: 'bytes per ballot per client, at once', unit: 'B', ours: burstBytes, baseline: null, target: '≤ 2048 B' },
    ];
    // Without ballots one at a time (LIVE_BENCH_SEQUENTIAL=0) only the burst's rows have figures.
    for (const row of f.length ? rows : rows.filter((x) => x.measure.includes('at once')))
      console.log(formatRow({ bench, ...row }));
  } finally {
    await s.stop();
  }
}

if (!isMainThread) {
  if ((workerData as { role?: string }).role === 'voters') runVoters();
  else runClients();
}
else {
  const limit = setTimeout(() => {
    console.error('live-vote-fanout: time limit (5 min) reached');
    process.exit(1);
  }, 5 * 60_000);
  limit.unref();
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
