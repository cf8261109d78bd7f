/**
 * What an untrusted PDF may ask of us before any parser touches it: how much its compressed
 * streams inflate to, how many objects it declares, how deeply its arrays and dictionaries nest.
 * A raw pass over the bytes (strings, comments and stream data skipped) measures all three; every
 * Flate stream is inflated under a ceiling without keeping its bytes, so a bomb is refused after
 * a bounded amount of work and memory, whether or not our own code would ever decode that stream
 * (the readers and the search indexer of every participant would).
 *
 * Time and heap are bounded by the worker thread that runs the parsing (its time limit and
 * resourceLimits), not here.
 */
import { AppError } from '../../shared/app-error';
import { InflateCeilingReached, inflateLayers } from './bounded-inflate';

export interface PdfLimits {
  /** Inflated bytes of any one stream. A 300 dpi A4 colour page is about 26 MB, at 600 dpi 105 MB. */
  maxStreamBytes: number;
  /** Inflated bytes of all streams of the file together. */
  maxTotalBytes: number;
  /** Inflated bytes of the object and cross-reference streams, which a parser holds in memory at once. */
  maxStructureBytes: number;
  /** Indirect objects, in the file and inside its object streams. */
  maxObjects: number;
  /** Arrays and dictionaries inside each other. */
  maxDepth: number;
}

const MB = 1024 * 1024;
export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxStreamBytes: 128 * MB,
  maxTotalBytes: 1024 * MB,
  maxStructureBytes: 64 * MB,
  maxObjects: 500_000,
  maxDepth: 100,
};

/** Which limit a refused PDF went past (the error's `details.limit`). */
export type PdfLimitKind = 'inflated_size' | 'object_count' | 'nesting_depth' | 'filter' | 'time' | 'memory';

export function pdfTooComplex(limit: PdfLimitKind, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('pdf_too_complex', message, { limit, ...details });
}

export interface PdfMeasure {
  objects: number;
  depth: number;
  inflatedBytes: number;
}

const WHITESPACE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIMITER[c.charCodeAt(0)] = 1;
export const regular = (c: number | undefined) => c !== undefined && !WHITESPACE[c] && !DELIMITER[c];

function keywordAt(b: Uint8Array, i: number, word: string): boolean {
  if (i > 0 && regular(b[i - 1])) return false;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return false;
  return !regular(b[i + word.length]);
}

/** Index just past a literal string starting at `i` (balanced parentheses, backslash escapes). */
function skipLiteral(b: Uint8Array, i: number): number {
  let level = 0;
  for (; i < b.length; i++) {
    const c = b[i];
    if (c === 0x5c) i++;
    else if (c === 0x28) level++;
    else if (c === 0x29 && --level === 0) return i + 1;
  }
  return b.length;
}

const latin1 = (b: Uint8Array, from: number, to: number) => Buffer.from(b.buffer, b.byteOffset + from, Math.max(0, to - from)).toString('latin1');

export function filtersOf(dict: string): string[] {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/.exec(dict);
  return m ? [...m[1].matchAll(/\/([^\s/<>[\]()]+)/g)].map((x) => x[1]) : [];
}

export class Measure {
  objects = 0;
  depth = 0;
  inflatedBytes = 0;
  structureBytes = 0;

  constructor(private readonly limits: PdfLimits) {}

  countObjects(n: number): void {
    this.objects += n;
    if (this.objects > this.limits.maxObjects)
      throw pdfTooComplex('object_count', `the PDF has more than ${this.limits.maxObjects} objects`, { max: this.limits.maxObjects });
  }

  nested(depth: number): void {
    if (depth > this.depth) this.depth = depth;
    if (depth > this.limits.maxDepth)
      throw pdfTooComplex('nesting_depth', `the PDF nests arrays or dictionaries more than ${this.limits.maxDepth} deep`, { max: this.limits.maxDepth });
  }

  /**
   * How far the next stream may inflate under the ceilings that still apply (one stream, all
   * streams, object streams when `structural`), and the refusal that names the one it reached.
   */
  inflateCeiling(structural: boolean): { ceiling: number; reached(): Error } {
    const l = this.limits;
    const ceilings: [string, number, number][] = [
      ['one stream', l.maxStreamBytes, l.maxStreamBytes],
      ['all its streams', l.maxTotalBytes, l.maxTotalBytes - this.inflatedBytes],
      ...(structural ? [['its object streams', l.maxStructureBytes, l.maxStructureBytes - this.structureBytes] as [string, number, number]] : []),
    ];
    const ceiling = Math.max(0, Math.min(...ceilings.map((c) => c[2])));
    return {
      ceiling,
      reached: () => {
        const [what, max] = ceilings.find((c) => Math.max(0, c[2]) === ceiling)!;
        const maxMb = Math.round(max / (1024 * 1024));
        return pdfTooComplex('inflated_size', `the PDF expands to more than ${maxMb} MB when decompressed (${what})`, { maxMb });
      },
    };
  }

  /** Counts `size` inflated bytes of a stream just measured. */
  inflated(size: number, structural: boolean): void {
    this.inflatedBytes += size;
    if (structural) this.structureBytes += size;
  }

  /** Inflates one stream under the ceilings that still apply; the bytes too when `keep`. */
  inflate(data: Uint8Array, layers: number, structural: boolean, keep: boolean): Uint8Array | null {
    const { ceiling, reached } = this.inflateCeiling(structural);
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      inflateLayers(data, layers, ceiling, (chunk) => {
        size += chunk.length;
        if (size > ceiling) throw new InflateCeilingReached(ceiling);
        if (keep) chunks.push(chunk);
      });
    } catch (e) {
      if (!(e instanceof InflateCeilingReached)) throw e;
      throw reached();
    }
    this.inflated(size, structural);
    return keep ? Buffer.concat(chunks) : null;
  }
}

/** Walks the objects of `b` (a whole file, or the decoded body of an object stream). */
export function walk(b: Uint8Array, m: Measure, inObjectStream: boolean): void {
  let depth = 0;
  let dictStart = -1;
  const n = b.length;
  for (let i = 0; i < n; ) {
    const c = b[i];
    if (c === 0x25) {
      // % comment, to the end of the line
      while (i < n && b[i] !== 0x0a && b[i] !== 0x0d) i++;
    } else if (c === 0x28) i = skipLiteral(b, i);
    else if (c === 0x3c) {
      if (b[i + 1] === 0x3c) {
        if (depth === 0) dictStart = i;
        m.nested(++depth);
        i += 2;
      } else {
        const end = b.indexOf(0x3e, i + 1);
        i = end < 0 ? n : end + 1;
      }
    } else if (c === 0x3e) {
      if (b[i + 1] === 0x3e) {
        depth = Math.max(0, depth - 1);
        i += 2;
      } else i++;
    } else if (c === 0x5b) {
      m.nested(++depth);
      i++;
    } else if (c === 0x5d) {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (c === 0x6f && !inObjectStream && keywordAt(b, i, 'obj')) {
      // A new indirect object: depth left open by a broken one does not carry over.
      m.countObjects(1);
      depth = 0;
      dictStart = -1;
      i += 3;
    } else if (c === 0x65 && !inObjectStream && keywordAt(b, i, 'endobj')) {
      depth = 0;
      dictStart = -1;
      i += 6;
    } else if (c === 0x74 && !inObjectStream && keywordAt(b, i, 'trailer')) {
      depth = 0;
      dictStart = -1;
      i += 7;
    } else if (c === 0x73 && !inObjectStream && keywordAt(b, i, 'stream')) {
      i = stream(b, i, dictStart >= 0 ? latin1(b, dictStart, i) : '', m);
      depth = 0;
      dictStart = -1;
    } else i++;
  }
}

/** Measures the stream whose `stream` keyword is at `at`; returns the index past its data. */
function stream(b: Uint8Array, at: number, dict: string, m: Measure): number {
  let start = at + 6;
  if (b[start] === 0x0d) start++;
  if (b[start] === 0x0a) start++;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const length = Number(/\/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? NaN);
  let end = -1;
  // Trust a direct /Length when `endstream` follows it (binary data may contain the word).
  if (Number.isFinite(length) && start + length <= b.length && buf.subarray(start + length, start + length + 32).includes('endstream', 0, 'latin1')) end = start + length;
  if (end < 0) {
    const found = buf.indexOf('endstream', start, 'latin1');
    end = found < 0 ? b.length : found;
  }
  const data = b.subarray(start, end);
  const filters = filtersOf(dict);
  let flate = 0;
  while (flate < filters.length && (filters[flate] === 'FlateDecode' || filters[flate] === 'Fl')) flate++;
  const type = /\/Type\s*\/(ObjStm|XRef)(?![^\s/<>[\]()])/.exec(dict)?.[1];
  if (type) {
    // A parser decodes these whole, whatever the filter: only Flate can be bounded here.
    if (flate !== filters.length) throw pdfTooComplex('filter', `an object stream uses the ${filters[flate]} filter`, { filter: filters[flate] });
    const body = m.inflate(data, flate, true, type === 'ObjStm');
    if (body) {
      const declared = Number(/\/N\s+(\d+)/.exec(dict)?.[1] ?? 0);
      m.countObjects(declared);
      walk(body, m, true);
    }
  } else if (flate > 0) m.inflate(data, flate, false, false);
  return end;
}

/**
 * Measures `bytes` and throws `pdf_too_complex` (details.limit says which) when the file goes
 * past `limits`; otherwise returns what it measured.
 */
export function checkPdfLimits(bytes: Uint8Array, limits: PdfLimits = DEFAULT_PDF_LIMITS): PdfMeasure {
  const m = new Measure(limits);
  walk(bytes, m, false);
  return { objects: m.objects, depth: m.depth, inflatedBytes: m.inflatedBytes };
}
