/**
 * The facts verification needs (signature fields, page content objects, the DSS) read through
 * the cross-reference sections, touching only the catalogue, the form fields, the page tree and
 * the DSS: a 1,000-page file is read in milliseconds where parsing every object takes a second.
 *
 * It gives the same facts as the full parse (find-signatures.ts) for well-formed files, and gives
 * up (null) on anything it is not sure of: encryption, hybrid cross-references, an offset that
 * does not hold the object it should, a token it does not expect, a filter other than Flate,
 * nesting or work past the limits. The caller then measures and parses the whole file.
 */
import { inflateWithin } from '../pdf/bounded-inflate';
import type { FoundSignature, PdfFacts } from './find-signatures';
import { fieldLockOf } from './later-change-rules';
import type { FieldLock } from './pdf-facts';
import { onlyWhitespace } from './revisions';

class Name {
  constructor(readonly text: string) {}
}
class Str {
  constructor(readonly bytes: Uint8Array) {}
}
class Ref {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
class Dict {
  stream: Uint8Array | null = null;
  constructor(readonly entries: Map<string, Value>) {}
  get(key: string): Value | undefined {
    return this.entries.get(key);
  }
}
type Value = null | boolean | number | Name | Str | Ref | Value[] | Dict;

/** Thrown inside the scan for anything it does not handle; the scan then answers null. */
class GiveUp extends Error {}
const giveUp = (why: string): never => {
  throw new GiveUp(why);
};

export interface ScanLimits {
  /** Arrays and dictionaries inside each other. */
  maxDepth: number;
  /** Inflated bytes of any one object, cross-reference or DSS stream read here. */
  maxStructureBytes: number;
  /** Indirect objects read (page tree included). */
  maxObjects: number;
}

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
const isRegular = (c: number) => !WS[c] && !DELIM[c];
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const hexValue = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1);

/** A reader of PDF objects at byte offsets of one buffer. */
class Lexer {
  pos = 0;
  constructor(
    readonly b: Uint8Array,
    private readonly maxDepth: number,
  ) {}

  skipWs(): void {
    const b = this.b;
    for (;;) {
      while (this.pos < b.length && WS[b[this.pos]]) this.pos++;
      if (b[this.pos] !== 0x25) return;
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
  }

  /** The regular-character word at the current position (after whitespace), consumed. */
  word(): string {
    this.skipWs();
    let w = '';
    for (; this.pos < this.b.length && isRegular(this.b[this.pos]); this.pos++) w += String.fromCharCode(this.b[this.pos]);
    return w;
  }

  keyword(k: string): boolean {
    this.skipWs();
    const at = this.pos;
    if (this.word() === k) return true;
    this.pos = at;
    return false;
  }

  integer(): number {
    this.skipWs();
    const b = this.b;
    const start = this.pos;
    let n = 0;
    for (; isDigit(b[this.pos]); this.pos++) n = n * 10 + b[this.pos] - 0x30;
    if (this.pos === start || this.pos - start > 15 || isRegular(b[this.pos] ?? 0x20)) giveUp('integer expected');
    return n;
  }

  value(depth = 0): Value {
    if (depth > this.maxDepth) giveUp('nesting');
    this.skipWs();
    const b = this.b;
    const c = b[this.pos];
    if (c === undefined) giveUp('end of data');
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literal();
    if (c === 0x3c) return b[this.pos + 1] === 0x3c ? this.dict(depth) : this.hex();
    if (c === 0x5b) {
      this.pos++;
      const out: Value[] = [];
      for (;;) {
        this.skipWs();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return out;
        }
        out.push(this.value(depth + 1));
      }
    }
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.numberOrRef();
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    return giveUp(`unexpected "${w.slice(0, 20)}"`);
  }

  private numberOrRef(): number | Ref {
    const first = this.word();
    const n = Number(first);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(first) || !Number.isFinite(n)) giveUp(`bad number "${first.slice(0, 20)}"`);
    if (!/^\d+$/.test(first)) return n;
    const after = this.pos;
    this.skipWs();
    if (isDigit(this.b[this.pos])) {
      const second = this.word();
      this.skipWs();
      if (/^\d+$/.test(second) && this.b[this.pos] === 0x52 && !isRegular(this.b[this.pos + 1] ?? 0x20)) {
        this.pos++;
        return new Ref(n, Number(second));
      }
    }
    this.pos = after;
    return n;
  }

  private name(): Name {
    const b = this.b;
    const bytes: number[] = [];
    for (this.pos++; this.pos < b.length && isRegular(b[this.pos]); this.pos++) {
      const c = b[this.pos];
      if (c === 0x23 && hexValue(b[this.pos + 1]) >= 0 && hexValue(b[this.pos + 2]) >= 0) {
        bytes.push(hexValue(b[this.pos + 1]) * 16 + hexValue(b[this.pos + 2]));
        this.pos += 2;
      } else bytes.push(c);
    }
    return new Name(String.fromCharCode(...bytes));
  }

  /** A literal string's bytes, escapes decoded the way pdf-lib decodes them. */
  private literal(): Str {
    const b = this.b;
    const out: number[] = [];
    let depth = 1;
    for (this.pos++; ; this.pos++) {
      if (this.pos >= b.length) giveUp('unterminated string');
      const c = b[this.pos];
      if (c === 0x5c) {
        const e = b[++this.pos];
        if (e === 0x0a || e === 0x0d) continue;
        if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && b[this.pos + 1] >= 0x30 && b[this.pos + 1] <= 0x37; k++) v = v * 8 + (b[++this.pos] - 0x30);
          out.push(v & 0xff);
          continue;
        }
        out.push(e === 0x6e ? 0x0a : e === 0x72 ? 0x0d : e === 0x74 ? 0x09 : e === 0x62 ? 0x08 : e === 0x66 ? 0x0c : e);
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) {
        this.pos++;
        return new Str(Uint8Array.from(out));
      }
      out.push(c);
    }
  }

  private hex(): Str {
    const b = Buffer.from(this.b.buffer, this.b.byteOffset, this.b.byteLength);
    const close = b.indexOf(0x3e, this.pos);
    if (close < 0) giveUp('unterminated hex string');
    const digits = b.toString('latin1', this.pos + 1, close).replace(/[\0\t\n\f\r ]/g, '');
    if (!/^[0-9A-Fa-f]*$/.test(digits)) giveUp('bad hex string');
    this.pos = close + 1;
    return new Str(Uint8Array.from(Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex')));
  }

  private dict(depth: number): Dict {
    this.pos += 2;
    const entries = new Map<string, Value>();
    for (;;) {
      this.skipWs();
      if (this.b[this.pos] === 0x3e && this.b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return new Dict(entries);
      }
      if (this.b[this.pos] !== 0x2f) giveUp('dictionary key expected');
      const key = this.name().text;
      entries.set(key, this.value(depth + 1));
    }
  }
}

/** PDFDocEncoding bytes that differ from Latin-1 (PDF 32000-1, table D.2), as pdf-lib maps them. */
const PDF_DOC: Record<number, number> = {
  0x16: 0x17, 0x18: 0x2d8, 0x19: 0x2c7, 0x1a: 0x2c6, 0x1b: 0x2d9, 0x1c: 0x2dd, 0x1d: 0x2db, 0x1e: 0x2da, 0x1f: 0x2dc,
  0x7f: 0xfffd, 0x80: 0x2022, 0x81: 0x2020, 0x82: 0x2021, 0x83: 0x2026, 0x84: 0x2014, 0x85: 0x2013, 0x86: 0x192,
  0x87: 0x2044, 0x88: 0x2039, 0x89: 0x203a, 0x8a: 0x2212, 0x8b: 0x2030, 0x8c: 0x201e, 0x8d: 0x201c, 0x8e: 0x201d,
  0x8f: 0x2018, 0x90: 0x2019, 0x91: 0x201a, 0x92: 0x2122, 0x93: 0xfb01, 0x94: 0xfb02, 0x95: 0x141, 0x96: 0x152,
  0x97: 0x160, 0x98: 0x178, 0x99: 0x17d, 0x9a: 0x131, 0x9b: 0x142, 0x9c: 0x153, 0x9d: 0x161, 0x9e: 0x17e,
  0x9f: 0xfffd, 0xa0: 0x20ac, 0xad: 0xfffd,
};

function utf16(bytes: Uint8Array): string {
  const little = bytes[0] === 0xff;
  let s = '';
  for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode(little ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  // Unpaired surrogates and an odd last byte become U+FFFD, as in pdf-lib.
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\ufffd') + (bytes.length % 2 ? '\ufffd' : '');
}

/** Text of a string (UTF-16 with its byte-order mark, else PDFDocEncoding) or a name. */
function text(v: Value | undefined): string | null {
  if (v instanceof Name) return v.text;
  if (!(v instanceof Str)) return null;
  const b = v.bytes;
  if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe)) return b.length <= 1 ? '\ufffd' : utf16(b);
  let s = '';
  for (const c of b) s += String.fromCharCode(PDF_DOC[c] ?? c);
  return s;
}

interface XrefEntry {
  /** 1: at `offset`; 2: object `index` of object stream `stream`. */
  type: 1 | 2;
  offset: number;
  gen: number;
  stream: number;
  index: number;
}

class Pdf {
  private readonly xref = new Map<number, XrefEntry | null>();
  private readonly cache = new Map<number, Value>();
  private readonly objStms = new Map<number, { lexer: Lexer; offsets: Map<number, number> }>();
  private reads = 0;
  trailer: Dict | null = null;

  constructor(
    readonly bytes: Uint8Array,
    readonly limits: ScanLimits,
  ) {}

  private lexerAt(pos: number): Lexer {
    const l = new Lexer(this.bytes, this.limits.maxDepth);
    l.pos = pos;
    return l;
  }

  /** Reads every cross-reference section from the last startxref back along /Prev. */
  readXref(): void {
    const b = this.bytes;
    const tail = Buffer.from(b.buffer, b.byteOffset + Math.max(0, b.length - 1024), Math.min(b.length, 1024)).toString('latin1');
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) giveUp('no startxref at the end');
    const seen = new Set<number>();
    for (let at: number | null = Number(m![1]); at !== null; ) {
      if (seen.has(at) || seen.size > 1000 || at >= b.length) giveUp('cross-reference chain');
      seen.add(at);
      const section: Dict & { has(k: string): boolean } = this.lexerAt(at).keyword('xref') ? this.xrefTable(at) : this.xrefStream(at);
      if (section.has('XRefStm')) giveUp('hybrid cross-reference');
      if (section.has('Encrypt')) giveUp('encrypted');
      this.trailer ??= section;
      const prev: Value | undefined = section.get('Prev');
      at = prev === undefined ? null : typeof prev === 'number' && Number.isInteger(prev) ? prev : giveUp('bad /Prev');
    }
  }

  /** Newer sections are read first: an entry already known stays. */
  private setEntry(num: number, entry: XrefEntry | null): void {
    if (!this.xref.has(num)) this.xref.set(num, entry);
  }

  private xrefTable(at: number): Dict & { has(k: string): boolean } {
    const l = this.lexerAt(at);
    l.keyword('xref');
    for (;;) {
      if (l.keyword('trailer')) break;
      const first = l.integer();
      const count = l.integer();
      for (let i = 0; i < count; i++) {
        l.skipWs();
        const entry = fixedEntry(this.bytes, l.pos);
        if (entry) {
          l.pos += 18;
          this.setEntry(first + i, entry.kind === 0x6e && first + i > 0 ? { type: 1, offset: entry.offset, gen: entry.gen, stream: 0, index: 0 } : null);
          continue;
        }
        const offset = l.integer();
        const gen = l.integer();
        const kind = l.word();
        if (kind !== 'n' && kind !== 'f') giveUp('bad cross-reference entry');
        // Object 0 and free entries point at nothing.
        this.setEntry(first + i, kind === 'n' && first + i > 0 ? { type: 1, offset, gen, stream: 0, index: 0 } : null);
      }
    }
    const trailer = l.value();
    if (!(trailer instanceof Dict)) giveUp('bad trailer');
    return withHas(trailer as Dict);
  }

  private xrefStream(at: number): Dict & { has(k: string): boolean } {
    const { value } = this.objectAt(at, null, true);
    if (!(value instanceof Dict) || text(value.get('Type')) !== 'XRef' || !value.stream) giveUp('bad cross-reference stream');
    const dict = value as Dict;
    const data = this.decoded(dict);
    const w = dict.get('W');
    if (!Array.isArray(w) || w.length !== 3 || !w.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 8)) giveUp('bad /W');
    const [w0, w1, w2] = w as number[];
    const size = dict.get('Size');
    const index = dict.get('Index') ?? [0, size ?? 0];
    if (!Array.isArray(index) || index.length % 2 || !index.every((n) => typeof n === 'number')) giveUp('bad /Index');
    const read = (pos: number, width: number) => {
      let v = 0;
      for (let k = 0; k < width; k++) v = v * 256 + data[pos + k];
      return v;
    };
    let pos = 0;
    const row = w0 + w1 + w2;
    const idx = index as number[];
    for (let s = 0; s < idx.length; s += 2) {
      for (let i = 0; i < idx[s + 1]; i++, pos += row) {
        if (pos + row > data.length) giveUp('cross-reference stream too short');
        const type = w0 === 0 ? 1 : read(pos, w0);
        const f2 = read(pos + w0, w1);
        const f3 = read(pos + w0 + w1, w2);
        const num = idx[s] + i;
        if (type === 1) this.setEntry(num, num > 0 ? { type: 1, offset: f2, gen: f3, stream: 0, index: 0 } : null);
        else if (type === 2) this.setEntry(num, { type: 2, offset: 0, gen: 0, stream: f2, index: f3 });
        else this.setEntry(num, null);
      }
    }
    return withHas(dict);
  }

  /** `num gen obj <value> [stream … endstream]` at `at`. */
  private objectAt(at: number, expect: { num: number; gen: number } | null, inXref = false): { num: number; value: Value } {
    if (++this.reads > this.limits.maxObjects) giveUp('too many objects');
    const l = this.lexerAt(at);
    const num = l.integer();
    const gen = l.integer();
    if (!l.keyword('obj')) giveUp('obj expected');
    if (expect && (expect.num !== num || expect.gen !== gen)) giveUp('cross-reference offset points elsewhere');
    const value = l.value();
    if (value instanceof Dict && l.keyword('stream')) {
      const b = this.bytes;
      let start = l.pos;
      if (b[start] === 0x0d) start++;
      if (b[start] === 0x0a) start++;
      let length = value.get('Length');
      if (length instanceof Ref && !inXref) length = this.resolve(length);
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || start + length > b.length) giveUp('stream length');
      const end = start + (length as number);
      const after = this.lexerAt(end);
      if (!after.keyword('endstream')) giveUp('stream length does not reach endstream');
      value.stream = b.subarray(start, end);
    }
    return { num, value };
  }

  /** The data of a stream without a filter or with Flate only (PNG predictors of xref streams). */
  decoded(d: Dict): Uint8Array {
    const f = d.get('Filter');
    const names = f === undefined ? [] : f instanceof Name ? [f] : Array.isArray(f) ? f : giveUp('filter');
    if (names.some((n) => !(n instanceof Name) || n.text !== 'FlateDecode')) giveUp('filter');
    let data = names.length === 0 ? d.stream! : inflateWithin(d.stream!, this.limits.maxStructureBytes, names.length);
    const parms = d.get('DecodeParms');
    if (parms instanceof Dict) {
      const predictor = parms.get('Predictor') ?? 1;
      if (predictor !== 1) {
        const columns = parms.get('Columns') ?? 1;
        if (typeof predictor !== 'number' || predictor < 10 || typeof columns !== 'number' || (parms.get('Colors') ?? 1) !== 1 || (parms.get('BitsPerComponent') ?? 8) !== 8) giveUp('predictor');
        data = unPng(data, columns as number);
      }
    } else if (parms !== undefined && parms !== null) giveUp('decode parameters');
    return data;
  }

  /** Whether an indirect object is an array, from its first token (no parse of a stream). */
  isArrayObject(ref: Ref): boolean {
    if (this.cache.has(ref.num)) return Array.isArray(this.cache.get(ref.num));
    const entry = this.xref.get(ref.num);
    if (!entry || entry.type !== 1) return entry !== undefined && entry !== null;
    const l = this.lexerAt(entry.offset);
    if (l.integer() !== ref.num || l.integer() !== entry.gen || !l.keyword('obj')) giveUp('cross-reference offset points elsewhere');
    l.skipWs();
    return this.bytes[l.pos] === 0x5b;
  }

  resolve(v: Value | undefined): Value | undefined {
    if (!(v instanceof Ref)) return v;
    if (this.cache.has(v.num)) return this.cache.get(v.num);
    const entry = this.xref.get(v.num);
    let value: Value | undefined;
    if (!entry) value = undefined;
    else if (entry.type === 1) {
      if (entry.gen !== v.gen) giveUp('generation');
      value = this.objectAt(entry.offset, { num: v.num, gen: v.gen }).value;
    } else {
      if (v.gen !== 0) giveUp('generation');
      value = this.inObjectStream(entry.stream, entry.index, v.num);
    }
    this.cache.set(v.num, value ?? null);
    return value;
  }

  private inObjectStream(stream: number, index: number, num: number): Value {
    let s = this.objStms.get(stream);
    if (!s) {
      const entry = this.xref.get(stream);
      if (!entry || entry.type !== 1) giveUp('object stream');
      const d = this.objectAt(entry!.offset, { num: stream, gen: entry!.gen }).value;
      if (!(d instanceof Dict) || !d.stream || text(d.get('Type')) !== 'ObjStm') giveUp('object stream');
      const dict = d as Dict;
      const n = dict.get('N');
      const first = dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number' || n > this.limits.maxObjects) giveUp('object stream header');
      const lexer = new Lexer(this.decoded(dict), this.limits.maxDepth);
      const offsets = new Map<number, number>();
      for (let i = 0; i < (n as number); i++) {
        const objNum = lexer.integer();
        const offset = lexer.integer();
        if (!offsets.has(objNum)) offsets.set(objNum, (first as number) + offset);
      }
      s = { lexer, offsets };
      this.objStms.set(stream, s);
    }
    void index;
    const at = s.offsets.get(num);
    if (at === undefined) giveUp('object not in its object stream');
    if (++this.reads > this.limits.maxObjects) giveUp('too many objects');
    s.lexer.pos = at!;
    return s.lexer.value();
  }
}

/** `oooooooooo ggggg n` (the standard 20-byte entry, its end of line not included), or null. */
function fixedEntry(b: Uint8Array, at: number): { offset: number; gen: number; kind: number } | null {
  if (b[at + 10] !== 0x20 || b[at + 16] !== 0x20 || (b[at + 17] !== 0x6e && b[at + 17] !== 0x66) || isRegular(b[at + 18] ?? 0x20)) return null;
  let offset = 0;
  let gen = 0;
  for (let k = 0; k < 10; k++) {
    if (!isDigit(b[at + k])) return null;
    offset = offset * 10 + b[at + k] - 0x30;
  }
  for (let k = 11; k < 16; k++) {
    if (!isDigit(b[at + k])) return null;
    gen = gen * 10 + b[at + k] - 0x30;
  }
  return { offset, gen, kind: b[at + 17] };
}

function withHas(d: Dict): Dict & { has(k: string): boolean } {
  return Object.assign(d, { has: (k: string) => d.entries.has(k) });
}

/** Undoes the PNG row predictors (one byte per pixel, as cross-reference streams use them). */
function unPng(data: Uint8Array, columns: number): Uint8Array {
  const rowIn = columns + 1;
  const rows = Math.floor(data.length / rowIn);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const kind = data[r * rowIn];
    for (let c = 0; c < columns; c++) {
      const x = data[r * rowIn + 1 + c];
      const left = c > 0 ? out[r * columns + c - 1] : 0;
      const up = r > 0 ? out[(r - 1) * columns + c] : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1] : 0;
      let v: number;
      if (kind === 0) v = x;
      else if (kind === 1) v = x + left;
      else if (kind === 2) v = x + up;
      else if (kind === 3) v = x + ((left + up) >> 1);
      else if (kind === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else return giveUp('predictor');
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}

function signaturesOf(pdf: Pdf, catalog: Dict): FoundSignature[] {
  const signatures: FoundSignature[] = [];
  const dictAt = (v: Value | undefined) => {
    const r = pdf.resolve(v);
    return r instanceof Dict ? r : undefined;
  };
  const arrayAt = (v: Value | undefined) => {
    const r = pdf.resolve(v);
    return Array.isArray(r) ? r : undefined;
  };
  const acro = dictAt(catalog.get('AcroForm'));
  const docMdpRef = dictAt(catalog.get('Perms'))?.get('DocMDP');
  // Kids may name the same field many times over: the work is bounded, not just the depth.
  let visits = 0;
  const walk = (arr: Value[] | undefined, prefix: string, inheritedFt: string | null, depth: number) => {
    for (let i = 0; arr && i < arr.length && depth < 32; i++) {
      if (++visits > pdf.limits.maxObjects) giveUp('too many form fields');
      const f = dictAt(arr[i]);
      if (!f) continue;
      const t = text(pdf.resolve(f.get('T')));
      const full = prefix && t ? `${prefix}.${t}` : prefix || t || '';
      const ft = text(pdf.resolve(f.get('FT'))) ?? inheritedFt;
      const kids = arrayAt(f.get('Kids'));
      if (kids && (f.get('V') ?? null) === null) walk(kids, full, ft, depth + 1);
      if (ft !== 'Sig') continue;
      const vRef = f.get('V');
      const v = dictAt(vRef);
      if (!v) continue;
      const br = arrayAt(v.get('ByteRange'));
      const contents = pdf.resolve(v.get('Contents'));
      let docMdp: number | null = null;
      const refs = arrayAt(v.get('Reference'));
      for (let j = 0; refs && j < refs.length; j++) {
        const r = dictAt(refs[j]);
        if (text(pdf.resolve(r?.get('TransformMethod'))) !== 'DocMDP') continue;
        const p = pdf.resolve(dictAt(r?.get('TransformParams'))?.get('P'));
        docMdp = typeof p === 'number' ? p : 2;
      }
      if (docMdp === null && docMdpRef instanceof Ref && vRef instanceof Ref && docMdpRef.num === vRef.num && docMdpRef.gen === vRef.gen) docMdp = 2;
      const lockOf = (d: Dict | undefined) => {
        const p = pdf.resolve(d?.get('P'));
        return d ? fieldLockOf(text(pdf.resolve(d.get('Action'))), arrayAt(d.get('Fields'))?.map((x) => text(pdf.resolve(x))) ?? null, typeof p === 'number' ? p : null) : null;
      };
      let fieldLock: FieldLock | null = null;
      for (let j = 0; refs && j < refs.length && !fieldLock; j++) {
        const r = dictAt(refs[j]);
        if (text(pdf.resolve(r?.get('TransformMethod'))) === 'FieldMDP') fieldLock = lockOf(dictAt(r?.get('TransformParams')));
      }
      fieldLock ??= lockOf(dictAt(f.get('Lock')));
      signatures.push({
        field: full || `(unnamed ${signatures.length + 1})`,
        byteRange: br ? br.map((n) => (typeof n === 'number' ? n : NaN)) : null,
        contents: contents instanceof Str ? contents.bytes : null,
        subFilter: text(pdf.resolve(v.get('SubFilter'))),
        type: text(pdf.resolve(v.get('Type'))),
        m: text(pdf.resolve(v.get('M'))),
        name: text(pdf.resolve(v.get('Name'))),
        docMdp,
        fieldLock,
      });
    }
  };
  walk(arrayAt(acro?.get('Fields')), '', null, 0);
  return signatures;
}

/** Object numbers of the pages' content streams, walking the page tree from the catalogue. */
function contentObjectsOf(pdf: Pdf, catalog: Dict): Set<number> {
  const out = new Set<number>();
  const root = pdf.resolve(catalog.get('Pages'));
  if (!(root instanceof Dict) || text(root.get('Type')) !== 'Pages') giveUp('no page tree');
  const visited = new Set<Dict>();
  const visit = (node: Dict, depth: number) => {
    if (visited.has(node) || depth > pdf.limits.maxDepth) giveUp('page tree loops');
    visited.add(node);
    const kids = pdf.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) giveUp('page tree node without kids');
    for (const kidRef of kids as Value[]) {
      const kid = pdf.resolve(kidRef);
      if (!(kid instanceof Dict)) continue;
      const type = text(kid.get('Type'));
      if (type === 'Pages') visit(kid, depth + 1);
      else if (type === 'Page') {
        const c = kid.get('Contents');
        if (c instanceof Ref) out.add(c.num);
        // Nearly always one stream: read the object only when it is an array of streams.
        const arr = c instanceof Ref && !pdf.isArrayObject(c) ? undefined : pdf.resolve(c);
        for (const r of Array.isArray(arr) ? arr : []) if (r instanceof Ref) out.add(r.num);
      }
    }
  };
  visit(root as Dict, 0);
  return out;
}

function dssOf(pdf: Pdf, catalog: Dict): PdfFacts['dss'] {
  const dss = pdf.resolve(catalog.get('DSS'));
  const streams = (key: string): Uint8Array[] => {
    const arr = dss instanceof Dict ? pdf.resolve(dss.get(key)) : undefined;
    const out: Uint8Array[] = [];
    for (const item of Array.isArray(arr) ? arr : []) {
      const s = pdf.resolve(item);
      if (!(s instanceof Dict) || !s.stream) continue;
      const f = pdf.resolve(s.get('Filter'));
      const names = f instanceof Name ? [f] : Array.isArray(f) ? f : [];
      if (names.some((n) => !(n instanceof Name) || n.text !== 'FlateDecode')) continue;
      try {
        out.push(names.length === 0 ? s.stream : inflateWithin(s.stream, pdf.limits.maxStructureBytes, names.length));
      } catch {
        /* skipped like an unreadable stream in the full parse */
      }
    }
    return out;
  };
  return { certs: streams('Certs'), ocsps: streams('OCSPs'), crls: streams('CRLs') };
}

/**
 * The facts of a well-formed, unencrypted PDF, or null when the whole file must be parsed.
 * `contentObjects` is left empty when no signature is followed by an update (nothing to classify).
 */
export function scanPdfFacts(bytes: Uint8Array, limits: ScanLimits): PdfFacts | null {
  try {
    const pdf = new Pdf(bytes, limits);
    pdf.readXref();
    const catalog = pdf.resolve(pdf.trailer!.get('Root'));
    if (!(catalog instanceof Dict)) return null;
    const signatures = signaturesOf(pdf, catalog);
    // The content objects only tell what an update after a signature changed: with every
    // signature covering the whole file there is none, and the page tree is not walked.
    const updatedAfter = signatures.some((sig) => {
      const br = sig.byteRange;
      return !br || br.length < 4 || !Number.isInteger(br[2] + br[3]) || !onlyWhitespace(bytes, br[2] + br[3]);
    });
    // Encrypted files are given up on above, so nothing was decrypted; no pdf-lib document was made.
    return { signatures, contentObjects: updatedAfter ? contentObjectsOf(pdf, catalog) : new Set(), dss: dssOf(pdf, catalog), readable: true, doc: null, encrypted: false };
  } catch (e) {
    if (e instanceof GiveUp || e instanceof RangeError || e instanceof Error) return null;
    throw e;
  }
}
