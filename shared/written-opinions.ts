/**
 * Written opinions between meetings ("phiếu lấy ý kiến"): the secretariat, on
 * the chair's instruction, sends a question with documents and a deadline to the members; each
 * answers agree / disagree / other with a comment (also offline, through the outbox); the
 * server refuses late answers, reminds those who have not answered, and at the deadline applies
 * the configured rule and stores a summary PDF. Registered in shared/api.ts (SyncEntities,
 * Change, Mutation) with one line each; the schemas live here.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';
import { WrittenAnswerChoice } from './rules/voting/written-opinions';

export { WrittenAnswerChoice };

export const OpinionRequestStatus = lazySchema(() => z.enum(['open', 'final']));
export type OpinionRequestStatus = z.infer<typeof OpinionRequestStatus>;

/** A file sent with the question; readable by every recipient through the request. */
export const OpinionAttachment = lazySchema(() => z.object({
  /** The meeting document it was taken from, if any (a snapshot: later versions do not follow). */
  documentId: Id.nullable(),
  title: z.string().max(1000),
  fileName: z.string().max(255),
  sha256: Sha256,
  size: z.number().int().min(0),
}));
export type OpinionAttachment = z.infer<typeof OpinionAttachment>;

/** One recipient's state. A member sees only his own row until the request is final. */
export const OpinionRecipient = lazySchema(() => z.object({
  userId: Id,
  answer: WrittenAnswerChoice.nullable(),
  comment: z.string().max(4000),
  /** Server time the answer arrived. */
  answeredAt: Instant.nullable(),
  /** When the reminder before the deadline was sent to him (not answered by then). */
  remindedAt: Instant.nullable(),
}));
export type OpinionRecipient = z.infer<typeof OpinionRecipient>;

/** The rule applied at the deadline (summarizeWrittenOpinions), frozen with the request. */
export const OpinionSummary = lazySchema(() => z.object({
  passed: z.boolean(),
  counts: z.object({ agree: z.number().int(), disagree: z.number().int(), other: z.number().int(), noAnswer: z.number().int(), agreeBySilence: z.number().int() }),
  base: z.number().int(),
  needed: z.number().int(),
  /** The explanation in words, in both languages. */
  explanation: z.object({ vi: z.string(), en: z.string() }),
  legalBasis: z.object({ vi: z.string(), en: z.string() }),
  /** Each member: what he answered and how it was counted. */
  members: z.array(
    z.object({
      userId: Id,
      answer: WrittenAnswerChoice.nullable(),
      countedAs: z.enum(['agree', 'disagree', 'other', 'none']),
      bySilence: z.boolean(),
      comment: z.string().max(4000),
    }),
  ),
}));
export type OpinionSummary = z.infer<typeof OpinionSummary>;

export const OpinionRequest = lazySchema(() => z.object({
  id: Id,
  /** A meeting it relates to, if any (documents may come from it). */
  meetingId: Id.nullable(),
  title: z.string().min(1).max(500),
  question: z.string().min(1).max(10_000),
  attachments: z.array(OpinionAttachment).max(50),
  /** The chair who instructed the secretariat to ask. */
  instructedBy: Id.nullable(),
  sentBy: Id,
  sentAt: Instant,
  /** After this instant (server clock) answers are refused. */
  deadline: Instant,
  /** No answer by the deadline counts as agreement. */
  silenceAsConsent: z.boolean(),
  status: OpinionRequestStatus,
  /** How many were asked (all, also when the viewer sees only his own row). */
  recipientCount: z.number().int().min(0),
  /** How many have answered so far. */
  answeredCount: z.number().int().min(0),
  recipients: z.array(OpinionRecipient),
  summary: OpinionSummary.nullable(),
  summarySha256: Sha256.nullable(),
  summarySize: z.number().int().min(0).nullable(),
  revision: z.number().int().min(1),
  updatedAt: Instant,
}));
export type OpinionRequest = z.infer<typeof OpinionRequest>;

export const OpinionAttachmentInput = lazySchema(() => z.union([
  z.object({ documentId: Id }),
  /** A file uploaded first (PUT /api/blobs/:sha256). */
  z.object({ sha256: Sha256, fileName: z.string().trim().min(1).max(255), title: z.string().trim().min(1).max(1000) }),
]));
export type OpinionAttachmentInput = z.infer<typeof OpinionAttachmentInput>;

