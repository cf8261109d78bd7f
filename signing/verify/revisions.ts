/**
 * Revisions of a PDF file: each ends at a %%EOF. An incremental update is well formed when it
 * ends with a cross-reference section (table + trailer, or an XRef stream), startxref and
 * %%EOF. For each update we list what kinds of objects it changed.
 */
import type { PDFDocument } from '@cantoo/pdf-lib';
import { inflateWithin } from '../pdf/bounded-inflate';
// The PDF parser loads only when an update after a signature must be read.
import type { RevisionChange } from './later-changes';

export interface Revision {
  /** Byte offset just after this revision's %%EOF and its end-of-line. */
  end: number;
  /** Offset of the %%EOF marker. */
  eof: number;
}

export interface UpdateFacts {
  start: number;
  end: number;
  wellFormed: boolean;
  changes: string[];
  objects: number;
}

const latin1 = (b: Uint8Array, start = 0, end = b.length) => Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');

export function revisionsOf(bytes: Uint8Array): Revision[] {
  // Searched in the bytes: a string of a large file would cost more than the search.
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Revision[] = [];
  for (let i = b.indexOf('%%EOF'); i >= 0; i = b.indexOf('%%EOF', i + 5)) {
    let end = i + 5;
    if (b[end] === 0x0d) end++;
    if (b[end] === 0x0a) end++;
    out.push({ end, eof: i });
  }
  return out;
}

/** Trailing bytes after `from` that are only whitespace (or NUL padding) do not count as content. */
export function onlyWhitespace(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (![0x20, 0x0a, 0x0d, 0x09, 0x0c, 0x00].includes(bytes[i])) return false;
  return true;
}

function classify(dict: string, num: number, isStream: boolean, contentObjects: Set<number>): string {
  const type = /\/Type\s*\/(\w+)/.exec(dict)?.[1];
  const subtype = /\/Subtype\s*\/(\w+)/.exec(dict)?.[1];
  if (type === 'Sig' || type === 'DocTimeStamp' || /\/ByteRange\s*\[/.test(dict)) return 'signature';
  if (subtype === 'Widget') return /\/FT\s*\/Sig/.test(dict) ? 'signature' : 'form';
  if (type === 'Annot' || (subtype && /^(Text|Link|FreeText|Line|Square|Circle|Polygon|PolyLine|Highlight|Underline|Squiggly|StrikeOut|Stamp|Caret|Ink|Popup|FileAttachment|Sound|Movie|Screen|PrinterMark|TrapNet|Watermark|3D|Redact)$/.test(subtype))) return 'annotation';
  if (type === 'Catalog') return 'catalog';
  if (type === 'Pages') return 'pages';
  if (type === 'Page') return 'page';
  if (/\/(Certs|OCSPs|CRLs|VRI)\b/.test(dict)) return 'dss';
  if (/\/Fields\s*\[|\/SigFlags/.test(dict)) return 'form';
  if (type === 'Font' || type === 'FontDescriptor' || /\/Length1\b|\/FontFile/.test(dict) || subtype === 'CIDFontType0C' || subtype === 'OpenType') return 'font';
  if (subtype === 'Form' || type === 'XObject') return subtype === 'Image' ? 'image' : 'appearance';
  if (subtype === 'Image') return 'image';
  if (isStream && contentObjects.has(num)) return 'content';
  if (type === 'Metadata' || type === 'ObjStm' || type === 'XRef') return type.toLowerCase();
  return 'other';
}

/** Objects defined in an update (including inside its object streams), classified. */
export function describeUpdate(bytes: Uint8Array, start: number, end: number, contentObjects: Set<number>, maxInflatedBytes: number): UpdateFacts {
  const s = latin1(bytes, start, end);
  const changes = new Set<string>();
  let objects = 0;
  const re = /(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const num = Number(m[1]);
    const bodyStart = m.index + m[0].length;
    const endobj = s.indexOf('endobj', bodyStart);
    const body = s.slice(bodyStart, endobj < 0 ? s.length : endobj);
    const streamAt = body.indexOf('stream');
    const dict = streamAt >= 0 ? body.slice(0, streamAt) : body;
    const kind = classify(dict, num, streamAt >= 0, contentObjects);
    if (kind === 'objstm') {
      for (const inner of objectStreamObjects(dict, body.slice(streamAt + 6), maxInflatedBytes)) {
        objects++;
        changes.add(classify(inner.text, inner.num, false, contentObjects));
      }
    } else if (kind !== 'xref') {
      objects++;
      changes.add(kind);
    }
    if (endobj > 0) re.lastIndex = endobj;
  }
  const tail = s.slice(-1100);
  const wellFormed = /startxref\s+\d+\s+%%EOF\s*$/.test(tail) && (/\bxref\s/.test(s) && /\btrailer\b/.test(s) || /\/Type\s*\/XRef/.test(s));
  return { start, end, wellFormed, changes: [...changes].sort(), objects };
}

function objectStreamObjects(dict: string, streamPart: string, maxInflatedBytes: number): { num: number; text: string }[] {
  try {
    const length = Number(/\/Length\s+(\d+)/.exec(dict)?.[1]);
    const n = Number(/\/N\s+(\d+)/.exec(dict)?.[1]);
    const first = Number(/\/First\s+(\d+)/.exec(dict)?.[1]);
    let data = streamPart.replace(/^\r?\n/, '');
    if (Number.isFinite(length)) data = data.slice(0, length);
    let raw = Buffer.from(data, 'latin1');
    // Past the ceiling it throws: the update is then described as unreadable, like corrupt data.
    if (/\/FlateDecode/.test(dict)) raw = Buffer.from(inflateWithin(raw, maxInflatedBytes));
    const text = raw.toString('latin1');
    const header = text.slice(0, first).trim().split(/\s+/).map(Number);
    const out: { num: number; text: string }[] = [];
    for (let i = 0; i < n; i++) {
      const from = first + header[2 * i + 1];
      const to = i + 1 < n ? first + header[2 * i + 3] : text.length;
      out.push({ num: header[2 * i], text: text.slice(from, to) });
    }
    return out;
  } catch {
    return [{ num: -1, text: '' }];
  }
}

/**
 * The parsed state of the file at each revision, read lazily and once, and what each update
 * changed relative to the revision before it (form fill, annotations, DSS, page content…).
 */
export class RevisionHistory {
  private readonly docs = new Map<number, Promise<PDFDocument | null>>();
  private readonly diffs = new Map<number, Promise<RevisionChange[] | null>>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly revisions: Revision[],
    /** The whole file, already parsed: the state at the last revision. */
    private readonly last: PDFDocument | null,
  ) {}

  /** The document as of revision `n` (1-based), or null when that prefix cannot be parsed. */
  private document(n: number): Promise<PDFDocument | null> {
    let d = this.docs.get(n);
    if (!d) {
      d = n === this.revisions.length && this.last
        ? Promise.resolve(this.last)
        : import('./find-signatures').then(({ loadPdf }) => loadPdf(this.bytes.subarray(0, this.revisions[n - 1].end))).then((r) => r.doc, () => null);
      this.docs.set(n, d);
    }
    return d;
  }

  /** What revision `n` changed relative to revision `n - 1`; null when either cannot be read. */
  changes(n: number): Promise<RevisionChange[] | null> {
    let c = this.diffs.get(n);
    if (!c) {
      c = Promise.all([this.document(n - 1), this.document(n), import('./later-changes')]).then(([prev, next, { diffRevisions }]) => {
        if (!prev || !next) return null;
        try {
          return diffRevisions(prev, next);
        } catch {
          return null;
        }
      });
      this.diffs.set(n, c);
    }
    return c;
  }
}
