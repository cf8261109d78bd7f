/**
 * The services' side of the signing worker (signing.worker.ts): the same calls as signing/ and
 * the key store, answered by a worker thread so the UI's bridge calls never wait behind them.
 */
import { stat } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import type { Annotation } from '../../../shared/annotations';
import type { VerificationReport } from '../../../shared/signing';
// Not signing/index: that would load the PDF and CMS libraries on this thread.
import type { TokenInfo } from '../../../signing/index';
import type { StoredKeyInfo } from '../keys/key-store';
import type { SignTask, SignTaskResult } from './signing.worker';
import { WorkerPool, WorkerTaskError } from './worker-pool';
import { keyHexForFile } from '../crypto/blob-file';

export type { KeySpec, SignTask, SignTaskResult } from './signing.worker';

/** Verification of a PDF from elsewhere: time allowed (a base plus some per MB) and heap. */
export const VERIFY_LIMITS = { baseTimeoutMs: 60_000, timeoutPerMbMs: 2_000, maxHeapMb: 1024 };

export class SigningWorker {
  // One thread: PKCS#11 calls must not overlap (see signing.worker.ts); heap bounded for hostile PDFs.
  private readonly pool = new WorkerPool('signing', { maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: 1536 } });
  // Verification touches no token, so it has its own thread, which its time limit may end.
  private readonly verifyPool = new WorkerPool('signing', { maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: VERIFY_LIMITS.maxHeapMb } });

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

  /** A PDF past the limits (inflated size, objects, nesting, time, heap) fails with `pdf_too_complex`. */
  async verify(file: string, trustRoots: string[], online: boolean): Promise<VerificationReport> {
    const { size } = await stat(file);
    const timeoutMs = VERIFY_LIMITS.baseTimeoutMs + Math.ceil(size / 1e6) * VERIFY_LIMITS.timeoutPerMbMs;
    try {
      return await this.verifyPool.run<VerificationReport>('verify', { file, keyHex: keyHexForFile(file), trustRoots, online }, { timeoutMs, label: 'verifying the signatures' });
    } catch (e) {
      // Loaded on this rare path only: pdf-limits brings the inflate library with it.
      const { pdfTooComplex } = await import('../../../signing/pdf/pdf-limits');
      if (e instanceof WorkerTaskError && e.reason === 'timeout') throw pdfTooComplex('time', e.message, { maxSeconds: Math.round(timeoutMs / 1000) });
      if (e instanceof WorkerTaskError && e.reason === 'out_of_memory') throw pdfTooComplex('memory', e.message, { maxMb: VERIFY_LIMITS.maxHeapMb });
      if (e instanceof WorkerTaskError) throw new AppError('signing_failed', e.message);
      throw e;
    }
  }

  /** The document with the given notes as PDF annotations; a PDF past the limits fails with `pdf_too_complex`. */
  async exportWithNotes(file: string, annotations: readonly Annotation[], authorNames: Record<string, string>): Promise<Uint8Array> {
    const { size } = await stat(file);
    const timeoutMs = VERIFY_LIMITS.baseTimeoutMs + Math.ceil(size / 1e6) * VERIFY_LIMITS.timeoutPerMbMs;
    try {
      return await this.verifyPool.run<Uint8Array>('exportWithNotes', { file, keyHex: keyHexForFile(file), annotations, authorNames }, { timeoutMs, label: 'writing the notes into the PDF' });
    } catch (e) {
      // Loaded on this rare path only: pdf-limits brings the inflate library with it.
      const { pdfTooComplex } = await import('../../../signing/pdf/pdf-limits');
      if (e instanceof WorkerTaskError && e.reason === 'timeout') throw pdfTooComplex('time', e.message, { maxSeconds: Math.round(timeoutMs / 1000) });
      if (e instanceof WorkerTaskError && e.reason === 'out_of_memory') throw pdfTooComplex('memory', e.message, { maxMb: VERIFY_LIMITS.maxHeapMb });
      if (e instanceof WorkerTaskError) throw new AppError('internal', e.message);
      throw e;
    }
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
  async completed(): Promise<number> {
    return (await this.pool.completed()) + (await this.verifyPool.completed());
  }
}

let shared: SigningWorker | null = null;
/** The process's signing worker (one thread, shared by every services instance). */
export function signingWorker(): SigningWorker {
  shared ??= new SigningWorker();
  return shared;
}
