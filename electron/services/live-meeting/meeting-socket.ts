/**
 * The live socket of one meeting (`/api/live/meetings/:id`): every message is the full state,
 * so reconnecting (with backoff) is all it takes to be up to date again.
 */
import WebSocket from 'ws';
import { isAppError } from '../../../shared/errors';
import { LIVE_MEETING_PATHS, LiveMeetingServerMessage, type LiveMeetingState } from '../../../shared/live-meeting';
import { Backoff, type BackoffOptions } from '../sync/backoff';

export interface MeetingSocketOptions {
  meetingId: string;
  serverUrl: () => string;
  accessToken: () => Promise<string>;
  refreshToken: () => Promise<void>;
  onState: (s: LiveMeetingState) => void;
  onConnection: (connected: boolean) => void;
  backoff?: BackoffOptions;
}

export class MeetingSocket {
  private ws: WebSocket | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;

  constructor(private readonly opts: MeetingSocketOptions) {
    this.backoff = new Backoff(opts.backoff ?? { initialMs: 500, maxMs: 15_000 });
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let token: string;
    try {
      token = await this.opts.accessToken();
    } catch (e) {
      if (isAppError(e) && e.code === 'not_signed_in') return;
      return this.later();
    }
    if (this.stopped) return;
    const url = this.opts.serverUrl().replace(/^http/, 'ws') + LIVE_MEETING_PATHS.socket(this.opts.meetingId);
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, handshakeTimeout: 10_000 });
    this.ws = ws;
    let refused401 = false;
    let connected = false;
    ws.on('unexpected-response', (_req, res) => {
      refused401 = res.statusCode === 401;
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      connected = true;
      this.backoff.reset();
      this.opts.onConnection(true);
    });
    ws.on('message', (raw) => {
      let msg: LiveMeetingServerMessage;
      try {
        msg = LiveMeetingServerMessage.parse(JSON.parse(String(raw)));
      } catch {
        return; // unknown message from a newer server: ignore
      }
      if (msg.type === 'state') this.opts.onState(msg.state);
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (connected) this.opts.onConnection(false);
      if (this.stopped || code === 4404) return; // not (or no longer) visible: stay down
      if (refused401) this.opts.refreshToken().then(() => this.later(), () => this.later());
      else this.later();
    });
  }

  private later(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.backoff.next());
    this.retry.unref?.();
  }
}
