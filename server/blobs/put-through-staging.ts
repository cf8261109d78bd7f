import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../shared/api';
import { checkSha256, type BlobStore, type StoredBlob } from './store';
import type { Staging, StagedUpload } from './staging';

/** `put` of every store: staged (hashed while it streams), checked against the name it was sent under, then committed. */
export async function putThroughStaging(
  store: Pick<BlobStore, 'stage' | 'commit' | 'discard'>,
  body: Readable,
  opts: { sha256?: string; maxBytes?: number },
): Promise<StoredBlob & { created: boolean }> {
  if (opts.sha256 !== undefined) checkSha256(opts.sha256);
  const staged = await store.stage(body, opts.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
  if (opts.sha256 !== undefined && staged.sha256 !== opts.sha256) {
    await store.discard(staged);
    throw new AppError('hash_mismatch', 'the bytes do not match their sha256', { expected: opts.sha256, actual: staged.sha256 });
  }
  let created: boolean;
  try {
    ({ created } = await store.commit(staged));
  } finally {
    await store.discard(staged);
  }
  return { sha256: staged.sha256, size: staged.size, created };
}

/** What every store does the same way around its own `commit`: staging, discarding, `put` and `putBytes`. */
export abstract class StagedBlobStore {
  protected abstract readonly staging: Staging;

  abstract commit(staged: StagedUpload): Promise<{ created: boolean }>;

  stage(body: Readable, maxBytes: number): Promise<StagedUpload> {
    return this.staging.stage(body, maxBytes);
  }

  discard(staged: StagedUpload): Promise<void> {
    return this.staging.discard(staged);
  }

  put(body: Readable, opts: { sha256?: string; maxBytes?: number } = {}): Promise<StoredBlob & { created: boolean }> {
    return putThroughStaging(this, body, opts);
  }

  async putBytes(bytes: Uint8Array): Promise<StoredBlob & { created: boolean }> {
    const staged = await this.staging.stageBytes(bytes);
    const { created } = await this.commit(staged);
    return { sha256: staged.sha256, size: staged.size, created };
  }
}
