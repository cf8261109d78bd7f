/**
 * The live socket of one meeting (`/api/live/meetings/:id`): the whole state when it connects,
 * then patches from one version to the next, applied in order. A patch that does not follow
 * the version we have (a frame was missed) or does not apply cleanly makes us ask for the whole
 * state again and ignore patches until it comes. Reconnecting, the heartbeat and token refresh
 * are the shared ReconnectingSocket's; a new connection starts with the whole state.
 */
import type { LiveEndReason } from '../../../shared/live-close';
import { LIVE_MEETING_PATHS, LiveMeetingServerMessage, LiveMeetingState } from '../../../shared/live-meeting';
import { applyPatch } from '../../../shared/live-patch';
import { ReconnectingSocket, type HeartbeatOptions } from '../api/reconnecting-socket';
import type { BackoffOptions } from '../sync/backoff';

export interface MeetingSocketOptions {
  meetingId: string;
  serverUrl: () => string;
  accessToken: () => Promise<string>;
  refreshToken: () => Promise<void>;
  onState: (s: LiveMeetingState) => void;
  onConnection: (connected: boolean) => void;
  /** The server closed the socket for good (removed from the meeting, session over): it stays down. */
  onEnded?: (reason: LiveEndReason) => void;
  backoff?: BackoffOptions;
  heartbeat?: HeartbeatOptions;
}

/** The versioned state of one connection; `receive` returns the new state to show, if any. */
export class VersionedLiveState {
  private state: LiveMeetingState | null = null;
  private version: number | null = null;
  private awaitingWhole = false;

  /** `validate: false` (benchmarks simulating hundreds of clients): trust the server's JSON. */
  constructor(
    private readonly askForWhole: () => void,
    private readonly opts: { validate: boolean } = { validate: true },
  ) {}

  /** A new connection: the server sends the whole state first. */
  reset(): void {
    this.state = null;
    this.version = null;
    this.awaitingWhole = false;
  }

  receive(msg: LiveMeetingServerMessage): LiveMeetingState | null {
    if (msg.type === 'state') {
      this.state = msg.state;
      this.version = msg.version;
      this.awaitingWhole = false;
      return msg.state;
    }
    if (msg.type !== 'patch' || this.awaitingWhole) return null;
    if (this.state && msg.base === this.version) {
      try {
        const next = applyPatch(this.state, msg.ops);
        this.state = this.opts.validate ? LiveMeetingState.parse(next) : next;
        this.version = msg.version;
        return this.state;
      } catch {
        // falls through: the whole state puts it right
      }
    }
    this.awaitingWhole = true;
    this.askForWhole();
    return null;
  }
}

export class MeetingSocket {
  private readonly socket: ReconnectingSocket;
  private readonly live: VersionedLiveState;

  constructor(opts: MeetingSocketOptions) {
    this.live = new VersionedLiveState(() => this.socket.send(JSON.stringify({ type: 'refresh' })));
    this.socket = new ReconnectingSocket({
      serverUrl: opts.serverUrl,
      path: LIVE_MEETING_PATHS.socket(opts.meetingId),
      accessToken: opts.accessToken,
      refreshToken: opts.refreshToken,
      onConnected: () => {
        this.live.reset();
        opts.onConnection(true);
      },
      onDisconnected: () => opts.onConnection(false),
      onMessage: (text) => {
        let msg: LiveMeetingServerMessage;
        try {
          msg = LiveMeetingServerMessage.parse(JSON.parse(text));
        } catch {
          return; // unknown message from a newer server: ignore
        }
        const state = this.live.receive(msg);
        if (state) opts.onState(state);
      },
      // Not allowed to see the meeting (any more) and a session that cannot be revived: stay down.
      onEnded: opts.onEnded,
      // A meeting in session: come back sooner than the background sync does.
      backoff: opts.backoff ?? { initialMs: 500, maxMs: 15_000 },
      heartbeat: opts.heartbeat,
    });
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
  }
}
