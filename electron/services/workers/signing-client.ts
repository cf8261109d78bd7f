/**
 * The services' side of the signing worker (signing.worker.ts): the same calls as signing/ and
 * the key store, answered by a worker thread so the UI's bridge calls never wait behind them.
 */
import { AppError } from '../../../shared/errors';
import type { VerificationReport } from '../../../shared/signing';
import type { TokenInfo } from '../../../signing/index';
import type { StoredKeyInfo } from '../keys/key-store';
import type { SignTask, SignTaskResult } from './signing.worker';
import { WorkerPool, WorkerTaskError } from './worker-pool';
import { keyHexForFile } from '../crypto/blob-file';

export type { KeySpec, SignTask, SignTaskResult } from './signing.worker';

export class SigningWorker {
  // One thread: PKCS#11 calls must not overlap (see signing.worker.ts); heap bounded for hostile PDFs.
  private readonly pool = new WorkerPool('signing', { maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: 1536 } });

  private async run<T>(fn: string, task: unknown, label: string): Promise<T> {
    try {
      return await this.pool.run<T>(fn, task, { label });
    } catch (e) {
      // The thread died (out of memory, crash): the bridge gets a signing error, not "internal".
      if (e instanceof WorkerTaskError) throw new AppError('signing_failed', e.message);
      throw e;
    }
  }

  sign(task: SignTask): Promise<SignTaskResult> {
    return this.run('sign', { ...task, keyHex: keyHexForFile(task.file) }, 'signing the PDF');
  }

  verify(file: string, trustRoots: string[], online: boolean): Promise<VerificationReport> {
    return this.run('verify', { file, keyHex: keyHexForFile(file), trustRoots, online }, 'verifying the signatures');
  }

  importPkcs12(keysDir: string, bytes: Uint8Array, password: string): Promise<StoredKeyInfo> {
    return this.run('importPkcs12', { keysDir, bytes, password }, 'importing the key file');
  }

  pkcs11Tokens(module: string): Promise<TokenInfo[]> {
    return this.run('pkcs11Tokens', { module }, 'listing the tokens');
  }

  pkcs11Certificates(module: string, tokenLabel: string | undefined, pin: string): Promise<{ id: string; label: string; subject: string; notAfter: string }[]> {
    return this.run('pkcs11Certificates', { module, tokenLabel, pin }, 'reading the token');
  }

  /** Worker tasks finished so far. */
  completed(): Promise<number> {
    return this.pool.completed();
  }
}

let shared: SigningWorker | null = null;
/** The process's signing worker (one thread, shared by every services instance). */
export function signingWorker(): SigningWorker {
  shared ??= new SigningWorker();
  return shared;
}
