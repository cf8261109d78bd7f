/**
 * What every blob store promises, checked on the folder store and on the S3 store (a real S3
 * endpoint over HTTP: s3rver). A second store object on the same place stands for another
 * server instance.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore, BlobStoreOption } from '../../server/blobs/store';
import { openBlobStore } from '../../server/blobs/open-blob-store';
import { startS3ForTests, type S3ForTests } from '../helpers/s3-for-tests';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdfBytes = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n)]);
const bytesOf = async (r: Readable) => Buffer.concat(await r.toArray());

let s3: S3ForTests;
let work: string;
beforeAll(async () => {
  s3 = await startS3ForTests();
  work = await mkdtemp(join(tmpdir(), 'ecab-blob-contract-'));
});
afterAll(async () => {
  await s3?.stop();
  await rm(work, { recursive: true, force: true });
});

describe.each(['fs', 's3'] as const)('blob store contract: %s', (kind) => {
  let option: BlobStoreOption;
  let store: BlobStore;
  /** Another instance's view of the same blobs (its own local folder). */
  let other: BlobStore;
  let n = 0;
  const localDir = () => join(work, `${kind}-instance-${n++}`);

  beforeAll(async () => {
    option = kind === 'fs' ? { kind: 'fs', dir: join(work, 'shared-volume'), shared: true } : s3.option('contract');
    store = await openBlobStore(option, localDir());
    other = await openBlobStore(option, localDir());
  });
  afterAll(async () => {
    await store?.close();
    await other?.close();
  });

  it('stores a blob under its SHA-256 once, and gives its size and bytes back', async () => {
    const bytes = pdfBytes(10_000);
    const first = await store.put(Readable.from([bytes]), { sha256: sha(bytes) });
    expect(first).toEqual({ sha256: sha(bytes), size: bytes.length, created: true });
    expect(await store.size(sha(bytes))).toBe(bytes.length);
    expect(await bytesOf(await store.read(sha(bytes)))).toEqual(bytes);
    expect((await store.put(Readable.from([bytes]))).created).toBe(false);
    expect((await store.putBytes(bytes)).created).toBe(false);
    const listed = [];
    for await (const b of store.list()) listed.push(b);
    expect(listed).toContainEqual({ sha256: sha(bytes), size: bytes.length });
  });

  it('reads a byte range as exactly those bytes', async () => {
    const bytes = pdfBytes(300_000);
    await store.putBytes(bytes);
    s3.exchanges.length = 0;
    expect(await bytesOf(await store.read(sha(bytes), { start: 1000, end: 1999 }))).toEqual(bytes.subarray(1000, 2000));
    expect(await bytesOf(await store.read(sha(bytes), { start: bytes.length - 5, end: bytes.length - 1 }))).toEqual(bytes.subarray(bytes.length - 5));
    if (kind === 's3') {
      // Ranged GETs: the object never came whole to serve a part of it.
      const gets = s3.exchanges.filter((e) => e.method === 'GET');
      expect(gets.map((g) => g.range)).toEqual(['bytes=1000-1999', `bytes=${bytes.length - 5}-${bytes.length - 1}`]);
      expect(gets.reduce((t, g) => t + g.bytes, 0)).toBe(1005);
    }
  });

  it('a blob is visible to every instance once the upload is acknowledged, and not before', async () => {
    const bytes = pdfBytes(50_000);
    const staged = await store.stage(Readable.from([bytes]), 1e6);
    expect(staged).toMatchObject({ sha256: sha(bytes), size: bytes.length, looksLikePdf: true });
    // Staged is not stored: no instance serves it yet.
    expect(await store.size(sha(bytes))).toBeUndefined();
    expect(await other.size(sha(bytes))).toBeUndefined();
    expect(await store.commit(staged)).toEqual({ created: true });
    expect(existsSync(staged.tmpPath)).toBe(false);
    expect(await other.size(sha(bytes))).toBe(bytes.length);
    expect(await bytesOf(await other.read(sha(bytes)))).toEqual(bytes);
    // A store opened afresh (a restarted instance) has it too, and its start leaves it alone.
    const restarted = await openBlobStore(option, localDir());
    expect(await bytesOf(await restarted.read(sha(bytes), { start: 0, end: 8 }))).toEqual(bytes.subarray(0, 9));
    await restarted.close();
  });

  it('refuses bytes that do not match the SHA-256 they are sent under, storing nothing', async () => {
    const bytes = pdfBytes(5_000);
    const claimed = sha(pdfBytes(5_000));
    await expect(store.put(Readable.from([bytes]), { sha256: claimed })).rejects.toMatchObject({ code: 'hash_mismatch' });
    expect(await store.size(claimed)).toBeUndefined();
    expect(await store.size(sha(bytes))).toBeUndefined();
    for (const bad of ['abc', 'A'.repeat(64), '../'.repeat(20) + 'abcd']) {
      await expect(store.size(bad)).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(store.read(bad)).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(store.delete(bad)).rejects.toMatchObject({ code: 'validation_failed' });
    }
  });

  it('refuses an upload past the size limit and keeps no staged file', async () => {
    const before = await stagedFiles();
    await expect(store.put(Readable.from([pdfBytes(2_000)]), { maxBytes: 1_000 })).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(await stagedFiles()).toEqual(before);
  });

  it('deletes a blob for every instance; reading it then is not_found', async () => {
    const bytes = pdfBytes(1_000);
    await store.putBytes(bytes);
    await store.delete(sha(bytes));
    expect(await other.size(sha(bytes))).toBeUndefined();
    await expect(other.read(sha(bytes))).rejects.toMatchObject({ code: 'not_found' });
    await store.delete(sha(bytes));
  });

  it('lends a blob as a local file to tools that need a path, and cleans up after', async () => {
    const bytes = pdfBytes(20_000);
    await store.putBytes(bytes);
    let seen = '';
    const got = await other.withLocalFile(sha(bytes), async (path) => {
      seen = path;
      return readFile(path);
    });
    expect(got).toEqual(bytes);
    // The folder store lends its own file; the S3 store a temp copy, gone afterwards.
    expect(existsSync(seen)).toBe(kind === 'fs');
    await expect(other.withLocalFile(sha(pdfBytes(10)), async () => 'never')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('says which store does not answer at start, in a translated error', async () => {
    const blocked = join(work, `not-a-folder-${kind}`);
    await writeFile(blocked, 'a file in the way');
    const unreachable: BlobStoreOption =
      kind === 'fs' ? { kind: 'fs', dir: join(blocked, 'blobs') } : { ...s3.option('x'), endpoint: 'http://127.0.0.1:1' };
    const e = await openBlobStore(unreachable, localDir()).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: 'blob_store_unavailable' });
    const { messageFor } = await import('../../server/http-errors');
    expect(messageFor('vi', 'blob_store_unavailable')).toMatch(/kho lưu tệp/);
    if (kind === 's3') await expect(openBlobStore({ ...s3.option('x'), bucket: 'no-such-bucket' }, localDir())).rejects.toMatchObject({ code: 'blob_store_unavailable' });
  });

  async function stagedFiles(): Promise<string[]> {
    const dir = kind === 'fs' ? join(work, 'shared-volume', 'tmp') : join(work, `${kind}-instance-0`, 'blob-staging');
    return readdir(dir);
  }
});
