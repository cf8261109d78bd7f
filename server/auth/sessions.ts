import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenResponse } from '../../shared/api';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { toOrganization, toUserProfile } from '../sync/rows';
import { withMemberships } from '../organisations/membership';
import { dummyPasswordHash, needsRehash, verifyPassword, type PasswordHashing } from './password';
import { rehash } from './rehash';
import { sessionsEnded } from './session-events';

export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
export const DEFAULT_ACCESS_TTL_SECONDS = 15 * 60;
/** A session ends this long after sign-in however often it refreshes: a lost device does not stay signed in for ever. */
export const DEFAULT_SESSION_LIFETIME_SECONDS = 30 * 24 * 3600;
/** "Last seen" is written at most this often per session, not on every request. */
const LAST_SEEN_EVERY_MS = 60_000;

export interface AuthConfig {
  accessTokenTtlSeconds: number;
  /** Absolute session lifetime from sign-in (default 30 days). */
  sessionLifetimeSeconds?: number;
  now: () => Date;
  /** scrypt cost of new and rehashed passwords (default `SCRYPT_PARAMS`). */
  passwordHashing?: PasswordHashing;
}

/**
 * Why a session ended. `admin` (revoked device) and `disabled` (account disabled) tell the
 * device to wipe what it holds of the account; `logout` and `reuse` only sign it out.
 */
export type SessionEndReason = 'logout' | 'reuse' | 'admin' | 'disabled';
const WIPE_REASONS: readonly string[] = ['admin', 'disabled'] satisfies SessionEndReason[];

/** Who is calling: the account row and the session his token belongs to. */
export interface AuthContext {
  user: UserRow;
  sessionId: string;
}

const newToken = () => randomBytes(32).toString('base64url');
/** Tokens are stored only as their SHA-256: a database leak yields no usable token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000).toISOString();

const lifetimeOf = (cfg: AuthConfig) => cfg.sessionLifetimeSeconds ?? DEFAULT_SESSION_LIFETIME_SECONDS;
const earliest = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);

/** The absolute end of a session (sessions from before it was stored: sign-in + lifetime). */
function sessionEnd(s: { created_at: string; expires_at: string | null }, cfg: AuthConfig): string {
  return s.expires_at ?? plus(new Date(s.created_at), lifetimeOf(cfg));
}

async function issueTokens(db: Db, user: UserRow, sessionId: string, sessionEndsAt: string, cfg: AuthConfig): Promise<TokenResponse> {
  const now = cfg.now();
  const accessToken = newToken();
  const refreshToken = newToken();
  const accessExpiresAt = earliest(plus(now, cfg.accessTokenTtlSeconds), sessionEndsAt);
  await db
    .insertInto('auth_tokens')
    .values([
      { token_hash: hashToken(accessToken), session_id: sessionId, kind: 'access', expires_at: accessExpiresAt, used_at: null },
      {
        token_hash: hashToken(refreshToken),
        session_id: sessionId,
        kind: 'refresh',
        expires_at: earliest(plus(now, REFRESH_TTL_SECONDS), sessionEndsAt),
        used_at: null,
      },
    ])
    .execute();
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', user.org_id).executeTakeFirstOrThrow();
  const [profile] = await withMemberships(db, [toUserProfile(user)], null);
  return { accessToken, refreshToken, accessExpiresAt, user: profile, organization: toOrganization(org) };
}

export async function login(
  db: Db,
  req: { username: string; password: string; deviceName?: string; platform?: string; address?: string },
  cfg: AuthConfig,
): Promise<TokenResponse> {
  const now = cfg.now();
  const user = await db.selectFrom('users').selectAll().where('username', '=', req.username.trim().toLowerCase()).executeTakeFirst();
  // One path for both: an unknown username is checked against a dummy hash, so it costs the
  // same work and gets the same answer as a wrong password. Repeated failures are throttled
  // per (account, address) by the route, never by locking the account.
  const ok = await verifyPassword(req.password, user?.password_hash ?? (await dummyPasswordHash(cfg.passwordHashing)));
  if (!user || !ok) throw new AppError('invalid_credentials', 'invalid username or password');
  if (needsRehash(user.password_hash, cfg.passwordHashing)) await rehash(db, user.id, req.password, cfg.passwordHashing);

  // Told only after the right password: a guesser learns nothing about the account.
  if (user.disabled_at) throw new AppError('account_disabled', 'account disabled by the administrator');
  const sessionId = randomUUID();
  const endsAt = plus(now, lifetimeOf(cfg));
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: user.id,
      device_name: (req.deviceName ?? '').slice(0, 200),
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
      revoked_at: null,
      platform: (req.platform ?? '').slice(0, 100),
      last_address: (req.address ?? '').slice(0, 100),
      expires_at: endsAt,
    })
    .execute();
  return issueTokens(db, user, sessionId, endsAt, cfg);
}

/**
 * Swaps a refresh token for a fresh pair. Each refresh token works once: presenting a used
 * one means it was copied, so the whole session is revoked.
 */
export async function refresh(db: Db, refreshToken: string, cfg: AuthConfig, address?: string): Promise<TokenResponse> {
  const now = cfg.now();
  const hash = hashToken(refreshToken);
  const row = await db
    .selectFrom('auth_tokens')
    .innerJoin('sessions', 'sessions.id', 'auth_tokens.session_id')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'auth_tokens.session_id',
      'auth_tokens.expires_at',
      'auth_tokens.used_at',
      'sessions.user_id',
      'sessions.revoked_at',
      'sessions.revoked_reason',
      'sessions.created_at',
      'sessions.expires_at as session_expires_at',
      'users.disabled_at',
    ])
    .where('auth_tokens.token_hash', '=', hash)
    .where('auth_tokens.kind', '=', 'refresh')
    .executeTakeFirst();
  if (!row) throw new AppError('unauthenticated', 'unknown or revoked refresh token');
  refuseEnded(row);
  if (row.used_at) {
    await revokeSession(db, row.session_id, now, 'reuse');
    throw new AppError('unauthenticated', 'refresh token reused; session revoked');
  }
  const endsAt = sessionEnd({ created_at: row.created_at, expires_at: row.session_expires_at }, cfg);
  if (Date.parse(endsAt) <= now.getTime()) throw new AppError('session_expired', 'session lifetime over; sign in again');
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
  await db
    .updateTable('sessions')
    .set({ last_used_at: now.toISOString(), ...(address ? { last_address: address.slice(0, 100) } : {}) })
    .where('id', '=', row.session_id)
    .execute();
  const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
  return issueTokens(db, user, row.session_id, endsAt, cfg);
}

/**
 * A revoked session or a disabled account answers `device_revoked` when an administrator did it
 * (the device then wipes its cache), `unauthenticated` after a logout or a stolen-token reuse.
 */
function refuseEnded(row: { revoked_at: string | null; revoked_reason: string | null; disabled_at: string | null }): void {
  if (row.disabled_at || (row.revoked_at && WIPE_REASONS.includes(row.revoked_reason ?? '')))
    throw new AppError('device_revoked', 'this device was signed out by the administrator');
  if (row.revoked_at) throw new AppError('unauthenticated', 'session revoked');
}

/** Signs one session out (logout, reuse of a refresh token): its access tokens die at once. */
export async function revokeSession(db: Db, sessionId: string, now: Date, reason: SessionEndReason = 'logout'): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now.toISOString(), revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
  await db.deleteFrom('auth_tokens').where('session_id', '=', sessionId).where('kind', '=', 'access').execute();
  sessionsEnded([sessionId]);
}

/**
 * Ends sessions for good (an administrator revoking devices, an account being disabled). The
 * tokens stay stored so that the device's next request is answered `device_revoked` and it
 * wipes its cache; every auth check reads this state. Returns the ids that were still open:
 * the caller closes their live sockets.
 */
export async function endSessions(db: Db, sessionIds: readonly string[], reason: Extract<SessionEndReason, 'admin' | 'disabled'>, now: Date): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const ended = await db
    .updateTable('sessions')
    .set({ revoked_at: now.toISOString(), revoked_reason: reason })
    .where('id', 'in', [...sessionIds])
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  const ids = ended.map((r) => r.id);
  // Their open live sockets close at once, not only at their next frame.
  sessionsEnded(ids);
  return ids;
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
export async function authenticate(db: Db, accessToken: string, now: Date, address?: string): Promise<AuthContext> {
  const row = await db
    .selectFrom('auth_tokens')
    .innerJoin('sessions', 'sessions.id', 'auth_tokens.session_id')
    .select([
      'auth_tokens.session_id',
      'auth_tokens.expires_at',
      'sessions.user_id',
      'sessions.revoked_at',
      'sessions.revoked_reason',
      'sessions.last_used_at',
      'sessions.last_address',
    ])
    .where('auth_tokens.token_hash', '=', hashToken(accessToken))
    .where('auth_tokens.kind', '=', 'access')
    .executeTakeFirst();
  if (!row) throw new AppError('unauthenticated', 'unknown or revoked access token');
  const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
  if (!user) throw new AppError('unauthenticated', 'account no longer exists');
  refuseEnded({ ...row, disabled_at: user.disabled_at });
  if (Date.parse(row.expires_at) <= now.getTime()) throw new AppError('token_expired', 'access token expired');
  if (now.getTime() - Date.parse(row.last_used_at) >= LAST_SEEN_EVERY_MS || (address && address !== row.last_address))
    await db
      .updateTable('sessions')
      .set({ last_used_at: now.toISOString(), ...(address ? { last_address: address.slice(0, 100) } : {}) })
      .where('id', '=', row.session_id)
      .execute();
  return { user, sessionId: row.session_id };
}
