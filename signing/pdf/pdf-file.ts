/**
 * A PDF read the way a viewer reads it: from `startxref` through the cross-reference sections
 * (tables, streams, hybrid files, the /Prev chain), then only the objects asked for. Nothing
 * else of the file is parsed or inflated, which keeps signing a 1,000-page file to a few
 * milliseconds of parsing.
 *
 * `readPdfFile` also checks that the cross-references are true: every offset must point at its
 * own `N G obj` header. A file failing that opens in lenient readers (they rebuild the table)
 * but an incremental update appended to it would not: its /Prev would point at garbage.
 */
import { inflateWithin, InflateCeilingReached } from './bounded-inflate';
import {
  objectHeaderAt, parseIndirectObject, PdfDict, PdfLexer, PdfName, PdfNestingError, PdfRef, PdfSyntaxError,
  type IndirectObject, type PdfValue,
} from './pdf-syntax';

export type XrefEntry = { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

/** Why a file's structure cannot be used as it is; `repairable` when rewriting it whole may help. */
export class PdfStructureError extends Error {
  constructor(
    readonly reason: 'xref' | 'truncated' | 'object_stream' | 'object' | 'page_tree' | 'encrypted' | 'too_complex',
    message: string,
    readonly repairable = false,
  ) {
    super(message);
    this.name = 'PdfStructureError';
  }
}

export interface PdfFileLimits {
  /** Inflated bytes of cross-reference and object streams together. */
  maxStructureBytes: number;
  maxObjects: number;
  maxDepth: number;
}

const MB = 1024 * 1024;
// Byte needles: searching a Buffer for a string converts the string on every call.
const OBJ = Buffer.from('obj', 'latin1');
const ENDOBJ = Buffer.from('endobj', 'latin1');
const KIDS = Buffer.from('/Kids', 'latin1');
const PAGES = Buffer.from('/Pages', 'latin1');
export const FILE_LIMITS: PdfFileLimits = { maxStructureBytes: 64 * MB, maxObjects: 500_000, maxDepth: 100 };

const latin1 = (b: Uint8Array, from: number, to: number) =>
  Buffer.from(b.buffer, b.byteOffset + Math.max(0, from), Math.max(0, Math.min(b.length, to) - Math.max(0, from))).toString('latin1');

/** Offset the last `startxref` points at, or -1 when the file has none (e.g. truncated). */
export function findStartXref(b: Uint8Array): number {
  const tail = latin1(b, b.length - 2048, b.length);
  const m = [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  return m ? Number(m[1]) : -1;
}

/**
 * Where a PdfFile's bytes come from when they are not all in memory (file-source.ts): `bytes`
 * is as long as the file and each reader below asks for the part it is about to read.
 */
export interface PdfByteSource {
  /** Makes [from, to) of `bytes` the file's; whether anything new was read. */
  ensure(from: number, to: number): boolean;
  /** Reads from `from` until `needle` is read whole; where it starts, or -1. */
  ensureUntil(from: number, needle: Uint8Array): number;
  /** Reads from `from` to the end of the first `needle` into `scratch`: its length (-1: not within `max`). */
  readUntil(from: number, needle: Uint8Array, max: number): number;
  readonly scratch: Buffer;
}

const STARTXREF = Buffer.from('startxref', 'latin1');

/** The part of a file `PdfFile` holds: from `origin` on, down the /Prev chain to `stopAt`. */
export interface PdfWindow {
  origin: number;
  stopAt?: number;
}

export class PdfFile {
  readonly entries = new Map<number, XrefEntry>();
  /** The newest trailer (for an xref stream: its dictionary). */
  trailer = new PdfDict();
  startXref = -1;
  /** Whether the newest section is a cross-reference stream (an update then uses one too). */
  lastIsStream = false;
  private readonly cache = new Map<number, PdfValue>();
  private readonly objectStreams = new Map<number, { offsets: Map<number, number>; body: Uint8Array; first: number }>();
  private structureBytes = 0;

  /**
   * `window`: `bytes` are only the end of the file, from offset `origin` on (a fresh update, read
   * without the file it was appended to); the /Prev chain is followed down to `stopAt` only.
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly limits: PdfFileLimits = FILE_LIMITS,
    private readonly window: PdfWindow = { origin: 0 },
    /** Set when `bytes` are read from the file piece by piece (origin 0). */
    readonly source?: PdfByteSource,
  ) {}

  /** The object starting at file offset `offset` is read through its `endobj` (a source only). */
  private need(offset: number): void {
    this.source?.ensureUntil(offset, ENDOBJ);
  }

  /** The object at `offset`, read whole first; a stream's data too (a source only). */
  private parseAt(offset: number, resolveLength?: (r: PdfRef) => PdfValue): IndirectObject {
    this.need(offset);
    const parse = () => parseIndirectObject(this.bytes, this.local(offset), this.limits.maxDepth, resolveLength);
    const obj = parse();
    // Its data read now (an `endobj` inside a stream's data ends the read above too soon): parsed
    // again when that read anything, so the end of the stream is found in the file's own bytes.
    if (obj.stream && this.source?.ensure(obj.stream.start, obj.stream.end + 64)) return parse();
    return obj;
  }

  /** Where file offset `offset` lies in `bytes`. */
  private local(offset: number): number {
    return offset - this.window.origin;
  }

  /** 1 + the largest object number in use (the /Size an update starts from). */
  get size(): number {
    let max = 0;
    for (const n of this.entries.keys()) if (n > max) max = n;
    const declared = this.trailer.get('Size');
    return Math.max(max + 1, typeof declared === 'number' ? declared : 0);
  }

  private inflate(data: Uint8Array, what: string): Uint8Array {
    const room = this.limits.maxStructureBytes - this.structureBytes;
    let out: Uint8Array;
    try {
      out = inflateWithin(data, Math.max(0, room));
    } catch (e) {
      if (e instanceof InflateCeilingReached) throw new PdfStructureError('too_complex', `the ${what} inflates past ${this.limits.maxStructureBytes / MB} MB`);
      throw e;
    }
    this.structureBytes += out.length;
    return out;
  }

  /** Stream data after its filters (FlateDecode with optional PNG predictors, or none). */
  decodeStream(obj: IndirectObject, what: string): Uint8Array {
    const d = obj.value as PdfDict;
    this.source?.ensure(obj.stream!.start, obj.stream!.end);
    const raw = this.bytes.subarray(obj.stream!.start, obj.stream!.end);
    const filter = d.get('Filter');
    const filters = (Array.isArray(filter) ? filter : filter === undefined ? [] : [filter]).map((f) => (f instanceof PdfName ? f.raw : '?'));
    if (filters.some((f) => f !== 'FlateDecode' && f !== 'Fl')) throw new PdfStructureError('object_stream', `the ${what} uses an unsupported filter (${filters.join(', ')})`);
    let data = raw;
    if (filters.length > 0) {
      data = this.inflate(raw, what);
      if (data.length === 0) throw new PdfStructureError('object_stream', `the ${what} cannot be decompressed`);
      for (let i = 1; i < filters.length; i++) data = this.inflate(data, what);
    }
    let parms = d.get('DecodeParms');
    if (Array.isArray(parms)) parms = parms[0];
    if (parms instanceof PdfRef) parms = this.resolve(parms);
    const predictor = parms instanceof PdfDict ? parms.get('Predictor') : undefined;
    if (typeof predictor === 'number' && predictor >= 10) {
      const cols = (parms as PdfDict).get('Columns');
      data = unpredictPng(data, typeof cols === 'number' ? cols : 1);
    } else if (typeof predictor === 'number' && predictor > 1) throw new PdfStructureError('object_stream', `the ${what} uses TIFF prediction`);
    return data;
  }

  /** Reads every cross-reference section from `startxref` down the /Prev chain. */
  readXref(): void {
    const b = this.bytes;
    this.source?.ensure(b.length - 2048, b.length);
    const start = findStartXref(b);
    if (start < 0) throw new PdfStructureError('truncated', 'the file has no startxref: it is truncated or not a complete PDF');
    this.startXref = start;
    const seen = new Set<number>();
    let at: number | undefined = start;
    let first = true;
    while (at !== undefined && at !== this.window.stopAt) {
      if (seen.has(at)) throw new PdfStructureError('xref', 'the cross-reference sections point back at each other (/Prev loop)', true);
      if (!(this.local(at) > 0 && this.local(at) < b.length)) throw new PdfStructureError('xref', `a cross-reference offset (${at}) lies outside the file`, true);
      seen.add(at);
      if (this.source) {
        this.source.ensure(at, at + 64);
        // A table runs to its trailer and the startxref after it; a stream is an object.
        if (latin1(b, at, at + 64).trimStart().startsWith('xref')) this.source.ensureUntil(at, STARTXREF);
        else this.need(at);
      }
      const lx = new PdfLexer(b, this.local(at), this.limits.maxDepth);
      lx.skipSpace();
      const isTable = latin1(b, lx.pos, lx.pos + 4) === 'xref';
      let trailer: PdfDict;
      if (isTable) {
        trailer = this.readTable(lx);
        const hybrid = trailer.get('XRefStm');
        if (typeof hybrid === 'number') this.readStream(hybrid);
      } else trailer = this.readStream(at);
      if (first) {
        this.trailer = trailer;
        this.lastIsStream = !isTable;
        first = false;
      }
      const prev = trailer.get('Prev');
      at = typeof prev === 'number' ? prev : undefined;
    }
    if (this.window.stopAt !== undefined && at !== this.window.stopAt) throw new PdfStructureError('xref', `the update's /Prev chain does not lead to the section at ${this.window.stopAt}`, true);
    if (this.entries.size > this.limits.maxObjects) throw new PdfStructureError('too_complex', `the PDF has more than ${this.limits.maxObjects} objects`);
  }

  private add(num: number, e: XrefEntry): void {
    if (!this.entries.has(num)) this.entries.set(num, e);
  }

  private readTable(lx: PdfLexer): PdfDict {
    lx.expectWord('xref');
    const freed = new Set<number>();
    for (;;) {
      const w = lx.word(true);
      if (w === 'trailer') break;
      if (!/^\d+$/.test(w)) throw new PdfStructureError('xref', `the cross-reference table is malformed near byte ${lx.pos}`, true);
      const first = Number(lx.word());
      const countWord = lx.word();
      if (!/^\d+$/.test(countWord)) throw new PdfStructureError('xref', `the cross-reference table is malformed near byte ${lx.pos}`, true);
      const count = Number(countWord);
      if (count > this.limits.maxObjects) throw new PdfStructureError('too_complex', `the PDF has more than ${this.limits.maxObjects} objects`);
      lx.pos = this.readTableRows(lx.pos, first, count, freed);
    }
    lx.expectWord('trailer');
    const trailer = this.parseWith(() => lx.value(), 'trailer');
    if (!(trailer instanceof PdfDict)) throw new PdfStructureError('xref', 'the trailer is not a dictionary', true);
    // An entry marked free in a newer section hides older ones: remember it as taken.
    for (const num of freed) if (!this.entries.has(num)) this.entries.set(num, { type: 1, offset: -1, gen: 65535 });
    return trailer;
  }

  /**
   * `count` rows `oooooooooo ggggg n|f` of a subsection from `pos` (digits and spacing as writers
   * really vary them), into `entries`; returns where they end. One loop without closures or
   * allocations but the entries: it runs once per object, before the engine has compiled it.
   */
  private readTableRows(pos: number, first: number, count: number, freed: Set<number>): number {
    const b = this.bytes;
    const n = b.length;
    let p = pos;
    for (let i = 0; i < count; i++) {
      // Space and comments before the row, as the lexer skips them.
      for (;;) {
        while (p < n && (b[p] === 0x20 || b[p] === 0x0a || b[p] === 0x0d || b[p] === 0x09 || b[p] === 0x0c || b[p] === 0)) p++;
        if (b[p] !== 0x25) break;
        while (p < n && b[p] !== 0x0a && b[p] !== 0x0d) p++;
      }
      const rowAt = p;
      let s = p;
      let offset = 0;
      while (p < n && b[p] >= 0x30 && b[p] <= 0x39 && p - s < 10) offset = offset * 10 + (b[p++] - 0x30);
      let ok = p > s && (b[p] === 0x20 || b[p] === 0x09);
      while (b[p] === 0x20 || b[p] === 0x09) p++;
      s = p;
      let gen = 0;
      while (ok && p < n && b[p] >= 0x30 && b[p] <= 0x39 && p - s < 10) gen = gen * 10 + (b[p++] - 0x30);
      ok = ok && p > s && (b[p] === 0x20 || b[p] === 0x09);
      while (b[p] === 0x20 || b[p] === 0x09) p++;
      const kind = b[p++];
      if (!ok || (kind !== 0x6e && kind !== 0x66)) throw new PdfStructureError('xref', `the cross-reference table is malformed near byte ${rowAt}`, true);
      const num = first + i;
      if (kind === 0x6e) {
        if (!freed.has(num) && !this.entries.has(num)) this.entries.set(num, { type: 1, offset, gen });
      } else freed.add(num);
    }
    return p;
  }

  private readStream(at: number): PdfDict {
    const obj = this.parseWith(() => this.parseAt(at), 'cross-reference stream', true);
    const d = obj.value;
    if (!(d instanceof PdfDict) || !obj.stream || !(d.get('Type') instanceof PdfName) || (d.get('Type') as PdfName).raw !== 'XRef') {
      throw new PdfStructureError('xref', `startxref or /Prev (${at}) does not point at a cross-reference section`, true);
    }
    const data = this.decodeStream(obj, 'cross-reference stream');
    const w = d.get('W');
    if (!Array.isArray(w) || w.length < 3 || w.some((x) => typeof x !== 'number' || x < 0 || x > 8)) throw new PdfStructureError('xref', 'the cross-reference stream has a bad /W', true);
    const [w0, w1, w2] = w as number[];
    const rowLen = w0 + w1 + w2;
    const size = d.get('Size');
    const index = d.get('Index');
    const ranges = Array.isArray(index) ? (index as number[]) : [0, typeof size === 'number' ? size : 0];
    let p = 0;
    const field = (len: number, dflt: number) => {
      if (len === 0) return dflt;
      let v = 0;
      for (let i = 0; i < len; i++) v = v * 256 + data[p + i];
      p += len;
      return v;
    };
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const first = ranges[r];
      const count = ranges[r + 1];
      if (typeof first !== 'number' || typeof count !== 'number' || count > this.limits.maxObjects) throw new PdfStructureError('xref', 'the cross-reference stream has a bad /Index', true);
      for (let i = 0; i < count; i++) {
        if (p + rowLen > data.length) throw new PdfStructureError('xref', 'the cross-reference stream is shorter than its /Index says', true);
        const type = field(w0, 1);
        const f1 = field(w1, 0);
        const f2 = field(w2, 0);
        const num = first + i;
        if (type === 1) this.add(num, { type: 1, offset: f1, gen: f2 });
        else if (type === 2) this.add(num, { type: 2, stream: f1, index: f2 });
        else if (type === 0 && !this.entries.has(num)) this.entries.set(num, { type: 1, offset: -1, gen: 65535 });
      }
    }
    return d;
  }

  private parseWith<T>(parse: () => T, what: string, repairable = false): T {
    try {
      return parse();
    } catch (e) {
      if (e instanceof PdfNestingError) throw new PdfStructureError('too_complex', `the ${what} nests values more than ${e.max} deep`);
      if (e instanceof PdfSyntaxError) throw new PdfStructureError(repairable ? 'xref' : 'object', `the ${what} cannot be read (${e.message})`, repairable);
      throw e;
    }
  }

  /** Offsets that do not point at their own object header (the first few). */
  wrongOffsets(max = 5, only?: Iterable<number>): number[] {
    const wrong: number[] = [];
    const nums = only ?? this.entries.keys();
    for (const num of nums) {
      const e = this.entries.get(num);
      if (!e) {
        wrong.push(num);
        continue;
      }
      if (e.type !== 1 || e.offset < 0) continue;
      this.source?.ensure(e.offset, e.offset + 64);
      if (!objectHeaderAt(this.bytes, this.local(e.offset), num, e.gen)) {
        wrong.push(num);
        if (wrong.length >= max) break;
      }
    }
    return wrong;
  }

  /** The object numbered `num` (null when free or missing, as readers treat it). */
  object(num: number): PdfValue {
    if (this.cache.has(num)) return this.cache.get(num)!;
    const e = this.entries.get(num);
    let v: PdfValue = null;
    if (e?.type === 1 && e.offset >= 0) {
      const obj = this.parseWith(() => this.parseAt(e.offset), `object ${num}`);
      if (obj.num !== num) throw new PdfStructureError('xref', `the cross-reference entry of object ${num} points at object ${obj.num}`, true);
      v = obj.value;
    } else if (e?.type === 2) v = this.fromObjectStream(e.stream, e.index, num);
    this.cache.set(num, v);
    return v;
  }

  /**
   * Only the `keys` entries of a dictionary object (the rest skipped unbuilt), not cached: for
   * walking many objects of which few entries matter (the page tree).
   */
  peek(num: number, keys: ReadonlySet<string>): PdfValue {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    const e = this.entries.get(num);
    if (e?.type === 1 && e.offset >= 0) {
      this.need(e.offset);
      return this.parseWith(() => {
        const lx = new PdfLexer(this.bytes, this.local(e.offset), this.limits.maxDepth);
        const n = lx.word();
        lx.word();
        lx.expectWord('obj');
        if (Number(n) !== num) throw new PdfStructureError('xref', `the cross-reference entry of object ${num} points at object ${n}`, true);
        return lx.partial(keys);
      }, `object ${num}`);
    }
    return this.object(num);
  }

  /**
   * Whether object `num` is, at a glance at its raw bytes, a dictionary that cannot be a page
   * tree node (no /Kids, no /Pages anywhere in it): then a page tree walk need not parse it.
   */
  isPlainLeaf(num: number): boolean {
    if (this.cache.has(num)) return false;
    const e = this.entries.get(num);
    if (e?.type !== 1 || e.offset < 0) return false;
    if (this.source) {
      // A look at the raw page in a scratch buffer: a 1,000-page walk leaves no pages in memory.
      const length = this.source.readUntil(e.offset, ENDOBJ, 65536 + 64);
      return length >= 0 && plainLeafAt(this.source.scratch, 0, length);
    }
    this.whole ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return plainLeafAt(this.whole, this.local(e.offset), this.whole.length);
  }

  private whole?: Buffer;

  /** The object and its stream span (for streams stored directly in the file). */
  indirect(num: number): IndirectObject | null {
    const e = this.entries.get(num);
    if (e?.type !== 1 || e.offset < 0) return null;
    return this.parseWith(() => this.parseAt(e.offset, (r) => this.resolve(r)), `object ${num}`);
  }

  /** The indirect object whose header is at `offset` (without the cross-references). */
  indirectAt(offset: number): IndirectObject {
    return this.parseWith(() => this.parseAt(offset), `object at byte ${offset}`);
  }

  private fromObjectStream(stm: number, index: number, num: number): PdfValue {
    let parsed = this.objectStreams.get(stm);
    if (!parsed) {
      const obj = this.indirect(stm);
      const d = obj?.value;
      if (!obj?.stream || !(d instanceof PdfDict)) throw new PdfStructureError('object_stream', `object stream ${stm} (holding object ${num}) is missing`);
      const body = this.decodeStream(obj, `object stream ${stm}`);
      const n = d.get('N');
      const first = d.get('First');
      if (typeof n !== 'number' || typeof first !== 'number' || first > body.length) throw new PdfStructureError('object_stream', `object stream ${stm} has a bad header`);
      if (n > this.limits.maxObjects) throw new PdfStructureError('too_complex', `the PDF has more than ${this.limits.maxObjects} objects`);
      const offsets = new Map<number, number>();
      const lx = new PdfLexer(body.subarray(0, first), 0);
      for (let i = 0; i < n; i++) {
        const a = lx.word();
        const o = lx.word();
        if (!/^\d+$/.test(a) || !/^\d+$/.test(o)) throw new PdfStructureError('object_stream', `object stream ${stm} has a bad header`);
        if (!offsets.has(Number(a))) offsets.set(Number(a), Number(o));
      }
      parsed = { offsets, body, first };
      this.objectStreams.set(stm, parsed);
    }
    const off = parsed.offsets.get(num);
    if (off === undefined) throw new PdfStructureError('object_stream', `object ${num} is not in object stream ${stm}`);
    const { body, first } = parsed;
    return this.parseWith(() => new PdfLexer(body, first + off, this.limits.maxDepth).value(), `object ${num} in object stream ${stm}`);
  }

  /** Follows references (a chain of them too) to the value. */
  resolve(v: PdfValue | undefined): PdfValue {
    for (let hops = 0; v instanceof PdfRef; hops++) {
      if (hops > 32) throw new PdfStructureError('object', 'references point at each other in a loop');
      v = this.object(v.num);
    }
    return v ?? null;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const r = this.resolve(v);
    return r instanceof PdfDict ? r : undefined;
  }

  array(v: PdfValue | undefined): PdfValue[] | undefined {
    const r = this.resolve(v);
    return Array.isArray(r) ? r : undefined;
  }

  number(v: PdfValue | undefined): number | undefined {
    const r = this.resolve(v);
    return typeof r === 'number' ? r : r && typeof r === 'object' && 'value' in r ? r.value : undefined;
  }
}

/**
 * Whether the object whose header is at `at` in `buf` (bytes before `limit` only) is a dictionary
 * without /Kids or /Pages (it runs once per page).
 */
function plainLeafAt(buf: Buffer, at: number, limit: number): boolean {
  const obj = buf.indexOf(OBJ, at);
  if (obj < 0 || obj > at + 32 || obj + 3 > limit) return false;
  let p = obj + 3;
  while (p < limit && (buf[p] === 0x20 || buf[p] === 0x0a || buf[p] === 0x0d || buf[p] === 0x09 || buf[p] === 0x0c || buf[p] === 0)) p++;
  if (p + 1 >= limit || buf[p] !== 0x3c || buf[p + 1] !== 0x3c) return false;
  const end = buf.indexOf(ENDOBJ, p);
  if (end < 0 || end + ENDOBJ.length > limit || end - p > 65536) return false;
  // Searched in the body alone: from `p` in the whole file, a page without /Kids would search it to its end.
  const body = buf.subarray(p, end);
  return body.indexOf(KIDS) < 0 && body.indexOf(PAGES) < 0;
}

/** Undoes PNG row prediction (each row starts with its filter type byte). */
function unpredictPng(data: Uint8Array, columns: number): Uint8Array {
  const rowLen = columns + 1;
  const rows = Math.floor(data.length / rowLen);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * rowLen];
    const src = r * rowLen + 1;
    const dst = r * columns;
    for (let i = 0; i < columns; i++) {
      const x = data[src + i];
      const left = i > 0 ? out[dst + i - 1] : 0;
      const up = r > 0 ? out[dst - columns + i] : 0;
      const upLeft = r > 0 && i > 0 ? out[dst - columns + i - 1] : 0;
      let v: number;
      if (type === 0) v = x;
      else if (type === 1) v = x + left;
      else if (type === 2) v = x + up;
      else if (type === 3) v = x + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new PdfStructureError('xref', `unknown PNG predictor ${type}`, true);
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/**
 * Reads the cross-references of `bytes` and checks them. Throws PdfStructureError: `repairable`
 * for a table that lies about offsets (the objects themselves are there).
 */
export function readPdfFile(bytes: Uint8Array, limits: PdfFileLimits = FILE_LIMITS, only?: Iterable<number>, window?: PdfWindow): PdfFile {
  const file = new PdfFile(bytes, limits, window);
  file.readXref();
  const wrong = file.wrongOffsets(5, only);
  if (wrong.length > 0) throw new PdfStructureError('xref', `cross-reference offsets do not point at their objects (objects ${wrong.join(', ')})`, true);
  if (!(file.trailer.get('Root') instanceof PdfRef)) throw new PdfStructureError('xref', 'the trailer has no /Root', true);
  if (file.trailer.get('Encrypt') !== undefined) throw new PdfStructureError('encrypted', 'the PDF is encrypted');
  return file;
}
