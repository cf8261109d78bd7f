/**
 * Keeps the live socket of each meeting in session open in the background, so that a vote opened
 * there is announced wherever the member is in the app (the live screen's own socket only runs
 * while that screen is open). One socket per meeting; a meeting leaving the list closes its socket,
 * one the server ended (removed from it, session over) stays closed until the list changes again.
 */
import type { LiveMeetingState } from '../../../shared/live-meeting';

export interface WatchedSocket {
  stop(): void;
}

/** Opens the live socket of one meeting; `onEnded` when the server closes it for good. */
export type OpenMeetingSocket = (meetingId: string, onState: (s: LiveMeetingState) => void, onEnded: () => void) => WatchedSocket;

export class VoteWatch {
  private readonly sockets = new Map<string, WatchedSocket | 'ended'>();

  constructor(
    private readonly open: OpenMeetingSocket,
    private readonly onState: (s: LiveMeetingState) => void,
  ) {}

  /** Watches exactly these meetings: opens what is new, closes what left. */
  follow(meetingIds: readonly string[]): void {
    const wanted = new Set(meetingIds);
    for (const [id, socket] of this.sockets) {
      if (wanted.has(id)) continue;
      if (socket !== 'ended') socket.stop();
      this.sockets.delete(id);
    }
    for (const id of wanted) {
      if (this.sockets.has(id)) continue;
      const socket = this.open(id, this.onState, () => {
        // Only if it is still this socket: a list change may have replaced it meanwhile.
        if (this.sockets.get(id) !== socket) return;
        socket.stop();
        this.sockets.set(id, 'ended');
      });
      this.sockets.set(id, socket);
    }
  }

  stopAll(): void {
    this.follow([]);
  }

  get watching(): string[] {
    return [...this.sockets].filter(([, s]) => s !== 'ended').map(([id]) => id);
  }
}
