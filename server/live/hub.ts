/**
 * Live pokes: after each commit that appends change-log rows, every connected socket whose
 * user may see the changed scope gets {type:'poke', scope, seq} and answers by pulling.
 * Who may see is decided per poke, from the session and account as they are in the database
 * then (socket-guard.ts), not as they were when the socket opened. With several instances on one
 * PostgreSQL database, the scopes an instance commits reach the others over the cluster bus,
 * and each pokes its own sockets.
 */
import type { WebSocket } from 'ws';
import type { LiveMessage } from '../../shared/api';
import { LIVE_CLOSE } from '../../shared/live-close';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { parseScope, scopeVisible, viewerOf } from '../sync/access';
import { membershipsOfEach } from '../organisations/membership';
import { visibleMeetingsOfEach } from './poke-audience';
import { currentSeq, type LoggedChange } from '../sync/changelog';
import type { ClusterBus } from '../cluster';
import { SocketGuard, type GuardedSocket, type SocketSession } from './socket-guard';

interface Client extends GuardedSocket {
  alive: boolean;
}

export const HEARTBEAT_MS = 30_000;

export class LiveHub {
  private readonly clients = new Set<Client>();
  /** Other live channels (the meeting state socket) that follow committed changes. */
  private readonly listeners = new Set<(changes: readonly LoggedChange[]) => void>();
  private readonly tickListeners = new Set<() => void>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly guard: SocketGuard<Client>;
  /** Deliveries run one after another: pokes reach each socket in commit order. */
  private delivering: Promise<void> = Promise.resolve();
  private readonly offBus: () => void;

  constructor(
    private readonly db: Db,
    private readonly onError: (e: unknown) => void = () => {},
    heartbeatMs = HEARTBEAT_MS,
    now: () => Date = () => new Date(),
    private readonly bus?: ClusterBus,
  ) {
    this.offBus =
      bus?.subscribe({
        events: (e) => {
          if (e.pokes.size) this.enqueue(e.pokes);
        },
        // Pokes may have been lost: every client pulls once (a pull from its cursor is cheap when nothing is new).
        missed: () => void this.pokeEveryone().catch(onError),
      }) ?? (() => {});
    this.guard = new SocketGuard<Client>(db, now, async (cs) => void (await this.guard.admit(cs)), onError);
    // A socket that did not answer the previous ping is dead (e.g. laptop lid closed).
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) {
        if (!c.alive) {
          c.socket.terminate();
          this.drop(c);
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
      this.guard.sweep();
      for (const l of this.tickListeners) l();
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  add(socket: WebSocket, user: UserRow, session: SocketSession, seq: number): void {
    const client: Client = { socket, user, session, alive: true };
    this.clients.add(client);
    this.guard.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.drop(client));
    socket.on('error', () => this.drop(client));
    // Clients only listen; anything they send is ignored.
    this.send(client, { type: 'hello', seq });
  }

  private drop(c: Client): void {
    this.clients.delete(c);
    this.guard.delete(c);
  }

  /** Calls `listener` with every batch of committed changes; returns the unsubscribe. */
  onNotify(listener: (changes: readonly LoggedChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` on every heartbeat tick (other sockets re-check their sessions then). */
  onHeartbeat(listener: () => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }

  /** Closes the sockets of a session that signed out. */
  closeSession(sessionId: string): void {
    for (const c of this.clients) if (c.session.sessionId === sessionId) this.guard.close(c, LIVE_CLOSE.sessionEnded, 'signed out');
  }

  /**
   * Pokes, per socket, each changed scope it may see (one poke per scope, newest seq), here and
   * on the other instances. Called after the commit of `changes`.
   */
  notify(changes: readonly LoggedChange[]): void {
    if (changes.length === 0) return;
    for (const l of this.listeners) l(changes);
    const newest = new Map<string, number>();
    for (const c of changes) newest.set(c.scope, Math.max(newest.get(c.scope) ?? 0, c.seq));
    if (this.bus) for (const [scope, seq] of newest) this.bus.poke(scope, seq);
    this.enqueue(newest);
  }

  private enqueue(newest: Map<string, number>): void {
    if (this.clients.size === 0) return;
    this.delivering = this.delivering.then(() => this.deliver(newest)).catch(this.onError);
  }

  private async pokeEveryone(): Promise<void> {
    if (this.clients.size === 0) return;
    const seq = await currentSeq(this.db);
    for (const c of await this.guard.admit([...this.clients])) this.send(c, { type: 'poke', scope: `user:${c.user.id}`, seq });
  }

  private async deliver(newest: Map<string, number>): Promise<void> {
    const meetingIds = [...newest.keys()].map(parseScope).filter((s) => s?.kind === 'meeting').map((s) => s!.id);
    const admitted = await this.guard.admit([...this.clients]);
    // The accounts as they are now: a changed role or removal from a meeting counts at once.
    // Every organisation each account belongs to, with his role in it.
    const memberships = await membershipsOfEach(this.db, [...new Map(admitted.map((c) => [c.user.id, c.user])).values()]);
    const viewersOf = (c: Client) => (memberships.get(c.user.id) ?? []).map((m) => viewerOf({ ...c.user, org_id: m.orgId, role: m.role }));
    const visible = await visibleMeetingsOfEach(this.db, admitted.flatMap(viewersOf), meetingIds);
    const none = new Set<string>();
    for (const c of admitted) {
      const viewers = viewersOf(c);
      const meetings = visible.get(c.user.id) ?? none;
      for (const [scope, seq] of newest) if (viewers.some((v) => scopeVisible(v, scope, meetings))) this.send(c, { type: 'poke', scope, seq });
    }
  }

  private send(c: Client, msg: LiveMessage): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(msg));
  }

  close(): void {
    this.offBus();
    clearInterval(this.heartbeat);
    this.guard.stop();
    for (const c of this.clients) c.socket.terminate();
    this.clients.clear();
  }
}
