/**
 * PAdES signing as an incremental update: the input bytes stay an exact prefix of the output,
 * so every earlier signature keeps verifying. One call adds one signature field (uniquely
 * named), its widget (visible per Decree 30/2020 or invisible), and the CAdES signature;
 * B-LT adds a second update with the /DSS (certificates and revocation data).
 */
import { arrayAt, dictAt, numberAt } from './pdf-objects';
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFPage } from '@cantoo/pdf-lib';
import { AppError } from '../../shared/errors';
import type { PadesLevel } from '../../shared/signing';
import { buildCadesSignature } from '../cms/build';
import { requestTimestamp } from '../cms/timestamp';
import type { SigningKey } from '../keys/signing-key';
import { commonName } from '../certs/names';
import { pdfDateVietnam } from '../time';
import { buildAppearance, type SignatureAppearance } from './appearance';
import { makeLongTerm, withCompleteChain } from './long-term';
import { BYTE_RANGE_PLACEHOLDER, locatePlaceholder, writeByteRange, writeContents } from './placeholder';
import { lastXrefIsStream, loadForUpdate } from './pdf-load';
import { verifyPdf } from '../verify/verify-pdf';

export interface SignPdfOptions {
  key: SigningKey;
  /**
   * B-B (default), B-T (needs tsaUrl), B-LT (B-T plus a /DSS with the chains and revocation
   * data of the signer and the timestamp authority: an error when they cannot be had) or B-LTA
   * (B-LT plus a document timestamp over it).
   */
  level?: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  tsaUrl?: string;
  /** Timestamp authority of the B-LTA document timestamp (default tsaUrl). */
  archiveTsaUrl?: string;
  /** Issuer certificates (DER) to build the signer's chain from: a chain file, the app's trust store. */
  chainCandidates?: Uint8Array[];
  /** Unique field name; default "Signature<n>". */
  fieldName?: string;
  /** /Name in the signature dictionary; defaults to the certificate's common name. */
  signerName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Claimed signing time (/M); default now. */
  signingTime?: Date;
  /** Visible appearance; omitted or null for an invisible signature. */
  appearance?: SignatureAppearance | null;
  /** Certify the document (DocMDP): 1 no changes, 2 form filling and signing, 3 also annotations. */
  certify?: 1 | 2 | 3;
  /** Bytes reserved for the CMS (default 16 KiB, 32 KiB with a timestamp or B-LT). */
  reserve?: number;
  /** Fetch issuers (AIA), OCSP and CRLs over the network for B-LT/B-LTA (default true). */
  fetchRevocation?: boolean;
  /** Extra revocation data for B-LT (DER OCSP responses / CRLs) and issuer certificates. */
  validationData?: { ocsps?: Uint8Array[]; crls?: Uint8Array[]; certs?: Uint8Array[] };
}

export interface SignPdfResult {
  bytes: Uint8Array;
  fieldName: string;
  /** Level reached: the one asked for (what cannot be reached is an error). */
  level: PadesLevel;
  warnings: string[];
}

/** Names of all form fields (full names joined with '.'), to keep new names unique. */
function fieldNames(doc: PDFDocument): Set<string> {
  const names = new Set<string>();
  const acro = dictAt(doc.catalog, PDFName.of('AcroForm'));
  const walk = (arr: PDFArray | undefined, prefix: string, depth: number) => {
    if (!arr || depth > 32) return;
    for (let i = 0; i < arr.size(); i++) {
      const f = dictAt(arr, i);
      if (!f) continue;
      const t = f.lookup(PDFName.of('T'));
      const name = t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : '';
      const full = prefix && name ? `${prefix}.${name}` : prefix || name;
      if (full) names.add(full);
      walk(arrayAt(f, PDFName.of('Kids')), full, depth + 1);
    }
  };
  walk(arrayAt(acro, PDFName.of('Fields')), '', 0);
  return names;
}

function getOrCreateAcroForm(doc: PDFDocument): PDFDict {
  const existing = dictAt(doc.catalog, PDFName.of('AcroForm'));
  if (existing) return existing;
  const acro = doc.context.obj({ Fields: [] });
  doc.catalog.set(PDFName.of('AcroForm'), doc.context.register(acro));
  return acro;
}

function pickPage(doc: PDFDocument, appearance: SignatureAppearance | null | undefined): PDFPage {
  const pages = doc.getPages();
  if (pages.length === 0) throw new AppError('bad_request', 'The PDF has no pages');
  if (!appearance || appearance.kind === 'clerk') return pages[0];
  const n = appearance.page ?? pages.length;
  if (!Number.isInteger(n) || n < 1 || n > pages.length) throw new AppError('bad_request', `Page ${n} does not exist (the PDF has ${pages.length} pages)`);
  return pages[n - 1];
}

/** Existing DocMDP permission of the document, if it is certified. */
function certificationOf(doc: PDFDocument): number | null {
  const perms = dictAt(doc.catalog, PDFName.of('Perms'));
  const sig = dictAt(perms, PDFName.of('DocMDP'));
  const refs = arrayAt(sig, PDFName.of('Reference'));
  for (let i = 0; refs && i < refs.size(); i++) {
    const p = numberAt(dictAt(dictAt(refs, i), PDFName.of('TransformParams')), PDFName.of('P'));
    if (p !== undefined) return p;
  }
  return sig ? 2 : null;
}

export async function signPdf(input: Uint8Array, given: SignPdfOptions): Promise<SignPdfResult> {
  const warnings: string[] = [];
  const level = given.level ?? 'B-B';
  if (level !== 'B-B' && !given.tsaUrl) throw new AppError('bad_request', `${level} needs a timestamp authority (--tsa URL)`);
  const longTerm = level === 'B-LT' || level === 'B-LTA';
  const sources = { fetch: given.fetchRevocation !== false, candidates: given.chainCandidates, extra: given.validationData };
  // The whole chain goes into the CMS too: a token often holds only the signer's certificate.
  const options = longTerm ? { ...given, key: await withCompleteChain(given.key, sources) } : given;
  const signingTime = options.signingTime ?? new Date();
  const doc = await loadForUpdate(input);
  const useObjectStreams = lastXrefIsStream(input);

  const existingCert = certificationOf(doc);
  if (existingCert === 1) throw new AppError('conflict', 'The document is certified with no changes allowed; it cannot be signed again');
  const names = fieldNames(doc);
  if (options.certify && [...names].length > 0 && hasSignatures(doc)) {
    throw new AppError('conflict', 'Only the first signature of a document can certify it');
  }
  let fieldName = options.fieldName;
  if (fieldName) {
    if (names.has(fieldName)) throw new AppError('conflict', `A field named "${fieldName}" already exists`);
  } else {
    let n = 1;
    while (names.has(`Signature${n}`)) n++;
    fieldName = `Signature${n}`;
  }

  const signerName = options.signerName ?? commonName(options.key.certificate) ?? 'Unknown';
  const reserve = options.reserve ?? (level === 'B-B' ? 16384 : 32768);
  const { context } = doc;

  const sigDict = context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
  });
  // Placeholder, replaced in place after serialization (see placeholder.ts).
  sigDict.set(PDFName.of('ByteRange'), context.obj([0, PDFName.of('**********'), PDFName.of('**********'), PDFName.of('**********')]));
  sigDict.set(PDFName.of('Contents'), PDFHexString.of('0'.repeat(reserve * 2)));
  sigDict.set(PDFName.of('M'), PDFString.of(pdfDateVietnam(signingTime)));
  sigDict.set(PDFName.of('Name'), PDFHexString.fromText(signerName.normalize('NFC')));
  if (options.reason) sigDict.set(PDFName.of('Reason'), PDFHexString.fromText(options.reason.normalize('NFC')));
  if (options.location) sigDict.set(PDFName.of('Location'), PDFHexString.fromText(options.location.normalize('NFC')));
  if (options.contactInfo) sigDict.set(PDFName.of('ContactInfo'), PDFHexString.fromText(options.contactInfo));
  if (options.certify) {
    sigDict.set(PDFName.of('Reference'), context.obj([
      { Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: options.certify, V: '1.2' } },
    ]));
  }
  const sigRef = context.register(sigDict);

  const page = pickPage(doc, options.appearance);
  let rect = [0, 0, 0, 0];
  let apRef: PDFRef;
  if (options.appearance) {
    const drawn = await buildAppearance(doc, page, options.appearance, { signerName, signingTime });
    const r = drawn.rect;
    rect = [r.x, r.y, r.x + r.width, r.y + r.height];
    apRef = drawn.stream;
  } else {
    apRef = context.register(context.formXObject([], { BBox: [0, 0, 0, 0] }));
  }
  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    F: 132, // Print | Locked
    Rect: rect,
    P: page.ref,
    AP: { N: apRef },
  });
  widget.set(PDFName.of('T'), PDFString.of(fieldName));
  widget.set(PDFName.of('V'), sigRef);
  const widgetRef = context.register(widget);
  // Not page.node.addAnnot(): it "normalizes" the page, wrapping its content streams in q/Q
  // streams and copying resources, i.e. it would change page content in the update.
  const annots = page.node.lookup(PDFName.of('Annots'));
  if (annots instanceof PDFArray) annots.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));

  const acro = getOrCreateAcroForm(doc);
  let fields = arrayAt(acro, PDFName.of('Fields'));
  if (!fields) {
    fields = context.obj([]);
    acro.set(PDFName.of('Fields'), fields);
  }
  fields.push(widgetRef);
  acro.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  // A form dict may be direct in the catalog or indirect; mark it changed either way.
  const acroRef = doc.catalog.get(PDFName.of('AcroForm'));
  if (acroRef instanceof PDFRef) context.snapshot?.markRefForSave(acroRef);
  if (options.certify) doc.catalog.set(PDFName.of('Perms'), context.obj({ DocMDP: sigRef }));

  const out = await doc.commit({ useObjectStreams });
  const signed = await fillSignature(out, input.length, options, level);

  let finalBytes = signed;
  let reached: PadesLevel = level === 'B-B' ? 'B-B' : 'B-T';
  if (level === 'B-LT' || level === 'B-LTA') {
    const made = await makeLongTerm(signed, level, options.key, fieldName, { ...sources, tsaUrl: options.archiveTsaUrl ?? options.tsaUrl });
    warnings.push(...made.warnings);
    finalBytes = made.bytes;
    reached = level;
  }
  await checkResult(input, finalBytes, fieldName);
  return { bytes: finalBytes, fieldName, level: reached, warnings };
}

function hasSignatures(doc: PDFDocument): boolean {
  const acro = dictAt(doc.catalog, PDFName.of('AcroForm'));
  return ((numberAt(acro, PDFName.of('SigFlags')) ?? 0) & 1) === 1;
}

async function fillSignature(bytes: Uint8Array, originalLength: number, options: SignPdfOptions, level: string): Promise<Uint8Array> {
  const p = locatePlaceholder(bytes, originalLength);
  writeByteRange(bytes, p);
  const [a, b, c, d] = p.byteRange;
  const hash = createHash('sha256');
  hash.update(bytes.subarray(a, a + b));
  hash.update(bytes.subarray(c, c + d));
  const tsaUrl = options.tsaUrl;
  const cms = await buildCadesSignature(options.key, hash.digest(), {
    timestamp: level !== 'B-B' && tsaUrl ? (sig) => requestTimestamp(tsaUrl, sig) : undefined,
  });
  writeContents(bytes, p, cms);
  return bytes;
}

/** The result is checked before anyone writes it: prefix kept, every signature intact. */
async function checkResult(input: Uint8Array, output: Uint8Array, fieldName: string): Promise<void> {
  if (!Buffer.from(output.buffer, output.byteOffset, input.length).equals(Buffer.from(input.buffer, input.byteOffset, input.length))) {
    throw new AppError('signing_failed', 'Internal error: the signed file does not keep the original bytes');
  }
  const report = await verifyPdf(output, { trustRoots: [], online: false });
  const mine = report.signatures.find((s) => s.field === fieldName);
  if (!mine) throw new AppError('signing_failed', 'Internal error: the new signature is not found in the result');
  // Earlier signatures cannot change: their bytes are an untouched prefix (checked above).
  if (mine.integrity !== 'ok' || mine.anomalies.length > 0) {
    throw new AppError('signing_failed', `Internal error: the new signature does not verify (${mine.integrity}${mine.anomalies.length ? ', ' + mine.anomalies.join(', ') : ''})`);
  }
}

export { BYTE_RANGE_PLACEHOLDER };
