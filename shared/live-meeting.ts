/**
 * The live meeting: the state the server pushes on the meeting's live socket, the
 * chair's and members' commands, votes and ballots. Environment-free (zod only).
 *
 * The socket carries a versioned state: the whole state when a client (re)connects or asks for
 * it, then only the changes from one version to the next. A client applies a patch only to the
 * version it names as its base; on a gap it asks for the whole state again (`refresh`).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant } from './ids';
import { PatchOp } from './live-patch';
import { BallotKind, VoteOptions, VoteResult } from './rules/voting';

/** Default time a speaker is given (a presentation): 10 minutes. */
export const DEFAULT_SPEAKER_SECONDS = 600;
/** Receipt codes of secret ballots: 16 characters of Crockford base 32 (80 random bits). */
export const ReceiptCode = lazySchema(() => z.string().regex(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, 'receipt code'));

export const SpeakerStatus = lazySchema(() => z.enum(['waiting', 'speaking']));

export const LiveSpeaker = lazySchema(() => z.object({
  id: Id,
  userId: Id,
  name: z.string(),
  agendaItemId: Id.nullable(),
  status: SpeakerStatus,
  requestedAt: Instant,
  /** Speaking: when the floor was given (server clock); clients count down from startedAt + durationSeconds. */
  startedAt: Instant.nullable(),
  durationSeconds: z.number().int().min(10).max(4 * 3600),
}));
export type LiveSpeaker = z.infer<typeof LiveSpeaker>;

export const NamedBallot = lazySchema(() => z.object({ memberId: Id, castBy: Id, optionId: z.string() }));
export type NamedBallot = z.infer<typeof NamedBallot>;

export const CountedReceipt = lazySchema(() => z.object({ receipt: ReceiptCode, optionId: z.string() }));
export type CountedReceipt = z.infer<typeof CountedReceipt>;

export const LiveVote = lazySchema(() => z.object({
  id: Id,
  agendaItemId: Id.nullable(),
  question: z.string(),
  options: VoteOptions,
  kind: BallotKind,
  allowChange: z.boolean(),
  liveCount: z.boolean(),
  status: z.enum(['open', 'closed']),
  openedAt: Instant,
  /** Closed by the server's timer at this instant (null: closed by hand). */
  closesAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  /** Members whose ballot is in (who voted is public; what a secret voter chose is not). */
  turnout: z.array(Id),
  /** Running count while open (open votes with live count only), the final count once closed. */
  counts: z.array(z.object({ optionId: z.string(), count: z.number().int() })).nullable(),
  result: VoteResult.nullable(),
  /** Open votes, once closed: who voted what. */
  namedBallots: z.array(NamedBallot).nullable(),
  /** Secret votes, once closed: every counted ballot by receipt code (sorted by code). */
  receipts: z.array(CountedReceipt).nullable(),
  /** The result PDF stored as a meeting document (for signature). */
  documentId: Id.nullable(),
  /** Opened while the quorum was not met: the chair's recorded reason. */
  quorumOverrideReason: z.string().nullable().default(null),
  /** Its number in the register of outgoing documents once closed, e.g. "3/KQ-UBND". */
  documentNumber: z.string().nullable().default(null),
}));
export type LiveVote = z.infer<typeof LiveVote>;

export const LivePerson = lazySchema(() => z.object({ userId: Id, name: z.string(), role: z.enum(['chair', 'member', 'guest', 'secretary']) }));

export const LiveMeetingState = lazySchema(() => z.object({
  meetingId: Id,
  /** Grows with every change: a client keeps the snapshot with the highest revision. */
  revision: z.number().int().min(0),
  /** The server's clock when the snapshot was made: clients correct their countdowns with it. */
  serverTime: Instant,
  meetingStatus: z.string(),
  chairId: Id.nullable(),
  agenda: z.array(z.object({ id: Id, title: z.string(), position: z.number().int() })),
  currentItemId: Id.nullable(),
  people: z.array(LivePerson),
  /** Who holds a vote, who is present, who delegated to whom (the rule engine's VoterRoll). */
  roll: z.object({
    eligibleMembers: z.array(Id),
    present: z.array(Id),
    delegations: z.array(z.object({ memberId: Id, delegateId: Id })),
  }),
  quorum: z.object({ met: z.boolean(), present: z.number().int(), required: z.number().int(), total: z.number().int() }),
  /** Speaker queue of the current item: the speaker (if any) first, then those waiting in order. */
  speakers: z.array(LiveSpeaker),
  defaultSpeakerSeconds: z.number().int(),
  /** The open vote, else the last vote closed in this meeting. */
  vote: LiveVote.nullable(),
  /** Every vote of the meeting, newest first, without ballots (for the result list). */
  votes: z.array(z.object({ id: Id, question: z.string(), status: z.enum(['open', 'closed']), outcome: z.string().nullable(), agendaItemId: Id.nullable() })),
  /** The document and page the chair or presenter shows (the reader's presentation). */
  presentation: z.object({ documentId: Id.nullable(), page: z.number().int() }).nullable(),
}));
export type LiveMeetingState = z.infer<typeof LiveMeetingState>;

/** Server → client on the meeting socket. */
export const LiveMeetingServerMessage = lazySchema(() => z.discriminatedUnion('type', [
  /** The whole state at `version` (versions count this socket's frames' states, not `revision`). */
  z.object({ type: z.literal('state'), version: z.number().int().min(0), state: LiveMeetingState }),
  /** The changes from the state at `base` to the state at `version`. */
  z.object({ type: z.literal('patch'), base: z.number().int().min(0), version: z.number().int().min(0), ops: z.array(PatchOp).max(10_000) }),
  /** The meeting is no longer visible to this user (removed, or signed out): the socket closes. */
  z.object({ type: z.literal('gone') }),
]));
export type LiveMeetingServerMessage = z.infer<typeof LiveMeetingServerMessage>;

/** Client → server on the meeting socket: only "send me the whole state again" (after a gap). */
export const LiveMeetingClientMessage = lazySchema(() => z.object({ type: z.literal('refresh') }));

export const OpenVoteInput = lazySchema(() => z.object({
  agendaItemId: Id.nullable().optional(),
  question: z.string().trim().min(1).max(1000),
  /** Default: Đồng ý / Không đồng ý / Không biểu quyết. */
  options: VoteOptions.optional(),
  kind: BallotKind.optional(),
  allowChange: z.boolean().optional(),
  liveCount: z.boolean().optional(),
  /** Closed by the server's timer after this many seconds; absent = closed by hand. */
  durationSeconds: z.number().int().min(10).max(24 * 3600).optional(),
  /** The quorum is not met: the chair opens it anyway, for this reason (if the rules allow). */
  quorumOverrideReason: z.string().trim().min(1).max(1000).optional(),
}));
export type OpenVoteInput = z.infer<typeof OpenVoteInput>;

/**
 * Moving to another agenda item: the speaker queue (and the speaker) go along to it (`keep`, the
 * default), or the queue is cleared and the speaker's turn ends (`clear`).
 */
export const ItemChangeSpeakers = z.enum(['keep', 'clear']).optional();

/** Commands on the live meeting: chair's (or secretariat's), and members' own speaker requests. */
export const LiveCommand = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('item.goto'), agendaItemId: Id, speakers: ItemChangeSpeakers }),
  z.object({ type: z.literal('item.next'), speakers: ItemChangeSpeakers }),
  z.object({ type: z.literal('item.previous'), speakers: ItemChangeSpeakers }),
  z.object({ type: z.literal('speaker.request') }),
  z.object({ type: z.literal('speaker.withdraw') }),
  z.object({ type: z.literal('speaker.grant'), requestId: Id, durationSeconds: z.number().int().min(10).max(4 * 3600).optional() }),
  z.object({ type: z.literal('speaker.finish') }),
  z.object({ type: z.literal('speaker.remove'), requestId: Id }),
  z.object({ type: z.literal('speaker.move'), requestId: Id, toIndex: z.number().int().min(0).max(1000) }),
  z.object({ type: z.literal('speaker.setDefault'), seconds: z.number().int().min(10).max(4 * 3600) }),
  z.object({ type: z.literal('vote.open'), vote: OpenVoteInput }),
  z.object({ type: z.literal('vote.close'), voteId: Id }),
]));
export type LiveCommand = z.infer<typeof LiveCommand>;

export const CastBallotRequest = lazySchema(() => z.object({
  /** Client-generated, once per button press: a replay of the same request is refused. */
  requestId: Id,
  optionId: z.string().min(1).max(64),
  /** The member this ballot is for: oneself (default) or a member who delegated to the caller. */
  memberId: Id.optional(),
  /** Secret votes that allow a change: the receipt of the ballot being replaced (proves it is yours). */
  replacesReceipt: ReceiptCode.optional(),
}));
export type CastBallotRequest = z.infer<typeof CastBallotRequest>;

export const CastBallotResponse = lazySchema(() => z.object({
  voteId: Id,
  memberId: Id,
  /** Secret votes: the code to find one's ballot in the published list; null for open votes. */
  receipt: ReceiptCode.nullable(),
}));
export type CastBallotResponse = z.infer<typeof CastBallotResponse>;

export const LIVE_MEETING_PATHS = {
  state: (meetingId: string) => `/api/meetings/${meetingId}/live`,
  commands: (meetingId: string) => `/api/meetings/${meetingId}/live/commands`,
  socket: (meetingId: string) => `/api/live/meetings/${meetingId}`,
  ballots: (voteId: string) => `/api/votes/${voteId}/ballots`,
} as const;
