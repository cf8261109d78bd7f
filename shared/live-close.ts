/**
 * Close codes of the two live sockets (`/api/live` and `/api/live/meetings/:id`). The server
 * closes a socket with one of these the moment its user may no longer receive its frames;
 * the client decides from the code whether to come back.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const LIVE_CLOSE = {
  /** Signed out, the session was revoked (e.g. a refresh token was reused) or the account is gone: stay down. */
  sessionEnded: 4401,
  /** The user may no longer see this meeting (removed from it, role changed): stay down. */
  forbidden: 4403,
  /** The meeting does not exist or was never visible to this user: stay down. */
  notFound: 4404,
  /** The access token the socket opened with has expired: refresh it and reconnect. */
  tokenExpired: 4419,
} as const;

export type LiveCloseCode = (typeof LIVE_CLOSE)[keyof typeof LIVE_CLOSE];

/** Why a live socket stopped for good, as the client reports it to the UI. */
export const LiveEndReason = lazySchema(() => z.enum(['session_ended', 'forbidden', 'not_found']));
export type LiveEndReason = z.infer<typeof LiveEndReason>;

export function liveEndReason(code: number): LiveEndReason | undefined {
  if (code === LIVE_CLOSE.sessionEnded) return 'session_ended';
  if (code === LIVE_CLOSE.forbidden) return 'forbidden';
  if (code === LIVE_CLOSE.notFound) return 'not_found';
  return undefined;
}
