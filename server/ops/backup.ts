/**
 * `ecabinet backup` / `ecabinet restore`: the database and the server's files together, taken
 * while the server runs.
 *
 * A backup is a folder (0700, files 0600): `manifest.json`, the database (`database.sqlite`, made
 * with SQLite's `VACUUM INTO`: one consistent snapshot, without the free pages that could still
 * hold erased ballots; or `database.pgdump`, `pg_dump --format=custom`, one snapshot too) and
 * `files/`, the data folder without the database (blobs, recognised text, the archive sealing
 * key). The database is taken first and the files after: blobs are written before the rows that
 * name them commit, and never change (content-addressed), so every blob the snapshot names is in
 * the copy. The ballot sealing key is never in the data folder, so never in a backup: keep it
 * apart, as the server's own documentation says; restoring needs it for votes still open.
 *
 * Restore goes into an empty target only (a new data folder, an empty PostgreSQL database), of
 * the same kind of database, then opens it once so that a backup of an older version is migrated.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile, chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { sql } from 'kysely';
import { AppError } from '../../shared/errors';
import { DB_FILE_NAME, openServerDatabase, type ServerStorage } from '../data-folder';
import type { DatabaseOption } from '../db/dialect';
import { connectPostgres } from '../db/open';

const run = promisify(execFile);
const FORMAT = 'ecabinet-backup-1';
const DB_FILES = new Set([DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, `${DB_FILE_NAME}-journal`]);

export interface BackupManifest {
  format: typeof FORMAT;
  database: 'sqlite' | 'postgres';
  createdAt: string;
  /** The migrations the database had: a restore runs the newer ones. */
  migrations: string[];
}

const storageOf = (s: ServerStorage) => (typeof s === 'string' ? { dataDir: s, database: { kind: 'sqlite' } as DatabaseOption } : { dataDir: s.dataDir, database: s.database ?? ({ kind: 'sqlite' } as DatabaseOption) });

/**
 * The PostgreSQL client tools' arguments for `url`, with the password in the environment rather
 * than on the command line (where any local user could read it in the process list).
 */
function pgConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { args: ['--dbname', u.toString()], env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function isEmptyFolder(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

export async function backup(source: ServerStorage, outDir: string, now = new Date()): Promise<BackupManifest> {
  const { dataDir, database } = storageOf(source);
  if (!(await isEmptyFolder(outDir))) throw new AppError('conflict', `${outDir}: the backup folder must be new or empty`);
  await stat(dataDir); // a missing data folder is an error, not an empty backup
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  await chmod(outDir, 0o700);
  let migrations: string[];
  if (database.kind === 'postgres') {
    const target = join(outDir, 'database.pgdump');
    const c = pgConnection(database.url);
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', target, ...c.args], { env: c.env, maxBuffer: 16 * 1024 * 1024 });
    await chmod(target, 0o600);
    const db = connectPostgres(database.url, { maxConnections: 1 });
    try {
      migrations = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
    } finally {
      await db.destroy();
    }
  } else {
    const target = join(outDir, 'database.sqlite');
    const db = new BetterSqlite3(join(dataDir, DB_FILE_NAME), { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      db.prepare('VACUUM INTO ?').run(target);
    } finally {
      db.close();
    }
    await chmod(target, 0o600);
    const copy = new BetterSqlite3(target, { readonly: true });
    try {
      migrations = (copy.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    } finally {
      copy.close();
    }
  }
  await cp(dataDir, join(outDir, 'files'), { recursive: true, filter: (src) => !DB_FILES.has(src.slice(dataDir.length + 1)) });
  const manifest: BackupManifest = { format: FORMAT, database: database.kind, createdAt: now.toISOString(), migrations };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

export async function restore(fromDir: string, target: ServerStorage): Promise<BackupManifest> {
  const { dataDir, database } = storageOf(target);
  const manifest = JSON.parse(await readFile(join(fromDir, 'manifest.json'), 'utf8')) as BackupManifest;
  if (manifest.format !== FORMAT) throw new AppError('validation_failed', `${fromDir}: not an eCabinet backup`);
  if (manifest.database !== database.kind)
    throw new AppError('validation_failed', `the backup holds a ${manifest.database} database; restore it into ${manifest.database === 'postgres' ? '--db postgres://… --blobs DIR' : '--data DIR'}`);
  if (!(await isEmptyFolder(dataDir))) throw new AppError('conflict', `${dataDir}: restore into a new or empty folder`);
  if (database.kind === 'postgres') {
    const db = connectPostgres(database.url, { maxConnections: 1 });
    try {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`.execute(db);
      if (Number(rows[0]?.n ?? 0) > 0) throw new AppError('conflict', 'restore into an empty PostgreSQL database (this one has tables)');
    } finally {
      await db.destroy();
    }
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await cp(join(fromDir, 'files'), dataDir, { recursive: true });
  if (database.kind === 'postgres') {
    const c = pgConnection(database.url);
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', ...c.args, join(fromDir, 'database.pgdump')], { env: c.env, maxBuffer: 16 * 1024 * 1024 });
  } else {
    await cp(join(fromDir, 'database.sqlite'), join(dataDir, DB_FILE_NAME));
    await chmod(join(dataDir, DB_FILE_NAME), 0o600);
  }
  // Checks it opens, tightens file modes and brings an older backup to the current schema.
  const db = await openServerDatabase(dataDir, database);
  await db.destroy();
  return manifest;
}
