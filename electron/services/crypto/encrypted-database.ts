/**
 * SQLite files encrypted page by page (SQLite3 Multiple Ciphers: ChaCha20-Poly1305, which also
 * authenticates every page, WAL frames included). The cipher and the key must be the first
 * statements on a connection: any other statement reads page 1 and fails on an encrypted file.
 * The key is 32 random bytes given raw (`x'…'`), so no password derivation runs on each open.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';

/** The driver's API is better-sqlite3's (the cipher build keeps its API and types). */
export type SqliteDb = Database.Database;

const SQLITE_PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function keyPragmas(db: Database.Database, key: Buffer): void {
  if (key.length !== 32) throw new Error('a cache key is 32 bytes');
  db.pragma("cipher = 'chacha20'");
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** True when `file` is an unencrypted SQLite database (the cache of an earlier version). */
export function isPlaintextDatabase(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  try {
    const head = Buffer.alloc(SQLITE_PLAINTEXT_HEADER.length);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.equals(SQLITE_PLAINTEXT_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens `file` with `key`, creating it if missing. A file the key does not open is left exactly
 * as it is and reported as `cache_locked`.
 */
export function openEncryptedDatabase(file: string, key: Buffer, options: { fileMustExist?: boolean; readonly?: boolean } = {}): SqliteDb {
  const db = new Database(file, options);
  try {
    keyPragmas(db, key);
    // Reads page 1: a wrong key (or a plaintext file) fails here, before anything is written.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new AppError('cache_locked', `${file} cannot be decrypted with this device's cache key`);
    }
    throw e;
  }
  return db as unknown as SqliteDb;
}

/**
 * Encrypts an unencrypted database in place (rekey rewrites every page, free ones included).
 * Rekeying needs a rollback journal, so the WAL is first copied in and emptied; the journal
 * keeps a crash midway recoverable.
 */
export function encryptDatabaseInPlace(file: string, key: Buffer): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.pragma("cipher = 'chacha20'");
    db.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    db.close();
  }
}
