/**
 * Bridge methods of the live meeting and votes. Spread into BridgeMethods
 * (shared/bridge.ts). Must not import shared/bridge.ts (it imports this file).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { LiveEndReason } from './live-close';
import { Id } from './ids';
import { CastBallotResponse, LiveCommand, LiveMeetingState, ReceiptCode } from './live-meeting';

export const LiveMeetingBridgeMethods = {
  /**
   * The meeting's live state now; the services then keep a live socket to it and send every
   * new state as the `liveMeeting.state` event (one meeting at a time).
   */
  'liveMeeting.watch': { input: lazySchema(() => z.object({ meetingId: Id })), output: LiveMeetingState },
  'liveMeeting.unwatch': { input: lazySchema(() => z.object({}).strict()), output: lazySchema(() => z.object({ ok: z.literal(true) })) },
  /** A chair's move or a member's request to speak; answers the new state. Needs the server (online). */
  'liveMeeting.command': { input: lazySchema(() => z.object({ meetingId: Id, command: LiveCommand })), output: LiveMeetingState },
  /** Casts a ballot (for oneself, or for a member who delegated); a secret vote's receipt is kept on this machine. */
  'liveMeeting.vote': {
    input: lazySchema(() => z.object({ voteId: Id, optionId: z.string().min(1).max(64), memberId: Id.optional() })),
    output: CastBallotResponse,
  },
  /** Receipt codes of the secret ballots cast from this machine in a vote (to find them in the published list). */
  'liveMeeting.receipts': {
    input: lazySchema(() => z.object({ voteId: Id })),
    output: lazySchema(() => z.array(z.object({ memberId: Id, receipt: ReceiptCode }))),
  },
} as const;

export const LiveMeetingBridgeEvents = {
  /** A new snapshot of the watched meeting (full state: nothing depends on earlier events). */
  'liveMeeting.state': LiveMeetingState,
  /** The live socket's connection to the watched meeting; `ended`: the server closed it for good (no reconnect). */
  'liveMeeting.connection': lazySchema(() => z.object({ meetingId: Id, connected: z.boolean(), ended: LiveEndReason.optional() })),
} as const;
