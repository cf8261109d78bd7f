/**
 * The live WebSocket (`/api/live`, Bearer header). Every poke — and every (re)connect, since
 * pokes may have been missed while away — asks the sync engine to pull. Reconnects with
 * backoff; a client-side ping detects connections that died silently.
 */
import WebSocket from 'ws';
import { API_PATHS, LiveMessage } from '../../../shared/api';
import { isAppError } from '../../../shared/errors';
import { Backoff, type BackoffOptions } from './backoff';

const PING_EVERY_MS = 30_000;
const PONG_WITHIN_MS = 10_000;

export interface LiveChannelOptions {
  serverUrl: () => string;
  /** A valid access token; throws not_signed_in when the session is over. */
  accessToken: () => Promise<string>;
  /** Called after the server refused our token on upgrade (401): refresh it. */
  refreshToken: () => Promise<void>;
  onPoke: () => void;
  onConnected: () => void;
  onDisconnected: () => void;
  backoff?: BackoffOptions;
}

export class LiveChannel {
  private ws: WebSocket | null = null;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private pongTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private connected = false;

  constructor(private readonly opts: LiveChannelOptions) {
    this.backoff = new Backoff(opts.backoff);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.clearHeartbeat();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    }
    this.connected = false;
  }

  /** Reconnect at once (e.g. the sync engine just learned the server is back). */
  kick(): void {
    if (this.stopped || this.ws) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.ws) return;
    let token: string;
    try {
      token = await this.opts.accessToken();
    } catch (e) {
      if (isAppError(e) && e.code === 'not_signed_in') return; // session over: stay down
      this.scheduleReconnect();
      return;
    }
    if (this.stopped || this.ws) return;
    const url = this.opts.serverUrl().replace(/^http/, 'ws') + API_PATHS.live;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 10_000 });
    this.ws = ws;
    let refused401 = false;

    ws.on('unexpected-response', (_req, res) => {
      refused401 = res.statusCode === 401;
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      this.connected = true;
      this.backoff.reset();
      this.startHeartbeat(ws);
      this.opts.onConnected();
    });
    ws.on('message', (raw) => {
      let msg: LiveMessage;
      try {
        msg = LiveMessage.parse(JSON.parse(String(raw)));
      } catch {
        return; // unknown message: ignore, newer servers may send more kinds
      }
      if (msg.type === 'poke') this.opts.onPoke();
    });
    ws.on('pong', () => {
      if (this.pongTimer) clearTimeout(this.pongTimer);
      this.pongTimer = null;
    });
    ws.on('error', () => undefined); // 'close' follows and handles it
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearHeartbeat();
      const wasConnected = this.connected;
      this.connected = false;
      if (wasConnected) this.opts.onDisconnected();
      if (this.stopped) return;
      if (refused401) {
        this.opts.refreshToken().then(
          () => this.scheduleReconnect(),
          (e: unknown) => {
            if (!(isAppError(e) && e.code === 'not_signed_in')) this.scheduleReconnect();
          },
        );
      } else this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.backoff.next());
    this.retryTimer.unref?.();
  }

  private startHeartbeat(ws: WebSocket): void {
    this.clearHeartbeat();
    this.pingTimer = setInterval(() => {
      if (this.pongTimer) return;
      ws.ping();
      this.pongTimer = setTimeout(() => ws.terminate(), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
    this.pingTimer.unref?.();
  }

  private clearHeartbeat(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pingTimer = this.pongTimer = null;
  }
}
