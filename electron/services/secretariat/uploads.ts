/**
 * File uploads of the secretariat. A picked file reaches the services by path (Electron gives
 * it; the browser host first writes the page's PUT body to a temp file): it is copied into the
 * cache folder while hashing (sealed like the cached documents: these are the meeting's
 * confidential papers too), kept until the server has it, and streamed to the server
 * (`PUT /api/blobs/:sha256`) — at once when online, otherwise before the next push. A file is
 * never held whole in memory. Office files go to the server's converter instead (online only:
 * their PDF's hash is unknown here).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { API_PATHS } from '../../../shared/api';
import { AppError, isAppError, isUnreachable } from '../../../shared/errors';
import { ConvertResponse, isOfficeFileName, SECRETARIAT_PATHS } from '../../../shared/secretariat';
import { MAX_UPLOAD_FILE_BYTES, type UploadedFile, type UploadProgress } from '../../../shared/secretariat-bridge';
import type { ApiClient } from '../api/api-client';
import { errorFromResponse, parseJson, unreachable, type FetchFn } from '../api/http';
import type { CacheDb } from '../cache/open-cache';
import { blobKeyOf, isEncryptedBlobFile, registerBlobFolder, writeEncryptedBlob } from '../crypto/blob-file';
import { cacheKeyOf } from '../cache/open-cache';
import { fileBody, sealedFileBody } from '../files/file-body';
import { copyHashedFile } from '../files/write-hashed';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** How often at most an upload tells how far it is (the uploader's bar needs no more). */
const PROGRESS_EVERY_MS = 100;

type OnProgress = (p: Omit<UploadProgress, 'fileName'>) => void;

/**
 * A stream that reports the bytes pulled through it (what fetch has taken of an upload's body),
 * and once all are sent, what the server does with them (`then`) until it answers.
 */
function counted(stream: ReadableStream<Uint8Array>, total: number, onProgress: OnProgress, then: UploadProgress['stage']): ReadableStream<Uint8Array> {
  let sent = 0;
  let last = 0;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        sent += chunk.byteLength;
        const now = Date.now();
        if (now - last >= PROGRESS_EVERY_MS || sent === total) {
          last = now;
          onProgress({ stage: 'uploading', sent, total });
        }
        out.enqueue(chunk);
        if (sent === total) onProgress({ stage: then, sent, total });
      },
    }),
  );
}

/** A file to import: where it is, what the user called it, and (from the browser host) the hash it measured. */
export interface ImportedFileSource {
  path: string;
  fileName: string;
  expectedSha256?: string;
}

export class UploadQueue {
  private readonly dir: string;
  private readonly key: Buffer;

  constructor(
    private readonly db: CacheDb,
    dataDir: string,
    private readonly fetchFn: FetchFn,
    private readonly now: () => Date,
  ) {
    this.dir = path.join(dataDir, 'uploads');
    this.key = blobKeyOf(cacheKeyOf(db));
    registerBlobFolder(this.dir, this.key);
    // Copies interrupted by a crash or a kill are garbage.
    fs.rmSync(path.join(this.dir, 'tmp'), { recursive: true, force: true });
    fs.mkdirSync(path.join(this.dir, 'tmp'), { recursive: true });
  }

  /** Copies the file in (hashing as it goes), keeps it until the server has it, and tries to send it now. */
  async importFile(api: ApiClient, source: ImportedFileSource, onProgress?: OnProgress): Promise<UploadedFile> {
    const tmpPath = path.join(this.dir, 'tmp', crypto.randomUUID());
    try {
      const copied = await copyHashedFile(source.path, tmpPath, MAX_UPLOAD_FILE_BYTES, this.key);
      if (copied.size === 0) throw new AppError('not_pdf', 'the file is empty', { fileName: source.fileName });
      if (source.expectedSha256 && source.expectedSha256 !== copied.sha256) {
        throw new AppError('hash_mismatch', 'the file changed while it was being read', { expected: source.expectedSha256, actual: copied.sha256 });
      }
      if (!copied.head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
        if (isOfficeFileName(source.fileName)) return { ...(await this.convert(api, tmpPath, copied.size, source.fileName, onProgress)), uploaded: true };
        throw new AppError('not_pdf', 'only PDF files are accepted', { fileName: source.fileName });
      }
      const { sha256, size } = copied;
      const file = path.join(this.dir, sha256);
      if (!fs.existsSync(file)) fs.renameSync(tmpPath, file);
      this.db
        .prepare('INSERT OR IGNORE INTO pending_uploads (sha256, file_name, size, path, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(sha256, source.fileName, size, file, this.now().toISOString());
      let uploaded = false;
      try {
        await this.send(api, sha256, onProgress);
        uploaded = true;
      } catch (e) {
        // Offline: it stays queued and goes before the next push.
        if (!isAppError(e) || !isUnreachable(e)) throw e;
      }
      return { sha256, size, fileName: source.fileName, uploaded };
    } finally {
      fs.rmSync(tmpPath, { force: true });
    }
  }

  /**
   * Queues bytes made on this device (a file signed here) like a finished upload: kept
   * until the server has them, sent now when online, else before the next push.
   */
  async queueBytes(api: ApiClient, bytes: Uint8Array, fileName: string, knownSha256?: string): Promise<{ sha256: string; uploaded: boolean }> {
    // The signing worker already hashed the signed file: a large file is not hashed again here.
    const sha256 = knownSha256 ?? crypto.createHash('sha256').update(bytes).digest('hex');
    const file = path.join(this.dir, sha256);
    if (!fs.existsSync(file)) await writeEncryptedBlob(file, this.key, bytes);
    this.db
      .prepare('INSERT OR IGNORE INTO pending_uploads (sha256, file_name, size, path, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(sha256, fileName, bytes.length, file, this.now().toISOString());
    try {
      await this.send(api, sha256);
      return { sha256, uploaded: true };
    } catch (e) {
      if (!isAppError(e) || !(isUnreachable(e) || e.code === 'not_signed_in')) throw e;
      return { sha256, uploaded: false };
    }
  }

  pendingCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM pending_uploads WHERE uploaded_at IS NULL').get() as { n: number }).n;
  }

  /** Sends every queued file (called before each push). Unreachable: throws, the push would fail too. */
  async flush(api: ApiClient): Promise<void> {
    const rows = this.db.prepare('SELECT sha256 FROM pending_uploads WHERE uploaded_at IS NULL ORDER BY created_at').all() as { sha256: string }[];
    for (const r of rows) {
      try {
        await this.send(api, r.sha256);
      } catch (e) {
        if (isAppError(e) && (isUnreachable(e) || e.code === 'not_signed_in')) throw e;
        // Refused (e.g. too large): recorded; the document that needs it is then refused with a reason.
        this.db.prepare('UPDATE pending_uploads SET last_error = ? WHERE sha256 = ?').run(isAppError(e) ? e.code : 'internal', r.sha256);
      }
    }
  }

  /** One authorized request whose body streams from a file; re-opened for the retry after a token refresh. */
  private async authorized(
    api: ApiClient,
    pathname: string,
    init: { method: string; file: string; size: number; headers: Record<string, string>; onProgress?: OnProgress; then?: UploadProgress['stage'] },
  ): Promise<Response> {
    // Files queued by an earlier version were kept in clear.
    const sealed = await isEncryptedBlobFile(init.file);
    const go = async () => {
      const body = sealed ? sealedFileBody(init.file, this.key) : fileBody(init.file);
      try {
        return await this.fetchFn(api.serverUrl + pathname, {
          method: init.method,
          headers: {
            ...init.headers,
            'content-length': String(init.size),
            authorization: `Bearer ${await api.accessToken()}`,
            accept: 'application/json',
          },
          body: init.onProgress ? counted(body.stream, init.size, init.onProgress, init.then ?? 'checking') : body.stream,
          // Required by fetch for a streamed request body.
          duplex: 'half',
          signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
          redirect: 'error',
        } as RequestInit);
      } catch (e) {
        if (isAppError(e)) throw e;
        throw unreachable(e);
      } finally {
        await body.close();
      }
    };
    let res = await go();
    if (res.status === 401) {
      await res.body?.cancel();
      await api.refresh();
      res = await go();
    }
    return res;
  }

  private async send(api: ApiClient, sha256: string, onProgress?: OnProgress): Promise<void> {
    const row = this.db.prepare('SELECT path, size FROM pending_uploads WHERE sha256 = ?').get(sha256) as { path: string; size: number } | undefined;
    if (!row) return;
    // The server measures every PDF before it keeps it.
    const res = await this.authorized(api, API_PATHS.blob(sha256), { method: 'PUT', file: row.path, size: row.size, headers: { 'content-type': 'application/pdf' }, onProgress, then: 'checking' });
    if (!res.ok) throw await errorFromResponse(res);
    await res.body?.cancel();
    this.db.prepare('UPDATE pending_uploads SET uploaded_at = ?, last_error = NULL WHERE sha256 = ?').run(this.now().toISOString(), sha256);
    fs.rmSync(row.path, { force: true });
  }

  private async convert(api: ApiClient, file: string, size: number, fileName: string, onProgress?: OnProgress): Promise<Omit<UploadedFile, 'uploaded'>> {
    const res = await this.authorized(api, `${SECRETARIAT_PATHS.convert}?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      file,
      size,
      headers: { 'content-type': 'application/octet-stream' },
      onProgress,
      then: 'converting',
    });
    if (!res.ok) throw await errorFromResponse(res);
    return parseJson(res, ConvertResponse);
  }
}
