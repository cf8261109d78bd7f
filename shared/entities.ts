import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';
import { DEFAULT_RETENTION_POLICY, RetentionPolicy } from './rules/retention';

/** Organisation-wide role of a user account. */
export const Role = lazySchema(() => z.enum(['admin', 'secretary', 'chair', 'member', 'guest']));
export type Role = z.infer<typeof Role>;

/** Role a person holds in one meeting (may differ from the account role). */
export const ParticipantRole = lazySchema(() => z.enum(['chair', 'member', 'guest', 'secretary']));
export type ParticipantRole = z.infer<typeof ParticipantRole>;

export const MeetingStatus = lazySchema(() => z.enum(['draft', 'published', 'in_progress', 'closed']));
export type MeetingStatus = z.infer<typeof MeetingStatus>;

export const Classification = lazySchema(() => z.enum(['public', 'internal', 'confidential']));
export type Classification = z.infer<typeof Classification>;

/** Kind of meeting: thường kỳ, bất thường, chuyên đề. */
export const MeetingKind = lazySchema(() => z.enum(['regular', 'extraordinary', 'thematic']));
export type MeetingKind = z.infer<typeof MeetingKind>;

/** Whether a participant attends: recorded by himself (check-in) or the secretariat. */
export const Attendance = lazySchema(() => z.enum(['unknown', 'present', 'absent']));
export type Attendance = z.infer<typeof Attendance>;

/** Optimistic-concurrency counter of an editable row: +1 on every accepted save. */
export const Revision = lazySchema(() => z.number().int().min(1));

export const Organization = lazySchema(() => z.object({
  id: Id,
  name: z.string().min(1).max(300),
  shortName: z.string().max(100),
  /** How long each classification stays on devices (shared/rules/retention.ts). */
  retention: RetentionPolicy.default(DEFAULT_RETENTION_POLICY),
}));
export type Organization = z.infer<typeof Organization>;

/** What any signed-in user may know of another account: never credentials. */
export const UserProfile = lazySchema(() => z.object({
  id: Id,
  orgId: Id,
  username: z.string().min(1).max(64),
  fullName: z.string().min(1).max(200),
  /** Position, e.g. "Phó Chủ tịch UBND thành phố". */
  title: z.string().max(300),
  /** His role in his home organisation (`orgId`). */
  role: Role,
  /**
   * Every organisation he belongs to that the reader shares with him, with his role there (his
   * home one included); absent from older servers and caches: then only the home one.
   */
  memberships: z.array(z.object({ orgId: Id, role: Role })).max(500).optional(),
}));
export type UserProfile = z.infer<typeof UserProfile>;

export const Meeting = lazySchema(() => z.object({
  id: Id,
  orgId: Id,
  title: z.string().min(1).max(500),
  startsAt: Instant,
  endsAt: Instant,
  location: z.string().max(500),
  status: MeetingStatus,
  chairId: Id.nullable(),
  updatedAt: Instant,
  // Secretariat fields; defaults keep rows from older servers and caches readable.
  kind: MeetingKind.default('regular'),
  onlineLink: z.string().max(1000).default(''),
  hostAgency: z.string().max(300).default(''),
  /** Quorum as a fraction of the members (default two-thirds). */
  quorumNumerator: z.number().int().min(1).max(100).default(2),
  quorumDenominator: z.number().int().min(1).max(100).default(3),
  publishedAt: Instant.nullable().default(null),
  revision: Revision.default(1),
}));
export type Meeting = z.infer<typeof Meeting>;

export const Participant = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  userId: Id,
  role: ParticipantRole,
  // Attendance and delegation.
  attendance: Attendance.default('unknown'),
  /** Named deputy attending in this person's place (ủy quyền dự họp); '' when none. */
  delegateName: z.string().max(200).default(''),
  delegateUserId: Id.nullable().default(null),
  checkedInAt: Instant.nullable().default(null),
  checkedInBy: Id.nullable().default(null),
  revision: Revision.default(1),
}));
export type Participant = z.infer<typeof Participant>;

export const AgendaItem = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  /** 1-based position in the agenda. */
  position: z.number().int().min(1),
  title: z.string().min(1).max(1000),
  /** Presenting user, when the presenter has an account. */
  presenterId: Id.nullable(),
  /** Free-text presenter / presenting agency, e.g. "Giám đốc Sở Tài chính". */
  presenterLabel: z.string().max(300),
  plannedMinutes: z.number().int().min(0).max(24 * 60),
  updatedAt: Instant,
  /** Presenting agency, e.g. "Sở Tài chính". */
  presenterAgency: z.string().max(300).default(''),
  revision: Revision.default(1),
}));
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Document = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  /** The agenda item the document belongs to; null for meeting-wide documents. */
  agendaItemId: Id.nullable(),
  title: z.string().min(1).max(500),
  fileName: z.string().min(1).max(255),
  sha256: Sha256,
  size: z.number().int().min(0),
  mime: z.literal('application/pdf'),
  version: z.number().int().min(1),
  classification: Classification,
  updatedAt: Instant,
  /** Confidential only: who besides the secretariat may read it. Sent only to those who may read it. */
  readerIds: z.array(Id).default([]),
  revision: Revision.default(1),
  /** May readers print / download it? null: follow the classification (shared/rules/documents.ts). */
  allowPrint: z.boolean().nullable().default(null),
  allowDownload: z.boolean().nullable().default(null),
}));
export type Document = z.infer<typeof Document>;

/** A user's private record that he opened a document version (scope: that user only). */
export const DocumentView = lazySchema(() => z.object({
  id: Id,
  userId: Id,
  documentId: Id,
  version: z.number().int().min(1),
  viewedAt: Instant,
}));
export type DocumentView = z.infer<typeof DocumentView>;
