/**
 * Both live sockets (`/api/live` pokes, `/api/live/meetings/:id` state) are checked at every
 * frame, not only when they open: a removed member, a signed-out or revoked session and an
 * expired token stop receiving frames at once and get a named close code. Real server, real
 * sockets, real SQLite.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_PATHS } from '../../shared/api';
import { LIVE_CLOSE } from '../../shared/live-close';
import { LIVE_MEETING_PATHS, LiveMeetingServerMessage, type LiveMeetingState } from '../../shared/live-meeting';
import { VersionedLiveState } from '../../electron/services/live-meeting/meeting-socket';
import { call, DIALECTS, login, pushOk, startTestServer, type TestServer } from '../server/helpers';
import { check } from '../helpers/tool';
import { waitFor } from '../helpers/wait-for';
import { command, seedLiveCommittee } from './helpers/live-committee';


const servers: TestServer[] = [];
const taps: Tap[] = [];
afterEach(async () => {
  for (const t of taps.splice(0)) t.ws.terminate();
  for (const s of servers.splice(0)) await s.stop();
});

async function server(opts: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, ...opts });
  servers.push(s);
  return s;
}

/** A raw socket that keeps every text frame and the close code. */
class Tap {
  readonly frames: any[] = [];
  closeCode: number | null = null;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  /** The meeting socket's states, whole or rebuilt from patches. */
  private readonly rebuilt: LiveMeetingState[] = [];
  constructor(base: string, path: string, token: string) {
    this.ws = new WebSocket(base.replace(/^http/, 'ws') + path, { headers: { authorization: `Bearer ${token}` } });
    const live = new VersionedLiveState(() => this.ws.send(JSON.stringify({ type: 'refresh' })));
    this.ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw));
      this.frames.push(frame);
      if (frame.type !== 'state' && frame.type !== 'patch') return;
      const state = live.receive(LiveMeetingServerMessage.parse(frame));
      if (state) this.rebuilt.push(state);
    });
    this.ws.on('close', (code) => (this.closeCode = code));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    taps.push(this);
  }
  states() {
    return this.rebuilt;
  }
  closed(what: string) {
    return waitFor(() => this.closeCode, 15_000, what);
  }
}

/** The real `ecabinet` command in its own process, as an administrator runs it beside the server. */
async function ecabinet(...args: string[]): Promise<void> {
  const r = await check(process.execPath, [join(__dirname, '../../bin/ecabinet.cjs'), ...args], { timeoutMs: 120_000 });
  if (r.status !== 0) throw new Error(`ecabinet ${args.join(' ')} → ${r.status}: ${r.stderr}`);
}

async function tapBoth(s: TestServer, token: string, meetingId: string) {
  const meeting = new Tap(s.url, LIVE_MEETING_PATHS.socket(meetingId), token);
  const pokes = new Tap(s.url, API_PATHS.live, token);
  await Promise.all([meeting.opened, pokes.opened]);
  await waitFor(() => meeting.states().length > 0 && pokes.frames.some((f) => f.type === 'hello'));
  return { meeting, pokes };
}

describe('live sockets are checked at every frame', () => {
  it('a member removed from the meeting is closed with "forbidden" and never sees the next vote', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 2);
    const [stays, leaves] = c.members;
    const chair = new Tap(s.url, LIVE_MEETING_PATHS.socket(c.meetingId), c.chair.token);
    await chair.opened;
    const gone = await tapBoth(s, leaves.token, c.meetingId);
    const kept = await tapBoth(s, stays.token, c.meetingId);

    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'participant.delete', args: { id: leaves.participantId } });
    expect(await gone.meeting.closed('the removed member\'s meeting socket to close')).toBe(LIVE_CLOSE.forbidden);

    const question = 'Biểu quyết kín về nhân sự sau khi rút thành viên';
    const opened = await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question } as never });
    expect(opened.status).toBe(200);
    await waitFor(() => chair.states().some((st) => st.vote?.question === question) && kept.meeting.states().some((st) => st.vote?.question === question));
    expect(JSON.stringify(gone.meeting.frames)).not.toContain(question);

    // Pokes: a later change of the meeting reaches the member who stays, not the removed one;
    // adding him back pokes him again, so anything meant for him before that has been delivered.
    await pushOk(s.url, c.secretary.token, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingId, position: 9, title: 'Mục bổ sung', presenterId: null, presenterLabel: '', plannedMinutes: 10 },
    });
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: c.meetingId, userId: leaves.id, role: 'member' } });
    const back = await waitFor(() => gone.pokes.frames.find((f) => f.type === 'poke' && f.scope === `meeting:${c.meetingId}`));
    const user = gone.pokes.frames.filter((f) => f.type === 'poke' && f.scope === `user:${leaves.id}`);
    // Removal (user scope) and re-adding (user scope) reached him; the agenda change in between did not.
    expect(user.length).toBeGreaterThanOrEqual(2);
    expect(gone.pokes.frames.filter((f) => f.type === 'poke' && f.scope === `meeting:${c.meetingId}`).every((f) => f.seq === back.seq)).toBe(true);
    expect(gone.pokes.closeCode).toBeNull();
  });

  it('answers {"type":"refresh"} only while the user may still see the meeting', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 1);
    const m = c.members[0];
    const tap = new Tap(s.url, LIVE_MEETING_PATHS.socket(c.meetingId), m.token);
    await tap.opened;
    await waitFor(() => tap.states().length === 1);
    tap.ws.send(JSON.stringify({ type: 'refresh' }));
    await waitFor(() => tap.states().length === 2, 15_000, 'a refreshed state');
    // Removed behind the server's back (another process on the same database): no change
    // reaches the live service, so only the check on the refresh frame can notice.
    await s.db.deleteFrom('participants').where('id', '=', m.participantId).execute();
    tap.ws.send(JSON.stringify({ type: 'refresh' }));
    expect(await tap.closed('the socket to close after the refused refresh')).toBe(LIVE_CLOSE.forbidden);
    expect(tap.states()).toHaveLength(2);
  });

  it('signing out closes both sockets of that session at once with "session ended"', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 1);
    const m = c.members[0];
    const { meeting, pokes } = await tapBoth(s, m.token, c.meetingId);
    const other = await tapBoth(s, c.chair.token, c.meetingId);
    const out = await call(s.url, 'POST', '/api/auth/logout', { token: m.token, body: {} });
    expect(out.status).toBe(200);
    expect(await meeting.closed('the meeting socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    expect(await pokes.closed('the poke socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    // Another user's sockets stay.
    const cmd = await command(s, c.chair.token, c.meetingId, { type: 'item.next' });
    expect(cmd.status).toBe(200);
    await waitFor(() => other.meeting.states().some((st) => st.revision === cmd.body.revision));
    expect(other.meeting.closeCode).toBeNull();
    expect(other.pokes.closeCode).toBeNull();
  });

  it('a reused refresh token revokes the session and closes both its sockets', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 1);
    const t = await login(s.url, c.members[0].username);
    const { meeting, pokes } = await tapBoth(s, t.accessToken, c.meetingId);
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: t.refreshToken } })).status).toBe(200);
    // The same refresh token again: someone copied it; the server revokes the whole session.
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: t.refreshToken } })).status).toBe(401);
    expect(await meeting.closed('the meeting socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    expect(await pokes.closed('the poke socket to close')).toBe(LIVE_CLOSE.sessionEnded);
  });

  it('a revoked session is noticed at the next frame even without an in-process notice', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 1);
    const m = c.members[0];
    const { meeting, pokes } = await tapBoth(s, m.token, c.meetingId);
    // Revoked by another process (the CLI) on the same database: only the per-frame check sees it.
    await s.db.updateTable('sessions').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', m.id).execute();
    expect((await command(s, c.chair.token, c.meetingId, { type: 'item.next' })).status).toBe(200);
    await pushOk(s.url, c.secretary.token, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingId, position: 9, title: 'Mục bổ sung', presenterId: null, presenterLabel: '', plannedMinutes: 10 },
    });
    expect(await meeting.closed('the meeting socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    expect(await pokes.closed('the poke socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    expect(meeting.states()).toHaveLength(1);
    expect(pokes.frames.filter((f) => f.type === 'poke')).toEqual([]);
  });

  it.each(DIALECTS)('`ecabinet user revoke` and `user disable` (another process, same database) close the sockets at once, with no frame and no heartbeat (%s)', async (dialect) => {
    // An hour between heartbeats: only noticing the other process's write can close them.
    const s = await server({ heartbeatMs: 3_600_000, dialect });
    const where = s.storage.database?.kind === 'postgres' ? ['--db', s.storage.database.url, '--blobs', s.dataDir] : ['--data', s.dataDir];
    const c = await seedLiveCommittee(s, 2);
    const [revoked, disabled] = c.members;
    const a = await tapBoth(s, revoked.token, c.meetingId);
    const b = await tapBoth(s, disabled.token, c.meetingId);
    const chair = await tapBoth(s, c.chair.token, c.meetingId);

    await ecabinet('user', 'revoke', ...where, revoked.username, '--all');
    expect(await a.meeting.closed('the revoked device\'s meeting socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    expect(await a.pokes.closed('the revoked device\'s poke socket to close')).toBe(LIVE_CLOSE.sessionEnded);

    await ecabinet('user', 'disable', ...where, disabled.username);
    expect(await b.meeting.closed('the disabled account\'s meeting socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    expect(await b.pokes.closed('the disabled account\'s poke socket to close')).toBe(LIVE_CLOSE.sessionEnded);
    expect(chair.meeting.closeCode).toBeNull();
    expect(chair.pokes.closeCode).toBeNull();
  });

  it('an expired access token closes both sockets with "token expired" at the next frame (server clock)', async () => {
    let offsetMs = 0;
    const s = await server({ now: () => new Date(Date.now() + offsetMs) });
    const c = await seedLiveCommittee(s, 1);
    const m = c.members[0];
    const { meeting, pokes } = await tapBoth(s, m.token, c.meetingId);
    offsetMs = 16 * 60_000; // past the 15-minute access token
    meeting.ws.send(JSON.stringify({ type: 'refresh' }));
    expect(await meeting.closed('the meeting socket to close')).toBe(LIVE_CLOSE.tokenExpired);
    const fresh = await login(s.url, c.secretary.username);
    await pushOk(s.url, fresh.accessToken, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingId, position: 9, title: 'Mục bổ sung', presenterId: null, presenterLabel: '', plannedMinutes: 10 },
    });
    expect(await pokes.closed('the poke socket to close')).toBe(LIVE_CLOSE.tokenExpired);
    expect(meeting.states()).toHaveLength(1);
    expect(pokes.frames.filter((f) => f.type === 'poke')).toEqual([]);
  });

  it('closes both sockets when the token expires, with no frame needed (timer at the token\'s expiry)', async () => {
    // The server's clock stands still a moment before the member's token expires while the
    // sockets open (however long that takes on a busy machine), then runs on past the expiry:
    // only the timer set at their opening can close them, since nothing else happens in the
    // meeting (no heartbeat either). It fires a moment after the opening, and re-arms while the
    // clock still stands.
    let clock = () => Date.now();
    const s = await server({ now: () => new Date(clock()), heartbeatMs: 3_600_000 });
    const c = await seedLiveCommittee(s, 1);
    const t = await login(s.url, c.members[0].username);
    const expiresAt = Date.parse(t.accessExpiresAt);
    clock = () => expiresAt - 500;
    const { meeting, pokes } = await tapBoth(s, t.accessToken, c.meetingId);
    expect([meeting.closeCode, pokes.closeCode]).toEqual([null, null]);
    const openedAt = Date.now();
    clock = () => expiresAt + (Date.now() - openedAt);
    expect(await meeting.closed('the meeting socket to close at expiry')).toBe(LIVE_CLOSE.tokenExpired);
    expect(await pokes.closed('the poke socket to close at expiry')).toBe(LIVE_CLOSE.tokenExpired);
  });
});
