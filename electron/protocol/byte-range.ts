/**
 * HTTP Range parsing for serving cached documents (pdf.js reads large PDFs in ranges).
 * Only single ranges are honoured; anything else is served whole, as RFC 9110 allows.
 */

export type ByteRangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number /* inclusive */ }
  | { kind: 'unsatisfiable' };

export function decideByteRange(rangeHeader: string | null | undefined, size: number): ByteRangeDecision {
  if (!rangeHeader) return { kind: 'full' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(rangeHeader);
  if (!m) return { kind: 'full' }; // multi-range or malformed: ignore the header
  const [, first, last] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix range: the last N bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'full' }; // syntactically invalid: ignore
  return { kind: 'partial', start, end };
}

/** Headers shared by both document servers (Electron protocol and browser host). */
export function documentHeaders(
  decision: ByteRangeDecision,
  size: number,
  sha256: string,
): { status: number; headers: Record<string, string> } {
  const base: Record<string, string> = {
    'content-type': 'application/pdf',
    'accept-ranges': 'bytes',
    // Meeting papers are confidential: no second copy in the browser's disk cache.
    'cache-control': 'no-store',
    etag: `"${sha256}"`,
    'x-content-type-options': 'nosniff',
  };
  if (decision.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'content-range': `bytes */${size}`, 'content-length': '0' } };
  }
  if (decision.kind === 'partial') {
    return {
      status: 206,
      headers: {
        ...base,
        'content-range': `bytes ${decision.start}-${decision.end}/${size}`,
        'content-length': String(decision.end - decision.start + 1),
      },
    };
  }
  return { status: 200, headers: { ...base, 'content-length': String(size) } };
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
