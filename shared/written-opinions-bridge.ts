/**
 * Bridge methods of written opinions: the members' inbox, the answer (queued in
 * the outbox, works offline), opening attached documents and the summary PDF, the secretariat's
 * send form. Spread into BridgeMethods (shared/bridge.ts). Must not import shared/bridge.ts.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';
import { OpinionAttachmentInput, OpinionRequest, WrittenAnswerChoice } from './written-opinions';

const Empty = lazySchema(() => z.object({}).strict());

/** What became of this user's own answer, as far as this device knows. */
export const MyOpinionState = lazySchema(() => z.enum([
  /** Not answered yet. */
  'none',
  /** Answered here, waiting in the outbox for the server (e.g. offline). */
  'pending',
  /** The server recorded it. */
  'delivered',
  /** The server refused it (e.g. it arrived after the deadline). */
  'refused',
]));
export type MyOpinionState = z.infer<typeof MyOpinionState>;

export const OpinionRequestView = lazySchema(() => OpinionRequest.extend({
  /** Full names by user id (recipients, the chair, the sender). */
  names: z.record(z.string(), z.string()),
  /** This user is one of those asked. */
  asked: z.boolean(),
  mine: z.object({
    state: MyOpinionState,
    answer: WrittenAnswerChoice.nullable(),
    comment: z.string(),
    refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
  /** Answers may still be given (by this device's clock; the server's clock decides). */
  open: z.boolean(),
  /** He was reminded and has not answered yet. */
  reminded: z.boolean(),
}));
export type OpinionRequestView = z.infer<typeof OpinionRequestView>;

export const SendOpinionInput = lazySchema(() => z.object({
  meetingId: Id.nullable().optional(),
  title: z.string().trim().min(1).max(500),
  question: z.string().trim().min(1).max(10_000),
  attachments: z.array(OpinionAttachmentInput).max(50),
  instructedBy: Id,
  deadline: Instant.optional(),
  silenceAsConsent: z.boolean().optional(),
  recipientIds: z.array(Id).min(1).max(500).optional(),
}));
export type SendOpinionInput = z.infer<typeof SendOpinionInput>;

export const WrittenOpinionBridgeMethods = {
  /** Every request this user sees, open ones first. */
  'opinions.list': { input: Empty, output: lazySchema(() => z.array(OpinionRequestView)) },
  'opinions.get': { input: lazySchema(() => z.object({ id: Id })), output: OpinionRequestView },
  /** Queues the answer (outbox) and tries to send it now; offline it goes on reconnect. */
  'opinions.answer': {
    input: lazySchema(() => z.object({ requestId: Id, answer: WrittenAnswerChoice, comment: z.string().trim().max(4000) })),
    output: OpinionRequestView,
  },
  /** An attachment or the summary PDF of a request: downloaded and verified if needed. */
  'opinions.openFile': { input: lazySchema(() => z.object({ requestId: Id, sha256: Sha256 })), output: lazySchema(() => z.object({ url: z.string() })) },
  /** Secretariat: what the send form proposes (deadline by the configured rule, chairs, members). */
  'opinions.defaults': {
    input: Empty,
    output: lazySchema(() => z.object({
      deadline: Instant,
      silenceAsConsent: z.boolean(),
      deadlineWorkingDays: z.number().int(),
      chairs: z.array(z.object({ id: Id, fullName: z.string() })),
      members: z.array(z.object({ id: Id, fullName: z.string() })),
    })),
  },
  /** Secretariat: sends a request (queued like every change; the server checks it). */
  'opinions.send': { input: SendOpinionInput, output: lazySchema(() => z.object({ id: Id })) },
} as const;
