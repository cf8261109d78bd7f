/**
 * In-process notice that sessions ended or a user's access changed, so open live sockets
 * close at once instead of at their next frame. Listeners re-check against the database, so
 * a notice is only a hint: a spurious one costs a query, a missed one is caught at the next
 * frame or heartbeat. Another process writing the database (the CLI) is noticed by
 * `db/outside-writes.ts`, which sends `anyAccessMayHaveChanged`.
 */
export type SessionEvent =
  | { kind: 'sessionsEnded'; sessionIds: readonly string[] }
  | { kind: 'userAccessChanged'; userId: string }
  | { kind: 'anyAccessMayHaveChanged' };

const listeners = new Set<(e: SessionEvent) => void>();

/** Subscribes to session events; returns the unsubscribe. */
export function onSessionEvent(listener: (e: SessionEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(e: SessionEvent): void {
  for (const l of [...listeners]) {
    try {
      l(e);
    } catch {
      // A listener's failure must not stop a logout; its sockets are re-checked at the next frame.
    }
  }
}

/** Call after these sessions were revoked (logout, refresh-token reuse, device revoked). */
export function sessionsEnded(sessionIds: readonly string[]): void {
  if (sessionIds.length > 0) emit({ kind: 'sessionsEnded', sessionIds });
}

/** Call when anything may have changed without a notice of its own (another process wrote the database). */
export function anyAccessMayHaveChanged(): void {
  emit({ kind: 'anyAccessMayHaveChanged' });
}

/** Call after a user's access changed (disabled, role changed, removed from meetings). */
export function userAccessChanged(userId: string): void {
  emit({ kind: 'userAccessChanged', userId });
}
