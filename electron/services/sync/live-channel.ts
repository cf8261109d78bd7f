/**
 * The live WebSocket (`/api/live`, Bearer header). Every poke — and every (re)connect, since
 * pokes may have been missed while away — asks the sync engine to pull. Reconnecting, the
 * heartbeat and token refresh are the shared ReconnectingSocket's.
 */
import { API_PATHS, LiveMessage } from '../../../shared/api';
import { ReconnectingSocket, type HeartbeatOptions } from '../api/reconnecting-socket';
import type { BackoffOptions } from './backoff';

export interface LiveChannelOptions {
  serverUrl: () => string;
  /** A valid access token; throws not_signed_in when the session is over. */
  accessToken: () => Promise<string>;
  /** Called after the server refused our token: refresh it. */
  refreshToken: () => Promise<void>;
  onPoke: () => void;
  onConnected: () => void;
  onDisconnected: () => void;
  backoff?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
}

export class LiveChannel {
  private readonly socket: ReconnectingSocket;

  constructor(opts: LiveChannelOptions) {
    this.socket = new ReconnectingSocket({
      serverUrl: opts.serverUrl,
      path: API_PATHS.live,
      accessToken: opts.accessToken,
      refreshToken: opts.refreshToken,
      onConnected: opts.onConnected,
      onDisconnected: () => opts.onDisconnected(),
      onMessage: (text) => {
        let msg: LiveMessage;
        try {
          msg = LiveMessage.parse(JSON.parse(text));
        } catch {
          return; // unknown message: ignore, newer servers may send more kinds
        }
        if (msg.type === 'poke') opts.onPoke();
      },
      backoff: opts.backoff,
      heartbeat: opts.heartbeat,
    });
  }

  get isConnected(): boolean {
    return this.socket.isConnected;
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
  }

  /** Reconnect at once (e.g. the sync engine just learned the server is back). */
  kick(): void {
    this.socket.kick();
  }
}
