import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenResponse } from '../../shared/api';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { toOrganization, toUserProfile } from '../sync/rows';
import { DUMMY_PASSWORD_HASH, needsRehash, verifyPassword } from './password';
import { rehash } from './rehash';
import { sessionsEnded } from './session-events';

export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
export const DEFAULT_ACCESS_TTL_SECONDS = 15 * 60;

export interface AuthConfig {
  accessTokenTtlSeconds: number;
  now: () => Date;
}

/** Who is calling: the account row and the session his token belongs to. */
export interface AuthContext {
  user: UserRow;
  sessionId: string;
}

const newToken = () => randomBytes(32).toString('base64url');
/** Tokens are stored only as their SHA-256: a database leak yields no usable token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000).toISOString();

async function issueTokens(db: Db, user: UserRow, sessionId: string, cfg: AuthConfig): Promise<TokenResponse> {
  const now = cfg.now();
  const accessToken = newToken();
  const refreshToken = newToken();
  const accessExpiresAt = plus(now, cfg.accessTokenTtlSeconds);
  await db
    .insertInto('auth_tokens')
    .values([
      { token_hash: hashToken(accessToken), session_id: sessionId, kind: 'access', expires_at: accessExpiresAt, used_at: null },
      {
        token_hash: hashToken(refreshToken),
        session_id: sessionId,
        kind: 'refresh',
        expires_at: plus(now, REFRESH_TTL_SECONDS),
        used_at: null,
      },
    ])
    .execute();
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', user.org_id).executeTakeFirstOrThrow();
  return { accessToken, refreshToken, accessExpiresAt, user: toUserProfile(user), organization: toOrganization(org) };
}

export async function login(
  db: Db,
  req: { username: string; password: string; deviceName?: string },
  cfg: AuthConfig,
): Promise<TokenResponse> {
  const now = cfg.now();
  const user = await db.selectFrom('users').selectAll().where('username', '=', req.username.trim().toLowerCase()).executeTakeFirst();
  // One path for both: an unknown username is checked against a dummy hash, so it costs the
  // same work and gets the same answer as a wrong password. Repeated failures are throttled
  // per (account, address) by the route, never by locking the account.
  const ok = await verifyPassword(req.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok) throw new AppError('invalid_credentials', 'invalid username or password');
  if (needsRehash(user.password_hash)) await rehash(db, user.id, req.password);

  const sessionId = randomUUID();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: user.id,
      device_name: (req.deviceName ?? '').slice(0, 200),
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
      revoked_at: null,
    })
    .execute();
  return issueTokens(db, user, sessionId, cfg);
}

/**
 * Swaps a refresh token for a fresh pair. Each refresh token works once: presenting a used
 * one means it was copied, so the whole session is revoked.
 */
export async function refresh(db: Db, refreshToken: string, cfg: AuthConfig): Promise<TokenResponse> {
  const now = cfg.now();
  const hash = hashToken(refreshToken);
  const row = await db
    .selectFrom('auth_tokens')
    .innerJoin('sessions', 'sessions.id', 'auth_tokens.session_id')
    .select(['auth_tokens.session_id', 'auth_tokens.expires_at', 'auth_tokens.used_at', 'sessions.user_id', 'sessions.revoked_at'])
    .where('auth_tokens.token_hash', '=', hash)
    .where('auth_tokens.kind', '=', 'refresh')
    .executeTakeFirst();
  if (!row || row.revoked_at) throw new AppError('unauthenticated', 'unknown or revoked refresh token');
  if (row.used_at) {
    await revokeSession(db, row.session_id, now);
    throw new AppError('unauthenticated', 'refresh token reused; session revoked');
  }
  if (Date.parse(row.expires_at) <= now.getTime()) throw new AppError('unauthenticated', 'refresh token expired');

  // Mark used only if still unused: two racing refreshes cannot both win.
  const marked = await db
    .updateTable('auth_tokens')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) !== 1) throw new AppError('unauthenticated', 'refresh token already used');
  // The old access token dies with the rotation.
  await db.deleteFrom('auth_tokens').where('session_id', '=', row.session_id).where('kind', '=', 'access').execute();
  await db.updateTable('sessions').set({ last_used_at: now.toISOString() }).where('id', '=', row.session_id).execute();
  const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
  return issueTokens(db, user, row.session_id, cfg);
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('id', '=', sessionId).execute();
  await db.deleteFrom('auth_tokens').where('session_id', '=', sessionId).where('kind', '=', 'access').execute();
  sessionsEnded([sessionId]);
}

/** Session id a refresh token belongs to, if any (for logout by refresh token). */
export async function sessionOfRefreshToken(db: Db, refreshToken: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('auth_tokens')
    .select('session_id')
    .where('token_hash', '=', hashToken(refreshToken))
    .where('kind', '=', 'refresh')
    .executeTakeFirst();
  return row?.session_id;
}

/** Resolves a bearer access token; throws unauthenticated / token_expired. */
export async function authenticate(db: Db, accessToken: string, now: Date): Promise<AuthContext> {
  const row = await db
    .selectFrom('auth_tokens')
    .innerJoin('sessions', 'sessions.id', 'auth_tokens.session_id')
    .select(['auth_tokens.session_id', 'auth_tokens.expires_at', 'sessions.user_id', 'sessions.revoked_at'])
    .where('auth_tokens.token_hash', '=', hashToken(accessToken))
    .where('auth_tokens.kind', '=', 'access')
    .executeTakeFirst();
  if (!row || row.revoked_at) throw new AppError('unauthenticated', 'unknown or revoked access token');
  if (Date.parse(row.expires_at) <= now.getTime()) throw new AppError('token_expired', 'access token expired');
  const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
  if (!user) throw new AppError('unauthenticated', 'account no longer exists');
  return { user, sessionId: row.session_id };
}
