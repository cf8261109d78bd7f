import { createReadStream } from 'node:fs';
import { chmod, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, privateDir, syncDir } from '../data-files';
import { checkSha256, type BlobStore, type ByteSpan, type StoredBlob } from './store';
import { Staging, type StagedUpload } from './staging';
import { StagedBlobStore } from './put-through-staging';

const SHA256_NAME = /^[0-9a-f]{64}$/;

/**
 * Blobs as files at <root>/<aa>/<sha256>. Uploads are staged in <root>/tmp (the same
 * filesystem) and renamed into place, so a reader never sees a half-written blob. A blob is
 * durable when `commit` returns (file synced, then renamed, then its folder synced). Files are
 * 0600 in 0700 folders (server/data-files.ts). `shared`: other instances use the folder too.
 */
export class FsBlobStore extends StagedBlobStore implements BlobStore {
  protected readonly staging: Staging;

  constructor(
    readonly root: string,
    readonly localDir: string,
    opts: { shared?: boolean } = {},
  ) {
    super();
    this.staging = new Staging(join(root, 'tmp'), { flush: true, shared: opts.shared ?? false });
  }

  get location(): string {
    return this.root;
  }

  async init(): Promise<void> {
    try {
      await privateDir(this.root);
      await this.staging.init();
    } catch (e) {
      // Not mounted, not writable, a file in the way: the operator's to fix, said plainly.
      const reason = `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${(e as Error).message}`;
      throw new AppError('blob_store_unavailable', `blob store ${this.root} unavailable: ${reason}`, { location: this.root, reason });
    }
    // Blobs written by a version that left them readable by others.
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'tmp') continue;
      const dir = join(this.root, entry.name);
      await chmod(dir, PRIVATE_DIR_MODE);
      for (const file of await readdir(dir)) await chmod(join(dir, file), PRIVATE_FILE_MODE);
    }
  }

  async close(): Promise<void> {}

  private pathOf(sha256: string): string {
    checkSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async size(sha256: string): Promise<number | undefined> {
    const path = this.pathOf(sha256);
    try {
      return (await stat(path)).size;
    } catch {
      return undefined;
    }
  }

  async read(sha256: string, span?: ByteSpan): Promise<Readable> {
    const path = this.pathOf(sha256);
    // Opened before it is returned, so a missing blob is an error answer, not a broken stream.
    const stream = createReadStream(path, span ? { start: span.start, end: span.end } : {});
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new AppError('not_found', 'blob not found') : e));
    });
    return stream;
  }

  async commit(staged: StagedUpload): Promise<{ created: boolean }> {
    const dest = this.pathOf(staged.sha256);
    if ((await this.size(staged.sha256)) === staged.size) {
      await this.staging.discard(staged);
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

  async delete(sha256: string): Promise<void> {
    const path = this.pathOf(sha256);
    await rm(path, { force: true });
    await syncDir(join(this.root, sha256.slice(0, 2))).catch(() => undefined);
  }

  async *list(): AsyncIterable<StoredBlob> {
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !/^[0-9a-f]{2}$/.test(entry.name)) continue;
      for (const name of await readdir(join(this.root, entry.name))) {
        if (!SHA256_NAME.test(name)) continue;
        const size = await this.size(name);
        if (size !== undefined) yield { sha256: name, size };
      }
    }
  }

  async withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T> {
    const path = this.pathOf(sha256);
    if ((await this.size(sha256)) === undefined) throw new AppError('not_found', 'blob not found');
    return use(path);
  }
}
