import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors';
import { PRIVATE_FILE_MODE, privateDir } from '../data-files';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Result of streaming an upload to a temp file: what actually arrived. */
export interface StagedUpload {
  tmpPath: string;
  sha256: string;
  size: number;
  looksLikePdf: boolean;
}

/** A staged file untouched this long is a leftover of a crash, whichever instance wrote it. */
const ABANDONED_AFTER_MS = 24 * 3600_000;

/**
 * A folder where uploads land while they are hashed and checked, before a store takes them.
 * `shared`: other instances stage in it too (a shared volume), so at start only files abandoned
 * long ago are removed; a folder of this instance alone is emptied (all of it is crash leftovers).
 */
export class Staging {
  /** `flush`: the file is synced before it is closed (the filesystem store renames it into place). */
  constructor(
    readonly dir: string,
    private readonly opts: { flush: boolean; shared: boolean },
  ) {}

  async init(): Promise<void> {
    if (!this.opts.shared) await rm(this.dir, { recursive: true, force: true });
    await privateDir(this.dir);
    if (!this.opts.shared) return;
    const before = Date.now() - ABANDONED_AFTER_MS;
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      const st = await stat(path).catch(() => null);
      if (st && st.mtimeMs < before) await rm(path, { recursive: true, force: true });
    }
  }

  newPath(): string {
    return join(this.dir, randomUUID());
  }

  /**
   * Streams `body` to a temp file, hashing as it goes. Past `maxBytes` it stops writing,
   * deletes the temp file and drains the rest (so the client can read the 413 answer).
   */
  async stage(body: Readable, maxBytes: number): Promise<StagedUpload> {
    const tmpPath = this.newPath();
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let tooLarge = false;
    const out = createWriteStream(tmpPath, { flags: 'wx', mode: PRIVATE_FILE_MODE, flush: this.opts.flush });
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

  /** Bytes already in memory (generated PDFs, images) staged like an upload. */
  async stageBytes(bytes: Uint8Array): Promise<StagedUpload> {
    const tmpPath = this.newPath();
    await writeFile(tmpPath, bytes, { flag: 'wx', mode: PRIVATE_FILE_MODE, flush: this.opts.flush });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { tmpPath, sha256, size: bytes.byteLength, looksLikePdf: Buffer.from(bytes.subarray(0, PDF_MAGIC.length)).equals(PDF_MAGIC) };
  }

  async discard(staged: Pick<StagedUpload, 'tmpPath'>): Promise<void> {
    await rm(staged.tmpPath, { force: true });
  }
}
