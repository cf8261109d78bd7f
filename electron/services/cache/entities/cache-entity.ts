/**
 * How one synced entity lives in the desktop cache: which tables hold it, how a pulled change
 * is applied, and how its rows are read back (by the optimistic overlay's effects).
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import type { ChangeOf, EntityOf, SyncEntityName } from '../../../../shared/sync/entity-registry';

// Not CacheDb from open-cache: that module imports the migrations, which import the capabilities' rows.
export type CacheDb = Database.Database;

/** What applying a page touched, for change events and blob clean-up. */
export interface Touched {
  meetingIds: Set<string>;
  /** Blobs referenced by documents this page removed or replaced. */
  released: Set<string>;
}

export interface CacheEntity<N extends SyncEntityName> {
  /** Tables emptied (with every other entity's) when the cache starts over from a snapshot. */
  readonly tables: readonly string[];
  apply(db: CacheDb, change: ChangeOf<N>, touched: Touched): void;
  get(db: CacheDb, id: string): EntityOf<N> | null;
  /** Rows of one meeting ([] for entities that do not belong to meetings). */
  ofMeeting(db: CacheDb, meetingId: string): EntityOf<N>[];
}

type Columns<T> = Record<string, (row: T) => string | number | null>;

/**
 * An entity stored as validated JSON in its own table, with the columns the app queries by.
 * `meetingColumn` names the column holding the meeting id, when the entity belongs to one.
 */
export function jsonTable<N extends SyncEntityName>(opts: {
  table: string;
  schema: z.ZodType<EntityOf<N>>;
  key?: string;
  columns?: Columns<EntityOf<N>>;
  meetingColumn?: string;
}): CacheEntity<N> {
  const key = opts.key ?? 'id';
  const columns = opts.columns ?? {};
  const names = [key, ...Object.keys(columns), 'data'];
  const insert = `INSERT OR REPLACE INTO ${opts.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  const parse = (r: { data: string } | undefined) => (r ? opts.schema.parse(JSON.parse(r.data)) : null);
  const meetingOf = (db: CacheDb, id: string) =>
    opts.meetingColumn
      ? (db.prepare(`SELECT ${opts.meetingColumn} AS m FROM ${opts.table} WHERE ${key} = ?`).get(id) as { m: string } | undefined)?.m
      : undefined;
  return {
    tables: [opts.table],
    apply(db, c, touched) {
      const before = meetingOf(db, c.id);
      if (before) touched.meetingIds.add(before);
      if (c.op === 'delete') {
        db.prepare(`DELETE FROM ${opts.table} WHERE ${key} = ?`).run(c.id);
        return;
      }
      db.prepare(insert).run(c.id, ...Object.values(columns).map((f) => f(c.data)), JSON.stringify(c.data));
      const after = meetingOf(db, c.id);
      if (after) touched.meetingIds.add(after);
    },
    get: (db, id) => parse(db.prepare(`SELECT data FROM ${opts.table} WHERE ${key} = ?`).get(id) as { data: string } | undefined),
    ofMeeting: (db, meetingId) =>
      opts.meetingColumn
        ? (db.prepare(`SELECT data FROM ${opts.table} WHERE ${opts.meetingColumn} = ?`).all(meetingId) as { data: string }[]).map((r) => parse(r)!)
        : [],
  };
}
