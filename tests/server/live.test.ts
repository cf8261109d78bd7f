import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveMessage, type LivePoke } from '../../shared/api';
import { LIVE_CLOSE } from '../../shared/live-close';
import { waitFor } from '../helpers/wait-for';
import { pushOk, seedCommittee, DIALECTS, startTestServer, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

/** A live socket that collects every message it receives. */
async function connect(url: string, opts: { token?: string; query?: boolean }) {
  const wsUrl = url.replace(/^http/, 'ws') + '/api/live' + (opts.query ? `?access_token=${opts.token}` : '');
  const ws = new WebSocket(wsUrl, { headers: !opts.query && opts.token ? { authorization: `Bearer ${opts.token}` } : {} });
  const messages: LiveMessage[] = [];
  ws.on('message', (data) => messages.push(LiveMessage.parse(JSON.parse(String(data)))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  await waitFor(() => messages.some((m) => m.type === 'hello'));
  return { ws, messages };
}

describe.each(DIALECTS)('live pokes (%s)', (dialect) => {
  let s: TestServer;
  let c: Committee;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    c = await seedCommittee(s);
  });
  afterAll(async () => s?.stop());

  it('pokes a participant after a secretary push, and not a non-participant', async () => {
    const an = await connect(s.url, { token: c.users.an.token });
    const binh = await connect(s.url, { token: c.users.binh.token, query: true });
    const hello = an.messages[0];
    expect(hello.type).toBe('hello');

    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, position: 2, title: 'Mục mới', presenterId: null, presenterLabel: '', plannedMinutes: 15 },
    });
    await waitFor(() => an.messages.some((m) => m.type === 'poke'));
    const poke = an.messages.find((m): m is LivePoke => m.type === 'poke')!;
    expect(poke.scope).toBe(`meeting:${c.meetingA}`);
    expect(poke.seq).toBeGreaterThan(hello.seq);

    // A later change Binh may see proves his socket works, and that he got nothing before.
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingB, position: 2, title: 'Mục B', presenterId: null, presenterLabel: '', plannedMinutes: 15 },
    });
    await waitFor(() => binh.messages.some((m) => m.type === 'poke'));
    expect(binh.messages.filter((m) => m.type === 'poke').map((m) => (m as LivePoke).scope)).toEqual([`meeting:${c.meetingB}`]);
    expect(an.messages.filter((m) => m.type === 'poke')).toHaveLength(1);
    an.ws.close();
    binh.ws.close();
  });

  it('pokes only the owner for his private document views', async () => {
    const an = await connect(s.url, { token: c.users.an.token });
    const chair = await connect(s.url, { token: c.users.chutich.token });
    await pushOk(s.url, c.users.an.token, { id: randomUUID(), kind: 'document.markViewed', args: { documentId: c.docA, version: 1 } });
    await waitFor(() => an.messages.some((m) => m.type === 'poke'));
    expect(an.messages.filter((m) => m.type === 'poke').map((m) => (m as LivePoke).scope)).toEqual([`user:${c.users.an.id}`]);
    // A later view of the chair's own reaches his socket; pokes come in commit order, so had he
    // been poked for An's view, that poke would have come first.
    await pushOk(s.url, c.users.chutich.token, { id: randomUUID(), kind: 'document.markViewed', args: { documentId: c.docA, version: 1 } });
    await waitFor(() => chair.messages.some((m) => m.type === 'poke'));
    expect(chair.messages.filter((m) => m.type === 'poke').map((m) => (m as LivePoke).scope)).toEqual([`user:${c.users.chutich.id}`]);
    an.ws.close();
    chair.ws.close();
  });

  it('refuses a socket without a valid token with HTTP 401', async () => {
    await expect(connect(s.url, {})).rejects.toThrow('HTTP 401');
    await expect(connect(s.url, { token: 'bogus', query: true })).rejects.toThrow('HTTP 401');
  });

  it('closes the socket when its session signs out, and all sockets when the server closes', async () => {
    const chi = await connect(s.url, { token: c.users.chi.token });
    const closed = new Promise<number>((r) => chi.ws.once('close', (code) => r(code)));
    await fetch(`${s.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${c.users.chi.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(await closed).toBe(LIVE_CLOSE.sessionEnded);

    const other = await startTestServer();
    const { addUser, login, PASSWORD } = await import('./helpers');
    await addUser(other.dataDir, { username: 'x1', fullName: 'X', role: 'member', password: PASSWORD });
    const t = await login(other.url, 'x1');
    const sock = await connect(other.url, { token: t.accessToken });
    const ended = new Promise<void>((r) => sock.ws.once('close', () => r()));
    await other.stop();
    await ended;
  });

  it('drops a socket that stops answering pings (heartbeat), keeps one that answers', async () => {
    const quick = await startTestServer({ heartbeatMs: 100 });
    const { addUser, login, PASSWORD } = await import('./helpers');
    await addUser(quick.dataDir, { username: 'x2', fullName: 'X', role: 'member', password: PASSWORD });
    const t = await login(quick.url, 'x2');
    const wsUrl = quick.url.replace(/^http/, 'ws') + '/api/live';
    const deaf = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${t.accessToken}` }, autoPong: false });
    const alive = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${t.accessToken}` } });
    let deafClosed = false;
    let aliveClosed = false;
    let alivePings = 0;
    deaf.on('close', () => (deafClosed = true));
    alive.on('close', () => (aliveClosed = true));
    alive.on('ping', () => alivePings++);
    await waitFor(() => deafClosed);
    // A socket judged dead is dropped on the tick that would ping it: two more pings after the
    // deaf one was dropped show the answering one is kept.
    const pingsThen = alivePings;
    await waitFor(() => alivePings >= pingsThen + 2 || aliveClosed);
    expect(aliveClosed).toBe(false);
    alive.close();
    await quick.stop();
  });

  it('a device revoked by `ecabinet user revoke` (another connection to the database) loses its socket at once', async () => {
    const { revokeUserSessions } = await import('../../server/admin/data-dir');
    const { addUser, login, PASSWORD } = await import('./helpers');
    await addUser(s.dataDir, { username: 'x3', fullName: 'X', role: 'member', password: PASSWORD });
    const sock = await connect(s.url, { token: (await login(s.url, 'x3')).accessToken });
    const closed = new Promise<number>((r) => sock.ws.once('close', (code) => r(code)));
    // Its own connection, as the command line opens it: the server hears of it only through the database.
    await revokeUserSessions(s.storage, 'x3', { all: true });
    expect(await closed).toBe(LIVE_CLOSE.sessionEnded);
  });
});
