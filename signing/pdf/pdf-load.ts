/**
 * Loading PDFs for signing with clear, coded errors for what is not a PDF or cannot be signed:
 * - `openForSigning` reads only the cross-references and checks them (`pdf-file.ts`); a file
 *   whose cross-references lie is rewritten once by pdf-lib (which reads objects in file order,
 *   not by the table) unless it already carries signatures that a rewrite would break;
 * - `loadForUpdate` loads the whole document into pdf-lib for an incremental update (the /DSS).
 */
import { createHash, type Hash } from 'node:crypto';
import type { PDFDocument } from '@cantoo/pdf-lib';
import { AppError } from '../../shared/app-error';
import { checkPdfLimits, DEFAULT_PDF_LIMITS, pdfTooComplex, type PdfLimits } from './pdf-limits';
import { FILE_LIMITS, PdfFile, PdfStructureError, readPdfFile, type PdfFileLimits } from './pdf-file';
import { PdfFileSource } from './file-source';
import { objectHeaderAt, PdfDict, PdfName, PdfRef } from './pdf-syntax';

import { loadPdfLib } from './pdf-lib-lazy';
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

/** The coded error for a structure problem: encrypted, too complex, or damaged (with the reason). */
export function structureAppError(e: PdfStructureError): AppError {
  if (e.reason === 'encrypted') return new AppError('pdf_encrypted', 'Encrypted PDFs cannot be signed');
  if (e.reason === 'too_complex') {
    const limit = /deep/.test(e.message) ? 'nesting_depth' : /objects/.test(e.message) ? 'object_count' : 'inflated_size';
    return pdfTooComplex(limit, `The PDF is too complex to sign: ${e.message}`, limit === 'inflated_size' ? { maxMb: FILE_LIMITS.maxStructureBytes / (1024 * 1024) } : {});
  }
  return new AppError('pdf_damaged', `The PDF is damaged: ${e.message}`, { reason: e.reason });
}

// Searched without its slash: Node searches for needles of 7 bytes or more with a Boyer-Moore
// that crawls over binary data (10 MB: ~16 ms), for shorter ones with memchr (~1 ms).
const OBJSTM = Buffer.from('ObjStm', 'latin1');

/**
 * What a parser would decode whole before reading any object: object streams. Each one found in
 * the raw bytes is inflated under the structure ceiling (content streams are not: signing never
 * decodes them). Throws `pdf_too_complex` like checkPdfLimits.
 */
export function checkStructureLimits(bytes: Uint8Array, limits: PdfFileLimits = FILE_LIMITS): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: number[] = [];
  for (let at = buf.indexOf(OBJSTM, 1) - 1; at >= 0; at = buf.indexOf(OBJSTM, at + 7) - 1) if (buf[at] === 0x2f) found.push(at);
  checkObjectStreams(new PdfFile(bytes, limits), found, limits);
}

/** Where `/ObjStm` occurs in one piece of a streamed file (see PdfFileSource.pass). */
function objectStreamMarks(piece: Buffer, position: number, own: number, into: number[]): void {
  for (let at = piece.indexOf(OBJSTM, 1) - 1; at >= 0 && at < own; at = piece.indexOf(OBJSTM, at + 7) - 1) {
    if (piece[at] === 0x2f) into.push(position + at);
  }
}

/** The object streams whose `/ObjStm` is at the file offsets `marks`, each inflated under the ceiling. */
function checkObjectStreams(file: PdfFile, marks: number[], limits: PdfFileLimits): void {
  const buf = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  let declared = 0;
  for (const at of marks) {
    file.source?.ensure(at - 4096, at);
    const head = buf.subarray(Math.max(0, at - 4096), at).toString('latin1');
    const m = [...head.matchAll(/(\d+)\s+(\d+)\s+obj\b/g)].pop();
    if (!m) continue;
    const objAt = at - head.length + m.index!;
    let obj;
    try {
      obj = file.indirectAt(objAt);
    } catch (e) {
      if (e instanceof PdfStructureError && e.reason === 'too_complex') throw structureAppError(e);
      continue; // not an object stream after all, or broken: the reader reports it if it needs it
    }
    const d = obj.value;
    if (!(d instanceof PdfDict) || !obj.stream || !(d.get('Type') instanceof PdfName) || (d.get('Type') as PdfName).raw !== 'ObjStm') continue;
    const n = d.get('N');
    declared += typeof n === 'number' ? n : 0;
    if (declared > limits.maxObjects) throw pdfTooComplex('object_count', `the PDF has more than ${limits.maxObjects} objects`, { max: limits.maxObjects });
    try {
      file.decodeStream(obj, 'object stream');
    } catch (e) {
      if (e instanceof PdfStructureError && e.reason === 'too_complex') throw structureAppError(e);
    }
  }
}

export interface OpenedPdf {
  file: PdfFile;
  /** The file was rewritten whole because its cross-references were broken. */
  repaired: boolean;
}

/**
 * Opens `bytes` for signing: checked cross-references, or a repaired copy when they lie and the
 * file has no signatures yet. Coded errors: not_pdf, pdf_encrypted, pdf_damaged, pdf_too_complex.
 */
export async function openForSigning(bytes: Uint8Array): Promise<OpenedPdf> {
  if (!looksLikePdf(bytes)) throw new AppError('not_pdf', 'The file is not a PDF');
  checkStructureLimits(bytes);
  try {
    return { file: readPdfFile(bytes), repaired: false };
  } catch (e) {
    if (!(e instanceof PdfStructureError)) throw e;
    if (!e.repairable) throw structureAppError(e);
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('/ByteRange', 0, 'latin1')) {
      throw new AppError('pdf_damaged', `The PDF is damaged (${e.message}) and already signed: rewriting it would break its signatures`, { reason: e.reason, signed: true });
    }
    const repaired = await rewriteWhole(bytes, e);
    try {
      return { file: readPdfFile(repaired), repaired: true };
    } catch (again) {
      if (again instanceof PdfStructureError) throw structureAppError(again);
      throw again;
    }
  }
}

/** A file opened for signing without reading it whole (see openFileForSigning). */
export interface StreamedPdf {
  file: PdfFile;
  source: PdfFileSource;
  /** SHA-256 of the whole file so far: what a signature's byte ranges start with. */
  hash: Hash;
}

/**
 * Opens the file at `path` for signing without holding it: its cross-references are read and
 * checked, then one pass streams the file through a small buffer, hashing it, checking that every
 * cross-reference offset points at its object and finding the object streams to measure; only
 * the objects a signature touches are read afterwards. Null when the file is not one this path
 * takes as it is (not a PDF, encrypted, damaged, too complex...): the caller then reads it whole
 * and `openForSigning` repairs it or gives the coded error.
 */
export function openFileForSigning(path: string): StreamedPdf | null {
  const source = PdfFileSource.open(path);
  try {
    source.ensure(0, 1024);
    if (!looksLikePdf(source.bytes)) throw new Error('not a PDF');
    const file = new PdfFile(source.bytes, FILE_LIMITS, undefined, source);
    file.readXref();
    if (!(file.trailer.get('Root') instanceof PdfRef) || file.trailer.get('Encrypt') !== undefined) throw new Error('no root, or encrypted');
    // Objects at their file offsets, in file order, checked as the pass goes by them.
    const placed: [offset: number, num: number, gen: number][] = [];
    for (const [num, e] of file.entries) if (e.type === 1 && e.offset >= 0) placed.push([e.offset, num, e.gen]);
    placed.sort((a, b) => a[0] - b[0]);
    const hash = createHash('sha256');
    const marks: number[] = [];
    let next = 0;
    let wrong = placed.length > 0 && placed[placed.length - 1][0] >= source.size;
    source.pass((piece, position, own) => {
      hash.update(piece.subarray(0, own));
      objectStreamMarks(piece, position, own, marks);
      // Headers starting in this piece's own bytes (the overlap holds the rest of a header).
      for (; next < placed.length && placed[next][0] < position + own; next++) {
        if (!objectHeaderAt(piece, placed[next][0] - position, placed[next][1], placed[next][2])) wrong = true;
      }
    });
    if (wrong) throw new Error('cross-reference offsets do not point at their objects');
    checkObjectStreams(new PdfFile(source.bytes, FILE_LIMITS, undefined, source), marks, FILE_LIMITS);
    return { file, source, hash };
  } catch {
    source.close();
    return null;
  }
}

/**
 * Whether signing `bytes` would rewrite them first (cross-references that lie, on a PDF with no
 * signature yet): the signed file is then not an incremental update of these bytes.
 */
export function needsRepairBeforeSigning(bytes: Uint8Array): boolean {
  if (!looksLikePdf(bytes)) return false;
  try {
    readPdfFile(bytes);
    return false;
  } catch (e) {
    return e instanceof PdfStructureError && e.repairable && !Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('/ByteRange', 0, 'latin1');
  }
}

/** A full save by pdf-lib, which reads objects in file order whatever the table says. */
async function rewriteWhole(bytes: Uint8Array, cause: PdfStructureError): Promise<Uint8Array> {
  checkPdfLimits(bytes);
  const { PDFDocument } = await loadPdfLib();
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
    if (doc.isEncrypted) throw new AppError('pdf_encrypted', 'Encrypted PDFs cannot be signed');
    if (doc.getPageCount() === 0) throw new AppError('pdf_damaged', `The PDF is damaged (${cause.message}) and no page could be recovered`, { reason: cause.reason });
    return await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('pdf_damaged', `The PDF is damaged (${cause.message}) and could not be repaired`, { reason: cause.reason });
  }
}

export async function loadForUpdate(bytes: Uint8Array, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<PDFDocument> {
  if (!looksLikePdf(bytes)) throw new AppError('not_pdf', 'The file is not a PDF');
  checkPdfLimits(bytes, limits);
  const { PDFDocument, PDFNumber } = await loadPdfLib();
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { forIncrementalUpdate: true, updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  } catch (e) {
    throw new AppError('not_pdf', `The PDF cannot be read: ${(e as Error).message}`);
  }
  if (doc.isEncrypted) throw new AppError('pdf_encrypted', 'Encrypted PDFs cannot be signed');
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
