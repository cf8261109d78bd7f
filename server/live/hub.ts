/**
 * Live pokes: after each commit that appends change-log rows, every connected socket whose
 * user may see the changed scope gets {type:'poke', scope, seq} and answers by pulling.
 */
import type { WebSocket } from 'ws';
import type { LiveMessage } from '../../shared/api';
import type { Db } from '../db/open';
import { parseScope, scopeVisible, visibleMeetingIds, type Viewer } from '../sync/access';
import type { LoggedChange } from '../sync/changelog';

interface Client {
  socket: WebSocket;
  viewer: Viewer;
  sessionId: string;
  alive: boolean;
}

export const HEARTBEAT_MS = 30_000;

export class LiveHub {
  private readonly clients = new Set<Client>();
  /** Other live channels (the meeting state socket) that follow committed changes. */
  private readonly listeners = new Set<(changes: readonly LoggedChange[]) => void>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly onError: (e: unknown) => void = () => {},
    heartbeatMs = HEARTBEAT_MS,
  ) {
    // A socket that did not answer the previous ping is dead (e.g. laptop lid closed).
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) {
        if (!c.alive) {
          c.socket.terminate();
          this.clients.delete(c);
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  add(socket: WebSocket, viewer: Viewer, sessionId: string, seq: number): void {
    const client: Client = { socket, viewer, sessionId, alive: true };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    // Clients only listen; anything they send is ignored.
    this.send(client, { type: 'hello', seq });
  }

  /** Calls `listener` with every batch of committed changes; returns the unsubscribe. */
  onNotify(listener: (changes: readonly LoggedChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the sockets of a session that signed out. */
  closeSession(sessionId: string): void {
    for (const c of this.clients) if (c.sessionId === sessionId) c.socket.close(4401, 'signed out');
  }

  /** Pokes, per socket, each changed scope it may see (one poke per scope, newest seq). */
  notify(changes: readonly LoggedChange[]): void {
    if (changes.length > 0) for (const l of this.listeners) l(changes);
    if (changes.length === 0 || this.clients.size === 0) return;
    const newest = new Map<string, number>();
    for (const c of changes) newest.set(c.scope, Math.max(newest.get(c.scope) ?? 0, c.seq));
    void this.deliver(newest).catch(this.onError);
  }

  private async deliver(newest: Map<string, number>): Promise<void> {
    const meetingIds = [...newest.keys()].map(parseScope).filter((s) => s?.kind === 'meeting').map((s) => s!.id);
    for (const c of [...this.clients]) {
      const visible = meetingIds.length ? await visibleMeetingIds(this.db, c.viewer, meetingIds) : new Set<string>();
      for (const [scope, seq] of newest) {
        const ok = scopeVisible(c.viewer, scope, visible);
        if (ok) this.send(c, { type: 'poke', scope, seq });
      }
    }
  }

  private send(c: Client, msg: LiveMessage): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(msg));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.socket.terminate();
    this.clients.clear();
  }
}
