/**
 * Live channel under load: 500 WebSocket clients (loopback, in a worker thread so
 * the clients' JSON parsing does not run on the server's event loop) watch one
 * meeting while members vote. Prints the time from a ballot being cast to EVERY client having
 * the new tally (p50, p99), and the ballots per second the server sustains when 200 members
 * vote at once. Baseline measured in the same run: the ballot's own HTTP round trip (cast →
 * answer), i.e. what a single voter waits for without any fan-out. Bounded: fixed counts, a
 * time limit on every wait, everything closed at the end.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { LIVE_MEETING_PATHS } from '../shared/live-meeting';
import { startTestServer } from '../tests/server/helpers';
import { command, seedLiveCommittee } from '../tests/integration/helpers/live-committee';
import { ms, summarize, table } from './lib/stats';

const CLIENTS = 500;
const MEMBERS = 200;
const SEQUENTIAL_BALLOTS = 60;

/**
 * The simulated clients: plain JS run in a worker thread. Each socket keeps its newest state;
 * the main thread asks "tell me when every client has the vote V with at least K ballots"
 * and gets back the wall-clock instant (ms since the epoch) when the last one had it.
 */
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const WebSocket = createRequire(workerData.cwd + '/package.json')('ws');
const now = () => performance.timeOrigin + performance.now();
const clients = [];
let waits = [];
function check() {
  waits = waits.filter((w) => {
    if (clients.every((c) => c.vote && c.vote.id === w.voteId && c.vote.turnout.length >= w.atLeast)) {
      parentPort.postMessage({ type: 'reached', id: w.id, at: now() });
      return false;
    }
    return true;
  });
}
let opened = 0;
for (let i = 0; i < workerData.count; i++) {
  const c = { vote: null, messages: 0 };
  clients.push(c);
  const ws = new WebSocket(workerData.url, { headers: { authorization: 'Bearer ' + workerData.tokens[i % workerData.tokens.length] } });
  c.ws = ws;
  ws.on('open', () => { if (++opened === workerData.count) parentPort.postMessage({ type: 'open' }); });
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw));
    if (msg.type !== 'state') return;
    c.messages++;
    c.vote = msg.state.vote;
    if (waits.length) check();
  });
}
parentPort.on('message', (m) => {
  if (m.type === 'wait') { waits.push(m); check(); }
  if (m.type === 'stats') parentPort.postMessage({ type: 'stats', messages: clients.reduce((n, c) => n + c.messages, 0) });
  if (m.type === 'close') { for (const c of clients) c.ws.terminate(); parentPort.close(); }
});
`;

class Clients {
  private readonly worker: Worker;
  private seq = 0;
  private readonly pending = new Map<number, (v: any) => void>();
  readonly opened: Promise<void>;
  constructor(url: string, tokens: string[], count: number) {
    this.worker = new Worker(CLIENT_WORKER, { eval: true, workerData: { url, tokens, count, cwd: process.cwd() } });
    let onOpen!: () => void;
    this.opened = new Promise((r) => (onOpen = r));
    this.worker.on('message', (m) => {
      if (m.type === 'open') onOpen();
      else if (m.type === 'reached') this.pending.get(m.id)?.(m.at);
      else if (m.type === 'stats') this.pending.get(-1)?.(m.messages);
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
  messages(): Promise<number> {
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

const wallNow = () => performance.timeOrigin + performance.now();

function p99(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)];
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

    const cast = async (token: string, voteId: string) => {
      const res = await fetch(s.url + LIVE_MEETING_PATHS.ballots(voteId), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requestId: randomUUID(), optionId: 'agree' }),
      });
      if (res.status !== 200) throw new Error(`ballot refused: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    // 1) One ballot at a time: cast → every client shows the new turnout and tally.
    let vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Đo độ trễ' } })).body.vote!;
    await clients.until(vote.id, 0);
    const fanout: number[] = [];
    const roundTrip: number[] = [];
    for (let k = 1; k <= SEQUENTIAL_BALLOTS; k++) {
      const t0 = wallNow();
      const all = clients.until(vote.id, k);
      await cast(c.members[k - 1].token, vote.id);
      roundTrip.push(wallNow() - t0);
      fanout.push((await all) - t0);
    }
    await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: vote.id });

    // 2) Everyone at once: ballots per second, and time until every client has the final tally.
    vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Đo thông lượng' } })).body.vote!;
    await clients.until(vote.id, 0);
    const voters = [c.chair, ...c.members].map((m) => m.token);
    const t0 = wallNow();
    const allSee = clients.until(vote.id, voters.length);
    await Promise.all(voters.map((tk) => cast(tk, vote.id)));
    const accepted = wallNow() - t0;
    const converged = (await allSee) - t0;
    const messages = await clients.messages();
    await clients.close();

    const f = summarize(fanout);
    const r = summarize(roundTrip);
    console.log(`\n${CLIENTS} clients on the live channel, ${MEMBERS + 1} voters (loopback, one process, ${new Date().toISOString()})`);
    table([
      ['measure', 'p50', 'p99', 'max', 'n'],
      ['cast → all clients have the tally', ms(f.p50), ms(p99(fanout)), ms(f.max), f.n],
      ['baseline: cast → HTTP answer', ms(r.p50), ms(p99(roundTrip)), ms(r.max), r.n],
    ]);
    table([
      ['burst', 'value'],
      [`${voters.length} ballots at once: all accepted in`, ms(accepted)],
      ['ballots per second sustained', (voters.length / (accepted / 1000)).toFixed(0)],
      ['…and every client has the final tally after', ms(converged)],
      ['state messages received by all clients (whole run)', messages],
    ]);
  } finally {
    await s.stop();
  }
}

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
