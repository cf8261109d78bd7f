/**
 * The live socket of one meeting (`/api/live/meetings/:id`): every message is the full state,
 * so reconnecting is all it takes to be up to date again. Reconnecting, the heartbeat and
 * token refresh are the shared ReconnectingSocket's.
 */
import type { LiveEndReason } from '../../../shared/live-close';
import { LIVE_MEETING_PATHS, LiveMeetingServerMessage, type LiveMeetingState } from '../../../shared/live-meeting';
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

export class MeetingSocket {
  private readonly socket: ReconnectingSocket;

  constructor(opts: MeetingSocketOptions) {
    this.socket = new ReconnectingSocket({
      serverUrl: opts.serverUrl,
      path: LIVE_MEETING_PATHS.socket(opts.meetingId),
      accessToken: opts.accessToken,
      refreshToken: opts.refreshToken,
      onConnected: () => opts.onConnection(true),
      onDisconnected: () => opts.onConnection(false),
      onMessage: (text) => {
        let msg: LiveMeetingServerMessage;
        try {
          msg = LiveMeetingServerMessage.parse(JSON.parse(text));
        } catch {
          return; // unknown message from a newer server: ignore
        }
        if (msg.type === 'state') opts.onState(msg.state);
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
