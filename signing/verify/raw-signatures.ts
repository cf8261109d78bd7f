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

// Searched in the bytes, not in a string of the whole file (10 MB of Latin-1 and a regular
// expression over it cost more than the rest of a verification); 6 bytes, not '/ByteRange': Node
// searches short needles with memchr and long ones with a Boyer-Moore that crawls binary data.
const BYTERA = Buffer.from('ByteRa', 'latin1');
const BYTE_RANGE_AT = /\/ByteRange\s*\[\s*([\d\s]+)\]/y;
const COULD_GO_ON = /^\/ByteRange[\s[\d]*$/;

/** The `/ByteRange [...]` starting at `at`, read from as many bytes as it needs, or null. */
function byteRangeAt(buf: Buffer, at: number): RegExpExecArray | null {
  for (let span = 4096; ; span *= 4) {
    const text = buf.toString('latin1', at, Math.min(buf.length, at + span));
    BYTE_RANGE_AT.lastIndex = 0;
    const m = BYTE_RANGE_AT.exec(text);
    if (m || at + span >= buf.length || !COULD_GO_ON.test(text)) return m;
  }
}

/** Raw scan: signature dictionaries found by their /ByteRange, for files pdf-lib cannot read. */
export function fromBytes(bytes: Uint8Array): PdfFacts {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const window = (from: number, to: number) => buf.toString('latin1', Math.max(0, from), Math.min(buf.length, to));
  const signatures: FoundSignature[] = [];
  for (let hit = buf.indexOf(BYTERA, 1); hit >= 0; hit = buf.indexOf(BYTERA, hit + 1)) {
    const at = hit - 1;
    if (buf[at] !== 0x2f || buf[hit + 6] !== 0x6e || buf[hit + 7] !== 0x67 || buf[hit + 8] !== 0x65) continue; // "/" … "nge"
    const m = byteRangeAt(buf, at);
    if (!m) continue;
    const around = window(at - 4096, at + 4096 + 70000);
    const contents = /\/Contents\s*<([0-9A-Fa-f\s]*)>/.exec(window(at - 70000, at + 70000));
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
