/** Written opinions between meetings (lấy ý kiến bằng văn bản): the question and each member's answer. */
import { z } from 'zod';
import { Id, Instant } from '../ids';
import { OpinionAttachmentInput, WrittenAnswerChoice } from '../written-opinions';
import { defineMutator } from './define';

export const writtenOpinionMutators = [
  /** Secretariat: sends the question. No `recipientIds` = every member and chair of the organisation. */
  defineMutator({
    kind: 'opinionRequest.send',
    args: z.object({
      id: Id,
      meetingId: Id.nullable().optional(),
      /** The organisation it is asked in (the sender's secretariat role there decides); default: the meeting's, else his home one. */
      orgId: Id.optional(),
      title: z.string().trim().min(1).max(500),
      question: z.string().trim().min(1).max(10_000),
      attachments: z.array(OpinionAttachmentInput).max(50).default([]),
      instructedBy: Id,
      /** Default: writtenOpinionDeadline(now, rules) (5 working days). */
      deadline: Instant.optional(),
      /** Default: the configured rule. */
      silenceAsConsent: z.boolean().optional(),
      recipientIds: z.array(Id).min(1).max(500).optional(),
    }),
    access: 'secretariat',
  }),
  /** A recipient's answer (may be changed until the deadline; the server's clock decides). */
  defineMutator({
    kind: 'opinion.answer',
    args: z.object({ requestId: Id, answer: WrittenAnswerChoice, comment: z.string().trim().max(4000).default('') }),
    access: 'signedIn',
  }),
] as const;
