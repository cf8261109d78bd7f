/**
 * Response headers of both document servers on this machine (the Electron protocol and the
 * browser host's /doc). What a Range header asks for is decided by the one policy the sync
 * server uses too (node-shared/byte-range.ts); pdf.js reads large PDFs in ranges.
 */
import { contentLengthOf, contentRangeHeader, rangeStatus, type ByteRangeDecision } from '../../node-shared/byte-range';

export { decideByteRange, type ByteRangeDecision } from '../../node-shared/byte-range';

export function documentHeaders(
  decision: ByteRangeDecision,
  size: number,
  sha256: string,
): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {
    'content-type': 'application/pdf',
    'accept-ranges': 'bytes',
    // Meeting papers are confidential: no second copy in the browser's disk cache.
    'cache-control': 'no-store',
    etag: `"${sha256}"`,
    'x-content-type-options': 'nosniff',
    'content-length': String(contentLengthOf(decision, size)),
  };
  const contentRange = contentRangeHeader(decision, size);
  if (contentRange) headers['content-range'] = contentRange;
  return { status: rangeStatus(decision), headers };
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
