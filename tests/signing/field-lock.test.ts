/**
 * FieldMDP: a signature may lock form fields (its field's /Lock, or a /FieldMDP entry in the
 * signature's /Reference). Filling or changing a locked field after the signature makes it
 * invalid, with the field named; other fields stay free to fill. pdfsig only checks the signed
 * bytes (it sees them intact and the file going on after them); qpdf judges every file sound.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFHexString, PDFName, PDFArray, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerificationReport } from '../../shared/signing';
import { vi as viCatalog } from '../../shared/i18n/vi';
import { en as enCatalog } from '../../shared/i18n/en';
import { pkcs12Key, verifyPdf } from '../../signing/index';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { appendUpdate, BYTE_RANGE_SLOT, CONTENTS_SLOT, fillHandSignature, objectText, trailerFacts, withEntries } from './structure-corpus';
import { pdfsig, qpdfCheck, tempDir } from './tools';

let pki: TestPki;
let dir: string;
/** Text fields "y_kien" and "ghi_chu", and the empty signature field "ChuToa" (object `sigField`). */
let form: Uint8Array;
let sigField: number;

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir('ecabinet-lock-');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText('Phieu lay y kien', { x: 60, y: 780, size: 16, font });
  const f = doc.getForm();
  f.createTextField('y_kien').addToPage(page, { x: 60, y: 600, width: 300, height: 24, font });
  f.createTextField('ghi_chu').addToPage(page, { x: 60, y: 550, width: 300, height: 24, font });
  const ctx = doc.context;
  const field = ctx.register(ctx.obj({ FT: 'Sig', T: PDFHexString.fromText('ChuToa'), Type: 'Annot', Subtype: 'Widget', Rect: [60, 400, 260, 460], P: page.ref, F: 4 }));
  page.node.lookup(PDFName.of('Annots'), PDFArray).push(field);
  f.acroForm.dict.lookup(PDFName.of('Fields'), PDFArray).push(field);
  sigField = field.objectNumber;
  form = await doc.save({ useObjectStreams: false });
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Signs "ChuToa" by hand, with `lock` as the field's /Lock and/or `reference` in the signature's /Reference. */
async function signLocked(opts: { lock?: string; reference?: string }): Promise<Buffer> {
  const sig = trailerFacts(form).size;
  const fieldText = withEntries(objectText(form, sigField), `/V ${sig} 0 R${opts.lock ? ` /Lock ${opts.lock}` : ''}`);
  const reference = opts.reference ? ` /Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams ${opts.reference} >>]` : '';
  const update = appendUpdate(form, [
    { num: sigField, body: fieldText },
    { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BYTE_RANGE_SLOT} /Contents ${CONTENTS_SLOT}${reference} >>` },
  ]);
  return fillHandSignature(update, pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD));
}

async function fill(bytes: Uint8Array, field: string, value: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { forIncrementalUpdate: true, updateMetadata: false });
  doc.getForm().getTextField(field).setText(value);
  return doc.commit({ useObjectStreams: false });
}

let n = 0;
async function judge(bytes: Uint8Array) {
  const file = path.join(dir, `case-${++n}.pdf`);
  writeFileSync(file, bytes);
  const report = VerificationReport.parse(await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false }));
  // qpdf finds no error (exit 2); pdf-lib's form fill leaves a /Size warning (exit 3).
  const qpdf = await qpdfCheck(file);
  expect([0, 3], qpdf.output).toContain(qpdf.status);
  const poppler = (await pdfsig(file, pki.nssDir)).signatures[0];
  // pdfsig: the signed bytes are intact; it does not judge what came after.
  expect(poppler?.validation).toBe('Signature is Valid.');
  return report.signatures[0];
}

const INCLUDE_Y_KIEN = '<< /Type /SigFieldLock /Action /Include /Fields [(y_kien)] >>';

describe('form fields locked by a signature (FieldMDP)', () => {
  it('a field locked by /Lock and filled later makes the signature invalid, naming the field', async () => {
    const signed = await signLocked({ lock: INCLUDE_Y_KIEN });
    expect((await judge(signed)).verdict).toBe('valid');
    const s = await judge(await fill(signed, 'y_kien', 'Khong dong y'));
    expect(s.integrity).toBe('ok');
    expect(s.laterChanges).toEqual([{ revision: 3, kind: 'locked_field_changed', allowed: false, fields: ['y_kien'], pages: [] }]);
    expect(s.anomalies).toEqual(['changed_after_signing']);
    expect(s.verdict).toBe('invalid');
    // What the verdict panel prints for it, in both languages.
    expect(viCatalog.signing.laterChange.kind.locked_field_changed).toBe('Sửa trường đã bị chữ ký này khóa');
    expect(enCatalog.signing.laterChange.kind.locked_field_changed).toBe('Field locked by this signature changed');
  });

  it('a field the lock leaves out may still be filled: the signature stays valid', async () => {
    const s = await judge(await fill(await signLocked({ lock: INCLUDE_Y_KIEN }), 'ghi_chu', 'Can bo sung so lieu'));
    expect(s.laterChanges).toEqual([{ revision: 3, kind: 'form_filled', allowed: true, fields: ['ghi_chu'], pages: [] }]);
    expect(s.verdict).toBe('valid');
  });

  it('the signature\'s /Reference FieldMDP with /Action /All locks every field', async () => {
    const signed = await signLocked({ reference: '<< /Type /TransformParams /Action /All /V /1.2 >>' });
    const s = await judge(await fill(signed, 'ghi_chu', 'Them ghi chu'));
    expect(s.laterChanges.map((c) => [c.kind, c.fields, c.allowed])).toEqual([['locked_field_changed', ['ghi_chu'], false]]);
    expect(s.verdict).toBe('invalid');
  });

  it('/Action /Exclude locks every field but those named', async () => {
    const signed = await signLocked({ reference: '<< /Type /TransformParams /Action /Exclude /Fields [(ghi_chu)] /V /1.2 >>' });
    expect((await judge(await fill(signed, 'ghi_chu', 'Duoc sua'))).verdict).toBe('valid');
    const s = await judge(await fill(signed, 'y_kien', 'Bi khoa'));
    expect(s.laterChanges.map((c) => [c.kind, c.fields])).toEqual([['locked_field_changed', ['y_kien']]]);
    expect(s.verdict).toBe('invalid');
  });

  it('a lock\'s /P 1 (PDF 2.0) forbids even filling fields it does not name', async () => {
    const signed = await signLocked({ lock: '<< /Type /SigFieldLock /Action /Include /Fields [(y_kien)] /P 1 >>' });
    const s = await judge(await fill(signed, 'ghi_chu', 'Khong duoc'));
    expect(s.laterChanges.map((c) => [c.kind, c.fields, c.allowed])).toEqual([['form_filled', ['ghi_chu'], false]]);
    expect(s.verdict).toBe('invalid');
  });
});
