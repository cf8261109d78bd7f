/**
 * The client's data folder holds confidential documents and notes: only the user's own account
 * may list or open anything in it, whatever the umask (0700 folders, 0600 files).
 */
import fs from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) and makes it private, also when it existed before. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Makes each existing file private (files written by an older version were 0644). */
export function makePrivateFiles(...files: string[]): void {
  for (const f of files) {
    try {
      fs.chmodSync(f, PRIVATE_FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** Creates `file` empty with mode 0600 if missing, so what SQLite derives from it (-wal, -shm) is 0600 too. */
export function touchPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  fs.chmodSync(file, PRIVATE_FILE_MODE);
}
