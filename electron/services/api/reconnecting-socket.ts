/**
 * A WebSocket to the sync server that stays connected: it reconnects with backoff, pings to
 * notice a connection that died without a close (half-open TCP: the laptop slept, a Wi-Fi
 * access point dropped us), and refreshes the access token when the server refuses it (401 on
 * upgrade, or the close codes "token expired" and "session ended" of shared/live-close.ts). A
 * session the refresh cannot revive, or a close code the caller calls final (no longer allowed
 * to see the meeting), stops it for good and is reported through `onEnded`. The live poke
 * channel and the live meeting socket are both built on it.
 */
import type WebSocket from 'ws';
import { isAppError } from '../../../shared/errors';
import { LIVE_CLOSE, liveEndReason, type LiveEndReason } from '../../../shared/live-close';
import { Backoff, type BackoffOptions } from '../sync/backoff';

/** Close codes after which a refreshed token may get us back in. */
const REFRESH_CODES: readonly number[] = [LIVE_CLOSE.tokenExpired, LIVE_CLOSE.sessionEnded];
/** By default: no longer allowed to see what the socket shows; coming back would be refused. */
const DEFAULT_FINAL_CODES: readonly number[] = [LIVE_CLOSE.forbidden, LIVE_CLOSE.notFound];

/** The WebSocket library, loaded at the first connection (a start that shows the cached list never needs it). */
let wsLibrary: Promise<typeof WebSocket> | null = null;
const loadWebSocket = () => (wsLibrary ??= import('ws').then((m) => m.default));

export interface HeartbeatOptions {
  /** How often to ping an open connection. */
  pingEveryMs: number;
  /** A ping not answered within this is a dead connection: drop it and reconnect. */
  pongWithinMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { pingEveryMs: 30_000, pongWithinMs: 10_000 };

/** Why an open connection went away. */
export type DisconnectCause = 'heartbeat' | 'closed';

export type SocketState = 'idle' | 'connecting' | 'open' | 'waiting' | 'down';

export interface ReconnectingSocketOptions {
  /** The server's base URL, read at every attempt (http → ws, https → wss). */
  serverUrl: () => string;
  /** The socket's path on the server, e.g. /api/live. */
  path: string;
  /** A valid access token; throws not_signed_in when the session is over. */
  accessToken: () => Promise<string>;
  /** Gets a new access token after the server refused ours; throws not_signed_in when it cannot. */
  refreshToken: () => Promise<void>;
  /** Every text message, as received. */
  onMessage: (text: string) => void;
  onConnected?: () => void;
  /** An open connection went away (not called by stop()). */
  onDisconnected?: (cause: DisconnectCause) => void;
  /** Close codes that mean "do not come back" (default: forbidden and not found). */
  finalCloseCodes?: readonly number[];
  /** The socket stopped for good: the session is over, or the server said not to come back. */
  onEnded?: (reason: LiveEndReason) => void;
  backoff?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
  handshakeTimeoutMs?: number;
}

export class ReconnectingSocket {
  private ws: WebSocket | null = null;
  private current: SocketState = 'idle';
  /** Bumped by start() and stop(): an attempt begun under an older run gives up. */
  private run = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private pongTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private readonly heartbeat: HeartbeatOptions;

  constructor(private readonly opts: ReconnectingSocketOptions) {
    this.backoff = new Backoff(opts.backoff);
    this.heartbeat = opts.heartbeat ?? DEFAULT_HEARTBEAT;
  }

  /** idle (never started or stopped), connecting, open, waiting (to retry), down (the server or the session said no). */
  get state(): SocketState {
    return this.current;
  }

  get isConnected(): boolean {
    return this.current === 'open';
  }

  /** Connects, and keeps reconnecting until stop() (or until the server or the session says no). */
  start(): void {
    if (this.current !== 'idle' && this.current !== 'down') return;
    this.run++;
    void this.connect(this.run);
  }

  stop(): void {
    this.run++;
    this.current = 'idle';
    this.clearRetry();
    this.clearHeartbeat();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    }
  }

  /** Sends a text message on the open connection; false when there is none (it is not queued). */
  send(text: string): boolean {
    if (this.current !== 'open' || !this.ws || this.ws.readyState !== this.ws.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  /** Reconnect at once instead of waiting for the backoff (e.g. the server answered HTTP again). */
  kick(): void {
    if (this.current !== 'waiting' || !this.retryTimer) return;
    this.clearRetry();
    void this.connect(this.run);
  }

  private async connect(run: number): Promise<void> {
    this.current = 'connecting';
    let token: string;
    let WebSocketClass: typeof WebSocket;
    try {
      [token, WebSocketClass] = await Promise.all([this.opts.accessToken(), loadWebSocket()]);
    } catch (e) {
      if (run === this.run) this.afterFailure(e);
      return;
    }
    if (run !== this.run) return;
    const url = this.opts.serverUrl().replace(/^http/, 'ws') + this.opts.path;
    const ws = new WebSocketClass(url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: this.opts.handshakeTimeoutMs ?? 10_000 });
    this.ws = ws;
    let tokenRefused = false;
    let heartbeatTimedOut = false;
    let opened = false;

    ws.on('unexpected-response', (_req, res) => {
      tokenRefused = res.statusCode === 401;
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      opened = true;
      this.current = 'open';
      this.backoff.reset();
      this.startHeartbeat(ws, () => (heartbeatTimedOut = true));
      this.opts.onConnected?.();
    });
    ws.on('message', (raw, isBinary) => {
      if (!isBinary) this.opts.onMessage(String(raw));
    });
    ws.on('pong', () => this.clearPongTimer());
    ws.on('error', () => undefined); // 'close' follows and decides
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearHeartbeat();
      const final = (this.opts.finalCloseCodes ?? DEFAULT_FINAL_CODES).includes(code);
      const refresh = tokenRefused || REFRESH_CODES.includes(code);
      this.current = final ? 'down' : refresh ? 'connecting' : 'waiting';
      if (opened) this.opts.onDisconnected?.(heartbeatTimedOut ? 'heartbeat' : 'closed');
      if (run !== this.run) return; // stopped from the callback
      if (final) {
        this.opts.onEnded?.(liveEndReason(code) ?? 'not_found');
        return; // told not to come back
      }
      if (refresh) {
        this.opts.refreshToken().then(
          () => run === this.run && this.scheduleRetry(),
          (e: unknown) => run === this.run && this.afterFailure(e),
        );
      } else this.scheduleRetry();
    });
  }

  /** The session is over: stay down until started again. Anything else: try later. */
  private afterFailure(e: unknown): void {
    if (isAppError(e) && e.code === 'not_signed_in') {
      this.current = 'down';
      this.opts.onEnded?.('session_ended');
    } else this.scheduleRetry();
  }

  private scheduleRetry(): void {
    this.current = 'waiting';
    if (this.retryTimer) return;
    const run = this.run;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (run === this.run) void this.connect(run);
    }, this.backoff.next());
    this.retryTimer.unref?.();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private startHeartbeat(ws: WebSocket, onTimeout: () => void): void {
    this.clearHeartbeat();
    this.pingTimer = setInterval(() => {
      if (this.pongTimer) return; // still waiting for the previous answer
      this.pongTimer = setTimeout(() => {
        onTimeout();
        ws.terminate(); // 'close' follows at once and reconnects
      }, this.heartbeat.pongWithinMs);
      this.pongTimer.unref?.();
      ws.ping();
    }, this.heartbeat.pingEveryMs);
    this.pingTimer.unref?.();
  }

  private clearPongTimer(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  private clearHeartbeat(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    this.clearPongTimer();
  }
}
