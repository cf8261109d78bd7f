/**
 * Worker thread: the measure of every uploaded PDF and the check of a signed upload
 * (upload-check.ts). Parsing an untrusted PDF may
 * take long or ask for much memory; here it holds neither the thread that answers requests nor
 * the database, and the thread has a heap limit and is ended at its time limit.
 */
import { readFile } from 'node:fs/promises';
import { settle, type TaskResult } from '../../node-shared/workers/task-result';
import { checkPdfLimits, type PdfMeasure } from '../../signing/pdf/pdf-limits';
import { checkSignedRevision, type SignedUploadCheck } from './upload-check';

/** Files, not bytes: a 100 MB upload is read here instead of being copied between threads. */
export function checkSignedUpload(t: { sentPath: string; signedPath: string }): Promise<TaskResult<SignedUploadCheck>> {
  return settle(async () => checkSignedRevision(new Uint8Array(await readFile(t.sentPath)), new Uint8Array(await readFile(t.signedPath))));
}

/** Any uploaded PDF, before anyone's reader or indexer parses it: past the limits, `pdf_too_complex`. */
export function measureUpload(t: { path: string }): Promise<TaskResult<PdfMeasure>> {
  return settle(async () => checkPdfLimits(new Uint8Array(await readFile(t.path))));
}
