/**
 * Just enough ASN.1 for signing from the command line: reading a PKCS#12 file (BER: indefinite
 * lengths and constructed strings included) and our own CMS, and writing a CMS in DER. A general
 * ASN.1 library (asn1js, 170 KB) costs a one-shot `ecabinet sign` more to load and warm up than
 * everything it does here; verification, which needs one, still uses asn1js and pkijs.
 */

export class DerError extends Error {
  constructor(message: string, readonly at: number) {
    super(`${message} (at byte ${at})`);
    this.name = 'DerError';
  }
}

/** One tag-length-value in `bytes`. */
export interface Tlv {
  readonly bytes: Uint8Array;
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly cls: number;
  readonly constructed: boolean;
  readonly number: number;
  /** Where the TLV starts, its contents start and end, and where it ends (after an end-of-contents). */
  readonly start: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly end: number;
}

export const TAG = { integer: 2, octetString: 4, null: 5, oid: 6, sequence: 16, set: 17 } as const;

/** The TLV at `at`, which must end by `limit`. */
export function readTlv(bytes: Uint8Array, at = 0, limit = bytes.length, depth = 0): Tlv {
  if (depth > 64) throw new DerError('nested too deep', at);
  let p = at;
  if (p >= limit) throw new DerError('unexpected end', p);
  const id = bytes[p++];
  let number = id & 0x1f;
  if (number === 0x1f) {
    number = 0;
    for (let k = 0; ; k++) {
      if (p >= limit || k > 3) throw new DerError('bad tag', p);
      const c = bytes[p++];
      number = number * 128 + (c & 0x7f);
      if ((c & 0x80) === 0) break;
    }
  }
  const constructed = (id & 0x20) !== 0;
  if (p >= limit) throw new DerError('unexpected end', p);
  const first = bytes[p++];
  const contentStart0 = p;
  if (first === 0x80) {
    // Indefinite length (BER): contents up to the end-of-contents octets 00 00.
    if (!constructed) throw new DerError('indefinite length on a primitive value', at);
    let q = contentStart0;
    for (;;) {
      if (q + 1 >= limit) throw new DerError('no end-of-contents', q);
      if (bytes[q] === 0 && bytes[q + 1] === 0) break;
      q = readTlv(bytes, q, limit, depth + 1).end;
    }
    return { bytes, cls: id >> 6, constructed, number, start: at, contentStart: contentStart0, contentEnd: q, end: q + 2 };
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('length too long', p);
    length = 0;
    for (let k = 0; k < n; k++) {
      if (p >= limit) throw new DerError('unexpected end', p);
      length = length * 256 + bytes[p++];
    }
  }
  const contentStart = p;
  const contentEnd = contentStart + length;
  if (contentEnd > limit) throw new DerError('value longer than its container', at);
  return { bytes, cls: id >> 6, constructed, number, start: at, contentStart, contentEnd, end: contentEnd };
}

/** The whole of `bytes` as one TLV (nothing after it). */
export function readDer(bytes: Uint8Array): Tlv {
  const t = readTlv(bytes);
  if (t.end !== bytes.length) throw new DerError('data after the value', t.end);
  return t;
}

/** The TLVs inside a constructed one. */
export function childrenOf(t: Tlv): Tlv[] {
  if (!t.constructed) throw new DerError('not a constructed value', t.start);
  const out: Tlv[] = [];
  for (let p = t.contentStart; p < t.contentEnd; ) {
    const c = readTlv(t.bytes, p, t.contentEnd);
    out.push(c);
    p = c.end;
  }
  return out;
}

export const isUniversal = (t: Tlv | undefined, number: number): boolean => t !== undefined && t.cls === 0 && t.number === number;
export const isContext = (t: Tlv | undefined, number: number): boolean => t !== undefined && t.cls === 2 && t.number === number;

/** The TLV's own bytes, tag and length included. */
export const encoded = (t: Tlv): Uint8Array => t.bytes.subarray(t.start, t.end);

/** The bytes of a string type (an OCTET STRING or an IMPLICIT one), constructed (BER) or not. */
export function stringBytes(t: Tlv): Buffer {
  if (!t.constructed) return Buffer.from(t.bytes.buffer, t.bytes.byteOffset + t.contentStart, t.contentEnd - t.contentStart);
  return Buffer.concat(childrenOf(t).map(stringBytes));
}

export function oidOf(t: Tlv): string {
  if (!isUniversal(t, TAG.oid) || t.constructed) throw new DerError('not an object identifier', t.start);
  const parts: number[] = [];
  let v = 0;
  for (let p = t.contentStart; p < t.contentEnd; p++) {
    v = v * 128 + (t.bytes[p] & 0x7f);
    if ((t.bytes[p] & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** A non-negative INTEGER that fits a JavaScript number exactly. */
export function smallIntegerOf(t: Tlv): number {
  if (!isUniversal(t, TAG.integer) || t.constructed) throw new DerError('not an integer', t.start);
  const n = t.contentEnd - t.contentStart;
  if (n < 1 || n > 6 || t.bytes[t.contentStart] & 0x80) throw new DerError('integer out of range', t.start);
  let v = 0;
  for (let p = t.contentStart; p < t.contentEnd; p++) v = v * 256 + t.bytes[p];
  return v;
}

// ---------------------------------------------------------------------------------------------
// Writing (DER)

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** A TLV with identifier byte `id` around `parts` (already encoded values, or raw contents). */
export function tlv(id: number, ...parts: Uint8Array[]): Buffer {
  const length = parts.reduce((s, p) => s + p.length, 0);
  return Buffer.concat([Buffer.from([id, ...lengthBytes(length)]), ...parts]);
}

export const sequence = (...parts: Uint8Array[]): Buffer => tlv(0x30, ...parts);
/** A SET in the order given (callers pass DER-ordered elements, as asn1js writes them too). */
export const set = (...parts: Uint8Array[]): Buffer => tlv(0x31, ...parts);
export const octetString = (bytes: Uint8Array): Buffer => tlv(0x04, bytes);
export const derNull = (): Buffer => Buffer.from([0x05, 0x00]);
/** [n] around `parts`, constructed (EXPLICIT for one value, IMPLICIT SET OF / SEQUENCE OF for several). */
export const context = (n: number, ...parts: Uint8Array[]): Buffer => tlv(0xa0 | n, ...parts);

export function smallInteger(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`integer out of range: ${n}`);
  const out: number[] = [];
  for (let v = n; ; v = Math.floor(v / 256)) {
    out.unshift(v & 0xff);
    if (v < 256) break;
  }
  if (out[0] & 0x80) out.unshift(0);
  return tlv(0x02, Uint8Array.from(out));
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new Error(`bad object identifier ${dotted}`);
  const out: number[] = [];
  const push = (v: number) => {
    const bytes = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) bytes.unshift(0x80 | (x & 0x7f));
    out.push(...bytes);
  };
  push(arcs[0] * 40 + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}
