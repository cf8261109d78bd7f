/**
 * Where the server keeps documents' bytes: content-addressed blobs (the name is the SHA-256 of
 * the bytes, so any instance serves any blob and a name never changes meaning). Two stores
 * implement it: a folder (the default; a shared volume serves several instances) and an
 * S3-compatible bucket. Every caller goes through this interface, never a path of its own.
 *
 * Uploads always land in a local staging file first, hashed while they stream (never whole in
 * memory), so the checks (hash, PDF limits) run before the store takes them; `commit` returns
 * only once the store holds the blob durably, and only then is the uploader answered.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { Db } from '../db/open';
import type { StagedUpload } from './staging';
import type { S3StoreOption } from './s3-location';

export type { StagedUpload } from './staging';

/** Inclusive byte offsets, as HTTP Range counts them. */
export interface ByteSpan {
  start: number;
  end: number;
}

export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface BlobStore {
  /** Where the blobs are, for messages and logs: a folder or s3://bucket/prefix. */
  readonly location: string;
  /** This instance's own folder for what it derives from blobs (recognised text) and keeps locally. */
  readonly localDir: string;
  /** Prepares the store and checks it answers; `blob_store_unavailable` when it does not. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Size of a stored blob; undefined when there is none. */
  size(sha256: string): Promise<number | undefined>;
  /** The blob's bytes, or only `span` of them (read as such from the store, never the whole object). */
  read(sha256: string, span?: ByteSpan): Promise<Readable>;
  /** An upload to a local temp file, hashed as it streams; nothing is stored yet. */
  stage(body: Readable, maxBytes: number): Promise<StagedUpload>;
  /** Hands a staged upload to the store; resolves once it is durable. `created`: false when it was there. */
  commit(staged: StagedUpload): Promise<{ created: boolean }>;
  discard(staged: StagedUpload): Promise<void>;
  /** stage + commit; with `sha256`, bytes that do not hash to it are refused (`hash_mismatch`) and not stored. */
  put(body: Readable, opts?: { sha256?: string; maxBytes?: number }): Promise<StoredBlob & { created: boolean }>;
  /** Bytes already in memory (generated PDFs, seeded demo files). */
  putBytes(bytes: Uint8Array): Promise<StoredBlob & { created: boolean }>;
  /** Removes a blob (nothing when it is absent). */
  delete(sha256: string): Promise<void>;
  /** Every stored blob (backups, checks). */
  list(): AsyncIterable<StoredBlob>;
  /**
   * Runs `use` with the blob as a local file, for tools that need a path (PDF checks in a worker
   * thread, OCR in a child process): the folder's own file, or a temp copy removed afterwards.
   */
  withLocalFile<T>(sha256: string, use: (path: string) => Promise<T>): Promise<T>;
}

/** `shared`: other instances use the folder too (a shared volume): their uploads in progress are left alone at start. */
export type BlobStoreOption = { kind: 'fs'; dir: string; shared?: boolean } | S3StoreOption;

const SHA256_RE = /^[0-9a-f]{64}$/;

export function checkSha256(sha256: string): string {
  if (!SHA256_RE.test(sha256)) throw new AppError('validation_failed', 'bad sha256');
  return sha256;
}

/** Records that a blob exists (idempotent). */
export async function registerBlob(db: Db, sha256: string, size: number, now: Date, orgId?: string): Promise<void> {
  await db
    .insertInto('blobs')
    .values({ sha256, size, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  // The organisation that stored it may reach it by its hash alone (sync/access.ts canReadBlob).
  if (orgId) await db.insertInto('blob_orgs').values({ sha256, org_id: orgId }).onConflict((oc) => oc.columns(['sha256', 'org_id']).doNothing()).execute();
}
