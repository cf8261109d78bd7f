/** Loading PDFs for signing (incremental update) with clear errors for what is not a PDF. */
import { PDFDocument, PDFNumber } from '@cantoo/pdf-lib';
import { AppError } from '../../shared/errors';
import { checkPdfLimits, DEFAULT_PDF_LIMITS, type PdfLimits } from './pdf-limits';

import { looksLikePdf } from './pdf-header';

export { looksLikePdf };

/** Offset the last `startxref` points at, or -1. */
export function lastStartXref(bytes: Uint8Array): number {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + Math.max(0, bytes.length - 2048), Math.min(bytes.length, 2048)).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  return m ? Number(m[1]) : -1;
}

/** Whether the newest cross-reference section is a stream (then the update uses one too). */
export function lastXrefIsStream(bytes: Uint8Array): boolean {
  const at = lastStartXref(bytes);
  if (at < 0 || at >= bytes.length) return false;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(64, bytes.length - at)).toString('latin1');
  return !head.startsWith('xref');
}

export async function loadForUpdate(bytes: Uint8Array, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<PDFDocument> {
  if (!looksLikePdf(bytes)) throw new AppError('not_pdf', 'The file is not a PDF');
  checkPdfLimits(bytes, limits);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { forIncrementalUpdate: true, updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  } catch (e) {
    throw new AppError('not_pdf', `The PDF cannot be read: ${(e as Error).message}`);
  }
  if (doc.isEncrypted) throw new AppError('bad_request', 'Encrypted PDFs cannot be signed');
  // pdf-lib numbers new objects after the largest object it parsed, which can be below the
  // trailer's /Size (seen with tracemonkey.pdf): new objects would then reuse existing numbers.
  const size = doc.context.trailerInfo.Size;
  if (size instanceof PDFNumber && size.asNumber() - 1 > doc.context.largestObjectNumber) {
    doc.context.largestObjectNumber = size.asNumber() - 1;
    doc.context.snapshot = undefined;
    doc.takeSnapshot();
  }
  return doc;
}
