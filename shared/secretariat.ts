/**
 * Secretariat contracts: the synced entities it adds (document versions, "what changed"
 * entries, notices, minutes, tasks) and its HTTP routes. Registered in
 * shared/sync/entity-registry.ts; its mutations are in shared/mutators/.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Classification, ParticipantRole, Revision } from './entities';
import { Id, Instant, Sha256 } from './ids';

/** One stored version of a document (the history a new upload keeps). */
export const DocumentVersion = lazySchema(() => z.object({
  id: Id,
  documentId: Id,
  meetingId: Id,
  version: z.number().int().min(1),
  sha256: Sha256,
  size: z.number().int().min(0),
  fileName: z.string().max(255),
  createdBy: Id.nullable(),
  createdAt: Instant,
}));
export type DocumentVersion = z.infer<typeof DocumentVersion>;

/** What a change to a published meeting was, for the members' "what changed" list. */
export const MeetingChangeKind = lazySchema(() => z.enum([
  'meeting.updated',
  'agendaItem.added',
  'agendaItem.updated',
  'agendaItem.removed',
  'document.added',
  'document.newVersion',
  'document.updated',
  'document.removed',
  'participant.added',
  'participant.removed',
]));
export type MeetingChangeKind = z.infer<typeof MeetingChangeKind>;

export const MeetingChange = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  change: MeetingChangeKind,
  /** Title of what changed; '' for a confidential document (its title is not for everyone). */
  subject: z.string().max(1000),
  byUserId: Id.nullable(),
  at: Instant,
}));
export type MeetingChange = z.infer<typeof MeetingChange>;

export const NoticeKind = lazySchema(() => z.enum(['invitation', 'meeting_closed']));
export type NoticeKind = z.infer<typeof NoticeKind>;

/** An in-app notice in one user's private scope, e.g. the invitation with its "Giấy mời" PDF. */
export const Notice = lazySchema(() => z.object({
  id: Id,
  userId: Id,
  meetingId: Id,
  kind: NoticeKind,
  title: z.string().max(1000),
  /** The generated PDF (invitation), readable by this user. */
  sha256: Sha256.nullable(),
  size: z.number().int().min(0).nullable(),
  createdAt: Instant,
  readAt: Instant.nullable(),
}));
export type Notice = z.infer<typeof Notice>;

/** Minutes (biên bản) and conclusions (thông báo kết luận) of one meeting. */
export const Minutes = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  body: z.string().max(200_000),
  conclusions: z.string().max(100_000),
  /** The meeting document holding the last exported PDF. */
  documentId: Id.nullable(),
  revision: Revision,
  updatedAt: Instant,
}));
export type Minutes = z.infer<typeof Minutes>;

/** "YYYY-MM-DD" (Vietnam calendar day). */
export const CalendarDay = lazySchema(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD'));

export const TaskStatus = lazySchema(() => z.enum(['open', 'done']));
export type TaskStatus = z.infer<typeof TaskStatus>;

/** A task assigned in the conclusions, "5 rõ": agency, person, deadline, expected result, follower. */
export const Task = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  title: z.string().min(1).max(1000),
  agency: z.string().min(1).max(300),
  assignee: z.string().max(200),
  deadline: CalendarDay,
  expectedResult: z.string().max(2000),
  follower: z.string().max(200),
  status: TaskStatus,
  revision: Revision,
  updatedAt: Instant,
}));
export type Task = z.infer<typeof Task>;

// ---- HTTP (secretariat only) ----------------------------------------------------------------

// The audit log's contracts live in shared/audit.ts.
export { AuditEntry, AuditQuery, AuditResponse } from './audit';

export const MeetingIdParams = lazySchema(() => z.object({ id: Id }));

export const ConvertResponse = lazySchema(() => z.object({
  sha256: Sha256,
  size: z.number().int(),
  fileName: z.string(),
  /** The office file itself, kept beside its PDF (see office-originals.ts). */
  original: z.object({ sha256: Sha256, size: z.number().int(), fileName: z.string() }).optional(),
}));
export type ConvertResponse = z.infer<typeof ConvertResponse>;

/** Office formats the server converts to PDF (LibreOffice): what departments send, Word, Excel, PowerPoint, OpenDocument, RTF. */
export const OFFICE_EXTENSIONS = ['.doc', '.docx', '.odt', '.rtf', '.xls', '.xlsx', '.ods', '.ppt', '.pptx', '.odp'] as const;
export const isOfficeFileName = (name: string) => OFFICE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

export const SECRETARIAT_PATHS = {
  audit: '/api/audit',
  auditCsv: '/api/audit.csv',
  archive: (meetingId: string) => `/api/meetings/${meetingId}/archive.zip`,
  convert: '/api/convert',
} as const;

export { Classification, ParticipantRole };
