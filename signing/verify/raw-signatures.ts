/**
 * Signatures read from the file's bytes alone (no PDF parser): for files no parser can read, and
 * to find signatures a later update took out of the form. Kept apart from the parsers so that
 * verification loads none of them when the file's cross-references can be followed.
 */
import type { FoundSignature, PdfFacts } from './pdf-facts';

/** The /Contents hex string the byte range leaves out, read from the file's bytes. */
export function contentsInGap(bytes: Uint8Array, br: number[] | null): Uint8Array | null {
  if (!br || br.length !== 4 || !br.every(Number.isInteger)) return null;
  const from = br[0] + br[1];
  if (from < 0 || br[2] <= from || br[2] > bytes.length) return null;
  const gap = Buffer.from(bytes.buffer, bytes.byteOffset + from, br[2] - from).toString('latin1');
  return /^<[0-9A-Fa-f\s]*>$/.test(gap) ? Uint8Array.from(Buffer.from(gap.slice(1, -1).replace(/\s/g, ''), 'hex')) : null;
}

/** Raw scan: signature dictionaries found by their /ByteRange, for files pdf-lib cannot read. */
export function fromBytes(bytes: Uint8Array): PdfFacts {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const signatures: FoundSignature[] = [];
  for (const m of s.matchAll(/\/ByteRange\s*\[\s*([\d\s]+)\]/g)) {
    const around = s.slice(Math.max(0, m.index! - 4096), m.index! + 4096 + 70000);
    const contents = /\/Contents\s*<([0-9A-Fa-f\s]*)>/.exec(s.slice(Math.max(0, m.index! - 70000), m.index! + 70000));
    signatures.push({
      field: `(signature ${signatures.length + 1})`,
      byteRange: m[1].trim().split(/\s+/).map(Number),
      contents: contents ? Uint8Array.from(Buffer.from(contents[1].replace(/\s/g, ''), 'hex')) : null,
      subFilter: /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(around)?.[1] ?? null,
      type: null,
      m: null,
      name: null,
      docMdp: null,
      fieldLock: null,
    });
  }
  return { signatures, contentObjects: new Set(), dss: { certs: [], ocsps: [], crls: [] }, readable: false, doc: null, encrypted: false };
}

/**
 * Signatures still in the file's bytes that the form no longer lists: a later update took
 * their field out. They are reported (their later changes then say so), never silently lost.
 */
export function unlisted(bytes: Uint8Array, listed: FoundSignature[]): FoundSignature[] {
  const known = new Set(listed.map((x) => String(x.byteRange)));
  return fromBytes(bytes).signatures.filter((r) => {
    const br = r.byteRange;
    if (!br || br.length !== 4 || known.has(String(br)) || br[0] !== 0 || !(br[1] > 0 && br[2] > br[1] && br[2] + br[3] <= bytes.length)) return false;
    known.add(String(br));
    r.contents = contentsInGap(bytes, br);
    return r.contents !== null && r.contents.some((b) => b !== 0);
  });
}
