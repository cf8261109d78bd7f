import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Writes via a temp file in the same folder + fsync + rename: readers see the old or the new file, never half of one. */
export async function writeFileAtomic(file: string, bytes: Uint8Array | Uint8Array[]): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
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
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}
