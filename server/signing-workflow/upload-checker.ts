/**
 * Runs the checks of uploads in a worker thread: every uploaded PDF is measured against the PDF
 * limits (inflated size, objects, nesting) before it is stored, so no member's reader or indexer
 * ever parses a bomb; a signed file is also checked as the next revision of what was sent
 * (upload-check.ts). One at a time (two cores serve everybody), with a heap limit and a time
 * limit that grows with the file; past either, the upload is refused as `pdf_too_complex`.
 */
import { EventEmitter } from 'node:events';
import { AppError } from '../../shared/errors';
// Not signing/index: the PDF and CMS libraries load in the worker only.
import { pdfTooComplex, type PdfMeasure } from '../../signing/pdf/pdf-limits';
import { WorkerPool, WorkerTaskError } from '../../node-shared/workers/worker-pool';
import type { SignedUploadCheck } from './upload-check';

export interface UploadCheckerOptions {
  maxHeapMb: number;
  /** Time allowed for one check: a base plus some per MB of the file. */
  baseTimeoutMs: number;
  timeoutPerMbMs: number;
}

export const DEFAULT_UPLOAD_CHECKER_OPTIONS: UploadCheckerOptions = { maxHeapMb: 1024, baseTimeoutMs: 60_000, timeoutPerMbMs: 2_000 };

/**
 * Checks run one at a time, so the queue is what a sender could fill: each account has at most
 * `PER_ACCOUNT` files in it (a signer has one step to sign at a time; a secretary may send a few
 * files at once), and past `MAX_WAITING` files the server asks for the file again later rather
 * than hold everyone's requests for many minutes.
 */
export const MAX_WAITING = 32;
export const PER_ACCOUNT = { signed: 1, upload: 4 } as const;

export class UploadChecker {
  /** 'start' when a check is handed to the worker, 'end' when it is answered (for monitoring and tests). */
  readonly events = new EventEmitter();
  private readonly pool: WorkerPool;
  /** Files being checked or waiting, per account and kind. */
  private readonly inQueue = new Map<string, number>();
  private waiting = 0;

  constructor(private readonly opts: UploadCheckerOptions = DEFAULT_UPLOAD_CHECKER_OPTIONS) {
    this.pool = new WorkerPool('upload-check', { maxThreads: 1, resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb } });
  }

  /** Checks the file `userId` signed against the revision he was sent. */
  check(userId: string, sentPath: string, signedPath: string, signedSize: number): Promise<SignedUploadCheck> {
    return this.run(userId, 'signed', 'checkSignedUpload', { sentPath, signedPath }, signedSize, 'checking the signed file');
  }

  /** Measures an uploaded PDF; throws `pdf_too_complex` past the limits. */
  measure(userId: string, path: string, size: number): Promise<PdfMeasure> {
    return this.run(userId, 'upload', 'measureUpload', { path }, size, 'measuring the uploaded PDF');
  }

  private async run<T>(userId: string, kind: keyof typeof PER_ACCOUNT, task: string, args: unknown, size: number, label: string): Promise<T> {
    const key = `${kind}:${userId}`;
    const mine = this.inQueue.get(key) ?? 0;
    if (mine >= PER_ACCOUNT[kind])
      throw new AppError('rate_limited', 'files of yours are still being checked: send again when they are answered', { retryAfterSeconds: 5 });
    if (this.waiting >= MAX_WAITING) throw new AppError('rate_limited', 'too many files are being checked: send again shortly', { retryAfterSeconds: 10 });
    this.inQueue.set(key, mine + 1);
    this.waiting++;
    const timeoutMs = this.opts.baseTimeoutMs + Math.ceil(size / 1e6) * this.opts.timeoutPerMbMs;
    this.events.emit('start');
    try {
      return await this.pool.run<T>(task, args, { timeoutMs, label });
    } catch (e) {
      if (e instanceof WorkerTaskError) {
        if (e.reason === 'timeout') throw pdfTooComplex('time', e.message, { maxSeconds: Math.round(timeoutMs / 1000) });
        if (e.reason === 'out_of_memory') throw pdfTooComplex('memory', e.message, { maxMb: this.opts.maxHeapMb });
        throw new AppError('internal', e.message);
      }
      throw e;
    } finally {
      const left = (this.inQueue.get(key) ?? 1) - 1;
      if (left > 0) this.inQueue.set(key, left);
      else this.inQueue.delete(key);
      this.waiting--;
      this.events.emit('end');
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

let shared: UploadChecker | null = null;
/** The process's checker (one worker thread, started on first use, ended when idle). */
export function uploadChecker(): UploadChecker {
  shared ??= new UploadChecker();
  return shared;
}
