/**
 * The meeting socket sends changes, not the whole state: a ballot reaches the other watchers as
 * a small patch; patches applied in order give exactly the state the server would send whole
 * (random sequences of live events); a client that missed a patch asks for the whole state and
 * ends with the right tally; a member removed mid-meeting gets no frame after that. One real
 * server, real sockets, the desktop services' own patch applier.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIVE_CLOSE } from '../../shared/live-close';
import { LIVE_MEETING_PATHS, LiveMeetingServerMessage, type LiveCommand, type LiveMeetingState } from '../../shared/live-meeting';
import { VersionedLiveState } from '../../electron/services/live-meeting/meeting-socket';
import { call, pushOk, startTestServer, type TestServer } from '../server/helpers';
import { waitFor } from '../helpers/wait-for';
import { ballot, command, seedLiveCommittee, type LiveCommittee } from './helpers/live-committee';

/** A meeting socket that keeps every frame and rebuilds the state as the services do. */
class PatchingTap {
  readonly frames: { raw: string; msg: LiveMeetingServerMessage }[] = [];
  latest: LiveMeetingState | null = null;
  wholeRequests = 0;
  closeCode: number | null = null;
  /** Frames to drop on purpose, as if lost: the next `n` patches. */
  dropPatches = 0;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  constructor(base: string, token: string, meetingId: string) {
    this.ws = new WebSocket(base.replace(/^http/, 'ws') + LIVE_MEETING_PATHS.socket(meetingId), { headers: { authorization: `Bearer ${token}` } });
    const live = new VersionedLiveState(() => {
      this.wholeRequests++;
      this.ws.send(JSON.stringify({ type: 'refresh' }));
    });
    this.ws.on('message', (raw) => {
      const msg = LiveMeetingServerMessage.parse(JSON.parse(String(raw)));
      this.frames.push({ raw: String(raw), msg });
      if (msg.type === 'patch' && this.dropPatches > 0) {
        this.dropPatches--;
        return;
      }
      const state = live.receive(msg);
      if (state) this.latest = state;
    });
    this.ws.on('close', (code) => (this.closeCode = code));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }
}

const withoutClock = (st: LiveMeetingState | null) => (st ? { ...st, serverTime: '' } : null);

let s: TestServer;
let c: LiveCommittee;
const taps: PatchingTap[] = [];
function tap(token: string) {
  const t = new PatchingTap(s.url, token, c.meetingId);
  taps.push(t);
  return t;
}
async function wholeState(token = c.chair.token): Promise<LiveMeetingState> {
  const r = await call<LiveMeetingState>(s.url, 'GET', LIVE_MEETING_PATHS.state(c.meetingId), { token });
  expect(r.status).toBe(200);
  return r.body;
}
/** Waits until the tap shows what the server would send whole now (the clock aside). */
async function converged(t: PatchingTap, token = c.chair.token) {
  await waitFor(async () => {
    const whole = await wholeState(token);
    return JSON.stringify(withoutClock(t.latest)) === JSON.stringify(withoutClock(whole)) ? whole : null;
  }, 15_000, 'the tap to show the current state');
}

beforeAll(async () => {
  s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  c = await seedLiveCommittee(s, 6);
});
afterAll(async () => {
  for (const t of taps) t.ws.terminate();
  await s.stop();
});

describe('the meeting socket sends changes', () => {
  it("a ballot reaches the other watchers as a patch a fraction of the whole state's size", async () => {
    const other = tap(c.members[1].token);
    await other.opened;
    await waitFor(() => other.latest, 10_000, 'the whole state on connect');
    expect(other.frames[0].msg.type).toBe('state');
    const vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Thông qua kế hoạch?' } })).body.vote!;
    await waitFor(() => other.latest?.vote?.id === vote.id);
    const before = other.frames.length;
    expect((await ballot(s, c.members[0].token, vote.id, { optionId: 'agree' })).status).toBe(200);
    await waitFor(() => other.latest?.vote?.turnout.includes(c.members[0].id));
    const frames = other.frames.slice(before);
    expect(frames.map((f) => f.msg.type)).toEqual(['patch']);
    const whole = JSON.stringify({ type: 'state', version: 0, state: other.latest });
    expect(frames[0].raw.length).toBeLessThan(whole.length / 4);
    expect(other.latest!.vote!.counts).toContainEqual({ optionId: 'agree', count: 1 });
    await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: vote.id });
    await converged(other);
    expect(other.wholeRequests).toBe(0);
  });

  it('a client that missed a patch asks for the whole state and ends with the right tally', async () => {
    const lossy = tap(c.members[2].token);
    await lossy.opened;
    await waitFor(() => lossy.latest);
    const vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Bỏ phiếu khi mất gói tin?' } })).body.vote!;
    await waitFor(() => lossy.latest?.vote?.id === vote.id);
    lossy.dropPatches = 1;
    await ballot(s, c.members[0].token, vote.id, { optionId: 'agree' });
    await waitFor(() => lossy.dropPatches === 0, 10_000, 'the patch to be lost');
    // The next patch does not follow the version it has: it asks for the whole state.
    await ballot(s, c.members[1].token, vote.id, { optionId: 'disagree' });
    await ballot(s, c.members[2].token, vote.id, { optionId: 'agree' });
    await waitFor(() => (lossy.latest?.vote?.turnout.length === 3 ? lossy.latest : null), 10_000, 'all three ballots');
    expect(lossy.wholeRequests).toBe(1);
    expect(lossy.frames.filter((f) => f.msg.type === 'state')).toHaveLength(2);
    expect(lossy.latest!.vote!.counts).toEqual(expect.arrayContaining([{ optionId: 'agree', count: 2 }, { optionId: 'disagree', count: 1 }]));
    await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: vote.id });
    await converged(lossy);
  });

  it('patches applied in order give the same state as the whole snapshot (random sequences of live events)', async () => {
    const watcher = tap(c.members[3].token);
    await watcher.opened;
    await waitFor(() => watcher.latest);
    const people = [c.chair, ...c.members];
    const event = fc.oneof(
      fc.constantFrom<LiveCommand>({ type: 'item.next' }, { type: 'item.previous' }, { type: 'speaker.finish' }),
      fc.record({ type: fc.constant('speaker.setDefault' as const), seconds: fc.integer({ min: 10, max: 3600 }) }),
      fc.record({ kind: fc.constant('request' as const), who: fc.integer({ min: 1, max: people.length - 1 }) }),
      fc.record({ kind: fc.constant('grant' as const) }),
      fc.record({ kind: fc.constant('vote' as const), secret: fc.boolean(), liveCount: fc.boolean() }),
      fc.record({ kind: fc.constant('ballot' as const), who: fc.integer({ min: 0, max: people.length - 1 }), option: fc.constantFrom('agree', 'disagree', 'abstain') }),
      fc.record({ kind: fc.constant('close' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 4, maxLength: 12 }), async (events) => {
        for (const e of events) {
          const now = await wholeState();
          if ('type' in e) await command(s, c.chair.token, c.meetingId, e);
          else if (e.kind === 'request') await command(s, people[e.who].token, c.meetingId, { type: 'speaker.request' });
          else if (e.kind === 'grant') {
            const waiting = now.speakers.find((x) => x.status === 'waiting');
            if (waiting) await command(s, c.chair.token, c.meetingId, { type: 'speaker.grant', requestId: waiting.id });
          } else if (e.kind === 'vote' && now.vote?.status !== 'open')
            await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: `Biểu quyết ${randomUUID().slice(0, 8)}`, kind: e.secret ? 'secret' : 'open', liveCount: e.liveCount } });
          else if (e.kind === 'ballot' && now.vote?.status === 'open') await ballot(s, people[e.who].token, now.vote.id, { optionId: e.option });
          else if (e.kind === 'close' && now.vote?.status === 'open') await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: now.vote.id });
        }
        await converged(watcher);
      }),
      { numRuns: 6 },
    );
    // Every state came from patches over the first one: it never had to ask for the whole state.
    expect(watcher.wholeRequests).toBe(0);
    expect(watcher.frames.filter((f) => f.msg.type === 'state')).toHaveLength(1);
    expect(watcher.frames.filter((f) => f.msg.type === 'patch').length).toBeGreaterThan(6);
  });

  it('ballots cast at the same moment: each is counted or refused on its own (one commit for many)', async () => {
    const open = await wholeState();
    if (open.vote?.status === 'open') await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: open.vote.id });
    const vote = (await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Cùng lúc?' } })).body.vote!;
    const replayed = randomUUID();
    const replies = await Promise.all([
      ballot(s, c.members[0].token, vote.id, { optionId: 'agree', requestId: replayed }),
      ballot(s, c.members[0].token, vote.id, { optionId: 'agree', requestId: replayed }),
      ballot(s, c.members[1].token, vote.id, { optionId: 'agree' }),
      ballot(s, c.members[1].token, vote.id, { optionId: 'disagree' }),
      ballot(s, c.members[2].token, vote.id, { optionId: 'disagree' }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 409, 409].sort());
    expect(replies.filter((r) => r.status !== 200).map((r) => r.body.error.code).sort()).toEqual(['already_voted', 'duplicate_request']);
    const now = await wholeState();
    expect(now.vote!.turnout).toHaveLength(3);
    expect(now.vote!.counts!.reduce((n, x) => n + x.count, 0)).toBe(3);
    await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: vote.id });
  });

  it('a member removed mid-meeting gets no frame after that, and the socket closes as "forbidden"', async () => {
    const leaves = c.members[5];
    const gone = tap(leaves.token);
    const stays = tap(c.members[4].token);
    await Promise.all([gone.opened, stays.opened]);
    await waitFor(() => gone.latest && stays.latest);
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'participant.delete', args: { id: leaves.participantId } });
    await waitFor(() => gone.closeCode, 15_000, 'the removed member\'s socket to close');
    expect(gone.closeCode).toBe(LIVE_CLOSE.forbidden);
    const framesAtClose = gone.frames.length;
    const question = 'Sau khi rút tên khỏi cuộc họp?';
    const open = await wholeState();
    if (open.vote?.status === 'open') await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: open.vote.id });
    await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question } });
    await waitFor(() => stays.latest?.vote?.question === question);
    expect(gone.frames).toHaveLength(framesAtClose);
    expect(gone.frames.map((f) => f.raw).join('')).not.toContain(question);
    // No frame after his removal was committed: the last one he got shows him still a participant.
    expect(gone.latest!.people.map((p) => p.userId)).toContain(leaves.id);
  });
});
