/**
 * How long the server keeps what only exists for clients that are behind: change-log rows and
 * the answers of applied mutations.
 *
 * Change log: a client whose cursor is older than the oldest row kept gets 410 cursor_expired and
 * rebuilds from a snapshot (its outbox stays), so the horizon is a cost trade-off, not a safety
 * limit: 30 days by default.
 *
 * Applied mutation ids: a client resends a mutation until it reads the server's answer (the
 * answer of a push may be lost on the way back). The id must be remembered for as long as that
 * resend can come, or the resend would be applied a second time. A resend needs a signed-in
 * device: without the user typing his password again, only while the session that sent it lives
 * (its absolute lifetime from sign-in, `sessionLifetimeSeconds`, 30 days by default), plus one
 * access token's lifetime. The horizon is therefore never shorter than that, and by default three
 * times it (90 days), so that a device that is signed in again after its session ended, within
 * two further months, still gets its first answer. An update carries `baseRevision`, so even a
 * later resend of one is refused as stale rather than applied twice; the residual case is a
 * create sent from a device kept offline longer than the horizon whose answer was lost.
 */
import { DEFAULT_ACCESS_TTL_SECONDS, DEFAULT_SESSION_LIFETIME_SECONDS } from '../auth/sessions';

const DAY_MS = 24 * 3600 * 1000;

export interface HousekeepingPolicy {
  /** Change-log rows older than this are compacted away (410 for cursors before them). */
  changeLogRetentionMs: number;
  /** Applied mutation answers older than this are pruned (never less than `minimumMutationIdRetentionMs`). */
  mutationIdRetentionMs: number;
  /** How often the job runs, cluster-wide: an instance skips a run another did within this period. */
  intervalMs: number;
}

export const DEFAULT_HOUSEKEEPING: HousekeepingPolicy = {
  changeLogRetentionMs: 30 * DAY_MS,
  mutationIdRetentionMs: 90 * DAY_MS,
  intervalMs: 3600_000,
};

/** The shortest time a mutation's answer is kept: as long as the session that sent it can resend it. */
export function minimumMutationIdRetentionMs(auth: { sessionLifetimeSeconds?: number; accessTokenTtlSeconds?: number } = {}): number {
  return ((auth.sessionLifetimeSeconds ?? DEFAULT_SESSION_LIFETIME_SECONDS) + (auth.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TTL_SECONDS)) * 1000;
}

/** The policy with defaults filled in and the mutation-id horizon raised to its minimum. */
export function housekeepingPolicy(
  given: Partial<HousekeepingPolicy> = {},
  auth: { sessionLifetimeSeconds?: number; accessTokenTtlSeconds?: number } = {},
): HousekeepingPolicy {
  const p = { ...DEFAULT_HOUSEKEEPING, ...given };
  for (const [k, v] of Object.entries(p)) if (!(Number.isFinite(v) && v >= 0)) throw new Error(`housekeeping ${k} must be a non-negative number of milliseconds`);
  return { ...p, mutationIdRetentionMs: Math.max(p.mutationIdRetentionMs, minimumMutationIdRetentionMs(auth)) };
}
