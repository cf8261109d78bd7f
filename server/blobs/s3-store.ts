/**
 * Blobs as objects of an S3-compatible bucket, keyed <prefix><aa>/<sha256> (the folder store's
 * layout). Loaded only when `--blobs s3://…` is given: the SDK is large and startup time matters.
 *
 * - Uploads are staged in this instance's own folder (hashed while they stream, checked there),
 *   then streamed to the bucket, in parts past `multipartThresholdBytes`; S3 answers a PUT (or
 *   the multipart completion) only once the object is durably stored, and only then is the
 *   uploader answered.
 * - Reads of a range are ranged GETs: an object is never downloaded whole to serve a part of it.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '../../shared/errors';
import { PRIVATE_FILE_MODE } from '../data-files';
import { checkSha256, type BlobStore, type ByteSpan, type StoredBlob } from './store';
import { describeS3, type S3StoreOption } from './s3-location';
import { Staging, type StagedUpload } from './staging';
import { StagedBlobStore } from './put-through-staging';

const DEFAULT_MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const KEY_RE = /^([0-9a-f]{2})\/([0-9a-f]{64})$/;

const isMissing = (e: unknown): boolean =>
  (e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 404 || e.name === 'NoSuchKey' || e.name === 'NotFound')) ||
  (e as { name?: string })?.name === 'NoSuchKey';

/** A store that does not answer (network, credentials, missing bucket) is the operator's to fix: 503, not 500. */
function unavailable(location: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const reason = e instanceof S3ServiceException ? `${e.name} (HTTP ${e.$metadata.httpStatusCode ?? '?'})` : e instanceof Error ? `${(e as NodeJS.ErrnoException).code ?? e.name}: ${e.message}` : String(e);
  return new AppError('blob_store_unavailable', `blob store ${location} unavailable: ${reason}`, { location, reason });
}

export class S3BlobStore extends StagedBlobStore implements BlobStore {
  readonly location: string;
  private readonly client: S3Client;
  protected readonly staging: Staging;

  constructor(
    private readonly opts: S3StoreOption,
    readonly localDir: string,
  ) {
    super();
    this.location = describeS3(opts);
    this.client = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region ?? 'us-east-1',
      forcePathStyle: opts.forcePathStyle ?? false,
      credentials: opts.credentials,
      // The SDK's default CRC trailers (aws-chunked bodies) are not spoken by every S3-compatible server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    // The bucket holds the durable copy: a staged file needs no fsync, and no other instance stages here.
    this.staging = new Staging(join(localDir, 'blob-staging'), { flush: false, shared: false });
  }

  private keyOf(sha256: string): string {
    checkSha256(sha256);
    return `${this.opts.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw unavailable(this.location, e);
    }
  }

  async init(): Promise<void> {
    await this.staging.init();
    await this.call(() => this.client.send(new HeadBucketCommand({ Bucket: this.opts.bucket })));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  async size(sha256: string): Promise<number | undefined> {
    const Key = this.keyOf(sha256);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key }));
      return head.ContentLength;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw unavailable(this.location, e);
    }
  }

  async read(sha256: string, span?: ByteSpan): Promise<Readable> {
    const Key = this.keyOf(sha256);
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key, Range: span ? `bytes=${span.start}-${span.end}` : undefined }));
      if (!(got.Body instanceof Readable)) throw new AppError('internal', 'S3 answered without a body stream');
      return got.Body;
    } catch (e) {
      if (isMissing(e)) throw new AppError('not_found', 'blob not found');
      throw unavailable(this.location, e);
    }
  }

  async commit(staged: StagedUpload): Promise<{ created: boolean }> {
    const Key = this.keyOf(staged.sha256);
    try {
      if ((await this.size(staged.sha256)) === staged.size) return { created: false };
      const Bucket = this.opts.bucket;
      const threshold = this.opts.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD;
      await this.call(async () => {
        if (staged.size <= threshold) {
          // The SHA-256 goes along: S3 refuses the bytes if they arrive different (servers that do not check it ignore it).
          const ChecksumSHA256 = Buffer.from(staged.sha256, 'hex').toString('base64');
          await this.client.send(new PutObjectCommand({ Bucket, Key, Body: createReadStream(staged.tmpPath), ContentLength: staged.size, ChecksumSHA256 }));
        } else {
          await new Upload({ client: this.client, params: { Bucket, Key, Body: createReadStream(staged.tmpPath) }, partSize: Math.max(threshold, 5 * 1024 * 1024), queueSize: 2 }).done();
        }
      });
      return { created: true };
    } finally {
      await this.staging.discard(staged);
    }
  }

  async delete(sha256: string): Promise<void> {
    const Key = this.keyOf(sha256);
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key })));
  }

  async *list(): AsyncIterable<StoredBlob> {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: this.opts.prefix, ContinuationToken })));
      for (const o of page.Contents ?? []) {
        const m = o.Key !== undefined ? KEY_RE.exec(o.Key.slice(this.opts.prefix.length)) : null;
        if (m && m[1] === m[2].slice(0, 2)) yield { sha256: m[2], size: o.Size ?? 0 };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T> {
    const path = this.staging.newPath();
    try {
      await pipeline(await this.read(sha256), createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE }));
      return await use(path);
    } finally {
      await this.staging.discard({ tmpPath: path });
    }
  }
}
