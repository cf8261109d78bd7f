/**
 * The one reconnecting WebSocket client (the live poke channel and the live meeting socket
 * are built on it), against a local ws server whose behaviour each test controls: a
 * connection that stops answering pings (half-open TCP) is dropped by the heartbeat and
 * replaced; a refused token is refreshed; the server's "do not come back" is obeyed.
 * Every wait is on an event, never on a clock.
 */
import { EventEmitter, once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError } from '../../shared/errors';
import { LIVE_CLOSE, type LiveEndReason } from '../../shared/live-close';
import { waitFor } from './helpers/temp';
import { ReconnectingSocket, type DisconnectCause, type ReconnectingSocketOptions } from '../../electron/services/api/reconnecting-socket';

interface TestWsServer {
  url: string;
  /** Emits 'connection' (socket, request, n) for the n-th accepted connection, 'ping' (n) for each ping received. */
  events: EventEmitter;
  close(): Promise<void>;
}

/** A ws server that never answers pings by itself: each test decides per connection. */
async function startWsServer(opts: { acceptToken?: (token: string) => boolean } = {}): Promise<TestWsServer> {
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    autoPong: false,
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number) => void) => {
      const token = String(info.req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (opts.acceptToken && !opts.acceptToken(token)) done(false, 401);
      else done(true);
    },
  });
  await once(wss, 'listening');
  const events = new EventEmitter();
  let n = 0;
  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const mine = ++n;
    socket.on('ping', () => events.emit('ping', mine));
    events.emit('connection', socket, req, mine);
  });
  return {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    events,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A client whose callbacks become events the test can await. */
function client(server: TestWsServer, overrides: Partial<ReconnectingSocketOptions> = {}) {
  const events = new EventEmitter();
  const socket = new ReconnectingSocket({
    serverUrl: () => server.url,
    path: '/live',
    accessToken: async () => 'token-1',
    refreshToken: async () => undefined,
    onMessage: (text) => events.emit('message', text),
    onConnected: () => events.emit('connected'),
    onDisconnected: (cause) => events.emit('disconnected', cause),
    backoff: { initialMs: 10, maxMs: 50 },
    // Pings often, but waits long for the answer: a busy test machine must not look like a dead link.
    heartbeat: { pingEveryMs: 50, pongWithinMs: 1_000 },
    ...overrides,
  });
  sockets.push(socket);
  return { socket, events };
}

const sockets: ReconnectingSocket[] = [];
const servers: TestWsServer[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.stop();
  for (const s of servers.splice(0)) await s.close();
});

async function server(opts?: Parameters<typeof startWsServer>[0]) {
  const s = await startWsServer(opts);
  servers.push(s);
  return s;
}

/** Resolves with the n-th emission of `event` counted from now. */
function nth<T extends unknown[]>(emitter: EventEmitter, event: string, count: number, match: (...args: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    let seen = 0;
    const on = (...args: T) => {
      if (!match(...args) || ++seen < count) return;
      emitter.off(event, on as (...a: unknown[]) => void);
      resolve(args);
    };
    emitter.on(event, on as (...a: unknown[]) => void);
  });
}

describe('ReconnectingSocket', () => {
  it('drops a connection that stops answering pings and reconnects; an answering one is kept', async () => {
    const s = await server();
    const serverSide: WebSocket[] = [];
    s.events.on('connection', (socket: WebSocket, _req: IncomingMessage, n: number) => {
      serverSide.push(socket);
      // The first connection goes silent (as a half-open TCP connection does); later ones answer.
      if (n > 1) socket.on('ping', (data) => socket.pong(data));
    });
    const { socket, events } = client(s);
    const firstUp = once(events, 'connected');
    const dropped = once(events, 'disconnected');
    const secondUp = nth(events, 'connected', 2);
    socket.start();
    await firstUp;
    expect(socket.isConnected).toBe(true);

    const [cause] = (await dropped) as [DisconnectCause];
    expect(cause).toBe('heartbeat'); // the server never closed it: only the heartbeat noticed
    await secondUp;
    expect(serverSide).toHaveLength(2);
    expect(socket.isConnected).toBe(true);

    // The answering connection survives several heartbeats (pings it answered).
    let disconnectedAgain = false;
    events.on('disconnected', () => (disconnectedAgain = true));
    await nth(s.events, 'ping', 4, (n: number) => n === 2);
    expect(disconnectedAgain).toBe(false);
    expect(socket.isConnected).toBe(true);
  });

  it('passes text messages on', async () => {
    const s = await server();
    s.events.on('connection', (socket: WebSocket) => socket.send(JSON.stringify({ type: 'hello', seq: 7 })));
    const { socket, events } = client(s);
    const message = once(events, 'message');
    socket.start();
    expect(JSON.parse(String((await message)[0]))).toEqual({ type: 'hello', seq: 7 });
  });

  it('refreshes a token refused on upgrade (401) and connects with the new one', async () => {
    const s = await server({ acceptToken: (t) => t === 'token-2' });
    let token = 'token-1';
    let refreshes = 0;
    const connectedWith = once(s.events, 'connection');
    const { socket, events } = client(s, {
      accessToken: async () => token,
      refreshToken: async () => {
        refreshes++;
        token = 'token-2';
      },
    });
    const up = once(events, 'connected');
    socket.start();
    await up;
    const [, req] = (await connectedWith) as [WebSocket, IncomingMessage];
    expect(req.headers.authorization).toBe('Bearer token-2');
    expect(refreshes).toBe(1);
  });

  it('after the server ends the session (close "session ended") refreshes, and stays down and says so when the session is over', async () => {
    const s = await server();
    s.events.on('connection', (socket: WebSocket) => socket.close(LIVE_CLOSE.sessionEnded, 'signed out'));
    const ended: LiveEndReason[] = [];
    const refreshed = new EventEmitter();
    const { socket, events } = client(s, {
      refreshToken: async () => {
        refreshed.emit('refresh');
        throw new AppError('not_signed_in', 'the server ended the session');
      },
      onEnded: (r) => ended.push(r),
    });
    const dropped = once(events, 'disconnected');
    const refresh = once(refreshed, 'refresh');
    socket.start();
    expect((await dropped)[0]).toBe('closed');
    await refresh;
    await waitFor(() => socket.state === 'down', 5_000, 'the socket to give up');
    expect(ended).toEqual(['session_ended']);
  });

  it('after "token expired" refreshes the token and reconnects with the new one', async () => {
    const s = await server();
    let token = 'token-1';
    s.events.on('connection', (socket: WebSocket, req: IncomingMessage) => {
      if (req.headers.authorization === 'Bearer token-1') socket.close(LIVE_CLOSE.tokenExpired, 'token expired');
    });
    const ended: LiveEndReason[] = [];
    const { socket } = client(s, {
      accessToken: async () => token,
      refreshToken: async () => {
        token = 'token-2';
      },
      onEnded: (r) => ended.push(r),
    });
    const second = nth(s.events, 'connection', 2);
    socket.start();
    const [, req] = (await second) as [WebSocket, IncomingMessage];
    expect(req.headers.authorization).toBe('Bearer token-2');
    await waitFor(() => socket.state === 'open', 5_000, 'the socket to be open again');
    expect(ended).toEqual([]);
  });

  it('stays down and says why after "forbidden" (removed from the meeting), without being told which codes are final', async () => {
    const s = await server();
    s.events.on('connection', (socket: WebSocket) => socket.close(LIVE_CLOSE.forbidden, 'no longer a participant'));
    let refreshes = 0;
    const ended: LiveEndReason[] = [];
    const { socket, events } = client(s, { refreshToken: async () => void refreshes++, onEnded: (r) => ended.push(r) });
    const dropped = once(events, 'disconnected');
    socket.start();
    await dropped;
    expect(socket.state).toBe('down');
    expect(ended).toEqual(['forbidden']);
    expect(refreshes).toBe(0);
  });

  it('stays down after a close code the caller calls final (the meeting is not visible)', async () => {
    const s = await server();
    s.events.on('connection', (socket: WebSocket) => socket.close(LIVE_CLOSE.notFound, 'not found'));
    const { socket, events } = client(s, { finalCloseCodes: [LIVE_CLOSE.notFound] });
    const dropped = once(events, 'disconnected');
    socket.start();
    await dropped;
    expect(socket.state).toBe('down');
  });

  it('reconnects after an ordinary close, and stop() ends it for good', async () => {
    const s = await server();
    s.events.on('connection', (socket: WebSocket, _req: IncomingMessage, n: number) => {
      if (n === 1) socket.close(1001, 'going away');
    });
    const { socket, events } = client(s);
    const secondUp = nth(events, 'connected', 2);
    socket.start();
    await secondUp;
    socket.stop();
    expect(socket.state).toBe('idle');
    expect(socket.isConnected).toBe(false);
  });
});
