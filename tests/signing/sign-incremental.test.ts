/**
 * The incremental update signing writes from the file's cross-references: only the objects a
 * signature needs change (the form, the page's /Annots where they live, the new field, widget,
 * appearance and signature), on classic tables, xref streams with pages inside object streams,
 * and large real files; qpdf, pdfsig and pdf-lib (an independent reader) accept every result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf, verifyPdf, type SigningKey } from '../../signing/index';
import { indirectFormAndAnnots, pdfinfo, qpdf } from './broken-pdfs';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { signatureImage } from './png';
import { pdfsig, qpdfCheck, tempDir } from './tools';

const SAMPLES = '/work/shared/samples';
let pki: TestPki;
let dir: string;
let rsa: SigningKey;
let n = 0;

const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir, `${n++}-${name}`);
  writeFileSync(file, bytes);
  return file;
};

/** Numbers of the objects written after the input (the update). */
function updateObjects(before: Uint8Array, after: Uint8Array): number[] {
  const tail = Buffer.from(after.subarray(before.length)).toString('latin1');
  return [...tail.matchAll(/(\d+) (\d+) obj\b/g)].map((m) => Number(m[1]));
}

async function expectAccepted(file: string) {
  const check = await qpdfCheck(file);
  expect(check.status, check.output).toBe(0);
  expect((await pdfinfo(file)).errors).toBe('');
  const sigs = (await pdfsig(file, pki.nssDir)).signatures;
  expect(sigs.map((s) => s.validation)).toEqual(sigs.map(() => 'Signature is Valid.'));
}

const widgetsOf = (doc: PDFDocument, pageIndex: number) => {
  const annots = doc.getPage(pageIndex).node.lookup(PDFName.of('Annots'));
  return annots instanceof PDFArray ? annots.asArray().map((r) => doc.context.lookup(r) as PDFDict).filter((d) => d.get(PDFName.of('FT'))?.toString() === '/Sig') : [];
};

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir('ecabinet-incremental-');
  rsa = pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);
});
afterAll(async () => pki?.close());

describe('the signature update', () => {
  it('rewrites an indirect form, its /Fields array and a page\'s indirect /Annots array, not the page; the page size comes from the page tree', async () => {
    const input = indirectFormAndAnnots();
    const { bytes } = await signPdf(input, { key: rsa, appearance: { kind: 'signer', page: 1, title: 'CHỦ TỊCH' } });
    const changed = updateObjects(input, bytes);
    expect(changed).toEqual(expect.arrayContaining([6, 7, 8]));
    expect(changed).not.toContain(4); // the page itself: its /Annots array is an object of its own
    expect(changed).not.toContain(1); // the catalog: the form is an object of its own
    await expectAccepted(write('indirect.pdf', bytes));
    const doc = await PDFDocument.load(bytes);
    const [widget] = widgetsOf(doc, 0);
    // Default place of the official's signature on a 595 pt wide page (MediaBox inherited from the root).
    const rect = (widget.lookup(PDFName.of('Rect')) as PDFArray).asArray().map((x) => (x as PDFNumber).asNumber());
    expect(rect[0]).toBeCloseTo(595 - 57 - 230);
    const report = await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false });
    expect(report.signatures.map((s) => [s.field, s.integrity])).toEqual([['Signature1', 'ok']]);
  });

  it('signs visibly on a page stored in an object stream of an xref-stream file, then co-signs it', async () => {
    const src = write('tm.pdf', readFileSync(`${SAMPLES}/tracemonkey.pdf`));
    const out = path.join(dir, `${n++}-tm-objstm.pdf`);
    await qpdf(['--object-streams=generate', src, out]);
    const input = readFileSync(out);
    const first = await signPdf(input, { key: rsa, appearance: { kind: 'signer', page: 3, title: 'PHÓ CHỦ TỊCH', image: signatureImage() } });
    expect(Buffer.from(first.bytes.subarray(0, input.length)).equals(input)).toBe(true);
    // The update is a cross-reference stream too, like the file's own.
    expect(Buffer.from(first.bytes.subarray(input.length)).toString('latin1')).toMatch(/\/Type \/XRef/);
    const second = await signPdf(first.bytes, { key: pkcs12Key(readFileSync(pki.ec.p12), P12_PASSWORD), appearance: { kind: 'clerk', documentNumber: '12/QĐ-UBND' } });
    await expectAccepted(write('tm-signed.pdf', second.bytes));
    const doc = await PDFDocument.load(second.bytes);
    expect(widgetsOf(doc, 2)).toHaveLength(1);
    expect(widgetsOf(doc, 0)).toHaveLength(1);
    const report = await verifyPdf(second.bytes, { trustRoots: [pki.caPem], online: false });
    expect(report.signatures.map((s) => s.integrity)).toEqual(['ok', 'ok']);
  });

  it('adds only a few kilobytes and a handful of objects to a 1,000-page file', async () => {
    const parts = [0, 1, 2].map((i) => write(`fc${i}.pdf`, readFileSync(`${SAMPLES}/freeculture.pdf`)));
    const big = path.join(dir, `${n++}-big.pdf`);
    await qpdf(['--empty', '--pages', ...parts, '--', big]);
    const input = readFileSync(big);
    const { bytes, fieldName } = await signPdf(input, { key: rsa, reason: 'Phê duyệt' });
    expect(Buffer.from(bytes.subarray(0, input.length)).equals(input)).toBe(true);
    expect(bytes.length - input.length).toBeLessThan(16384 * 2 + 4096); // the reserved /Contents, hex, and little else
    // Signature, widget, empty appearance, the new form and the catalog pointing at it, the
    // first page: nothing else of the document.
    expect(updateObjects(input, bytes)).toHaveLength(6);
    const file = write('big-signed.pdf', bytes);
    await expectAccepted(file);
    expect((await pdfinfo(file)).pages).toBe(1056);
    expect(fieldName).toBe('Signature1');
  });

  it('keeps the original file identifier and names a new field after the existing ones', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]);
    const input = await doc.save({ useObjectStreams: false });
    const once = await signPdf(input, { key: rsa });
    const twice = await signPdf(once.bytes, { key: pkcs12Key(readFileSync(pki.ec.p12), P12_PASSWORD) });
    expect(twice.fieldName).toBe('Signature2');
    const ids = [...Buffer.from(twice.bytes).toString('latin1').matchAll(/\/ID\s*\[\s*<([0-9A-Fa-f]+)>/g)].map((m) => m[1].toUpperCase());
    expect(new Set(ids).size).toBe(1);
    await expectAccepted(write('twice.pdf', twice.bytes));
    const reread = await PDFDocument.load(twice.bytes);
    const fields = (reread.catalog.lookup(PDFName.of('AcroForm'), PDFDict).lookup(PDFName.of('Fields'), PDFArray)).asArray();
    expect(fields.every((f) => f instanceof PDFRef)).toBe(true);
    expect(fields).toHaveLength(2);
  });
});
