/**
 * The sync server's HTTP contract. The server validates with these schemas (and publishes
 * them as OpenAPI); the client services parse every response with them.
 */
import { z } from 'zod';
import { Id, Instant, Sha256 } from './ids';
import {
  AgendaItem,
  Classification,
  Document,
  DocumentView,
  Meeting,
  Organization,
  Participant,
  ParticipantRole,
  UserProfile,
} from './entities';
import {
  AgendaItemUpsertExtras,
  DeleteExtras,
  DocumentUpsertExtras,
  MeetingUpsertExtras,
  ParticipantUpsertExtras,
  SecretariatEntities,
  SecretariatMutations,
} from './secretariat';
import { AnnotationEntities, AnnotationMutations } from './annotations';
import { SigningEntities, SigningMutations } from './signing-workflow';
import { WrittenOpinionEntities, WrittenOpinionMutations } from './written-opinions';

// ---- auth -------------------------------------------------------------------------------

export const LoginRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  /** Free text naming the device, shown in the account's session list. */
  deviceName: z.string().max(200).optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenResponse = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** When the access token stops working; refresh before then. */
  accessExpiresAt: Instant,
  user: UserProfile,
  organization: Organization,
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const LogoutRequest = z.object({ refreshToken: z.string().min(1).max(512).optional() });
export type LogoutRequest = z.infer<typeof LogoutRequest>;

export const MeResponse = z.object({ user: UserProfile, organization: Organization });
export type MeResponse = z.infer<typeof MeResponse>;

// ---- sync: pull -------------------------------------------------------------------------

/** Entities that travel through the change log, each with its row schema. */
export const SyncEntities = {
  organization: Organization,
  user: UserProfile,
  meeting: Meeting,
  participant: Participant,
  agendaItem: AgendaItem,
  document: Document,
  documentView: DocumentView,
  ...SecretariatEntities,
  ...AnnotationEntities,
  ...SigningEntities,
  ...WrittenOpinionEntities,
} as const;
export type SyncEntityName = keyof typeof SyncEntities;
export const SyncEntityName = z.enum(Object.keys(SyncEntities) as [SyncEntityName, ...SyncEntityName[]]);

function changeOf<E extends SyncEntityName>(entity: E) {
  return z.discriminatedUnion('op', [
    z.object({ entity: z.literal(entity), id: Id, op: z.literal('upsert'), data: SyncEntities[entity] }),
    z.object({ entity: z.literal(entity), id: Id, op: z.literal('delete') }),
  ]);
}

/**
 * One change: the entity's current row (upsert) or its removal (delete). A delete of a
 * meeting also means: drop its participants, agenda items, documents from the cache.
 */
export const Change = z.union([
  changeOf('organization'),
  changeOf('user'),
  changeOf('meeting'),
  changeOf('participant'),
  changeOf('agendaItem'),
  changeOf('document'),
  changeOf('documentView'),
  changeOf('documentVersion'),
  changeOf('meetingChange'),
  changeOf('notice'),
  changeOf('minutes'),
  changeOf('task'),
  changeOf('annotation'),
  changeOf('presentation'),
  changeOf('signatureRequest'),
  changeOf('orgSigningSettings'),
  changeOf('opinionRequest'),
]);
export type Change = z.infer<typeof Change>;

/** Opaque to clients. Absent or "" means: start from a full snapshot. */
export const Cursor = z.string().max(200);

export const PullQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: Cursor,
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

// ---- sync: push -------------------------------------------------------------------------

const MeetingInput = Meeting.omit({
  orgId: true, updatedAt: true, kind: true, onlineLink: true, hostAgency: true, quorumNumerator: true, quorumDenominator: true, publishedAt: true, revision: true,
}).extend(MeetingUpsertExtras);
const AgendaItemInput = AgendaItem.omit({ updatedAt: true, presenterAgency: true, revision: true }).extend(AgendaItemUpsertExtras);
const DocumentInput = Document.omit({ updatedAt: true, version: true, mime: true, size: true, readerIds: true, revision: true }).extend({
  classification: Classification,
  ...DocumentUpsertExtras,
});

/**
 * A mutation is queued on the client with a client-generated `id`; the server applies each
 * id at most once and answers a resend with the first answer.
 */
export const Mutation = z.discriminatedUnion('kind', [
  z.object({
    id: Id,
    kind: z.literal('document.markViewed'),
    args: z.object({ documentId: Id, version: z.number().int().min(1) }),
  }),
  z.object({ id: Id, kind: z.literal('meeting.upsert'), args: MeetingInput }),
  z.object({ id: Id, kind: z.literal('agendaItem.upsert'), args: AgendaItemInput }),
  z.object({ id: Id, kind: z.literal('agendaItem.delete'), args: z.object({ id: Id, ...DeleteExtras }) }),
  z.object({
    id: Id,
    kind: z.literal('participant.upsert'),
    args: z.object({ id: Id, meetingId: Id, userId: Id, role: ParticipantRole, ...ParticipantUpsertExtras }),
  }),
  z.object({ id: Id, kind: z.literal('participant.delete'), args: z.object({ id: Id, ...DeleteExtras }) }),
  /** Creates a document, or a new version of it when `sha256` differs (blob uploaded first). */
  z.object({ id: Id, kind: z.literal('document.upsert'), args: DocumentInput }),
  z.object({ id: Id, kind: z.literal('document.delete'), args: z.object({ id: Id, ...DeleteExtras }) }),
  // Secretariat (issue 3): publish, close, attendance, minutes, tasks, notices (shared/secretariat.ts).
  ...SecretariatMutations,
  // Private annotations and follow the presenter (issue 4): shared/annotations.ts.
  ...AnnotationMutations,
  // Signing workflow, trình ký (issue 5): shared/signing-workflow.ts.
  ...SigningMutations,
  // Written opinions between meetings (issue 6): shared/written-opinions.ts.
  ...WrittenOpinionMutations,
]);
export type Mutation = z.infer<typeof Mutation>;
/** What a client sends: fields with server-side defaults may be left out. */
export type MutationInput = z.input<typeof Mutation>;
export type MutationKind = Mutation['kind'];

export const PushRequest = z.object({ mutations: z.array(Mutation).min(1).max(200) });
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationResult = z.object({
  id: Id,
  status: z.enum(['applied', 'rejected']),
  /** True when this id had been received before: the stored first answer is returned. */
  duplicate: z.boolean(),
  /** `details` e.g. for `conflict`: {entity, id, currentRevision, current} (the server's row now). */
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult) });
export type PushResponse = z.infer<typeof PushResponse>;

// ---- blobs ------------------------------------------------------------------------------

export const BlobParams = z.object({ sha256: Sha256 });

export const BlobUploadResponse = z.object({ sha256: Sha256, size: z.number().int(), created: z.boolean() });
export type BlobUploadResponse = z.infer<typeof BlobUploadResponse>;

/** Default upload limit; the server can be configured lower or higher. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

// ---- live -------------------------------------------------------------------------------

/**
 * Sent on the live WebSocket after each commit the receiver may see. `scope` is
 * "org:<id>", "meeting:<id>" or "user:<id>"; `seq` the change-log position; the client
 * answers by pulling.
 */
export const LivePoke = z.object({ type: z.literal('poke'), scope: z.string(), seq: z.number().int() });
export type LivePoke = z.infer<typeof LivePoke>;

export const LiveHello = z.object({ type: z.literal('hello'), seq: z.number().int() });
export const LiveMessage = z.discriminatedUnion('type', [LivePoke, LiveHello]);
export type LiveMessage = z.infer<typeof LiveMessage>;

export const HealthResponse = z.object({ ok: z.literal(true), version: z.string(), seq: z.number().int() });

export const API_PATHS = {
  login: '/api/auth/login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  me: '/api/me',
  pull: '/api/sync/pull',
  push: '/api/sync/push',
  blob: (sha256: string) => `/api/blobs/${sha256}`,
  live: '/api/live',
  openapi: '/api/openapi.json',
  health: '/api/health',
} as const;
