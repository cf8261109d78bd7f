/**
 * PDFs of the corpus: our signing engine lays out the signature field and its /ByteRange, then
 * the placeholder's /Contents is filled with a CMS made elsewhere (openssl, or the corpus
 * builder) over exactly the signed byte ranges, with the placeholder writer of the engine.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { signPdf, softwareKey, verifyPdf } from '../../../signing/index';
import { writeContents, type Placeholder } from '../../../signing/pdf/placeholder';
import { pdfsig, rawSignatures, type PdfsigSignature } from '../tools';
import type { CorpusCert, CorpusPki } from './corpus-pki';

export async function blankPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  doc.addPage().drawText('Quyet dinh so 12/QD-UBND', { x: 60, y: 700, size: 14, font });
  return doc.save({ useObjectStreams: false });
}

export interface CorpusPdfOptions {
  /** Our engine's key for laying out the field (any RSA signer; its CMS is replaced). */
  layoutKey: CorpusCert;
  /** SubFilter to write instead of ETSI.CAdES.detached (same or shorter length). */
  subFilter?: 'adbe.pkcs7.detached' | 'adbe.pkcs7.sha1';
  /** Bytes reserved for the CMS. */
  reserve?: number;
}

/** A signed PDF whose signature is `makeCms(signed bytes)`. */
export async function pdfWithCms(input: Uint8Array, makeCms: (content: Uint8Array) => Uint8Array | Promise<Uint8Array>, o: CorpusPdfOptions): Promise<Uint8Array> {
  const key = softwareKey(o.layoutKey.keyPem, o.layoutKey.der);
  const { bytes } = await signPdf(input, { key, reserve: o.reserve ?? 16384, signingTime: new Date() });
  const out = new Uint8Array(bytes);
  const last = rawSignatures(out).at(-1)!;
  const [a, b, c, d] = last.byteRange;
  if (o.subFilter) {
    // Inside the signed ranges: change it before the content is taken.
    const text = Buffer.from(out).toString('latin1');
    const at = text.lastIndexOf('/SubFilter /ETSI.CAdES.detached');
    const replacement = `/SubFilter /${o.subFilter}`.padEnd('/SubFilter /ETSI.CAdES.detached'.length, ' ');
    out.set(Buffer.from(replacement, 'latin1'), at);
  }
  const content = Buffer.concat([out.subarray(a, a + b), out.subarray(c, c + d)]);
  const placeholder: Placeholder = { byteRangeStart: -1, contentsStart: b, contentsEnd: c, byteRange: [a, b, c, d] };
  writeContents(out, placeholder, await makeCms(content));
  return out;
}

export interface Judged {
  ours: Awaited<ReturnType<typeof verifyPdf>>['signatures'][number];
  poppler: PdfsigSignature;
}

/** Our report of the (last) signature and pdfsig's, with the corpus root trusted by both. */
export async function judge(pki: CorpusPki, bytes: Uint8Array, name: string, options: { now?: Date; online?: boolean } = {}): Promise<Judged> {
  const file = path.join(pki.dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const report = await verifyPdf(bytes, { trustRoots: [pki.root.certPem], online: options.online ?? false, now: options.now });
  const poppler = (await pdfsig(file, pki.nssDir)).signatures.at(-1)!;
  return { ours: report.signatures.at(-1)!, poppler };
}

/** pdfsig's "the signature value matches the signed bytes". */
export const POPPLER_VALID = 'Signature is Valid.';
