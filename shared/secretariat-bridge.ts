/**
 * Bridge methods of the secretariat and the member-facing parts of the secretariat. Spread into
 * BridgeMethods (shared/bridge.ts). Must not import shared/bridge.ts (it imports this file).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { DEFAULT_MAX_UPLOAD_BYTES, Mutation } from './api';
import { Participant, UserProfile } from './entities';
import { ErrorCode } from './errors';
import { Id, Sha256 } from './ids';
import { OcrStatus } from './ocr';
import { AuditFilter, AuditQuery, AuditResponse } from './audit';
import { DocumentVersion, MeetingChange, Minutes, Notice, Task } from './secretariat';

const Empty = lazySchema(() => z.object({}).strict());

/** What became of one submitted mutation. `queued`: offline, it will be sent when back online. */
export const SubmitResult = lazySchema(() => z.object({
  id: Id,
  status: z.enum(['applied', 'queued', 'rejected']),
  error: z
    .object({
      code: z.union([ErrorCode, z.string()]),
      message: z.string(),
      /** For `conflict`: {entity, id, currentRevision, current} — the row as it is now on the server. */
      details: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
}));
export type SubmitResult = z.infer<typeof SubmitResult>;

export const QuorumView = lazySchema(() => z.object({
  members: z.number().int(),
  present: z.number().int(),
  required: z.number().int(),
  reached: z.boolean(),
}));
export type QuorumView = z.infer<typeof QuorumView>;

/** Everything the secretariat adds to a meeting's page, read from the local cache (works offline). */
export const MeetingExtras = lazySchema(() => z.object({
  meetingId: Id,
  changes: z.array(MeetingChange),
  versions: z.array(DocumentVersion),
  minutes: Minutes.nullable(),
  tasks: z.array(Task),
  quorum: QuorumView,
  /** The caller's own participant row (for check-in), null if he does not take part. */
  myParticipant: Participant.nullable(),
}));
export type MeetingExtras = z.infer<typeof MeetingExtras>;

export const NoticeView = lazySchema(() => Notice.extend({ meetingTitle: z.string().nullable() }));
export type NoticeView = z.infer<typeof NoticeView>;

export const TaskView = lazySchema(() => Task.extend({ meetingTitle: z.string().nullable(), overdue: z.boolean() }));
export type TaskView = z.infer<typeof TaskView>;

/**
 * The largest file the secretariat may upload: the server's default limit. Files never cross the
 * bridge as bytes: the shell hands the services a path (Electron) or streams the file to the
 * browser host, which writes it to disk (see EcabinetBridge.uploadFile).
 */
export const MAX_UPLOAD_FILE_BYTES = DEFAULT_MAX_UPLOAD_BYTES;

export const UploadedFile = lazySchema(() => z.object({
  sha256: Sha256,
  size: z.number().int(),
  fileName: z.string(),
  /** False while offline: the file waits in the local cache and is sent before the document is. */
  uploaded: z.boolean(),
}));
export type UploadedFile = z.infer<typeof UploadedFile>;

/**
 * Where an upload stands (bridge event `uploads.progress`): its bytes going to the server, then
 * the server converting an office file to PDF, or checking a PDF, until the upload's answer.
 */
export const UploadProgress = lazySchema(() => z.object({
  fileName: z.string(),
  stage: z.enum(['uploading', 'converting', 'checking']),
  sent: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
}));
export type UploadProgress = z.infer<typeof UploadProgress>;

/** The name of an uploaded file as the user's system gave it: no folders, and no NUL (it ends a path in the OS). */
// eslint-disable-next-line no-control-regex
export const UploadFileName = lazySchema(() => z.string().min(1).max(255).refine((s) => !/[\\/\u0000]/.test(s), 'a plain file name'));

export const SecretariatBridgeMethods = {
  /** Queues mutations (outbox), tries to send them now, and says what became of each. */
  'secretariat.submit': {
    input: lazySchema(() => z.object({ mutations: z.array(Mutation).min(1).max(200) })),
    output: lazySchema(() => z.object({ results: z.array(SubmitResult) })),
  },
  /**
   * The people of an organisation (the meeting's), each with his role THERE, for the participant
   * and reader pickers; without `orgId`, everyone the user knows, with his home role.
   */
  'secretariat.users': { input: lazySchema(() => z.object({ orgId: Id.optional() }).strict()), output: lazySchema(() => z.array(UserProfile)) },
  /** Tasks of every meeting the user sees, overdue ones flagged. */
  'secretariat.tasks': { input: Empty, output: lazySchema(() => z.array(TaskView)) },
  /** The audit log (online only), newest first, filtered, one page at a time. */
  'secretariat.audit': { input: AuditQuery, output: AuditResponse },
  'secretariat.auditCsv': { input: AuditFilter, output: lazySchema(() => z.object({ fileName: z.string(), text: z.string() })) },
  /** The meeting's archive zip (online only). */
  'secretariat.archive': { input: lazySchema(() => z.object({ meetingId: Id })), output: lazySchema(() => z.object({ fileName: z.string(), base64: z.string() })) },
  /** Where text recognition (OCR) of an uploaded PDF stands (online only); null: the server has none for it. */
  'secretariat.ocrStatus': { input: lazySchema(() => z.object({ sha256: Sha256 })), output: OcrStatus.nullable() },
  'meetings.extras': { input: lazySchema(() => z.object({ id: Id })), output: MeetingExtras },
  'notices.list': { input: Empty, output: lazySchema(() => z.array(NoticeView)) },
  /** How many of the user's notices he has not read (the header's count: a year of invitations is ~900 notices). */
  'notices.unreadCount': { input: Empty, output: lazySchema(() => z.number().int().min(0)) },
  /** The notice's PDF (the invitation), downloaded and verified if needed. */
  'notices.open': { input: lazySchema(() => z.object({ id: Id })), output: lazySchema(() => z.object({ notice: NoticeView, url: z.string() })) },
} as const;
