/**
 * The administrator's HTTP contract: accounts (enable/disable), their signed-in devices
 * (list, revoke) and the organisation's retention policy. Only the `admin` role may call it.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { UserProfile } from './entities';
import { Id, Instant } from './ids';
import { RetentionPolicy } from './rules/retention';

export const AdminUser = lazySchema(() => UserProfile.extend({
  /** When the administrator disabled the account; null while it may sign in. */
  disabledAt: Instant.nullable(),
  /** Devices currently signed in. */
  activeSessions: z.number().int().min(0),
}));
export type AdminUser = z.infer<typeof AdminUser>;

export const AdminUsersResponse = lazySchema(() => z.object({ users: z.array(AdminUser) }));
export type AdminUsersResponse = z.infer<typeof AdminUsersResponse>;

/** One signed-in device of an account, as its sign-in described it. */
export const DeviceSession = lazySchema(() => z.object({
  id: Id,
  deviceName: z.string(),
  platform: z.string(),
  createdAt: Instant,
  lastSeenAt: Instant,
  /** Network address it was last seen from. */
  address: z.string(),
  /** Absolute end of the session, whatever the refreshes. */
  expiresAt: Instant,
  revokedAt: Instant.nullable(),
  /** Why it ended: logout, reuse (stolen refresh token), admin (revoked), disabled (account). */
  revokedReason: z.enum(['logout', 'reuse', 'admin', 'disabled']).nullable(),
}));
export type DeviceSession = z.infer<typeof DeviceSession>;

export const UserSessionsResponse = lazySchema(() => z.object({ user: AdminUser, sessions: z.array(DeviceSession) }));
export type UserSessionsResponse = z.infer<typeof UserSessionsResponse>;

export const AdminUserParams = lazySchema(() => z.object({ userId: Id }));

export const SetUserDisabledRequest = lazySchema(() => z.object({ disabled: z.boolean() }));
export type SetUserDisabledRequest = z.infer<typeof SetUserDisabledRequest>;

/** One device (`sessionId`) or every device of the account (`all`). */
export const RevokeSessionsRequest = lazySchema(() => z.union([
  z.object({ sessionId: Id }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]));
export type RevokeSessionsRequest = z.infer<typeof RevokeSessionsRequest>;

export const RevokeSessionsResponse = lazySchema(() => z.object({ revoked: z.array(Id) }));
export type RevokeSessionsResponse = z.infer<typeof RevokeSessionsResponse>;

export const RetentionPolicyResponse = lazySchema(() => z.object({ policy: RetentionPolicy }));

export const ADMIN_PATHS = {
  users: '/api/admin/users',
  userDisabled: (userId: string) => `/api/admin/users/${userId}/disabled`,
  userSessions: (userId: string) => `/api/admin/users/${userId}/sessions`,
  revokeSessions: (userId: string) => `/api/admin/users/${userId}/sessions/revoke`,
  retention: '/api/admin/retention',
} as const;
