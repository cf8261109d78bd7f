/**
 * File uploads of the secretariat: the renderer sends a dropped file in chunks (it cannot read
 * local files through Node), the file is kept in the cache folder, then sent to the server
 * (`PUT /api/blobs/:sha256`) — at once when online, otherwise before the next push. Office
 * files go to the server's converter instead (online only: their PDF's hash is unknown here).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { API_PATHS } from '../../../shared/api';
import { AppError, isAppError } from '../../../shared/errors';
import { ConvertResponse, isOfficeFileName, SECRETARIAT_PATHS } from '../../../shared/secretariat';
import type { UploadedFile } from '../../../shared/secretariat-bridge';
import type { ApiClient } from '../api/api-client';
import { errorFromResponse, parseJson, unreachable, type FetchFn } from '../api/http';
import { sha256OfFile } from '../blobs/blob-cache';
import type { CacheDb } from '../cache/open-cache';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Whether the file begins with `magic` (reads only those bytes). */
async function startsWith(file: string, magic: Buffer): Promise<boolean> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    const { bytesRead } = await fh.read(head, 0, magic.length, 0);
    return bytesRead === magic.length && head.equals(magic);
  } finally {
    await fh.close();
  }
}
const UPLOAD_TIMEOUT_MS = 10 * 60_000;

interface Partial {
  fileName: string;
  size: number;
  received: number;
  tmpPath: string;
}

export class UploadQueue {
  private readonly partial = new Map<string, Partial>();
  private readonly dir: string;

  constructor(
    private readonly db: CacheDb,
    dataDir: string,
    private readonly fetchFn: FetchFn,
    private readonly now: () => Date,
  ) {
    this.dir = path.join(dataDir, 'uploads');
    fs.mkdirSync(path.join(this.dir, 'tmp'), { recursive: true });
  }

  begin(fileName: string, size: number): { uploadId: string } {
    const uploadId = crypto.randomUUID();
    const tmpPath = path.join(this.dir, 'tmp', uploadId);
    fs.writeFileSync(tmpPath, new Uint8Array(0));
    this.partial.set(uploadId, { fileName, size, received: 0, tmpPath });
    return { uploadId };
  }

  chunk(uploadId: string, offset: number, base64: string): { received: number } {
    const p = this.partial.get(uploadId);
    if (!p) throw new AppError('not_found', 'upload not found');
    if (offset !== p.received) throw new AppError('validation_failed', 'chunk out of order', { expected: p.received, offset });
    const bytes = Buffer.from(base64, 'base64');
    if (p.received + bytes.length > p.size) throw new AppError('payload_too_large', 'more bytes than announced', { maxBytes: p.size });
    fs.appendFileSync(p.tmpPath, bytes);
    p.received += bytes.length;
    return { received: p.received };
  }

  /** Verifies the file, keeps it until the server has it, and tries to send it now. */
  async finish(uploadId: string, api: ApiClient): Promise<UploadedFile> {
    const p = this.partial.get(uploadId);
    if (!p) throw new AppError('not_found', 'upload not found');
    this.partial.delete(uploadId);
    try {
      if (p.received !== p.size) throw new AppError('validation_failed', 'upload incomplete', { received: p.received, size: p.size });
      if (!(await startsWith(p.tmpPath, PDF_MAGIC))) {
        if (isOfficeFileName(p.fileName)) return { ...(await this.convert(api, await fs.promises.readFile(p.tmpPath), p.fileName)), uploaded: true };
        throw new AppError('not_pdf', 'only PDF files are accepted', { fileName: p.fileName });
      }
      // Streamed: a large file is hashed without holding up the thread that answers the UI.
      const sha256 = await sha256OfFile(p.tmpPath);
      const file = path.join(this.dir, sha256);
      if (!fs.existsSync(file)) fs.renameSync(p.tmpPath, file);
      this.db
        .prepare('INSERT OR IGNORE INTO pending_uploads (sha256, file_name, size, path, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(sha256, p.fileName, p.received, file, this.now().toISOString());
      let uploaded = false;
      try {
        await this.send(api, sha256);
        uploaded = true;
      } catch (e) {
        // Offline: it stays queued and goes before the next push.
        if (!isAppError(e) || (e.code !== 'server_unreachable' && e.code !== 'offline')) throw e;
      }
      return { sha256, size: p.received, fileName: p.fileName, uploaded };
    } finally {
      fs.rmSync(p.tmpPath, { force: true });
    }
  }

  /**
   * Queues bytes made on this device (issue 5: a file signed here) like a finished upload: kept
   * until the server has them, sent now when online, else before the next push.
   */
  async queueBytes(api: ApiClient, bytes: Uint8Array, fileName: string, knownSha256?: string): Promise<{ sha256: string; uploaded: boolean }> {
    // The signing worker already hashed the signed file: a large file is not hashed again here.
    const sha256 = knownSha256 ?? crypto.createHash('sha256').update(bytes).digest('hex');
    const file = path.join(this.dir, sha256);
    if (!fs.existsSync(file)) fs.writeFileSync(file, bytes);
    this.db
      .prepare('INSERT OR IGNORE INTO pending_uploads (sha256, file_name, size, path, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(sha256, fileName, bytes.length, file, this.now().toISOString());
    try {
      await this.send(api, sha256);
      return { sha256, uploaded: true };
    } catch (e) {
      if (!isAppError(e) || !['server_unreachable', 'offline', 'not_signed_in'].includes(e.code)) throw e;
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
        if (isAppError(e) && ['server_unreachable', 'offline', 'not_signed_in'].includes(e.code)) throw e;
        // Refused (e.g. too large): recorded; the document that needs it is then refused with a reason.
        this.db.prepare('UPDATE pending_uploads SET last_error = ? WHERE sha256 = ?').run(isAppError(e) ? e.code : 'internal', r.sha256);
      }
    }
  }

  private async authorized(api: ApiClient, pathname: string, init: { method: string; body: Uint8Array; headers: Record<string, string> }): Promise<Response> {
    const go = async () => {
      try {
        return await this.fetchFn(api.serverUrl + pathname, {
          method: init.method,
          headers: { ...init.headers, authorization: `Bearer ${await api.accessToken()}`, accept: 'application/json' },
          body: init.body as unknown as RequestInit["body"],
          signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
          redirect: 'error',
        });
      } catch (e) {
        if (isAppError(e)) throw e;
        throw unreachable(e);
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

  private async send(api: ApiClient, sha256: string): Promise<void> {
    const row = this.db.prepare('SELECT path FROM pending_uploads WHERE sha256 = ?').get(sha256) as { path: string } | undefined;
    if (!row) return;
    const res = await this.authorized(api, API_PATHS.blob(sha256), { method: 'PUT', body: await fs.promises.readFile(row.path), headers: { 'content-type': 'application/pdf' } });
    if (!res.ok) throw await errorFromResponse(res);
    await res.body?.cancel();
    this.db.prepare('UPDATE pending_uploads SET uploaded_at = ?, last_error = NULL WHERE sha256 = ?').run(this.now().toISOString(), sha256);
    fs.rmSync(row.path, { force: true });
  }

  private async convert(api: ApiClient, bytes: Uint8Array, fileName: string): Promise<Omit<UploadedFile, 'uploaded'>> {
    const res = await this.authorized(api, `${SECRETARIAT_PATHS.convert}?fileName=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (!res.ok) throw await errorFromResponse(res);
    return parseJson(res, ConvertResponse);
  }
}
