/**
 * Just enough PDF object syntax to read the few objects a signature touches (trailer, catalog,
 * form, page tree, one page) straight from the file's bytes and to write changed copies of them
 * back: values keep their source text where we do not change them (strings, reals), so a
 * rewritten dictionary says exactly what the original said.
 */

export class PdfName {
  /** As written after the slash, #xx escapes kept. */
  constructor(readonly raw: string) {}
}

export class PdfString {
  /** The whole token including its delimiters: `(...)` or `<...>`. */
  constructor(readonly raw: Uint8Array) {}

  bytes(): Uint8Array {
    const r = this.raw;
    if (r[0] === 0x3c) {
      const hex = Buffer.from(r.subarray(1, r.length - 1)).toString('latin1').replace(/[^0-9a-fA-F]/g, '');
      return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    }
    return unescapeLiteral(r.subarray(1, r.length - 1));
  }

  /** Text string: UTF-16BE with a byte order mark, UTF-8 with one (PDF 2.0), else PDFDocEncoding (read as Latin-1). */
  text(): string {
    const b = Buffer.from(this.bytes());
    if (b[0] === 0xfe && b[1] === 0xff) {
      const body = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)));
      return body.swap16().toString('utf16le');
    }
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
    return b.toString('latin1');
  }

  /** A text string: PDFDocEncoding when it is ASCII, else UTF-16BE, written as hex. */
  static fromText(text: string): PdfString {
    if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(Buffer.from(`(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`, 'latin1'));
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    return new PdfString(Buffer.from(`<FEFF${utf16.toString('hex').toUpperCase()}>`, 'latin1'));
  }

  static literal(ascii: string): PdfString {
    return new PdfString(Buffer.from(`(${ascii.replace(/[\\()]/g, (c) => `\\${c}`)})`, 'latin1'));
  }
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A number whose source text is kept (reals are written back exactly as they were). */
export class PdfReal {
  constructor(
    readonly raw: string,
    readonly value: number,
  ) {}
}

export class PdfDict {
  constructor(readonly map: Map<string, PdfValue> = new Map()) {}
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.map.set(key, value);
    return this;
  }
  copy(): PdfDict {
    return new PdfDict(new Map(this.map));
  }
}

export type PdfValue = null | boolean | number | PdfReal | PdfName | PdfString | PdfRef | PdfValue[] | PdfDict;

/** Where a stream's data lies in the buffer it was parsed from. */
export interface StreamSpan {
  start: number;
  end: number;
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  stream?: StreamSpan;
}

/** Thrown for bytes that are not the PDF syntax they should be; the callers turn it into an AppError. */
export class PdfSyntaxError extends Error {
  constructor(message: string, readonly at: number) {
    super(`${message} at byte ${at}`);
    this.name = 'PdfSyntaxError';
  }
}

/** Thrown when values nest deeper than the limit (the caller reports `pdf_too_complex`). */
export class PdfNestingError extends Error {
  constructor(readonly max: number) {
    super(`values nest more than ${max} deep`);
    this.name = 'PdfNestingError';
  }
}

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
const isRegular = (c: number) => !WS[c] && !DELIM[c];

function unescapeLiteral(b: Uint8Array): Uint8Array {
  if (!b.includes(0x5c) && !b.includes(0x0d)) return b;
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x0d) {
      out.push(0x0a);
      if (b[i + 1] === 0x0a) i++;
    } else if (c !== 0x5c) out.push(c);
    else {
      const n = b[++i];
      if (n === undefined) break;
      const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
      if (simple[n] !== undefined) out.push(simple[n]);
      else if (n >= 0x30 && n <= 0x37) {
        let v = n - 0x30;
        for (let k = 0; k < 2 && b[i + 1] >= 0x30 && b[i + 1] <= 0x37; k++) v = v * 8 + (b[++i] - 0x30);
        out.push(v & 0xff);
      } else if (n === 0x0d) {
        if (b[i + 1] === 0x0a) i++;
      } else if (n !== 0x0a) out.push(n);
    }
  }
  return Uint8Array.from(out);
}

/** A reader over PDF bytes from a position; `maxDepth` bounds arrays and dictionaries inside each other. */
export class PdfLexer {
  private readonly buf: Buffer;
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly maxDepth = 100,
  ) {
    this.buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }

  skipSpace(): void {
    const b = this.b;
    for (;;) {
      while (this.pos < b.length && WS[b[this.pos]]) this.pos++;
      if (b[this.pos] !== 0x25) return;
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
  }

  /** The next regular-character word (keyword or number), without consuming it when `peek`. */
  word(peek = false): string {
    this.skipSpace();
    const start = this.pos;
    let end = start;
    while (end < this.b.length && isRegular(this.b[end])) end++;
    if (!peek) this.pos = end;
    return this.buf.toString('latin1', start, end);
  }

  expectWord(word: string): void {
    const at = this.pos;
    const got = this.word();
    if (got !== word) throw new PdfSyntaxError(`expected "${word}", found "${got.slice(0, 20)}"`, at);
  }

  private integerAt(pos: number): [number, number] | null {
    let p = pos;
    const b = this.b;
    const start = p;
    while (p < b.length && b[p] >= 0x30 && b[p] <= 0x39) p++;
    if (p === start || p - start > 15 || (p < b.length && isRegular(b[p]))) return null;
    let v = 0;
    for (let i = start; i < p; i++) v = v * 10 + (b[i] - 0x30);
    return [v, p];
  }

  /** After a non-negative integer: ` G R` makes it a reference. */
  private refAfter(num: number, from: number): PdfRef | null {
    const save = this.pos;
    this.pos = from;
    this.skipSpace();
    const gen = this.integerAt(this.pos);
    if (gen) {
      this.pos = gen[1];
      this.skipSpace();
      if (this.b[this.pos] === 0x52 && (this.pos + 1 >= this.b.length || !isRegular(this.b[this.pos + 1]))) {
        this.pos++;
        return new PdfRef(num, gen[0]);
      }
    }
    this.pos = save;
    return null;
  }

  /** Moves past one value without building it (a tight byte loop; nesting still bounded). */
  skip(): void {
    this.skipSpace();
    const b = this.b;
    let p = this.pos;
    const first = b[p];
    if (first !== 0x3c && first !== 0x5b && first !== 0x28) {
      this.value(this.maxDepth);
      return;
    }
    let depth = 0;
    while (p < b.length) {
      const c = b[p];
      if (c === 0x28) {
        let level = 0;
        for (; p < b.length; p++) {
          const x = b[p];
          if (x === 0x5c) p++;
          else if (x === 0x28) level++;
          else if (x === 0x29 && --level === 0) break;
        }
        p++;
      } else if (c === 0x3c) {
        if (b[p + 1] === 0x3c) {
          depth++;
          p += 2;
        } else {
          const end = b.indexOf(0x3e, p + 1);
          p = end < 0 ? b.length : end + 1;
        }
      } else if (c === 0x3e) {
        if (b[p + 1] === 0x3e) {
          depth--;
          p += 2;
        } else p++;
      } else if (c === 0x5b) {
        depth++;
        p++;
      } else if (c === 0x5d) {
        depth--;
        p++;
      } else if (c === 0x25) {
        while (p < b.length && b[p] !== 0x0a && b[p] !== 0x0d) p++;
      } else p++;
      if (depth > this.maxDepth) throw new PdfNestingError(this.maxDepth);
      if (depth <= 0) break;
    }
    if (depth > 0 || p > b.length) throw new PdfSyntaxError('unterminated value', this.pos);
    this.pos = p;
  }

  /** A dictionary of which only the `keys` entries are built (the rest skipped), or any other value. */
  partial(keys: ReadonlySet<string>): PdfValue {
    this.skipSpace();
    const b = this.b;
    if (!(b[this.pos] === 0x3c && b[this.pos + 1] === 0x3c)) return this.value();
    this.pos += 2;
    const d = new PdfDict();
    for (;;) {
      this.skipSpace();
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return d;
      }
      const key = this.value(1);
      if (!(key instanceof PdfName)) throw new PdfSyntaxError('dictionary key is not a name', this.pos);
      if (keys.has(key.raw)) d.set(key.raw, this.value(1));
      else this.skip();
    }
  }

  value(depth = 0): PdfValue {
    if (depth > this.maxDepth) throw new PdfNestingError(this.maxDepth);
    this.skipSpace();
    const b = this.b;
    const at = this.pos;
    const c = b[at];
    if (c === undefined) throw new PdfSyntaxError('unexpected end of file', at);
    if (c === 0x2f) {
      let end = at + 1;
      while (end < b.length && isRegular(b[end])) end++;
      this.pos = end;
      return new PdfName(this.buf.toString('latin1', at + 1, end));
    }
    if (c === 0x3c && b[at + 1] === 0x3c) {
      this.pos += 2;
      const dict = new PdfDict();
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return dict;
        }
        const key = this.value(depth + 1);
        if (!(key instanceof PdfName)) throw new PdfSyntaxError('dictionary key is not a name', this.pos);
        dict.set(key.raw, this.value(depth + 1));
      }
    }
    if (c === 0x3c) {
      const end = b.indexOf(0x3e, at + 1);
      if (end < 0) throw new PdfSyntaxError('unterminated hex string', at);
      this.pos = end + 1;
      return new PdfString(b.subarray(at, end + 1));
    }
    if (c === 0x28) {
      let level = 0;
      let i = at;
      for (; i < b.length; i++) {
        const x = b[i];
        if (x === 0x5c) i++;
        else if (x === 0x28) level++;
        else if (x === 0x29 && --level === 0) break;
      }
      if (i >= b.length) throw new PdfSyntaxError('unterminated string', at);
      this.pos = i + 1;
      return new PdfString(b.subarray(at, i + 1));
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        if (this.pos >= b.length) throw new PdfSyntaxError('unterminated array', at);
        arr.push(this.value(depth + 1));
      }
    }
    const int = this.integerAt(at);
    if (int) {
      const ref = this.refAfter(int[0], int[1]);
      if (ref) return ref;
      this.pos = int[1];
      return int[0];
    }
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) return Number.isInteger(Number(w)) && !w.includes('.') ? Number(w) : new PdfReal(w, Number(w));
    throw new PdfSyntaxError(`unexpected "${w.slice(0, 20) || String.fromCharCode(c)}"`, at);
  }
}

/**
 * The indirect object `N G obj ... endobj` at `offset`. A stream's span is found by its /Length
 * (when a direct number that ends at `endstream`), else by searching for `endstream`.
 */
export function parseIndirectObject(b: Uint8Array, offset: number, maxDepth = 100, resolveLength?: (ref: PdfRef) => PdfValue): IndirectObject {
  const lx = new PdfLexer(b, offset, maxDepth);
  const n = lx.word();
  const g = lx.word();
  if (!/^\d+$/.test(n) || !/^\d+$/.test(g)) throw new PdfSyntaxError('no object header', offset);
  lx.expectWord('obj');
  const value = lx.value();
  lx.skipSpace();
  const obj: IndirectObject = { num: Number(n), gen: Number(g), value };
  if (value instanceof PdfDict && lx.word(true) === 'stream') {
    lx.word();
    let start = lx.pos;
    if (b[start] === 0x0d) start++;
    if (b[start] === 0x0a) start++;
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    let len = value.get('Length');
    if (len instanceof PdfRef && resolveLength) len = resolveLength(len);
    let end = -1;
    if (typeof len === 'number' && start + len <= b.length) {
      const after = buf.subarray(start + len, start + len + 32).toString('latin1');
      if (/^\s*endstream/.test(after)) end = start + len;
    }
    if (end < 0) {
      const found = buf.indexOf('endstream', start, 'latin1');
      if (found < 0) throw new PdfSyntaxError('stream without endstream', start);
      end = found;
      while (end > start && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
    }
    obj.stream = { start, end };
  }
  return obj;
}

/** Whether the bytes at `offset` start the header `num gen obj` (whitespace before it allowed). */
export function objectHeaderAt(b: Uint8Array, offset: number, num: number, gen: number): boolean {
  // Written without closures or allocations: it runs once per object of the file, mostly before
  // the engine has compiled it (a command's one run).
  const n = b.length;
  if (!(offset >= 0 && offset < n)) return false;
  let p = offset;
  while (p < n && WS[b[p]] === 1) p++;
  let s = p;
  let v = 0;
  while (p < n && b[p] >= 0x30 && b[p] <= 0x39) v = v * 10 + (b[p++] - 0x30);
  if (p === s || p - s > 10 || v !== num) return false;
  if (WS[b[p]] !== 1) return false;
  while (p < n && WS[b[p]] === 1) p++;
  s = p;
  v = 0;
  while (p < n && b[p] >= 0x30 && b[p] <= 0x39) v = v * 10 + (b[p++] - 0x30);
  if (p === s || p - s > 10 || v !== gen) return false;
  while (p < n && WS[b[p]] === 1) p++;
  return b[p] === 0x6f && b[p + 1] === 0x62 && b[p + 2] === 0x6a && (p + 3 >= n || !isRegular(b[p + 3]));
}

// ---------------------------------------------------------------------------------------------
// Writing

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** Appends the PDF text of `v` to `out` (strings as their original bytes). */
export function writeValue(v: PdfValue, out: Buffer[]): void {
  if (v === null) out.push(Buffer.from('null'));
  else if (typeof v === 'boolean') out.push(Buffer.from(v ? 'true' : 'false'));
  else if (typeof v === 'number') out.push(Buffer.from(formatNumber(v)));
  else if (v instanceof PdfReal) out.push(Buffer.from(v.raw, 'latin1'));
  else if (v instanceof PdfName) out.push(Buffer.from(`/${v.raw}`, 'latin1'));
  else if (v instanceof PdfString) out.push(Buffer.from(v.raw));
  else if (v instanceof PdfRef) out.push(Buffer.from(`${v.num} ${v.gen} R`));
  else if (Array.isArray(v)) {
    out.push(Buffer.from('['));
    v.forEach((x, i) => {
      if (i > 0) out.push(Buffer.from(' '));
      writeValue(x, out);
    });
    out.push(Buffer.from(']'));
  } else {
    out.push(Buffer.from('<<'));
    for (const [k, x] of v.map) {
      out.push(Buffer.from(`/${k} `, 'latin1'));
      writeValue(x, out);
      out.push(Buffer.from('\n'));
    }
    out.push(Buffer.from('>>'));
  }
}

export function serialize(v: PdfValue): Buffer {
  const out: Buffer[] = [];
  writeValue(v, out);
  return Buffer.concat(out);
}

/** Shorthand for building dictionaries: strings starting with '/' become names. */
export function dict(entries: Record<string, PdfValue | string>): PdfDict {
  const d = new PdfDict();
  for (const [k, v] of Object.entries(entries)) d.set(k, typeof v === 'string' ? new PdfName(v.replace(/^\//, '')) : v);
  return d;
}

export const name = (n: string) => new PdfName(n);
