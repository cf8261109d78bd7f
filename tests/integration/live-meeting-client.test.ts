/**
 * The desktop services' side of the live meeting against a real server: `liveMeeting.watch`
 * then `liveMeeting.state` events for every change, a secret ballot whose receipt is kept on
 * this machine and found in the published list, and a restarted server: the services'
 * socket reconnects by itself and the first state it gets is the current one.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import type { LiveMeetingState } from '../../shared/live-meeting';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { randomUUID } from 'node:crypto';
import { login, PASSWORD, pushOk, startTestServer, type TestServer } from '../server/helpers';
import { ballot, command, seedLiveCommittee, StateWatcher } from './helpers/live-committee';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';

const servers: TestServer[] = [];
const clients: ClientServices[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.stop();
});
afterAll(() => removeTempDirs());

async function call<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code}`), { code: r.error.code });
  return r.value as BridgeOutput<M>;
}

async function client(s: TestServer, username: string) {
  const c = await createClientServices({ dataDir: tempDir(), defaultServerUrl: s.url, documentUrl: (sha) => `/doc/${sha}`, mode: 'browser', version: '0.0.0-test', retry: { initialMs: 100, maxMs: 500 } });
  clients.push(c);
  await call(c, 'session.login', { username, password: PASSWORD });
  const states: LiveMeetingState[] = [];
  c.on('liveMeeting.state', (st) => states.push(st));
  return { c, states, latest: () => states.at(-1) };
}

describe('live meeting through the desktop services', () => {
  it('follows the meeting, votes in secret and finds its receipt in the published list', async () => {
    const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    servers.push(s);
    const com = await seedLiveCommittee(s, 3);
    const m = await client(s, com.members[0].username);
    const first = await call(m.c, 'liveMeeting.watch', { meetingId: com.meetingId });
    expect(first.currentItemId).toBe(com.items[0]);

    // The chair (over HTTP) moves on and opens a secret vote: the services push both.
    await command(s, com.chair.token, com.meetingId, { type: 'item.next' });
    await command(s, com.chair.token, com.meetingId, { type: 'vote.open', vote: { question: 'Bỏ phiếu kín?', kind: 'secret' } });
    const open = await waitFor(() => (m.latest()?.vote?.status === 'open' ? m.latest() : null), 10_000, 'open vote');
    expect(open!.currentItemId).toBe(com.items[1]);

    const mine = await call(m.c, 'liveMeeting.vote', { voteId: open!.vote!.id, optionId: 'agree' });
    expect(mine.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // A second press is refused with a translated code, not counted twice.
    await expect(call(m.c, 'liveMeeting.vote', { voteId: open!.vote!.id, optionId: 'disagree' })).rejects.toMatchObject({ code: 'already_voted' });
    for (const other of com.members.slice(1)) await ballot(s, other.token, open!.vote!.id, { optionId: 'disagree' });
    await command(s, com.chair.token, com.meetingId, { type: 'vote.close', voteId: open!.vote!.id });
    const closed = await waitFor(() => (m.latest()?.vote?.status === 'closed' ? m.latest() : null), 10_000, 'closed vote');
    const receipts = await call(m.c, 'liveMeeting.receipts', { voteId: open!.vote!.id });
    expect(receipts).toEqual([{ memberId: com.members[0].id, receipt: mine.receipt }]);
    expect(closed!.vote!.receipts).toContainEqual({ receipt: mine.receipt, optionId: 'agree' });
  });

  it('reconnects after the server restarts and shows the current state at once', async () => {
    const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    servers.push(s);
    const com = await seedLiveCommittee(s, 2);
    const m = await client(s, com.members[0].username);
    const connected: boolean[] = [];
    m.c.on('liveMeeting.connection', (e) => connected.push(e.connected));
    await call(m.c, 'liveMeeting.watch', { meetingId: com.meetingId });
    await waitFor(() => m.latest(), 10_000, 'first state');
    // The first state may come from the watch call itself: the socket must be up before the restart.
    await waitFor(() => connected.includes(true), 20_000, 'the live socket connected');

    // Restart on the same port and data; meanwhile the chair's move is stored.
    const port = s.port;
    await s.close();
    const s2 = await startTestServer({ dataDir: s.dataDir, port, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    servers.splice(servers.indexOf(s), 1, s2);
    await command(s2, com.chair.token, com.meetingId, { type: 'item.goto', agendaItemId: com.items[2] });
    const back = await waitFor(() => (m.latest()?.currentItemId === com.items[2] ? m.latest() : null), 20_000, 'state after reconnect');
    expect(back!.currentItemId).toBe(com.items[2]);
    expect(connected).toContain(false);
    expect(connected.at(-1)).toBe(true);
  });

  it('a member removed from the meeting: the services stop the socket and tell the screen why', async () => {
    const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    servers.push(s);
    const com = await seedLiveCommittee(s, 2);
    const m = await client(s, com.members[0].username);
    const events: { connected: boolean; ended?: string }[] = [];
    m.c.on('liveMeeting.connection', (e) => events.push(e));
    await call(m.c, 'liveMeeting.watch', { meetingId: com.meetingId });
    await waitFor(() => events.some((e) => e.connected), 10_000, 'connected');
    await pushOk(s.url, com.secretary.token, { id: randomUUID(), kind: 'participant.delete', args: { id: com.members[0].participantId } });
    await waitFor(() => events.some((e) => e.ended === 'forbidden'), 15_000, 'the end reported');
    // It stays down: a vote opened now never reaches it.
    const states = m.states.length;
    await command(s, com.chair.token, com.meetingId, { type: 'vote.open', vote: { question: 'Sau khi rút tên?' } as never });
    const chair = new StateWatcher(s.url, com.chair.token, com.meetingId);
    await chair.until((st) => st.vote?.question === 'Sau khi rút tên?');
    chair.close();
    expect(m.states.slice(states).some((st) => st.vote?.question === 'Sau khi rút tên?')).toBe(false);
    expect(events.filter((e) => e.connected)).toHaveLength(1);
  });

  it('after its access token expires the socket refreshes the token and is back with the current state', async () => {
    let offsetMs = 0;
    const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, now: () => new Date(Date.now() + offsetMs), heartbeatMs: 200 });
    servers.push(s);
    const com = await seedLiveCommittee(s, 2);
    const m = await client(s, com.members[0].username);
    const events: { connected: boolean; ended?: string }[] = [];
    m.c.on('liveMeeting.connection', (e) => events.push(e));
    await call(m.c, 'liveMeeting.watch', { meetingId: com.meetingId });
    await waitFor(() => events.some((e) => e.connected), 10_000, 'connected');
    // The server's clock passes the token's expiry: the heartbeat's check closes the socket.
    offsetMs = 16 * 60_000;
    await waitFor(() => events.filter((e) => e.connected).length >= 2, 20_000, 'reconnected with a fresh token');
    const chair = await login(s.url, com.chair.username);
    const moved = await command(s, chair.accessToken, com.meetingId, { type: 'item.next' });
    expect(moved.status).toBe(200);
    await waitFor(() => m.latest()?.currentItemId === com.items[1], 10_000, 'the new state');
    expect(events.some((e) => e.ended)).toBe(false);
  });
});
