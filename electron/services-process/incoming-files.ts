/**
 * Files that reach a shell as bytes rather than a path (browser mode's PUT; in Electron, a
 * dropped file that has no path on disk): written to a private temp folder while hashing, with
 * the upload size limit, handed to the services by path, then removed.
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../shared/api';
import type { BridgeResult } from '../../shared/bridge';
import { errorResult } from '../services/bridge-dispatch';
import { writeHashedFile } from '../services/files/write-hashed';
import type { HostedServices } from './hosted-services';

export interface IncomingFiles {
  /** Writes the bytes to a temp file, lets the services import it, removes it; the value is an UploadedFile. */
  importStream(services: HostedServices, source: Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>, fileName: string): Promise<BridgeResult>;
  readonly maxBytes: number;
  close(): Promise<void>;
}

export async function openIncomingFiles(maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<IncomingFiles> {
  // mkdtemp: a fresh folder only this user can enter (0700).
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ecabinet-incoming-'));
  return {
    maxBytes,
    async importStream(services, source, fileName) {
      const file = path.join(dir, crypto.randomUUID());
      try {
        const written = await writeHashedFile(source, file, maxBytes);
        return await services.importUpload({ path: file, fileName, expectedSha256: written.sha256 });
      } catch (e) {
        return errorResult(e, 'receiving a file');
      } finally {
        await rm(file, { force: true });
      }
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
