/**
 * Runs the check of signed uploads (upload-check.ts) in a worker thread: one at a time (two
 * cores serve everybody), with a heap limit and a time limit that grows with the file. Past
 * either, the upload is refused as `pdf_too_complex`, like a PDF past the inflate, object and
 * nesting limits the check applies itself.
 */
import { EventEmitter } from 'node:events';
import { AppError } from '../../shared/errors';
// Not signing/index: the PDF and CMS libraries load in the worker only.
import { pdfTooComplex } from '../../signing/pdf/pdf-limits';
import { WorkerPool, WorkerTaskError } from '../../node-shared/workers/worker-pool';
import type { SignedUploadCheck } from './upload-check';

export interface UploadCheckerOptions {
  maxHeapMb: number;
  /** Time allowed for one check: a base plus some per MB of the signed file. */
  baseTimeoutMs: number;
  timeoutPerMbMs: number;
}

export const DEFAULT_UPLOAD_CHECKER_OPTIONS: UploadCheckerOptions = { maxHeapMb: 1024, baseTimeoutMs: 60_000, timeoutPerMbMs: 2_000 };

/**
 * Checks run one at a time, so the queue is what a sender could fill: each account has at most
 * one file in it (a signer has one step to sign at a time), and past `MAX_WAITING` files the
 * server asks everyone to send again later rather than hold their pushes for many minutes.
 */
export const MAX_WAITING = 8;

export class SignedUploadChecker {
  /** 'start' when a check is handed to the worker, 'end' when it is answered (for monitoring and tests). */
  readonly events = new EventEmitter();
  private readonly pool: WorkerPool;
  /** Accounts with a file being checked or waiting. */
  private readonly inQueue = new Set<string>();

  constructor(private readonly opts: UploadCheckerOptions = DEFAULT_UPLOAD_CHECKER_OPTIONS) {
    this.pool = new WorkerPool('upload-check', { maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb } });
  }

  /** Checks the file `userId` signed; refused as `rate_limited` while another of his is queued, or the queue is full. */
  async check(userId: string, sentPath: string, signedPath: string, signedSize: number): Promise<SignedUploadCheck> {
    if (this.inQueue.has(userId))
      throw new AppError('rate_limited', 'a signed file of yours is still being checked: send again when it is answered', { retryAfterSeconds: 5 });
    if (this.inQueue.size >= MAX_WAITING) throw new AppError('rate_limited', 'too many signed files are being checked: send again shortly', { retryAfterSeconds: 10 });
    this.inQueue.add(userId);
    const timeoutMs = this.opts.baseTimeoutMs + Math.ceil(signedSize / 1e6) * this.opts.timeoutPerMbMs;
    this.events.emit('start');
    try {
      return await this.pool.run<SignedUploadCheck>('checkSignedUpload', { sentPath, signedPath }, { timeoutMs, label: 'checking the signed file' });
    } catch (e) {
      if (e instanceof WorkerTaskError) {
        if (e.reason === 'timeout') throw pdfTooComplex('time', e.message, { maxSeconds: Math.round(timeoutMs / 1000) });
        if (e.reason === 'out_of_memory') throw pdfTooComplex('memory', e.message, { maxMb: this.opts.maxHeapMb });
        throw new AppError('internal', e.message);
      }
      throw e;
    } finally {
      this.inQueue.delete(userId);
      this.events.emit('end');
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

let shared: SignedUploadChecker | null = null;
/** The process's checker (one worker thread, started on first use, ended when idle). */
export function signedUploadChecker(): SignedUploadChecker {
  shared ??= new SignedUploadChecker();
  return shared;
}
