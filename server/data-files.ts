/**
 * The server's data (database, its WAL, blobs, anything written beside them) is readable by the
 * account that runs the server only: files 0600 in folders 0700, whatever the umask, and files
 * left by an older version are tightened at start. What is acknowledged to a client is on disk:
 * a file and the folder entry naming it are fsynced before the answer.
 */
import { chmod, mkdir, open, type FileHandle } from 'node:fs/promises';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) 0700, or tightens it to 0700. */
export async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(path, PRIVATE_DIR_MODE);
}

/** Creates an empty file 0600 if it is missing, or tightens it to 0600. */
export async function privateFile(path: string): Promise<void> {
  const h = await open(path, 'a', PRIVATE_FILE_MODE);
  try {
    await h.chmod(PRIVATE_FILE_MODE);
  } finally {
    await h.close();
  }
}

/** Tightens a file to 0600 if it exists. */
export async function tightenIfPresent(path: string): Promise<void> {
  try {
    await chmod(path, PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** fsync of a folder: makes a rename or a new entry in it survive a power loss. */
export async function syncDir(path: string): Promise<void> {
  let h: FileHandle | undefined;
  try {
    h = await open(path, 'r');
    await h.sync();
  } finally {
    await h?.close();
  }
}
