/**
 * PAdES signing as an incremental update: the input bytes stay an exact prefix of the output,
 * so every earlier signature keeps verifying. One call adds one signature field (uniquely
 * named), its widget (visible per Decree 30/2020 or invisible), and the CAdES signature;
 * B-LT adds a second update with the /DSS (certificates and revocation data).
 *
 * The document is never loaded whole: the cross-references are read and checked, then only the
 * catalog, the form, the page tree and the signed page (pdf-file.ts); the update is written
 * directly (incremental-update.ts) and the byte ranges hashed natively. A file whose
 * cross-references lie is rewritten once first (the result says so), or refused when it is
 * already signed; every other broken structure is refused with a coded error (pdf-load.ts).
 */
import { createHash, type Hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FileIdentity } from '../atomic-write';
import { AppError } from '../../shared/app-error';
import type { PadesLevel } from '../../shared/signing';
import { buildCadesSignature } from '../cms/build';
import type { SigningKey } from '../keys/signing-key';
import { commonName } from '../certs/names';
import { pdfDateVietnam } from '../time';
import type { SignatureAppearance } from './appearance';
import { checkCrossReferences, checkNewSignature, checkPrefix } from './check-signed';
import { certificationOf, collectPages, fieldNames, hasSignatures, pageSize, type PageInfo } from './document-parts';
import { IncrementalUpdate } from './incremental-update';
import { PdfStructureError, type PdfFile } from './pdf-file';
import { openFileForSigning, openForSigning, structureAppError } from './pdf-load';
import { BYTE_RANGE_PLACEHOLDER, locatePlaceholder, writeByteRange, writeContents } from './placeholder';
import { dict, PdfDict, PdfRef, PdfString, type PdfValue } from './pdf-syntax';

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
  /** The signed file (joined on first use). */
  readonly bytes: Uint8Array;
  /** The signed file in order, unjoined: the input as given, then what signing appended. */
  parts: Uint8Array[];
  fieldName: string;
  /** Level reached: the one asked for (what cannot be reached is an error). */
  level: PadesLevel;
  /**
   * The input's cross-reference table was broken and the file was rewritten once before signing
   * (the signed file is not an incremental update of the input then); the user must be told
   * (`signing.workflow.repairedBeforeSigning`, and a warning here).
   */
  repaired: boolean;
  warnings: string[];
}

/** The warning a repaired file's result carries (Vietnamese / English). */
export const REPAIRED_WARNING = 'Tệp đã được sửa cấu trúc trước khi ký / The file\'s structure was repaired before signing';

function pickPage(pages: PageInfo[], appearance: SignatureAppearance | null | undefined): PageInfo {
  if (!appearance || appearance.kind === 'clerk') return pages[0];
  const n = appearance.page ?? pages.length;
  if (!Number.isInteger(n) || n < 1 || n > pages.length) throw new AppError('bad_request', `Page ${n} does not exist (the PDF has ${pages.length} pages)`, { page: n, pages: pages.length });
  return pages[n - 1];
}

/** Working copies of the objects an update changes, each copied once from the file. */
class Edits {
  readonly changed = new Map<number, PdfValue>();
  constructor(private readonly file: PdfFile) {}
  dict(ref: PdfRef): PdfDict {
    let v = this.changed.get(ref.num);
    if (v === undefined) {
      const d = this.file.dict(ref);
      if (!d) throw new PdfStructureError('object', `object ${ref.num} is not a dictionary`);
      v = d.copy();
      this.changed.set(ref.num, v);
    }
    return v as PdfDict;
  }
  array(ref: PdfRef): PdfValue[] {
    let v = this.changed.get(ref.num);
    if (v === undefined) {
      v = [...(this.file.array(ref) ?? [])];
      this.changed.set(ref.num, v);
    }
    return v as PdfValue[];
  }
}

/**
 * Adds `item` to the array at `key` of `current` (direct, indirect or missing): an indirect
 * array is rewritten by itself, otherwise the owner (`edit()` gives its working copy).
 */
function appendTo(edits: Edits, file: PdfFile, current: PdfDict, edit: () => PdfDict, key: string, item: PdfValue): void {
  const v = current.get(key);
  if (v instanceof PdfRef && file.array(v)) edits.array(v).push(item);
  else if (Array.isArray(v)) edit().set(key, [...v, item]);
  else edit().set(key, [item]);
}

/** Where B-LT/B-LTA find the signer's chain and revocation data. */
const sources = (o: SignPdfOptions) => ({ fetch: o.fetchRevocation !== false, candidates: o.chainCandidates, extra: o.validationData });

export async function signPdf(input: Uint8Array, given: SignPdfOptions): Promise<SignPdfResult> {
  const warnings: string[] = [];
  const level = given.level ?? 'B-B';
  if (level !== 'B-B' && !given.tsaUrl) throw new AppError('bad_request', `${level} needs a timestamp authority (--tsa URL)`);
  const longTerm = level === 'B-LT' || level === 'B-LTA';
  // The whole chain goes into the CMS too: a token often holds only the signer's certificate.
  const options = longTerm ? { ...given, key: await (await import('./long-term')).withCompleteChain(given.key, sources(given)) } : given;
  const signingTime = options.signingTime ?? new Date();
  const { file, repaired } = await openForSigning(input);
  if (repaired) warnings.push(REPAIRED_WARNING);
  try {
    return await signOpened(file, options, level, signingTime, repaired, warnings);
  } catch (e) {
    if (e instanceof PdfStructureError) throw structureAppError(e);
    throw e;
  }
}

/** A file signed by `signPdfFile`: its input left on disk, or the whole result in memory. */
export type SignFileResult = Omit<SignPdfResult, 'bytes' | 'parts'> &
  (
    | { kind: 'appended'; /** What goes after the unchanged input file. */ tail: Uint8Array; input: { path: string; identity: FileIdentity } }
    | { kind: 'whole'; parts: Uint8Array[] }
  );

/**
 * Signs the PDF at `path` (B-B or B-T) without reading it into memory: the cross-references and
 * the few objects a signature touches are read, the file is hashed by streaming, and the result
 * is the update to append to the unchanged file (`appended`; atomic-write.ts
 * writeCopyPlusTailAtomic writes it). A file this cannot take as it is (damaged, to be repaired,
 * encrypted...) and B-LT/B-LTA are signed in memory by signPdf (`whole`), with the same results
 * and errors.
 */
export async function signPdfFile(path: string, given: SignPdfOptions): Promise<SignFileResult> {
  const level = given.level ?? 'B-B';
  if (level !== 'B-B' && !given.tsaUrl) throw new AppError('bad_request', `${level} needs a timestamp authority (--tsa URL)`);
  const inMemory = async (): Promise<SignFileResult> => {
    const r = await signPdf(await readFile(path), given);
    return { fieldName: r.fieldName, level: r.level, repaired: r.repaired, warnings: r.warnings, kind: 'whole', parts: r.parts };
  };
  const opened = level === 'B-B' || level === 'B-T' ? openFileForSigning(path) : null;
  if (!opened) return inMemory();
  let r: SignPdfResult;
  try {
    r = await signOpened(opened.file, given, level, given.signingTime ?? new Date(), false, [], opened.hash);
  } catch (e) {
    // A structure this path finds wrong is judged again from the whole file: repaired, or the
    // same coded error as signPdf's.
    if (e instanceof PdfStructureError) return inMemory();
    throw e;
  } finally {
    opened.source.close();
  }
  return { fieldName: r.fieldName, level: r.level, repaired: false, warnings: r.warnings, kind: 'appended', tail: r.parts[1], input: { path, identity: opened.source.identity } };
}

/**
 * `inputHash`: the SHA-256 of the input so far, when it was hashed as it was read (the file's
 * bytes are then not all in `file.bytes`: only B-B and B-T, whose result is input + update).
 */
async function signOpened(file: PdfFile, options: SignPdfOptions, level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA', signingTime: Date, repaired: boolean, warnings: string[], inputHash?: Hash): Promise<SignPdfResult> {
  const rootRef = file.trailer.get('Root') as PdfRef;
  const catalog = file.dict(rootRef);
  if (!catalog) throw new PdfStructureError('object', 'the document catalog is missing');
  const acroValue = catalog.get('AcroForm');
  const acroOld = file.dict(acroValue);

  const existingCert = certificationOf(file, catalog);
  if (existingCert === 1) throw new AppError('conflict', 'The document is certified with no changes allowed; it cannot be signed again');
  const names = fieldNames(file, acroOld);
  if (options.certify && names.size > 0 && hasSignatures(file, acroOld)) {
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
  const pages = collectPages(file, catalog);
  const page = pickPage(pages, options.appearance);

  const signerName = options.signerName ?? commonName(options.key.certificate) ?? 'Unknown';
  const reserve = options.reserve ?? (level === 'B-B' ? 16384 : 32768);
  const update = new IncrementalUpdate(file);
  const edits = new Edits(file);

  // The appearance first: pdf-lib numbers its objects from the file's next free number.
  let rect = [0, 0, 0, 0];
  let apRef: PdfRef;
  if (options.appearance) {
    const { appearanceObjects } = await import('./appearance');
    const drawn = await appearanceObjects(update.nextNumber, pageSize(file, page), options.appearance, { signerName, signingTime });
    for (const o of drawn.objects) update.putRaw(o.num, o.body);
    update.skipTo(drawn.nextNumber);
    const r = drawn.rect;
    rect = [r.x, r.y, r.x + r.width, r.y + r.height];
    apRef = new PdfRef(drawn.formNumber, 0);
  } else {
    apRef = update.allocate();
    update.putRaw(apRef.num, Buffer.from('<</Type /XObject /Subtype /Form /BBox [0 0 0 0] /Length 0>>\nstream\n\nendstream', 'latin1'));
  }

  const sigRef = update.allocate();
  const sig: string[] = [
    '<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    // Placeholders, replaced in place once the file's length is known (see placeholder.ts).
    BYTE_RANGE_PLACEHOLDER,
    `/Contents <${'0'.repeat(reserve * 2)}>`,
    `/M ${latin(PdfString.literal(pdfDateVietnam(signingTime)))}`,
    `/Name ${latin(PdfString.fromText(signerName.normalize('NFC')))}`,
  ];
  if (options.reason) sig.push(`/Reason ${latin(PdfString.fromText(options.reason.normalize('NFC')))}`);
  if (options.location) sig.push(`/Location ${latin(PdfString.fromText(options.location.normalize('NFC')))}`);
  if (options.contactInfo) sig.push(`/ContactInfo ${latin(PdfString.fromText(options.contactInfo))}`);
  if (options.certify) sig.push(`/Reference [<</Type /SigRef /TransformMethod /DocMDP /TransformParams <</Type /TransformParams /P ${options.certify} /V /1.2>>>>]`);
  sig.push('>>');
  update.putRaw(sigRef.num, Buffer.from(sig.join('\n'), 'latin1'));

  const widgetRef = update.allocate();
  update.put(widgetRef, dict({
    Type: '/Annot',
    Subtype: '/Widget',
    FT: '/Sig',
    F: 132, // Print | Locked
    Rect: rect,
    P: page.ref,
    AP: dict({ N: apRef }),
    T: PdfString.fromText(fieldName),
    V: sigRef,
  }));
  // The page's own /Annots only: nothing else of the page (content, resources) changes.
  const pageDict = file.dict(page.ref);
  if (!pageDict) throw new PdfStructureError('page_tree', `page object ${page.ref.num} is not a dictionary`);
  appendTo(edits, file, pageDict, () => edits.dict(page.ref), 'Annots', widgetRef);

  // The form: indirect (rewritten itself), direct in the catalog, or new.
  let acro: PdfDict;
  if (acroValue instanceof PdfRef && acroOld) acro = edits.dict(acroValue);
  else {
    acro = acroOld ? acroOld.copy() : new PdfDict();
    const acroRef = update.allocate();
    edits.changed.set(acroRef.num, acro);
    edits.dict(rootRef).set('AcroForm', acroRef);
  }
  appendTo(edits, file, acro, () => acro, 'Fields', widgetRef);
  acro.set('SigFlags', 3);
  if (options.certify) edits.dict(rootRef).set('Perms', dict({ DocMDP: sigRef }));
  for (const [num, value] of edits.changed) update.put(num, value);

  // The update apart from the input: the output is input + tail, never copied into one buffer here.
  const input = file.bytes;
  const tail = update.writeTail();
  const p = locatePlaceholder(tail, update.offsets.get(sigRef.num)! - input.length, input.length);
  writeByteRange(tail, p);
  const digest = (inputHash ?? createHash('sha256').update(input)).update(tail.subarray(0, p.contentsStart)).update(tail.subarray(p.contentsEnd)).digest();
  const tsaUrl = options.tsaUrl;
  let timestamp: ((sig: Uint8Array) => Promise<Uint8Array>) | undefined;
  if (level !== 'B-B' && tsaUrl) {
    const { requestTimestamp } = await import('../cms/timestamp');
    timestamp = (s) => requestTimestamp(tsaUrl, s);
  }
  const cms = await buildCadesSignature(options.key, digest, { timestamp });
  writeContents(tail, p, cms);
  // The input's own sections were checked when it was opened; the new one is checked here.
  checkNewSignature(tail, { length: input.length, startXref: file.startXref }, update.offsets.keys(), sigRef.num, p.byteRange, digest, cms, options.key.certificate);

  if (level === 'B-LT' || level === 'B-LTA') {
    if (inputHash) throw new Error('B-LT is signed from the whole input');
    const out = Buffer.concat([input, tail]);
    const { makeLongTerm } = await import('./long-term');
    const made = await makeLongTerm(out, level, options.key, fieldName, { ...sources(options), tsaUrl: options.archiveTsaUrl ?? options.tsaUrl });
    warnings.push(...made.warnings);
    checkPrefix(out, made.bytes);
    checkCrossReferences(made.bytes);
    return signResult([made.bytes], { fieldName, level, repaired, warnings });
  }
  return signResult([input, tail], { fieldName, level: level === 'B-B' ? 'B-B' : 'B-T', repaired, warnings });
}

/** The result, its bytes joined only when someone asks for them whole (a writer takes `parts`). */
function signResult(parts: Uint8Array[], rest: Omit<SignPdfResult, 'bytes' | 'parts'>): SignPdfResult {
  let joined: Uint8Array | undefined;
  return {
    ...rest,
    parts,
    get bytes() {
      return (joined ??= parts.length === 1 ? parts[0] : Buffer.concat(parts));
    },
  };
}

const latin = (s: PdfString) => Buffer.from(s.raw).toString('latin1');

export { BYTE_RANGE_PLACEHOLDER };
