/**
 * Content-addressed document cache: `<dataDir>/blobs/<aa>/<sha256>`, each file encrypted in
 * chunks (crypto/blob-file.ts) with a key derived from the cache key. Downloads resume with an
 * HTTP Range into `<sha256>.part`; nothing is renamed into place before the SHA-256 of its
 * plaintext matches its name, and a cached file is hashed again whenever it changed on disk
 * since it was last verified, so a file damaged on disk is never shown. A plain file left by an
 * earlier version is encrypted in place the first time it is checked.
 *
 * Hashing streams the file (the thread is free between chunks) and happens at most once per
 * change of the file: the verified stat signature is remembered, and two callers asking about
 * the same file at once share one hash.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Sha256 } from '../../../shared/ids';
import { AppError, isAppError, isTransientNetworkError, isUnreachable } from '../../../shared/errors';
import { cacheKeyOf, type CacheDb } from '../cache/open-cache';
import { blobKeyOf, DamagedBlobError, EncryptedBlobWriter, isEncryptedBlobFile, registerBlobFolder, sha256OfEncryptedBlob, writeEncryptedBlob } from '../crypto/blob-file';
import { errorFromResponse, unreachable } from '../api/http';
import { makePrivateDir } from '../crypto/private-files';

/** Fetches the blob from the server, with the given extra headers (Range). */
export type BlobFetcher = (sha256: string, headers: Record<string, string>) => Promise<Response>;

export type BlobState = 'ok' | 'missing' | 'corrupt';

/** Identity of a file's content as far as the filesystem knows: any write changes its ctime. */
const statSignature = (st: fs.BigIntStats) => `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

export class BlobCache {
  private readonly root: string;
  private readonly inFlight = new Map<string, Promise<string>>();
  /** sha256 → stat signature of the file when this process last hashed it. */
  private readonly verifiedSignatures = new Map<string, string>();
  /** Blobs whose file was found in place (isCached); forgotten when this cache deletes them. */
  private readonly present = new Set<string>();
  /**
   * The blobs with a row, read once: rows are written only through this cache, so a document
   * that was never downloaded is known as such without a query or a stat.
   */
  private recordedRows: Set<string> | null = null;
  /** sha256 → the hash running now for that stat signature (callers at the same time share it). */
  private readonly hashing = new Map<string, { signature: string; hash: Promise<{ hash: string; signature: string }> }>();
  /** Files hashed so far (tests: at most once per change of a file). */
  hashedFiles = 0;
  /** Encrypts the files (derived from the cache key; the document servers find it by folder). */
  private readonly key: Buffer;

  constructor(
    dataDir: string,
    private readonly db: CacheDb,
    private readonly now: () => Date,
  ) {
    this.root = path.join(dataDir, 'blobs');
    this.key = blobKeyOf(cacheKeyOf(db));
    registerBlobFolder(this.root, this.key);
  }

  finalPath(sha256: string): string {
    // Validate before building a path from it: the name is the only input that reaches the filesystem.
    const sha = Sha256.parse(sha256);
    return path.join(this.root, sha.slice(0, 2), sha);
  }

  /** The blob's folder and the root, private to this OS account (documents may be confidential). */
  private makeFolder(file: string): void {
    makePrivateDir(this.root);
    makePrivateDir(path.dirname(file));
  }

  partPath(sha256: string): string {
    return `${this.finalPath(sha256)}.part`;
  }

  /** Stores bytes made on this device (a file signed here, whose hash the caller computed) as a verified blob. */
  async storeLocal(sha256: string, bytes: Uint8Array): Promise<string> {
    const file = this.finalPath(sha256);
    this.makeFolder(file);
    await writeEncryptedBlob(`${file}.tmp`, this.key, bytes);
    await fs.promises.rename(`${file}.tmp`, file);
    this.verifiedSignatures.set(sha256, statSignature(await fs.promises.stat(file, { bigint: true })));
    const t = this.now().toISOString();
    this.db.prepare('INSERT OR REPLACE INTO blobs (sha256, size, path, verified_at, last_access) VALUES (?, ?, ?, ?, ?)').run(sha256, bytes.length, file, t, t);
    this.recordedRows?.add(sha256);
    return file;
  }

  /**
   * Cheap check (no hashing) used for the `cached` flag in lists and by the prefetch. A file
   * found once is remembered until this cache deletes it (every deletion goes through here), so
   * a list of a thousand documents costs no query and no stat per document.
   */
  isCached(sha256: string): boolean {
    if (this.present.has(sha256)) return true;
    this.recordedRows ??= new Set((this.db.prepare('SELECT sha256 FROM blobs').all() as { sha256: string }[]).map((r) => r.sha256));
    const cached = this.recordedRows.has(sha256) && fs.existsSync(this.finalPath(sha256));
    if (cached) this.present.add(sha256);
    return cached;
  }

  /**
   * Hashes the cached file unless it is unchanged since this process last verified it (same
   * inode, size, mtime and ctime); a damaged file is deleted (with its row) and reported as
   * 'corrupt'.
   */
  async check(sha256: string): Promise<BlobState> {
    const file = this.finalPath(sha256);
    let st: fs.BigIntStats;
    try {
      st = await fs.promises.stat(file, { bigint: true });
    } catch {
      this.forget(sha256);
      return 'missing';
    }
    const signature = statSignature(st);
    if (this.verifiedSignatures.get(sha256) === signature) return 'ok';
    const verified = await this.hashOnce(sha256, file, signature);
    if (verified.hash === sha256) {
      const t = this.now().toISOString();
      this.db.prepare('UPDATE blobs SET verified_at = ?, last_access = ? WHERE sha256 = ?').run(t, t, sha256);
      this.verifiedSignatures.set(sha256, verified.signature);
      return 'ok';
    }
    // Another caller may have deleted it already.
    fs.rmSync(file, { force: true });
    this.forget(sha256);
    return 'corrupt';
  }

  /** The plaintext's hash, and the stat signature of the file it was read from (new if it was encrypted just now). */
  private hashOnce(sha256: string, file: string, signature: string): Promise<{ hash: string; signature: string }> {
    const running = this.hashing.get(sha256);
    if (running?.signature === signature) return running.hash;
    this.hashedFiles++;
    const hash = (async () => {
      let current = signature;
      if (!(await isEncryptedBlobFile(file))) {
        await this.encryptInPlace(file);
        current = statSignature(await fs.promises.stat(file, { bigint: true }));
      }
      // A chunk that does not decrypt is damage like a wrong hash.
      const hash = await sha256OfEncryptedBlob(file, this.key).catch((e: unknown) => {
        if (e instanceof DamagedBlobError) return 'damaged';
        throw e;
      });
      return { hash, signature: current };
    })().finally(() => {
      if (this.hashing.get(sha256)?.hash === hash) this.hashing.delete(sha256);
    });
    this.hashing.set(sha256, { signature, hash });
    return hash;
  }

  /** A plain file of an earlier version: encrypted to a temporary file, renamed over it. */
  private async encryptInPlace(file: string): Promise<void> {
    const tmp = `${file}.enc.tmp`;
    const writer = await EncryptedBlobWriter.create(tmp, this.key);
    try {
      for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) await writer.write(chunk);
    } catch (e) {
      await writer.abandon();
      await fs.promises.rm(tmp, { force: true });
      throw e;
    }
    await writer.finish();
    await fs.promises.rename(tmp, file);
  }

  private forget(sha256: string): void {
    this.present.delete(sha256);
    this.recordedRows?.delete(sha256);
    this.verifiedSignatures.delete(sha256);
    this.db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha256);
  }

  /**
   * The verified local path if the blob is cached and intact, else null (never downloads).
   * Cheap on repeated calls (the viewer fetches byte ranges): re-hashes only a changed file.
   */
  async verifiedPath(sha256: string): Promise<string | null> {
    return (await this.check(sha256)) === 'ok' ? this.finalPath(sha256) : null;
  }

  /**
   * Returns the verified path, downloading when missing or damaged. Offline: a missing blob
   * raises `offline`, a damaged one `blob_corrupt`.
   */
  ensure(sha256: string, expectedSize: number, fetcher: BlobFetcher, onBytes?: (n: number) => void): Promise<string> {
    const running = this.inFlight.get(sha256);
    if (running) return running;
    const p = this.doEnsure(sha256, expectedSize, fetcher, onBytes).finally(() => this.inFlight.delete(sha256));
    this.inFlight.set(sha256, p);
    return p;
  }

  private async doEnsure(sha256: string, expectedSize: number, fetcher: BlobFetcher, onBytes?: (n: number) => void): Promise<string> {
    const state = await this.check(sha256);
    if (state === 'ok') return this.finalPath(sha256);
    try {
      return await this.download(sha256, expectedSize, fetcher, onBytes);
    } catch (e) {
      if (isAppError(e) && isUnreachable(e)) {
        if (state === 'corrupt') throw new AppError('blob_corrupt', 'the cached copy is damaged and the server cannot be reached');
        throw new AppError('offline', 'this document has not been downloaded yet and the server cannot be reached');
      }
      throw e;
    }
  }

  private async download(sha256: string, expectedSize: number, fetcher: BlobFetcher, onBytes?: (n: number) => void): Promise<string> {
    const part = this.partPath(sha256);
    this.makeFolder(part);
    // Whole chunks of an interrupted download are kept (a plain .part of an earlier version is not).
    let { writer, plainBytes: offset, complete } = fs.existsSync(part)
      ? await EncryptedBlobWriter.resume(part, this.key)
      : { writer: await EncryptedBlobWriter.create(part, this.key), plainBytes: 0, complete: false };
    const restart = async () => {
      await writer.abandon();
      writer = await EncryptedBlobWriter.create(part, this.key);
      offset = 0;
      complete = false;
    };
    if (offset > expectedSize) await restart();
    /** The plaintext's hash, taken as a whole file streams in (a resumed file is read back instead). */
    let streamedHash: string | null = null;
    // A complete .part left by a crash between download and rename: just verify it.
    if (complete || offset === expectedSize) await writer.abandon();
    else {
      const get = (headers: Record<string, string>) => fetcher(sha256, headers).catch(async (e: unknown) => {
        await writer.abandon();
        return Promise.reject(unreachable(e));
      });
      let res = await get(offset > 0 ? { range: `bytes=${offset}-` } : {});
      if (res.status === 416 && offset > 0) {
        await res.body?.cancel();
        await restart();
        res = await get({});
      }
      if (!res.ok) {
        await writer.abandon();
        throw await errorFromResponse(res);
      }
      // Resume only if the server honoured our range exactly; a 200 means: the whole file again.
      const resumed = res.status === 206 && offset > 0 && (res.headers.get('content-range') ?? '').startsWith(`bytes ${offset}-`);
      if (!resumed && offset > 0) await restart();
      const hash = offset === 0 ? crypto.createHash('sha256') : null;
      await this.writeBody(res, writer, part, expectedSize - offset, onBytes, hash);
      streamedHash = hash?.digest('hex') ?? null;
    }
    if ((streamedHash ?? (await sha256OfEncryptedBlob(part, this.key))) !== sha256) {
      fs.rmSync(part, { force: true });
      throw new AppError('hash_mismatch', `downloaded bytes do not match ${sha256}`);
    }
    const file = this.finalPath(sha256);
    fs.renameSync(part, file);
    this.verifiedSignatures.set(sha256, statSignature(fs.statSync(file, { bigint: true })));
    const t = this.now().toISOString();
    this.db
      .prepare('INSERT OR REPLACE INTO blobs (sha256, size, path, verified_at, last_access) VALUES (?, ?, ?, ?, ?)')
      .run(sha256, expectedSize, path.relative(this.root, file), t, t);
    this.recordedRows?.add(sha256);
    return file;
  }

  /** Streams the body into `writer`; sealed and closed on success, closed (whole chunks kept) on a dropped connection. */
  private async writeBody(res: Response, writer: EncryptedBlobWriter, file: string, maxBytes: number, onBytes?: (n: number) => void, hash?: crypto.Hash | null) {
    if (!res.body) {
      await writer.abandon();
      throw new AppError('internal', 'blob response has no body');
    }
    let written = 0;
    let failure: AppError | null = null;
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        written += chunk.byteLength;
        // More bytes than the document row announces cannot be the right file: stop early.
        if (written > maxBytes) {
          failure = new AppError('hash_mismatch', 'server sent more bytes than the document size');
          break;
        }
        hash?.update(chunk);
        await writer.write(chunk);
        onBytes?.(chunk.byteLength);
      }
    } catch (e) {
      // A failing disk is not "offline": only network failures are reported as such.
      if (!isAppError(e) && !isTransientNetworkError(e)) {
        await writer.abandon();
        throw e;
      }
      // The connection dropped mid-file: keep the .part, the next attempt resumes from it.
      failure = isAppError(e) ? e : unreachable(e);
    }
    if (failure) {
      await writer.abandon();
      if (failure.code === 'hash_mismatch') await fs.promises.rm(file, { force: true });
      throw failure;
    }
    await writer.finish();
  }

  /** Deletes cached files no visible document references any more (and stale partial downloads). */
  removeUnreferenced(referenced: ReadonlySet<string>): number {
    let removed = 0;
    for (const row of this.db.prepare('SELECT sha256 FROM blobs').all() as { sha256: string }[]) {
      if (referenced.has(row.sha256)) continue;
      fs.rmSync(this.finalPath(row.sha256), { force: true });
      fs.rmSync(this.partPath(row.sha256), { force: true });
      this.forget(row.sha256);
      removed++;
    }
    return removed;
  }

  /** Deletes every cached blob (another account signs in on this machine). */
  clearAll(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
    this.db.prepare('DELETE FROM blobs').run();
    this.present.clear();
    this.recordedRows = new Set();
    this.verifiedSignatures.clear();
  }
}
