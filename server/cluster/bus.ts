/**
 * What one server instance tells the others that share its PostgreSQL database, so that a client
 * sees the same thing whichever instance its sockets reached: committed change-log scopes (the
 * pokes of `/api/live`), meetings whose live state changed (each instance rebuilds the state of
 * the meetings its own sockets watch, from the database), and votes opened with a deadline (each
 * instance arms a timer). PostgreSQL's LISTEN/NOTIFY carries them, no other broker.
 *
 * Events are small on purpose (a NOTIFY payload is at most 8000 bytes): ids and sequence
 * numbers, never rows or states; events of one event-loop turn share one notice, split into as
 * many as the limit needs, sent one after another in the order they were published. A notice
 * is delivered only after its sender's commit (the events are published after it), to every
 * listener, the sender included, which skips its own.
 *
 * SQLite is one instance: its bus carries nothing.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DatabaseOption } from '../db/dialect';
import type { Db } from '../db/open';
import { listenOn } from './listen-connection';

export const CLUSTER_CHANNEL = 'ecabinet_cluster';

/** Below PostgreSQL's 8000-byte payload limit, with room for the envelope. */
export const MAX_NOTICE_BYTES = 7_800;

/** How long the listening connection waits before coming back after a drop. */
const RELISTEN_MS = 1_000;

export interface ClusterEvents {
  /** Newest committed seq per change-log scope. */
  pokes: Map<string, number>;
  /** Meetings whose live state changed. */
  meetings: Set<string>;
  /** Votes opened with a deadline: id → closes_at. */
  deadlines: Map<string, string>;
}

export interface ClusterListener {
  events(e: ClusterEvents): void;
  /** The bus was cut for a while: events may have been lost, refresh everything. */
  missed(): void;
}

export interface ClusterBus {
  /** Whether other instances may exist (PostgreSQL). */
  readonly shared: boolean;
  readonly instanceId: string;
  poke(scope: string, seq: number): void;
  meetingChanged(meetingId: string): void;
  voteDeadline(voteId: string, closesAt: string): void;
  subscribe(listener: ClusterListener): () => void;
  /** Sends what is pending, then stops listening. */
  close(): Promise<void>;
}

type Item = ['p', string, number] | ['m', string] | ['v', string, string];

const emptyEvents = (): ClusterEvents => ({ pokes: new Map(), meetings: new Set(), deadlines: new Map() });

/** Packs items into payloads of at most `max` bytes each (JSON: {"i":instance,"e":[items]}). */
export function packNotices(instanceId: string, items: readonly Item[], max = MAX_NOTICE_BYTES): string[] {
  const head = `{"i":${JSON.stringify(instanceId)},"e":[`;
  const out: string[] = [];
  let body: string[] = [];
  let size = Buffer.byteLength(head) + 2;
  for (const item of items) {
    const s = JSON.stringify(item);
    const n = Buffer.byteLength(s) + 1;
    if (body.length && size + n > max) {
      out.push(`${head}${body.join(',')}]}`);
      body = [];
      size = Buffer.byteLength(head) + 2;
    }
    body.push(s);
    size += n;
  }
  if (body.length) out.push(`${head}${body.join(',')}]}`);
  return out;
}

/** The events of a notice sent by another instance; null for this instance's own or a foreign payload. */
export function readNotice(instanceId: string, payload: string): ClusterEvents | null {
  let parsed: { i?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(payload) as typeof parsed;
  } catch {
    return null;
  }
  if (parsed.i === instanceId || !Array.isArray(parsed.e)) return null;
  const e = emptyEvents();
  for (const item of parsed.e as unknown[]) {
    if (!Array.isArray(item)) continue;
    const [kind, a, b] = item as [unknown, unknown, unknown];
    if (typeof a !== 'string') continue;
    if (kind === 'p' && typeof b === 'number') e.pokes.set(a, Math.max(e.pokes.get(a) ?? 0, b));
    else if (kind === 'm') e.meetings.add(a);
    else if (kind === 'v' && typeof b === 'string') e.deadlines.set(a, b);
  }
  return e;
}

/** The bus of one instance alone (SQLite): nothing to tell anyone. */
export function soloBus(): ClusterBus {
  return {
    shared: false,
    instanceId: randomUUID(),
    poke: () => {},
    meetingChanged: () => {},
    voteDeadline: () => {},
    subscribe: () => () => {},
    close: async () => {},
  };
}

class PostgresBus implements ClusterBus {
  readonly shared = true;
  readonly instanceId = randomUUID();
  private readonly listeners = new Set<ClusterListener>();
  private pending = emptyEvents();
  private scheduled = false;
  /** Notices go out one after another: the order of publishing is the order of delivery. */
  private sending: Promise<void> = Promise.resolve();
  private readonly stopListening: () => Promise<void>;

  constructor(private readonly db: Db, url: string, private readonly onError: (e: unknown) => void) {
    this.stopListening = listenOn(
      url,
      CLUSTER_CHANNEL,
      {
        notice: (payload) => {
          const e = readNotice(this.instanceId, payload);
          if (e) for (const l of this.listeners) this.safely(() => l.events(e));
        },
        missed: () => {
          for (const l of this.listeners) this.safely(() => l.missed());
        },
        error: onError,
      },
      RELISTEN_MS,
    );
  }

  private safely(f: () => void): void {
    try {
      f();
    } catch (e) {
      this.onError(e);
    }
  }

  poke(scope: string, seq: number): void {
    this.pending.pokes.set(scope, Math.max(this.pending.pokes.get(scope) ?? 0, seq));
    this.schedule();
  }

  meetingChanged(meetingId: string): void {
    this.pending.meetings.add(meetingId);
    this.schedule();
  }

  voteDeadline(voteId: string, closesAt: string): void {
    this.pending.deadlines.set(voteId, closesAt);
    this.schedule();
  }

  subscribe(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A burst (ballots, a push touching many scopes) becomes one notice per turn of the event loop. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.sending = this.sending.then(() => this.send()).catch(this.onError);
    });
  }

  private async send(): Promise<void> {
    const e = this.pending;
    this.pending = emptyEvents();
    const items: Item[] = [
      ...[...e.deadlines].map(([id, at]): Item => ['v', id, at]),
      ...[...e.pokes].map(([scope, seq]): Item => ['p', scope, seq]),
      ...[...e.meetings].map((id): Item => ['m', id]),
    ];
    for (const payload of packNotices(this.instanceId, items)) await sql`SELECT pg_notify(${CLUSTER_CHANNEL}, ${payload})`.execute(this.db);
  }

  async close(): Promise<void> {
    if (this.scheduled) await new Promise((r) => setImmediate(r));
    await this.sending;
    this.listeners.clear();
    await this.stopListening();
  }
}

export function clusterBus(db: Db, database: DatabaseOption | undefined, onError: (e: unknown) => void): ClusterBus {
  return database?.kind === 'postgres' ? new PostgresBus(db, database.url, onError) : soloBus();
}
