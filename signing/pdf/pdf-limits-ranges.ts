/**
 * The same measure as `checkPdfLimits` (pdf-limits.ts) for a file read a window at a time, so
 * that measuring a PDF never holds the whole file: the search indexer measures every cached
 * document before pdf.js opens it, and a long meeting document (hundreds of pages, tens of MB of
 * scans) must not cost its size in memory. The raw pass keeps only a window of the file (plus the
 * dictionary in front of a stream, which it reads); each stream's data is read in slices and
 * inflated as it comes under the same ceilings, an object stream's body kept (bounded by
 * `maxStructureBytes`) to be walked like the whole-file measure walks it.
 *
 * Same results, same refusals as `checkPdfLimits` on the same bytes (tests/signing/pdf-limits-ranges.test.ts).
 */
import { InflateCeilingReached, layeredInflater } from './bounded-inflate';
import { DEFAULT_PDF_LIMITS, filtersOf, Measure, pdfTooComplex, regular, walk, type PdfLimits, type PdfMeasure } from './pdf-limits';

/** Bytes start…end (end exclusive) of the file. */
export type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

/** Bytes read at a time: the raw pass's window and the slices of a stream's data. */
const DEFAULT_WINDOW = 256 * 1024;
/** Bytes the raw pass looks ahead of its position (`trailer` plus the byte after it) and behind it (one). */
const LOOK_AHEAD = 16;
const ENDSTREAM = Buffer.from('endstream', 'latin1');
/** Bytes of the first look for `endstream` after a stream's data starts (see findEndstream). */
const FIRST_SEARCH = 4096;

const enum Mode {
  Normal,
  Comment,
  Literal,
  Hex,
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/**
 * Measures the PDF of `size` bytes that `read` gives, a window at a time, and throws
 * `pdf_too_complex` as `checkPdfLimits` does on the whole file; otherwise returns the same measure.
 */
export async function checkPdfLimitsInRanges(read: ReadRange, size: number, limits: PdfLimits = DEFAULT_PDF_LIMITS, windowBytes = DEFAULT_WINDOW): Promise<PdfMeasure> {
  const m = new Measure(limits);
  const window = Math.max(LOOK_AHEAD * 2, windowBytes);
  /** File bytes [base, base + buf.length). */
  let buf = new Uint8Array(0);
  let base = 0;
  const at = (pos: number): number | undefined => (pos >= base && pos < base + buf.length ? buf[pos - base] : undefined);

  /** The window from `keepFrom` on: `window` bytes, and at least LOOK_AHEAD past `pos` (or to the end of the file). */
  async function fill(keepFrom: number, pos: number): Promise<void> {
    const from = Math.max(0, keepFrom);
    const to = Math.min(size, Math.max(pos + LOOK_AHEAD, from + window));
    const have = from >= base && from <= base + buf.length ? buf.subarray(from - base) : new Uint8Array(0);
    const start = from + have.length;
    const next = new Uint8Array(to - from);
    next.set(have.subarray(0, Math.min(have.length, next.length)));
    if (start < to) next.set(await read(start, to), have.length);
    buf = next;
    base = from;
  }

  function keywordAt(i: number, word: string): boolean {
    if (i > 0 && regular(at(i - 1))) return false;
    for (let k = 0; k < word.length; k++) if (at(i + k) !== word.charCodeAt(k)) return false;
    return !regular(at(i + word.length));
  }

  /**
   * Where `endstream` first occurs from `from` on, or the end of the file. Most streams are a few
   * KB: the first read is small and each next one twice as long, up to the window.
   */
  async function findEndstream(from: number): Promise<number> {
    for (let pos = from, step = Math.min(window, FIRST_SEARCH); pos < size; pos += step - ENDSTREAM.length, step = Math.min(window, step * 2)) {
      const part = await read(pos, Math.min(size, pos + step));
      const found = Buffer.from(part.buffer, part.byteOffset, part.byteLength).indexOf(ENDSTREAM);
      if (found >= 0) return pos + found;
      if (pos + step >= size) break;
    }
    return size;
  }

  /** Inflates data [start, end) through `layers` Flate filters under the ceilings left; its bytes when `keep`. */
  async function inflate(start: number, end: number, layers: number, structural: boolean, keep: boolean): Promise<Uint8Array | null> {
    const { ceiling, reached } = m.inflateCeiling(structural);
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      const inflater = layeredInflater(layers, ceiling, (chunk) => {
        total += chunk.length;
        if (total > ceiling) throw new InflateCeilingReached(ceiling);
        // The inflater reuses nothing it hands over, but the raw (unfiltered) data is a view of a read: copied.
        if (keep) chunks.push(layers === 0 ? chunk.slice() : chunk);
      });
      if (start >= end) inflater.push(new Uint8Array(0), true);
      for (let pos = start; pos < end; pos += window) {
        const to = Math.min(end, pos + window);
        inflater.push(await read(pos, to), to >= end);
      }
    } catch (e) {
      if (!(e instanceof InflateCeilingReached)) throw e;
      throw reached();
    }
    m.inflated(total, structural);
    return keep ? Buffer.concat(chunks) : null;
  }

  /** Measures the stream whose `stream` keyword is at `i`; returns the position past its data. */
  async function stream(i: number, dict: string): Promise<number> {
    // The window holds LOOK_AHEAD bytes from `i` on (or the file's end).
    let start = i + 6;
    if (at(start) === 0x0d) start++;
    if (at(start) === 0x0a) start++;
    const length = Number(/\/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)/.exec(dict)?.[1] ?? NaN);
    let end = -1;
    // Trust a direct /Length when `endstream` follows it (binary data may contain the word).
    if (Number.isFinite(length) && start + length <= size && Buffer.from(await read(start + length, Math.min(size, start + length + 32))).includes(ENDSTREAM)) end = start + length;
    if (end < 0) end = await findEndstream(start);
    const filters = filtersOf(dict);
    let flate = 0;
    while (flate < filters.length && (filters[flate] === 'FlateDecode' || filters[flate] === 'Fl')) flate++;
    const type = /\/Type\s*\/(ObjStm|XRef)(?![^\s/<>[\]()])/.exec(dict)?.[1];
    if (type) {
      // A parser decodes these whole, whatever the filter: only Flate can be bounded here.
      if (flate !== filters.length) throw pdfTooComplex('filter', `an object stream uses the ${filters[flate]} filter`, { filter: filters[flate] });
      const body = await inflate(start, end, flate, true, type === 'ObjStm');
      if (body) {
        const declared = Number(/\/N\s+(\d+)/.exec(dict)?.[1] ?? 0);
        m.countObjects(declared);
        walk(body, m, true);
      }
    } else if (flate > 0) await inflate(start, end, flate, false, false);
    return end;
  }

  let depth = 0;
  let dictStart = -1;
  let mode = Mode.Normal;
  let level = 0;
  let escaped = false;
  for (let i = 0; i < size; ) {
    if (i + LOOK_AHEAD > base + buf.length && base + buf.length < size) await fill(Math.min(i - 1, dictStart >= 0 ? dictStart : i - 1), i);
    const c = buf[i - base];
    if (mode === Mode.Comment) {
      // % comment, to the end of the line (the end of line itself is read as usual)
      if (c === 0x0a || c === 0x0d) mode = Mode.Normal;
      else i++;
    } else if (mode === Mode.Literal) {
      // Balanced parentheses, backslash escapes.
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x28) level++;
      else if (c === 0x29 && --level === 0) mode = Mode.Normal;
      i++;
    } else if (mode === Mode.Hex) {
      if (c === 0x3e) mode = Mode.Normal;
      i++;
    } else if (c === 0x25) {
      mode = Mode.Comment;
      i++;
    } else if (c === 0x28) {
      mode = Mode.Literal;
      level = 1;
      escaped = false;
      i++;
    } else if (c === 0x3c) {
      if (at(i + 1) === 0x3c) {
        if (depth === 0) dictStart = i;
        m.nested(++depth);
        i += 2;
      } else {
        mode = Mode.Hex;
        i++;
      }
    } else if (c === 0x3e) {
      if (at(i + 1) === 0x3e) {
        depth = Math.max(0, depth - 1);
        i += 2;
      } else i++;
    } else if (c === 0x5b) {
      m.nested(++depth);
      i++;
    } else if (c === 0x5d) {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (c === 0x6f && keywordAt(i, 'obj')) {
      // A new indirect object: depth left open by a broken one does not carry over.
      m.countObjects(1);
      depth = 0;
      dictStart = -1;
      i += 3;
    } else if (c === 0x65 && keywordAt(i, 'endobj')) {
      depth = 0;
      dictStart = -1;
      i += 6;
    } else if (c === 0x74 && keywordAt(i, 'trailer')) {
      depth = 0;
      dictStart = -1;
      i += 7;
    } else if (c === 0x73 && keywordAt(i, 'stream')) {
      const dict = dictStart >= 0 ? latin1(buf.subarray(dictStart - base, i - base)) : '';
      i = await stream(i, dict);
      depth = 0;
      dictStart = -1;
      // Past the stream's data: the window goes on from there if it holds that place (streams
      // close together, the usual case), else it starts again there. Reading a new window after
      // every stream read most files dozens of times over.
      if (i >= base + buf.length) {
        buf = new Uint8Array(0);
        base = i;
      }
    } else i++;
  }
  return { objects: m.objects, depth: m.depth, inflatedBytes: m.inflatedBytes };
}
