/**
 * The one HTTP Range policy for every place that serves document bytes: the sync server's
 * /api/blobs, the Electron document protocol and the browser host's /doc. Parsing is the
 * `range-parser` package (the one express/send use); this module only decides what to answer:
 *
 * - no Range, a unit other than bytes, or a header range-parser cannot read → the whole body
 *   (200): RFC 9110 §14.2 lets a server ignore a Range it does not understand;
 * - one range (overlapping or adjacent ranges are first combined into one) → 206;
 * - several disjoint ranges → the whole body: nobody we serve asks for multipart/byteranges,
 *   and answering 200 is always allowed;
 * - no range that overlaps the body (e.g. starting at or past its end, "bytes=-0", or a
 *   range whose last byte comes before its first) → 416, with a Content-Range naming the size.
 */
import rangeParser from 'range-parser';

export type ByteRangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number /* inclusive */ }
  | { kind: 'unsatisfiable' };

/**
 * range-parser drops a suffix range longer than the body ("bytes=-500" of 100 bytes) as
 * unsatisfiable; RFC 9110 §14.1.2 says it selects the whole body (as bytes 0…size-1).
 */
const SINGLE_SUFFIX_RANGE = /^\s*bytes\s*=\s*-\s*(\d+)\s*$/i;

export function decideByteRange(rangeHeader: string | null | undefined, size: number): ByteRangeDecision {
  if (!rangeHeader) return { kind: 'full' };
  const ranges = rangeParser(size, rangeHeader, { combine: true });
  if (ranges === -2) return { kind: 'full' };
  if (ranges === -1) {
    const suffix = SINGLE_SUFFIX_RANGE.exec(rangeHeader);
    if (suffix && Number(suffix[1]) > 0 && size > 0) return { kind: 'partial', start: 0, end: size - 1 };
    return { kind: 'unsatisfiable' };
  }
  if (ranges.type.trim().toLowerCase() !== 'bytes' || ranges.length !== 1) return { kind: 'full' };
  return { kind: 'partial', start: ranges[0].start, end: ranges[0].end };
}

export function rangeStatus(decision: ByteRangeDecision): 200 | 206 | 416 {
  return decision.kind === 'partial' ? 206 : decision.kind === 'unsatisfiable' ? 416 : 200;
}

/** The Content-Range header of a partial or unsatisfiable answer; undefined for the whole body. */
export function contentRangeHeader(decision: ByteRangeDecision, size: number): string | undefined {
  if (decision.kind === 'partial') return `bytes ${decision.start}-${decision.end}/${size}`;
  if (decision.kind === 'unsatisfiable') return `bytes */${size}`;
  return undefined;
}

/** Content-Length of the body sent for a decision (416 sends none). */
export function contentLengthOf(decision: ByteRangeDecision, size: number): number {
  if (decision.kind === 'partial') return decision.end - decision.start + 1;
  if (decision.kind === 'unsatisfiable') return 0;
  return size;
}
