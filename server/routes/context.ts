import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import { ORGANISATION_HEADER, secretariatOrgIds } from '../../shared/organisations';
import { asMemberOf, membershipsOf } from '../organisations/membership';
import { isSecretariat } from '../../shared/rules/meetings';
import type { UserRow } from '../db/schema';
import type { AuthConfig, AuthContext } from '../auth/sessions';
import { authenticate } from '../auth/sessions';
import type { BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import type { LiveHub } from '../live/hub';
import type { Cluster } from '../cluster';
import type { LoginThrottle } from '../auth/throttle';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `requireAuth` hook on authenticated routes. */
    auth: AuthContext | null;
  }
}

/** Everything the route modules need, built once by the app factory. */
export interface ServerContext {
  db: Db;
  blobs: BlobStore;
  hub: LiveHub;
  /** The other instances on the same PostgreSQL database, and jobs run once among them (SQLite: this instance alone). */
  cluster: Cluster;
  auth: AuthConfig;
  maxUploadBytes: number;
  loginRateLimit: { max: number; timeWindowMs: number };
  refreshRateLimit: { max: number; timeWindowMs: number };
  loginThrottle: LoginThrottle;
  /** Where an earlier version kept the key sealing meeting archives, adopted once (server/secretariat/archive-key.ts). */
  archiveKeyDir: string;
  /** Where people open the app, linked from the server's home page (known when `ecabinet start` runs both). */
  appUrl?: string;
}

export function bearerToken(req: FastifyRequest, allowQueryToken = false): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
    if (m) return m[1];
  }
  if (allowQueryToken) {
    // Browsers cannot set headers on a WebSocket: the live route also reads ?access_token=.
    const q = (req.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof q === 'string' && q.length > 0) return q;
  }
  return undefined;
}

/** onRequest hook: resolves the bearer token before any body is read. */
export function requireAuth(ctx: ServerContext, opts: { allowQueryToken?: boolean } = {}) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearerToken(req, opts.allowQueryToken);
    if (!token) throw new AppError('unauthenticated', 'missing bearer token');
    const auth = await authenticate(ctx.db, token, ctx.auth.now(), req.ip);
    // The account as a member of the organisation the request names (his role there decides).
    const orgId = req.headers[ORGANISATION_HEADER];
    if (typeof orgId === 'string' && orgId !== auth.user.org_id) {
      const member = await asMemberOf(ctx.db, auth.user, orgId);
      if (!member) throw new AppError('forbidden', 'not a member of this organisation');
      req.auth = { ...auth, user: member };
    } else req.auth = auth;
  };
}

export function authOf(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new AppError('unauthenticated', 'not signed in');
  return req.auth;
}

/**
 * The organisations a file the caller uploads (or has converted) is stored for, so their
 * secretariat may attach it. A request naming an organisation: that one (his role there already
 * decided by `requireAuth`). Otherwise every organisation where he is secretariat, whatever his
 * home role (a city member may be a district's secretary: his uploads queue does not know the
 * meeting a file is for). Empty: he prepares nothing anywhere.
 */
export async function secretariatOrgsOf(ctx: ServerContext, req: FastifyRequest): Promise<string[]> {
  const user: UserRow = authOf(req).user;
  if (typeof req.headers[ORGANISATION_HEADER] === 'string') return isSecretariat(user.role as 'member') ? [user.org_id] : [];
  return secretariatOrgIds(await membershipsOf(ctx.db, user));
}
