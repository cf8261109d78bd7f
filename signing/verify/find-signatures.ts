/**
 * Finds every signature of a PDF, ours or another tool's: through the AcroForm fields when
 * pdf-lib can read the file, else by scanning the raw bytes for signature dictionaries.
 */
import { AppError } from '../../shared/errors';
import { arrayAt, dictAt, numberAt } from '../pdf/pdf-objects';
import { inflateWithin } from '../pdf/bounded-inflate';
import { fieldLockOf } from './later-change-rules';
import type { FieldLock, FoundSignature, PdfFacts } from './pdf-facts';
import { contentsInGap, fromBytes, unlisted } from './raw-signatures';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject } from '@cantoo/pdf-lib';

export type { FoundSignature, PdfFacts } from './pdf-facts';

const text = (o: PDFObject | undefined): string | null =>
  o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : o instanceof PDFName ? o.decodeText() : null;

/** The data of a stream without a filter or with Flate only, decoded under `maxBytes`; else null. */
function boundedData(s: PDFRawStream, maxBytes: number): Uint8Array | null {
  const f = s.dict.lookup(PDFName.of('Filter'));
  const names = f instanceof PDFName ? [f] : f instanceof PDFArray ? f.asArray() : [];
  if (names.some((n) => n !== PDFName.of('FlateDecode'))) return null;
  return names.length === 0 ? s.contents : inflateWithin(s.contents, maxBytes, names.length);
}

function streamsOf(arr: PDFArray | undefined, maxBytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; arr && i < arr.size(); i++) {
    const s = arr.lookup(i);
    if (!(s instanceof PDFRawStream)) continue;
    try {
      // DSS streams (certificates, OCSP responses, CRLs) are usually Flate-encoded.
      const data = boundedData(s, maxBytes);
      if (data) out.push(data);
    } catch {
      /* skip unreadable or oversized */
    }
  }
  return out;
}


function fromDocument(doc: PDFDocument, bytes: Uint8Array, encrypted: boolean, maxStreamBytes: number): PdfFacts {
  const signatures: FoundSignature[] = [];
  const acro = dictAt(doc.catalog, PDFName.of('AcroForm'));
  const perms = dictAt(doc.catalog, PDFName.of('Perms'));
  const docMdpRef = perms?.get(PDFName.of('DocMDP'));
  const walk = (arr: PDFArray | undefined, prefix: string, inheritedFt: string | null, depth: number) => {
    for (let i = 0; arr && i < arr.size() && depth < 32; i++) {
      const f = dictAt(arr, i);
      if (!f) continue;
      const t = text(f.lookup(PDFName.of('T')));
      const full = prefix && t ? `${prefix}.${t}` : prefix || t || '';
      const ft = text(f.lookup(PDFName.of('FT'))) ?? inheritedFt;
      const kids = arrayAt(f, PDFName.of('Kids'));
      if (kids && !f.has(PDFName.of('V'))) walk(kids, full, ft, depth + 1);
      if (ft !== 'Sig') continue;
      const vRef = f.get(PDFName.of('V'));
      const v = dictAt(f, PDFName.of('V'));
      if (!v) continue;
      const br = arrayAt(v, PDFName.of('ByteRange'));
      const contents = v.lookup(PDFName.of('Contents'));
      let docMdp: number | null = null;
      const refs = arrayAt(v, PDFName.of('Reference'));
      for (let j = 0; refs && j < refs.size(); j++) {
        const r = dictAt(refs, j);
        if (text(r?.lookup(PDFName.of('TransformMethod'))) !== 'DocMDP') continue;
        docMdp = numberAt(dictAt(r, PDFName.of('TransformParams')), PDFName.of('P')) ?? 2;
      }
      if (docMdp === null && docMdpRef instanceof PDFRef && vRef instanceof PDFRef && docMdpRef === vRef) docMdp = 2;
      const lockOf = (d: PDFDict | undefined) =>
        d ? fieldLockOf(text(d.lookup(PDFName.of('Action'))), arrayAt(d, PDFName.of('Fields'))?.asArray().map((x) => text(x instanceof PDFRef ? doc.context.lookup(x) : x)) ?? null, numberAt(d, PDFName.of('P')) ?? null) : null;
      let fieldLock: FieldLock | null = null;
      for (let j = 0; refs && j < refs.size() && !fieldLock; j++) {
        const r = dictAt(refs, j);
        if (text(r?.lookup(PDFName.of('TransformMethod'))) === 'FieldMDP') fieldLock = lockOf(dictAt(r, PDFName.of('TransformParams')));
      }
      fieldLock ??= lockOf(dictAt(f, PDFName.of('Lock')));
      const byteRange = br ? br.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) : null;
      signatures.push({
        field: full || `(unnamed ${signatures.length + 1})`,
        byteRange,
        // A signature's /Contents is never encrypted (ISO 32000-2 §7.6.2) but the parser decrypted it.
        contents: encrypted ? contentsInGap(bytes, byteRange) : contents instanceof PDFHexString ? contents.asBytes() : contents instanceof PDFString ? contents.asBytes() : null,
        subFilter: text(v.lookup(PDFName.of('SubFilter'))),
        type: text(v.lookup(PDFName.of('Type'))),
        m: text(v.lookup(PDFName.of('M'))),
        name: text(v.lookup(PDFName.of('Name'))),
        docMdp,
        fieldLock,
      });
    }
  };
  walk(arrayAt(acro, PDFName.of('Fields')), '', null, 0);
  // Signature widgets the form no longer lists (a later update took them out of /Fields): found
  // through the pages like other validators do, so such a signature is reported, not lost.
  const listed = new Set(signatures.map((x) => String(x.byteRange)));
  for (const page of doc.getPages()) {
    const annots = arrayAt(page.node, PDFName.of('Annots'));
    const orphans: PDFArray = doc.context.obj([]);
    for (let i = 0; annots && i < annots.size(); i++) {
      const w = dictAt(annots, i);
      const v = dictAt(w, PDFName.of('V'));
      const br = arrayAt(v, PDFName.of('ByteRange'));
      if (!w || !br || listed.has(String(br.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN))))) continue;
      if (text(w.lookup(PDFName.of('FT'))) !== 'Sig' && text(dictAt(w, PDFName.of('Parent'))?.lookup(PDFName.of('FT'))) !== 'Sig') continue;
      orphans.push(annots.get(i));
    }
    if (orphans.size() > 0) walk(orphans, '', 'Sig', 0);
  }

  const contentObjects = new Set<number>();
  for (const page of doc.getPages()) {
    const c = page.node.get(PDFName.of('Contents'));
    if (c instanceof PDFRef) contentObjects.add(c.objectNumber);
    const arr = arrayAt(page.node, PDFName.of('Contents'));
    for (let i = 0; arr && i < arr.size(); i++) {
      const r = arr.get(i);
      if (r instanceof PDFRef) contentObjects.add(r.objectNumber);
    }
  }
  const dssDict = dictAt(doc.catalog, PDFName.of('DSS'));
  const dss = {
    certs: streamsOf(arrayAt(dssDict, PDFName.of('Certs')), maxStreamBytes),
    ocsps: streamsOf(arrayAt(dssDict, PDFName.of('OCSPs')), maxStreamBytes),
    crls: streamsOf(arrayAt(dssDict, PDFName.of('CRLs')), maxStreamBytes),
  };
  return { signatures, contentObjects, dss, readable: true, doc, encrypted };
}


/**
 * Parses a file or one of its revisions (a prefix of the file). An encrypted file is decrypted
 * with the empty user password (most signed encrypted files only restrict permissions with an
 * owner password); one that needs a password to open is refused with `pdf_encrypted`.
 */
export async function loadPdf(bytes: Uint8Array): Promise<{ doc: PDFDocument; encrypted: boolean }> {
  const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  if (!doc.isEncrypted) return { doc, encrypted: false };
  try {
    return { doc: await PDFDocument.load(bytes, { password: '', ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false }), encrypted: true };
  } catch (e) {
    if (/password/i.test((e as Error).message)) throw new AppError('pdf_encrypted', 'The PDF is protected by a password');
    throw new AppError('pdf_encrypted', 'The PDF uses an encryption that cannot be read');
  }
}

/** `maxStreamBytes`: ceiling of the DSS streams decoded here (the file passed checkPdfLimits first). */
export async function readPdfFacts(bytes: Uint8Array, maxStreamBytes: number): Promise<PdfFacts> {
  let loaded: { doc: PDFDocument; encrypted: boolean };
  try {
    loaded = await loadPdf(bytes);
  } catch (e) {
    if (e instanceof AppError) throw e;
    return fromBytes(bytes);
  }
  let facts: PdfFacts;
  try {
    facts = fromDocument(loaded.doc, bytes, loaded.encrypted, maxStreamBytes);
  } catch {
    return fromBytes(bytes);
  }
  if (!loaded.encrypted) facts.signatures.push(...unlisted(bytes, facts.signatures));
  return facts;
}

