/** What the live meeting's panels share (kept apart from the screen to avoid an import cycle). */
import type { LiveCommand, LiveMeetingState } from '../../../shared/live-meeting';

export interface LiveContext {
  state: LiveMeetingState;
  me: string;
  isChair: boolean;
  offsetMs: number;
  /** Sends a command; shows a refusal as a translated message. */
  run: (cmd: LiveCommand) => Promise<boolean>;
}
