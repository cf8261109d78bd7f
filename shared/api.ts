/**
 * The sync server's HTTP contract. The server validates with these schemas (and publishes
 * them as OpenAPI); the client services parse every response with them.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';
import { Organization, UserProfile } from './entities';

// ---- auth -------------------------------------------------------------------------------

export const LoginRequest = lazySchema(() => z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  /** Free text naming the device, shown in the account's session list. */
  deviceName: z.string().max(200).optional(),
  /** The device's operating system as it reports it (e.g. "linux x64"), shown beside its name. */
  platform: z.string().max(100).optional(),
}));
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenResponse = lazySchema(() => z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** When the access token stops working; refresh before then. */
  accessExpiresAt: Instant,
  user: UserProfile,
  organization: Organization,
}));
export type TokenResponse = z.infer<typeof TokenResponse>;

export const RefreshRequest = lazySchema(() => z.object({ refreshToken: z.string().min(1).max(512) }));
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const LogoutRequest = lazySchema(() => z.object({ refreshToken: z.string().min(1).max(512).optional() }));
export type LogoutRequest = z.infer<typeof LogoutRequest>;

export const MeResponse = lazySchema(() => z.object({ user: UserProfile, organization: Organization }));
export type MeResponse = z.infer<typeof MeResponse>;

// ---- sync: pull -------------------------------------------------------------------------

// The synced entities and the `Change` schema are declared once, in shared/sync/entity-registry.ts.
export { Change, SyncEntities, SyncEntityName } from './sync/entity-registry';
import { Change } from './sync/entity-registry';

/** Opaque to clients. Absent or "" means: start from a full snapshot. */
export const Cursor = lazySchema(() => z.string().max(200));

export const PullQuery = lazySchema(() => z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
}));
export type PullQuery = z.infer<typeof PullQuery>;

export const PullResponse = lazySchema(() => z.object({
  changes: z.array(Change),
  cursor: Cursor,
  hasMore: z.boolean(),
}));
export type PullResponse = z.infer<typeof PullResponse>;

// ---- sync: push -------------------------------------------------------------------------

// Every mutation kind is declared once, in shared/mutators/.
export { Mutation, type MutationInput, type MutationKind, type MutationArgs } from './mutators';
import { Mutation } from './mutators';

export const PushRequest = lazySchema(() => z.object({ mutations: z.array(Mutation).min(1).max(200) }));
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationResult = lazySchema(() => z.object({
  id: Id,
  status: z.enum(['applied', 'rejected']),
  /** True when this id had been received before: the stored first answer is returned. */
  duplicate: z.boolean(),
  /** `details` e.g. for `conflict`: {entity, id, currentRevision, current} (the server's row now). */
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
}));
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = lazySchema(() => z.object({ results: z.array(MutationResult) }));
export type PushResponse = z.infer<typeof PushResponse>;

// ---- blobs ------------------------------------------------------------------------------

export const BlobParams = lazySchema(() => z.object({ sha256: Sha256 }));

export const BlobUploadResponse = lazySchema(() => z.object({ sha256: Sha256, size: z.number().int(), created: z.boolean() }));
export type BlobUploadResponse = z.infer<typeof BlobUploadResponse>;

/** Default upload limit; the server can be configured lower or higher. */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

// ---- live -------------------------------------------------------------------------------

/**
 * Sent on the live WebSocket after each commit the receiver may see. `scope` is
 * "org:<id>", "meeting:<id>" or "user:<id>"; `seq` the change-log position; the client
 * answers by pulling.
 */
export const LivePoke = lazySchema(() => z.object({ type: z.literal('poke'), scope: z.string(), seq: z.number().int() }));
export type LivePoke = z.infer<typeof LivePoke>;

export const LiveHello = lazySchema(() => z.object({ type: z.literal('hello'), seq: z.number().int() }));
export const LiveMessage = lazySchema(() => z.discriminatedUnion('type', [LivePoke, LiveHello]));
export type LiveMessage = z.infer<typeof LiveMessage>;

export const HealthResponse = lazySchema(() => z.object({ ok: z.literal(true), version: z.string(), seq: z.number().int() }));

/** Readiness (503 when not ok): the database answers and its migrations are exactly the code's. */
export const ReadyResponse = lazySchema(() => z.object({
  ok: z.boolean(),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'different', 'unknown']),
}));
export type ReadyResponse = z.infer<typeof ReadyResponse>;

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
  ready: '/api/ready',
} as const;
