/**
 * What the administrator does to accounts and devices: disable/enable an account, list its
 * sessions (devices), revoke one or all. Used by the admin HTTP routes and the `ecabinet user`
 * command alike; every change is audited. Ending sessions is a database state the auth checks
 * read (server/auth/sessions.ts `endSessions`); the callers close live sockets of the ids returned.
 */
import type { AdminUser, DeviceSession } from '../../shared/admin';
import { AppError } from '../../shared/errors';
import { DEFAULT_SESSION_LIFETIME_SECONDS, endSessions } from '../auth/sessions';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/open';
import type { SessionsTable, UserRow } from '../db/schema';
import type { Selectable } from 'kysely';
import { toUserProfile } from '../sync/rows';

async function activeCounts(db: Db, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('sessions')
    .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', 'in', userIds)
    .where('revoked_at', 'is', null)
    .groupBy('user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

const toAdminUser = (u: UserRow, active: number): AdminUser => ({ ...toUserProfile(u), disabledAt: u.disabled_at, activeSessions: active });

export async function listAccounts(db: Db, orgId: string): Promise<AdminUser[]> {
  const users = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('username').execute();
  const counts = await activeCounts(db, users.map((u) => u.id));
  return users.map((u) => toAdminUser(u, counts.get(u.id) ?? 0));
}

/** The account, in the given organisation (or any, for the command line). */
export async function accountOf(db: Db, who: { id: string } | { username: string }, orgId?: string): Promise<UserRow> {
  let q = db.selectFrom('users').selectAll();
  q = 'id' in who ? q.where('id', '=', who.id) : q.where('username', '=', who.username.trim().toLowerCase());
  if (orgId) q = q.where('org_id', '=', orgId);
  const user = await q.executeTakeFirst();
  if (!user) throw new AppError('not_found', 'no such account');
  return user;
}

export async function adminUser(db: Db, user: UserRow): Promise<AdminUser> {
  return toAdminUser(user, (await activeCounts(db, [user.id])).get(user.id) ?? 0);
}

const REASONS = ['logout', 'reuse', 'admin', 'disabled'] as const;
const plusSeconds = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();

function toDeviceSession(s: Selectable<SessionsTable>, lifetimeSeconds: number): DeviceSession {
  return {
    id: s.id,
    deviceName: s.device_name,
    platform: s.platform,
    createdAt: s.created_at,
    lastSeenAt: s.last_used_at,
    address: s.last_address,
    expiresAt: s.expires_at ?? plusSeconds(s.created_at, lifetimeSeconds),
    revokedAt: s.revoked_at,
    revokedReason: (REASONS as readonly string[]).includes(s.revoked_reason ?? '') ? (s.revoked_reason as DeviceSession['revokedReason']) : s.revoked_at ? 'logout' : null,
  };
}

/** The account's devices, newest sign-in first; open ones before ended ones. */
export async function listDeviceSessions(db: Db, userId: string, lifetimeSeconds = DEFAULT_SESSION_LIFETIME_SECONDS): Promise<DeviceSession[]> {
  const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  const all = rows.map((r) => toDeviceSession(r, lifetimeSeconds));
  return [...all.filter((s) => !s.revokedAt), ...all.filter((s) => s.revokedAt)];
}

/**
 * Disables (every session ends, the devices wipe on next contact) or enables an account.
 * Returns the ended session ids. An administrator cannot disable himself (nobody would be left
 * to undo it from the app).
 */
export async function setAccountDisabled(
  db: Db,
  user: UserRow,
  disabled: boolean,
  actorId: string | null,
  now: Date,
): Promise<{ user: AdminUser; endedSessions: string[] }> {
  if (disabled && actorId === user.id) throw new AppError('forbidden', 'an administrator cannot disable his own account');
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const disabledAt = disabled ? (user.disabled_at ?? nowIso) : null;
    await trx.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', user.id).execute();
    let ended: string[] = [];
    if (disabled) {
      const open = await trx.selectFrom('sessions').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
      ended = await endSessions(trx, open.map((s) => s.id), 'disabled', now);
    }
    if ((user.disabled_at !== null) !== disabled)
      await recordAudit(trx, {
        userId: actorId,
        action: disabled ? 'user.disable' : 'user.enable',
        entity: 'user',
        entityId: user.id,
        before: { disabledAt: user.disabled_at },
        after: { disabledAt, endedSessions: ended.length },
        at: nowIso,
      });
    const fresh = await trx.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    return { user: await adminUser(trx, fresh), endedSessions: ended };
  });
}

/** Revokes one device of the account, or all of them; the devices wipe on their next contact. */
export async function revokeDeviceSessions(
  db: Db,
  user: UserRow,
  which: { sessionId: string } | { all: true },
  actorId: string | null,
  now: Date,
): Promise<string[]> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('sessions').select(['id', 'device_name']).where('user_id', '=', user.id);
    if ('sessionId' in which) q = q.where('id', '=', which.sessionId);
    const target = await q.execute();
    if ('sessionId' in which && target.length === 0) throw new AppError('not_found', 'no such session for this account');
    const ended = await endSessions(trx, target.map((s) => s.id), 'admin', now);
    for (const id of ended)
      await recordAudit(trx, {
        userId: actorId,
        action: 'session.revoke',
        entity: 'session',
        entityId: id,
        after: { userId: user.id, username: user.username, deviceName: target.find((t) => t.id === id)?.device_name ?? '' },
        at: nowIso,
      });
    return ended;
  });
}
