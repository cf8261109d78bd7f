/**
 * One meeting's live channel: its watchers and the state they were last sent, with a version
 * that grows with every change. Each new snapshot becomes one patch frame (the changes from the
 * previous version), serialised once for every watcher; a watcher that is new, asked for the
 * whole state or is behind by more than one version gets the whole state instead.
 */
import type { LiveMeetingServerMessage, LiveMeetingState } from '../../shared/live-meeting';
import { diffJson } from '../../shared/live-patch';
import type { GuardedSocket } from '../live/socket-guard';

export interface Watcher extends GuardedSocket {
  meetingId: string;
  /** The version this socket has; null: it needs the whole state. */
  version: number | null;
}

export class MeetingChannel {
  readonly watchers = new Set<Watcher>();
  private version = 0;
  private state: LiveMeetingState | null = null;
  private patch: Buffer | null = null;
  private full: Buffer | null = null;
  /** The broadcast loop of this channel (one at a time), and whether a change came during it. */
  flushing: Promise<void> | null = null;
  dirty = false;
  /** When the last frame was started (Date.now()): frames of a busy meeting are a tick apart. */
  lastFrameAt = 0;

  constructor(readonly meetingId: string) {}

  /**
   * Takes a new snapshot: a new version when anything but the server's clock changed. The
   * clock alone is not worth a frame, but whoever gets the whole state gets the newest clock.
   */
  advance(snapshot: LiveMeetingState): void {
    const before = this.state;
    this.state = snapshot;
    this.full = null;
    if (!before) {
      this.version++;
      this.patch = null;
      return;
    }
    const ops = diffJson(before, snapshot);
    if (ops.every((op) => op.path[0] === 'serverTime')) return;
    this.version++;
    const patch = Buffer.from(JSON.stringify({ type: 'patch', base: this.version - 1, version: this.version, ops } satisfies LiveMeetingServerMessage));
    // A patch larger than the state (most of it changed) is sent as the state.
    this.patch = patch.length < this.fullFrame().length ? patch : null;
  }

  /** The frame this watcher needs to be at the current version (null: it is), and marks it sent. */
  frameFor(w: Watcher): Buffer | null {
    if (w.version === this.version) return null;
    const frame = this.patch && w.version === this.version - 1 ? this.patch : this.fullFrame();
    w.version = this.version;
    return frame;
  }

  private fullFrame(): Buffer {
    if (!this.state) throw new Error('no state yet');
    this.full ??= Buffer.from(JSON.stringify({ type: 'state', version: this.version, state: this.state } satisfies LiveMeetingServerMessage));
    return this.full;
  }
}
