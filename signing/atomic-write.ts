import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

const tempBeside = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);

async function renameOrDrop(tmp: string, file: string): Promise<void> {
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** Writes via a temp file in the same folder + fsync + rename: readers see the old or the new file, never half of one. */
export async function writeFileAtomic(file: string, bytes: Uint8Array | Uint8Array[]): Promise<void> {
  const tmp = tempBeside(file);
  const fh = await open(tmp, 'wx', 0o644);
  try {
    // Parts one after the other (a signed file: the input, then the update), never joined in memory.
    for (const part of Array.isArray(bytes) ? bytes : [bytes]) {
      for (let done = 0; done < part.length; ) done += (await fh.write(part, done, part.length - done)).bytesWritten;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  await renameOrDrop(tmp, file);
}

/** What a file was when it was read (PdfFileSource): a copy of it checks it is still that. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const sameFile = (a: FileIdentity, b: FileIdentity) => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * Writes `source` followed by `tail` atomically (temp file + fsync + rename) without the source's
 * bytes passing through this process: the kernel copies the file (copy_file_range, or a reflink
 * where the file system has them), then the tail is appended. A signed file is its input plus an
 * update, so a 10 MB input is neither held twice nor written from memory. `source.identity` is
 * the file as it was read: if it changed since (size, times, inode), nothing is written.
 */
export async function writeCopyPlusTailAtomic(file: string, source: { path: string; identity: FileIdentity }, tail: Uint8Array): Promise<void> {
  const tmp = tempBeside(file);
  try {
    await copyFile(source.path, tmp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    const now = await stat(source.path);
    if (!sameFile(source.identity, { dev: now.dev, ino: now.ino, size: now.size, mtimeMs: now.mtimeMs, ctimeMs: now.ctimeMs })) {
      throw new Error(`${source.path} changed while it was being signed`);
    }
    const fh = await open(tmp, 'r+');
    try {
      if ((await fh.stat()).size !== source.identity.size) throw new Error(`the copy of ${source.path} is not whole`);
      await fh.chmod(0o644);
      for (let done = 0; done < tail.length; ) done += (await fh.write(tail, done, tail.length - done, source.identity.size + done)).bytesWritten;
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    // The name is random: a file already there (EEXIST) is not ours; anything else left is.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') await unlink(tmp).catch(() => {});
    throw e;
  }
  await renameOrDrop(tmp, file);
}
