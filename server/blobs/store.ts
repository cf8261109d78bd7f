import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, privateDir, syncDir } from '../data-files';

const SHA256_RE = /^[0-9a-f]{64}$/;
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Result of streaming an upload to a temp file: what actually arrived. */
export interface StagedUpload {
  tmpPath: string;
  sha256: string;
  size: number;
  looksLikePdf: boolean;
}

/**
 * Content-addressed files at <root>/<aa>/<sha256>. Writes go to <root>/tmp first and are
 * renamed into place, so a reader never sees a half-written blob. A blob is durable when
 * `commit` returns (file synced, then renamed, then its folder synced): only then is an upload
 * acknowledged. Files are 0600 in 0700 folders (server/data-files.ts).
 */
export class BlobStore {
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  async init(): Promise<void> {
    await privateDir(this.root);
    // Leftovers of uploads interrupted by a crash are garbage.
    await rm(this.tmpDir, { recursive: true, force: true });
    await privateDir(this.tmpDir);
    // Blobs written by a version that left them readable by others.
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'tmp') continue;
      const dir = join(this.root, entry.name);
      await chmod(dir, PRIVATE_DIR_MODE);
      for (const file of await readdir(dir)) await chmod(join(dir, file), PRIVATE_FILE_MODE);
    }
  }

  pathOf(sha256: string): string {
    if (!SHA256_RE.test(sha256)) throw new AppError('validation_failed', 'bad sha256');
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async size(sha256: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return undefined;
    }
  }

  /**
   * Streams `body` to a temp file, hashing as it goes. Past `maxBytes` it stops writing,
   * deletes the temp file and drains the rest (so the client can read the 413 answer).
   */
  async stage(body: Readable, maxBytes: number): Promise<StagedUpload> {
    const tmpPath = join(this.tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let tooLarge = false;
    // flush: the file is synced before it is closed.
    const out = createWriteStream(tmpPath, { flags: 'wx', mode: PRIVATE_FILE_MODE, flush: true });
    try {
      await pipeline(body, async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          if (tooLarge) continue;
          size += chunk.length;
          if (size > maxBytes) {
            tooLarge = true;
            continue;
          }
          if (head.length < PDF_MAGIC.length) head = Buffer.concat([head, chunk.subarray(0, PDF_MAGIC.length)]);
          hash.update(chunk);
          yield chunk;
        }
      }, out);
    } catch (e) {
      await rm(tmpPath, { force: true });
      throw e;
    }
    if (tooLarge) {
      await rm(tmpPath, { force: true });
      throw new AppError('payload_too_large', 'upload exceeds the size limit', { maxBytes });
    }
    return { tmpPath, sha256: hash.digest('hex'), size, looksLikePdf: head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC) };
  }

  /**
   * Moves a verified staged file (already synced) into place and syncs the folder, so the blob
   * survives a power loss once this returns. `created` is false when the blob already existed.
   */
  async commit(staged: StagedUpload): Promise<{ created: boolean }> {
    const dest = this.pathOf(staged.sha256);
    if ((await this.size(staged.sha256)) === staged.size) {
      await rm(staged.tmpPath, { force: true });
      return { created: false };
    }
    const dir = join(this.root, staged.sha256.slice(0, 2));
    const newDir = (await stat(dir).catch(() => null)) === null;
    await privateDir(dir);
    // A new <aa> folder is itself an entry of the root.
    if (newDir) await syncDir(this.root);
    await rename(staged.tmpPath, dest);
    await syncDir(dir);
    return { created: true };
  }

  async discard(staged: StagedUpload): Promise<void> {
    await rm(staged.tmpPath, { force: true });
  }

  /** Stores bytes already in memory (demo seeding). */
  async putBytes(bytes: Uint8Array): Promise<{ sha256: string; size: number; created: boolean }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const tmpPath = join(this.tmpDir, randomUUID());
    await writeFile(tmpPath, bytes, { flag: 'wx', mode: PRIVATE_FILE_MODE, flush: true });
    const { created } = await this.commit({ tmpPath, sha256, size: bytes.byteLength, looksLikePdf: true });
    return { sha256, size: bytes.byteLength, created };
  }
}

/** Records that a blob exists (idempotent). */
export async function registerBlob(db: Db, sha256: string, size: number, now: Date): Promise<void> {
  await db
    .insertInto('blobs')
    .values({ sha256, size, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}
