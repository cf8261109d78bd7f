/**
 * The typed bridge between the renderer and the desktop services: one contract for
 * Electron (preload + ipcMain) and browser mode (localhost host). Every input and output is
 * validated against these schemas on the service side; the renderer only sees
 * `window.ecabinet` (see EcabinetBridge).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';
import { AgendaItem, Document, Meeting, Organization, Participant, ParticipantRole, UserProfile } from './entities';
import { ErrorCode } from './errors';
import { SessionMembership } from './organisations';
import { DocumentRetention } from './rules/retention';
import { MEETINGS_PAGE } from './rules/meetings';
import { ReaderBridgeMethods } from './reader';
import { SecretariatBridgeMethods, UploadProgress, type UploadedFile } from './secretariat-bridge';
import { CalendarDay } from './secretariat';
import { AnnotationBridgeMethods } from './annotations-bridge';
import { LiveMeetingBridgeEvents, LiveMeetingBridgeMethods } from './live-meeting-bridge';
import { NotificationBridgeEvents, NotificationBridgeMethods } from './notifications-bridge';
import { SigningBridgeMethods } from './signing-bridge';
import { WrittenOpinionBridgeMethods } from './written-opinions-bridge';
import { AdminBridgeMethods } from './admin-bridge';
import { VersionBridgeMethods } from './versions-bridge';
import { DocumentFilesBridgeMethods } from './document-files-bridge';

export const SessionInfo = lazySchema(() => z.object({
  user: UserProfile,
  /** His home organisation. */
  organization: Organization,
  serverUrl: z.string(),
  /**
   * Every organisation he belongs to, with his role in each (home first): the screens decide by
   * the role in the organisation of the meeting they show (shared/organisations.ts).
   */
  memberships: z.array(SessionMembership).default([]),
  /**
   * The organisation the organisation-wide screens act on (accounts, audit log, decision rules,
   * retention, tasks): one of `memberships`, chosen in the header and kept per user on this
   * device; absent: his home organisation.
   */
  activeOrgId: Id.optional(),
}));
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SyncState = lazySchema(() => z.enum(['online', 'offline', 'syncing']));
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = lazySchema(() => z.object({
  state: SyncState,
  lastSyncAt: Instant.nullable(),
  /** Code of the last failure, if the last attempt failed. */
  lastError: ErrorCode.nullable(),
  pendingMutations: z.number().int().min(0),
  download: z.object({
    filesDone: z.number().int().min(0),
    filesTotal: z.number().int().min(0),
    bytesDone: z.number().int().min(0),
    bytesTotal: z.number().int().min(0),
  }),
  /**
   * Of the documents of today's and upcoming meetings, how many are on this device, verified
   * ("ready offline: 20 of 20"); null until the first sync after sign-in has looked.
   */
  offlineReady: z.object({ documents: z.number().int().min(0), total: z.number().int().min(0) }).nullable(),
}));
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A document as the desktop knows it: the row plus its local state. */
export const LocalDocument = lazySchema(() => Document.extend({
  /** The blob is in the local cache, verified: readable offline. */
  cached: z.boolean(),
  /** Version this user last opened, null if never. */
  viewedVersion: z.number().int().nullable(),
  /** When the retention policy takes it off this device (shared/rules/retention.ts). */
  retention: DocumentRetention.optional(),
}));
export type LocalDocument = z.infer<typeof LocalDocument>;

export const MeetingSummary = lazySchema(() => Meeting.extend({
  participantCount: z.number().int(),
  agendaItemCount: z.number().int(),
  documentCount: z.number().int(),
  chairName: z.string().nullable(),
  myRole: ParticipantRole.nullable(),
  /** The organisation the meeting belongs to (a user may belong to several); null until it is synced. */
  organisationName: z.string().nullable(),
}));
export type MeetingSummary = z.infer<typeof MeetingSummary>;

/**
 * One page of the meeting list: every meeting of today, the first coming ones, the latest past
 * ones (pickMeetingPage, shared/rules/meetings.ts), how many each group has in all, and the
 * organisations the user has meetings in. A year of a city committee's meetings is ~900: the
 * list's first screen reads and draws a page of them, not all.
 */
export const MeetingListPage = lazySchema(() => z.object({
  today: z.array(MeetingSummary),
  upcoming: z.array(MeetingSummary),
  past: z.array(MeetingSummary),
  counts: z.object({ today: z.number().int(), upcoming: z.number().int(), past: z.number().int() }),
  organisations: z.array(z.object({ id: Id, name: z.string() })),
}));
export type MeetingListPage = z.infer<typeof MeetingListPage>;

const MeetingParticipant = lazySchema(() => z.object({ participant: Participant, user: UserProfile.nullable() }));
const AgendaEntryHead = lazySchema(() => z.object({ item: AgendaItem, presenter: UserProfile.nullable() }));

/**
 * A meeting without its documents: what changes when the meeting, its participants or its agenda
 * do. The meeting screen reads it apart from the documents (`meetings.documents`), so that renaming
 * an agenda item costs the size of the agenda, not of the meeting's thousands of documents.
 */
export const MeetingHead = lazySchema(() => z.object({
  meeting: MeetingSummary,
  participants: z.array(MeetingParticipant),
  agenda: z.array(AgendaEntryHead),
}));
export type MeetingHead = z.infer<typeof MeetingHead>;

/** A meeting with its documents, each under its agenda item (composeMeetingDetail, shared/rules/meeting-detail.ts). */
export const MeetingDetail = lazySchema(() => MeetingHead.extend({
  agenda: z.array(AgendaEntryHead.extend({ documents: z.array(LocalDocument) })),
  /** Documents not attached to an agenda item. */
  documents: z.array(LocalDocument),
}));
export type MeetingDetail = z.infer<typeof MeetingDetail>;

export const OpenedDocument = lazySchema(() => z.object({
  document: LocalDocument,
  /** Where the viewer loads the bytes: a custom protocol in Electron, a same-origin path in browser mode. */
  url: z.string(),
}));
export type OpenedDocument = z.infer<typeof OpenedDocument>;

export const AppInfo = lazySchema(() => z.object({
  mode: z.enum(['electron', 'browser']),
  version: z.string(),
  defaultServerUrl: z.string(),
}));
export type AppInfo = z.infer<typeof AppInfo>;

const Empty = lazySchema(() => z.object({}).strict());

/** Every bridge method: its input and output schema. */
export const BridgeMethods = {
  'app.info': { input: Empty, output: AppInfo },
  'session.current': { input: Empty, output: SessionInfo.nullable() },
  'session.login': {
    input: lazySchema(() => z.object({
      serverUrl: z.string().url().max(500).optional(),
      username: z.string().min(1).max(64),
      password: z.string().min(1).max(1024),
    })),
    output: SessionInfo,
  },
  'session.logout': { input: Empty, output: lazySchema(() => z.object({ ok: z.literal(true) })) },
  /** Chooses the organisation the organisation-wide screens act on (one he belongs to; else forbidden). */
  'session.setActiveOrganisation': { input: lazySchema(() => z.object({ orgId: Id }).strict()), output: SessionInfo },
  /**
   * Every meeting, or those starting from day `from` to day `to` (Vietnam days, both included): a
   * calendar's page.
   */
  'meetings.list': {
    input: lazySchema(() => z.object({ from: CalendarDay.optional(), to: CalendarDay.optional() }).strict()),
    output: lazySchema(() => z.array(MeetingSummary)),
  },
  /**
   * A page of the meeting list (see MeetingListPage): `upcoming` and `past` say how many of each
   * (MEETINGS_PAGE when not given: the first screen's, asked with an empty input), `orgId` keeps to one
   * organisation, `preparing` to those whose meetings he prepares (the secretariat's home).
   */
  'meetings.page': {
    input: lazySchema(() => z.object({
      upcoming: z.number().int().min(0).max(100_000).default(MEETINGS_PAGE),
      past: z.number().int().min(0).max(100_000).default(MEETINGS_PAGE),
      orgId: Id.optional(),
      preparing: z.boolean().optional(),
    }).strict()),
    output: MeetingListPage,
  },
  'meetings.get': { input: lazySchema(() => z.object({ id: Id })), output: MeetingDetail },
  /** The meeting without its documents (see MeetingHead). */
  'meetings.head': { input: lazySchema(() => z.object({ id: Id })), output: MeetingHead },
  /** Every document of the meeting, as the desktop knows it (its agenda item named in each). */
  'meetings.documents': { input: lazySchema(() => z.object({ id: Id })), output: lazySchema(() => z.array(LocalDocument)) },
  /** Makes sure the blob is cached and verified (downloading it if needed) and gives its URL. */
  'documents.open': { input: lazySchema(() => z.object({ id: Id })), output: OpenedDocument },
  'documents.markViewed': { input: lazySchema(() => z.object({ id: Id })), output: lazySchema(() => z.object({ ok: z.literal(true) })) },
  'sync.status': { input: Empty, output: SyncStatus },
  'sync.now': { input: Empty, output: SyncStatus },
  // Reader: search across cached documents, reading positions. Schemas in shared/reader.ts.
  ...ReaderBridgeMethods,
  // Secretariat and member-facing parts of the secretariat. Schemas in shared/secretariat-bridge.ts.
  ...SecretariatBridgeMethods,
  // Private annotations, export with notes, follow the presenter. Schemas in shared/annotations-bridge.ts.
  ...AnnotationBridgeMethods,
  // Signing workflow, keys, verification. Schemas in shared/signing-bridge.ts.
  ...SigningBridgeMethods,
  // Live meeting, speaker queue, votes. Schemas in shared/live-meeting-bridge.ts.
  ...LiveMeetingBridgeMethods,
  // Written opinions between meetings. Schemas in shared/written-opinions-bridge.ts.
  ...WrittenOpinionBridgeMethods,
  // Accounts, devices and retention, for the administrator. Schemas in shared/admin-bridge.ts.
  ...AdminBridgeMethods,
  // What changed between two versions of a document. Schemas in shared/versions-bridge.ts.
  ...VersionBridgeMethods,
  // A converted document's original office file, the recognised words of scanned pages. Schemas in shared/document-files-bridge.ts.
  ...DocumentFilesBridgeMethods,
  // Desktop notifications: the user's answer and language. Schemas in shared/notifications-bridge.ts.
  ...NotificationBridgeMethods,
} as const;

export type BridgeMethodName = keyof typeof BridgeMethods;
export type BridgeInput<M extends BridgeMethodName> = z.input<(typeof BridgeMethods)[M]['input']>;
export type BridgeOutput<M extends BridgeMethodName> = z.output<(typeof BridgeMethods)[M]['output']>;

export const BridgeEvents = {
  'sync.status': SyncStatus,
  /** Cached data changed (after a pull or a local write); views re-read what they show. */
  'data.changed': lazySchema(() => z.object({ entities: z.array(z.string()), meetingIds: z.array(Id) })),
  /**
   * The search index changed (a cached document's text is now searchable, or left the index):
   * an open search reruns itself; `pendingDocuments` are cached documents not read yet.
   */
  'search.indexed': lazySchema(() => z.object({ pendingDocuments: z.number().int().min(0) })),
  /** An upload of the secretariat's uploader: bytes sent, then converting or checking on the server. */
  'uploads.progress': UploadProgress,
  /** The session ended (logout, or the server refused the refresh token). */
  'session.ended': lazySchema(() => z.object({ reason: ErrorCode.nullable() })),
  // Live meeting state pushed by the services.
  ...LiveMeetingBridgeEvents,
  // Desktop notifications to show, and clicks on those the shell showed.
  ...NotificationBridgeEvents,
} as const;
export type BridgeEventName = keyof typeof BridgeEvents;
export type BridgeEventPayload<E extends BridgeEventName> = z.output<(typeof BridgeEvents)[E]>;

/** What a bridge call returns over the wire: errors are values, never thrown across. */
export const BridgeResult = lazySchema(() => z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      /** Machine-readable facts the UI shows, e.g. {retryAfterSeconds, minutes} for account_locked. */
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]));
export type BridgeResult = z.infer<typeof BridgeResult>;

/** Thrown in the renderer when a bridge call fails; `code` is translated by the UI. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** A file the user picked or dropped: a DOM `File` in the renderer (shared/ has no DOM types). */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
}

/** `window.ecabinet`: identical in Electron and browser mode. */
export interface EcabinetBridge {
  invoke<M extends BridgeMethodName>(method: M, input: BridgeInput<M>): Promise<BridgeOutput<M>>;
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void): () => void;
  /**
   * Hands a picked file to the services without ever holding it whole in memory: Electron gives
   * the services its path; browser mode streams it to the host in one HTTP PUT. The services
   * hash it, keep it until the server has it, and send it (now if online).
   */
  uploadFile(file: PickedFile): Promise<UploadedFile>;
}

/** Service side: one handler per method. Electron main and the browser host both serve this. */
export type BridgeHandlers = {
  [M in BridgeMethodName]: (input: z.output<(typeof BridgeMethods)[M]['input']>) => Promise<BridgeOutput<M>>;
};

/** IPC channel names used by Electron (preload <-> main). */
export const IPC_INVOKE_CHANNEL = 'ecabinet:invoke';
export const IPC_EVENT_CHANNEL = 'ecabinet:event';
/** Preload → main: a picked file's path (or, for a file without one, its bytes). */
export const IPC_UPLOAD_CHANNEL = 'ecabinet:upload';

export { Sha256 };
