/**
 * Live channel under load (issue 6): 500 WebSocket clients (loopback, this process) watch one
 * meeting while members vote. Prints the time from a ballot being cast to EVERY client having
 * the new tally (p50, p99), and the ballots per second the server sustains when 200 members
 * vote at once. Baseline measured in the same run: the ballot's own HTTP round trip (cast →
 * answer), i.e. what a single voter waits for without any fan-out. Bounded: fixed counts, a
 * time limit on every wait, everything closed at the end.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { LIVE_MEETING_PATHS } from '../shared/live-meeting';
import { startTestServer } from '../tests/server/helpers';
import { command, seedLiveCommittee, StateWatcher } from '../tests/integration/helpers/live-committee';
import { ms, summarize, table } from './lib/stats';

const CLIENTS = 500;
const MEMBERS = 200;
const SEQUENTIAL_BALLOTS = 60;

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
    const watchers: StateWatcher[] = [];
    for (let i = 0; i < CLIENTS; i++) watchers.push(new StateWatcher(s.url, tokens[i % tokens.length], c.meetingId, { validate: false }));
    await Promise.all(watchers.map((w) => w.opened));
    await Promise.all(watchers.map((w) => w.until(() => true, 30_000)));

    const cast = async (token: string, voteId: string) => {
      const res = await fetch(s.url + LIVE_MEETING_PATHS.ballots(voteId), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requestId: randomUUID(), optionId: 'agree' }),
      });
      if (res.status !== 200) throw new Error(`ballot refused: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    // 1) One ballot at a time: cast → every client shows the new turnout/tally.
    let vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Đo độ trễ' } })).body.vote!;
    await Promise.all(watchers.map((w) => w.until((st) => st.vote?.id === vote.id, 30_000)));
    const fanout: number[] = [];
    const roundTrip: number[] = [];
    for (let k = 1; k <= SEQUENTIAL_BALLOTS; k++) {
      const t0 = performance.now();
      const all = Promise.all(watchers.map((w) => w.until((st) => (st.vote?.counts?.[0]?.count ?? 0) >= k, 30_000)));
      await cast(c.members[k - 1].token, vote.id);
      roundTrip.push(performance.now() - t0);
      await all;
      fanout.push(performance.now() - t0);
    }
    await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: vote.id });

    // 2) Everyone at once: ballots per second, and time until every client has the final tally.
    vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Đo thông lượng' } })).body.vote!;
    await Promise.all(watchers.map((w) => w.until((st) => st.vote?.id === vote.id, 30_000)));
    const voters = [c.chair, ...c.members].map((m) => m.token);
    const t0 = performance.now();
    const allSee = Promise.all(watchers.map((w) => w.until((st) => st.vote?.turnout.length === voters.length, 60_000)));
    await Promise.all(voters.map((tk) => cast(tk, vote.id)));
    const accepted = performance.now() - t0;
    const stored = await s.db.selectFrom('open_ballots').select((eb) => eb.fn.countAll<number>().as('n')).where('vote_id', '=', vote.id).executeTakeFirstOrThrow();
    console.log(`burst: ${voters.length} accepted, ${stored.n} stored in ${ms(accepted)}`);
    await allSee;
    const converged = performance.now() - t0;
    const messages = watchers.reduce((n, w) => n + w.messages, 0);

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
    for (const w of watchers) w.close();
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
