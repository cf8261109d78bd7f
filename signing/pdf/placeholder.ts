/**
 * Finds a signature placeholder in serialized bytes and fills it: /ByteRange is rewritten in
 * place (same width), /Contents gets the hex CMS. Nothing else moves, so the offsets the
 * cross-reference section records stay right.
 */
import { AppError } from '../../shared/app-error';

export const BYTE_RANGE_PLACEHOLDER = '/ByteRange [ 0 /********** /********** /********** ]';

export interface Placeholder {
  byteRangeStart: number;
  contentsStart: number; // index of '<'
  contentsEnd: number; // index after '>'
  byteRange: [number, number, number, number];
}

function indexOfAscii(bytes: Uint8Array, needle: string, from: number): number {
  const n = Buffer.from(needle, 'latin1');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(n, from);
}

/**
 * `bytes` may be only the end of the file, from file offset `base` on (the update, kept apart
 * from the input): positions are then in `bytes`, the byte range in file offsets.
 */
export function locatePlaceholder(bytes: Uint8Array, searchFrom: number, base = 0): Placeholder {
  const br = indexOfAscii(bytes, BYTE_RANGE_PLACEHOLDER, searchFrom);
  if (br < 0) throw new AppError('signing_failed', 'Signature placeholder not found in the update');
  const contentsKey = indexOfAscii(bytes, '/Contents <', br);
  if (contentsKey < 0) throw new AppError('signing_failed', 'Signature /Contents not found in the update');
  const contentsStart = contentsKey + '/Contents '.length;
  const contentsEnd = indexOfAscii(bytes, '>', contentsStart) + 1;
  const byteRange: Placeholder['byteRange'] = [0, base + contentsStart, base + contentsEnd, bytes.length - contentsEnd];
  return { byteRangeStart: br, contentsStart, contentsEnd, byteRange };
}

/** Writes the real /ByteRange over the placeholder, padded with spaces to the same length. */
export function writeByteRange(bytes: Uint8Array, p: Placeholder): void {
  let text = `/ByteRange [${p.byteRange.join(' ')}]`;
  if (text.length > BYTE_RANGE_PLACEHOLDER.length) throw new AppError('signing_failed', 'The file is too large for the byte range placeholder');
  text = text.slice(0, -1) + ' '.repeat(BYTE_RANGE_PLACEHOLDER.length - text.length) + ']';
  bytes.set(Buffer.from(text, 'latin1'), p.byteRangeStart);
}

export function writeContents(bytes: Uint8Array, p: Placeholder, cms: Uint8Array): void {
  const room = (p.contentsEnd - p.contentsStart - 2) / 2;
  if (cms.length > room) throw new AppError('signing_failed', `The signature (${cms.length} bytes) does not fit the reserved ${room} bytes`);
  const hex = Buffer.from(cms).toString('hex').toUpperCase().padEnd(room * 2, '0');
  bytes.set(Buffer.from(hex, 'latin1'), p.contentsStart + 1);
}
