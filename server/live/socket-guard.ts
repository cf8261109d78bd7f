/**
 * Who may still receive a live socket's frames. A socket is authenticated when it opens, but
 * a session can end (logout, refresh-token reuse, revocation), its access token can expire and
 * the user can lose access while it stays open; so before every frame the sockets about to
 * receive it are checked against the database, each in one batched query, and those that
 * fail are closed with a named code (shared/live-close.ts). Session events close them at once,
 * a timer closes each at its token's expiry, and the heartbeat re-checks all of them (a change
 * made by another process, e.g. the CLI, sends no event).
 */
import type { WebSocket } from 'ws';
import { LIVE_CLOSE, type LiveCloseCode } from '../../shared/live-close';
import { hashToken } from '../auth/sessions';
import { onSessionEvent, type SessionEvent } from '../auth/session-events';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';

/** The session and the token a socket was opened with. */
export interface SocketSession {
  sessionId: string;
  userId: string;
  /** When the access token the socket opened with expires (ms since epoch). */
  tokenExpiresAt: number;
}

export interface GuardedSocket {
  socket: WebSocket;
  session: SocketSession;
  /** The account as of the latest check (role and organisation may change while open). */
  user: UserRow;
}

/** Longest a timer waits in one go (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** SQLite's bound on host parameters is far above this; it keeps each statement small. */
const CHUNK = 500;

/** The session behind an authenticated upgrade request, with its token's expiry. */
export async function socketSession(db: Db, accessToken: string, sessionId: string, userId: string): Promise<SocketSession> {
  const row = await db.selectFrom('auth_tokens').select('expires_at').where('token_hash', '=', hashToken(accessToken)).where('kind', '=', 'access').executeTakeFirst();
  // Authentication just succeeded; a token deleted since (rotated) counts as expired now.
  return { sessionId, userId, tokenExpiresAt: row ? Date.parse(row.expires_at) : 0 };
}

export function closeSocket(socket: WebSocket, code: LiveCloseCode, reason: string): void {
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
}

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

export class SocketGuard<T extends GuardedSocket> {
  private readonly items = new Set<T>();
  private readonly timers = new Map<T, NodeJS.Timeout>();
  private readonly offEvents: () => void;

  /**
   * `recheck` decides again for the given sockets (a session event concerned them, or the
   * heartbeat): it usually calls `admit` and then any check of its own.
   */
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly recheck: (items: T[]) => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {
    this.offEvents = onSessionEvent((e) => this.onEvent(e));
  }

  add(item: T): void {
    this.items.add(item);
    this.arm(item);
  }

  delete(item: T): void {
    this.items.delete(item);
    const t = this.timers.get(item);
    if (t) clearTimeout(t);
    this.timers.delete(item);
  }

  /** Re-checks every socket (the heartbeat's tick). */
  sweep(): void {
    if (this.items.size) void this.recheck([...this.items]).catch(this.onError);
  }

  /**
   * The sockets among `items` whose session is still alive, whose token has not expired and
   * whose account still exists (their `user` refreshed from the database); the others are
   * closed and forgotten.
   */
  async admit(items: readonly T[]): Promise<T[]> {
    if (items.length === 0) return [];
    const sessionIds = [...new Set(items.map((i) => i.session.sessionId))];
    const userIds = [...new Set(items.map((i) => i.session.userId))];
    const sessions = new Map<string, string | null>();
    const users = new Map<string, UserRow>();
    for (const ids of chunks(sessionIds))
      for (const r of await this.db.selectFrom('sessions').select(['id', 'revoked_at']).where('id', 'in', ids).execute()) sessions.set(r.id, r.revoked_at);
    for (const ids of chunks(userIds)) for (const u of await this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute()) users.set(u.id, u);
    const now = this.now().getTime();
    const ok: T[] = [];
    for (const item of items) {
      const revoked = sessions.get(item.session.sessionId);
      const user = users.get(item.session.userId);
      if (revoked !== null || !user) this.close(item, LIVE_CLOSE.sessionEnded, 'session ended');
      else if (item.session.tokenExpiresAt <= now) this.close(item, LIVE_CLOSE.tokenExpired, 'token expired');
      else {
        item.user = user;
        ok.push(item);
      }
    }
    return ok;
  }

  close(item: T, code: LiveCloseCode, reason: string): void {
    this.delete(item);
    closeSocket(item.socket, code, reason);
  }

  stop(): void {
    this.offEvents();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.items.clear();
  }

  private onEvent(e: SessionEvent): void {
    const hit =
      e.kind === 'sessionsEnded'
        ? [...this.items].filter((i) => e.sessionIds.includes(i.session.sessionId))
        : e.kind === 'userAccessChanged'
          ? [...this.items].filter((i) => i.session.userId === e.userId)
          : [...this.items];
    if (hit.length) void this.recheck(hit).catch(this.onError);
  }

  /** Closes the socket when its token expires by the server's clock (re-armed if the clock is behind). */
  private arm(item: T): void {
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, item.session.tokenExpiresAt - this.now().getTime()));
    const t = setTimeout(() => {
      this.timers.delete(item);
      if (!this.items.has(item)) return;
      if (this.now().getTime() < item.session.tokenExpiresAt) this.arm(item);
      else this.close(item, LIVE_CLOSE.tokenExpired, 'token expired');
    }, delay);
    t.unref();
    this.timers.set(item, t);
  }
}
