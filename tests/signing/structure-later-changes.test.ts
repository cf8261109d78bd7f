/**
 * Changes made after signing, as incremental updates: each is named precisely in the report
 * (which fields were filled, on which page an annotation was added, DSS/VRI) and judged against
 * the signature's permissions (DocMDP 1/2/3 or an approval signature). pdfsig is the independent
 * judge of what it can tell: the signed revision is intact but the file goes on after it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, messages } from '../../shared/i18n';
import { PDFDocument, PDFName, PDFRef, StandardFonts } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf, verifyPdf } from '../../signing/index';
import { LaterChange, VerificationReport } from '../../shared/signing';
import { vi as viCatalog } from '../../shared/i18n/vi';
import { en as enCatalog } from '../../shared/i18n/en';
import { createTestPki, P12_PASSWORD, type Identity, type TestPki } from './pki';
import { appendUpdate, objectText, trailerFacts, withEntries } from './structure-corpus';
import { pdfsig, qpdfCheck, tempDir } from './tools';

let pki: TestPki;
let dir: string;
/** Two pages; text fields "y_kien" and "ghi_chu" on page 1. */
let form: Uint8Array;
const keyOf = (id: Identity) => pkcs12Key(readFileSync(id.p12), P12_PASSWORD);

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p1 = doc.addPage([595, 842]);
  p1.drawText('Phieu lay y kien', { x: 60, y: 780, size: 16, font });
  doc.addPage([595, 842]).drawText('Trang 2', { x: 60, y: 780, size: 16, font });
  const f = doc.getForm();
  f.createTextField('y_kien').addToPage(p1, { x: 60, y: 600, width: 300, height: 24, font });
  f.createTextField('ghi_chu').addToPage(p1, { x: 60, y: 550, width: 300, height: 24, font });
  form = await doc.save({ useObjectStreams: false });
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * The renderer's own panel, rendered by React to HTML. Loaded by name: the node type-check
 * project compiles neither JSX nor the DOM typings React brings (vitest does both).
 */
async function rendererParts() {
  const load = (name: string) => import(name);
  const [panel, react, server, i18next, reactI18next] = await Promise.all([
    load('../../renderer/src/signing/VerdictPanel'),
    load('react'),
    load('react-dom/server'),
    load('i18next'),
    load('react-i18next'),
  ]);
  const i18n = (i18next.default ?? i18next).createInstance().use(reactI18next.initReactI18next);
  return {
    VerdictPanel: panel.VerdictPanel as unknown,
    createElement: react.createElement as (type: unknown, props: object) => unknown,
    renderToStaticMarkup: server.renderToStaticMarkup as (element: unknown) => string,
    i18n: i18n as { init(options: object): Promise<unknown>; changeLanguage(lng: string): Promise<unknown> },
  };
}

let n = 0;
async function judge(bytes: Uint8Array) {
  const file = path.join(dir, `case-${++n}.pdf`);
  writeFileSync(file, bytes);
  const report = VerificationReport.parse(await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false }));
  return { report, first: report.signatures[0], poppler: await pdfsig(file, pki.nssDir), file };
}

const kinds = (changes: LaterChange[]) => changes.map((c) => `${c.kind}:${c.allowed ? 'allowed' : 'disallowed'}`).sort();

/** pdfsig: the signed revision is intact, and the file goes on after it. */
function expectPopplerIntactButPartial(poppler: Awaited<ReturnType<typeof pdfsig>>, index = 0) {
  expect(poppler.signatures[index]?.validation, poppler.output).toBe('Signature is Valid.');
  expect(poppler.signatures[index]?.total, poppler.output).toBe(false);
}

async function fill(bytes: Uint8Array, field: string, value: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { forIncrementalUpdate: true, updateMetadata: false });
  doc.getForm().getTextField(field).setText(value);
  return doc.commit({ useObjectStreams: false });
}

/** Numbers of page `i`'s object, from the parsed file. */
async function pageObject(bytes: Uint8Array, i: number): Promise<number> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPage(i).ref.objectNumber;
}

/** A sticky note on page `page` (1-based), written by hand as its own update. */
async function addNote(bytes: Uint8Array, page: number): Promise<Buffer> {
  const num = trailerFacts(bytes).size;
  const pageNum = await pageObject(bytes, page - 1);
  const text = objectText(bytes, pageNum);
  const annots = /\/Annots\s*\[([^\]]*)\]/.exec(text);
  const pageText = annots ? text.replace(annots[0], `/Annots [${annots[1]} ${num} 0 R]`) : withEntries(text, `/Annots [${num} 0 R]`);
  return appendUpdate(bytes, [
    { num, body: `<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents (Can xem lai muc 2) /P ${pageNum} 0 R /F 4 >>` },
    { num: pageNum, body: pageText },
  ]);
}

/** A line of text added to page 1's content, written by hand as its own update. */
async function addContent(bytes: Uint8Array): Promise<Buffer> {
  const num = trailerFacts(bytes).size;
  const pageNum = await pageObject(bytes, 0);
  const text = objectText(bytes, pageNum);
  const stream = 'BT /F1 14 Tf 60 300 Td (Da sua so tien: 99 ty dong) Tj ET';
  const single = /\/Contents\s+(\d+\s+\d+\s+R)/.exec(text);
  const pageText = single ? text.replace(single[0], `/Contents [${single[1]} ${num} 0 R]`) : text.replace(/\/Contents\s*\[([^\]]*)\]/, (_m, refs: string) => `/Contents [${refs} ${num} 0 R]`);
  expect(pageText).not.toBe(text);
  return appendUpdate(bytes, [
    { num, body: `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream` },
    { num: pageNum, body: pageText },
  ]);
}

describe('later changes after an approval signature', () => {
  let signed: Uint8Array;
  beforeAll(async () => {
    signed = (await signPdf(form, { key: keyOf(pki.rsa), fieldName: 'ChuToa' })).bytes;
  });

  it('a form fill is allowed and names the field filled', async () => {
    const { first, poppler } = await judge(await fill(signed, 'y_kien', 'Dong y'));
    expect(first.laterChanges).toEqual([{ revision: 3, kind: 'form_filled', allowed: true, fields: ['y_kien'], pages: [] }]);
    expect(first.verdict).toBe('valid');
    expect(first.reasons).toContain('signing.reason.updated_after');
    expectPopplerIntactButPartial(poppler);
  });

  it('an added annotation is allowed and names its page', async () => {
    const { first, poppler, file } = await judge(await addNote(signed, 2));
    expect((await qpdfCheck(file)).status).toBe(0);
    expect(first.laterChanges).toEqual([{ revision: 3, kind: 'annotation_added', allowed: true, fields: [], pages: [2] }]);
    expect(first.verdict).toBe('valid');
    expectPopplerIntactButPartial(poppler);
  });

  it('changed page content is flagged, with the page, and the signature is invalid', async () => {
    const { first, poppler } = await judge(await addContent(signed));
    expect(first.integrity).toBe('ok');
    expect(first.laterChanges).toEqual([{ revision: 3, kind: 'page_content_changed', allowed: false, fields: [], pages: [1] }]);
    expect(first.anomalies).toEqual(['changed_after_signing']);
    expect(first.verdict).toBe('invalid');
    expect(first.reasons).toContain('signing.anomaly.changed_after_signing');
    // pdfsig checks only the signed bytes: it still calls the signature valid.
    expectPopplerIntactButPartial(poppler);
  });

  it('an added page is flagged with its number', async () => {
    const doc = await PDFDocument.load(signed, { forIncrementalUpdate: true, updateMetadata: false });
    doc.addPage([595, 842]);
    const { first, poppler } = await judge(await doc.commit({ useObjectStreams: false }));
    expect(kinds(first.laterChanges)).toEqual(['page_added:disallowed']);
    expect(first.laterChanges[0].pages).toEqual([3]);
    expect(first.verdict).toBe('invalid');
    expectPopplerIntactButPartial(poppler);
  });

  it('a removed page is flagged', async () => {
    const doc = await PDFDocument.load(signed, { forIncrementalUpdate: true, updateMetadata: false });
    doc.removePage(1);
    const { first } = await judge(await doc.commit({ useObjectStreams: false }));
    expect(first.laterChanges.filter((c) => !c.allowed).map((c) => [c.kind, c.pages])).toEqual([['page_removed', [2]]]);
    expect(first.verdict).toBe('invalid');
  });

  it('moving the signed field (its widget) is flagged as a change of the signature', async () => {
    const doc = await PDFDocument.load(signed, { updateMetadata: false });
    const num = doc.getForm().getField('ChuToa').ref.objectNumber;
    const text = objectText(signed, num);
    const moved = text.replace(/\/Rect\s*\[[^\]]*\]/, '/Rect [0 0 1 1]');
    expect(moved).not.toBe(text);
    const { first, poppler } = await judge(appendUpdate(signed, [{ num, body: moved }]));
    expect(kinds(first.laterChanges)).toEqual(['signed_field_changed:disallowed']);
    expect(first.laterChanges[0].fields).toEqual(['ChuToa']);
    expect(first.verdict).toBe('invalid');
    expectPopplerIntactButPartial(poppler);
  });

  it('a signed field taken out of the form is still reported, and flagged', async () => {
    const doc = await PDFDocument.load(signed, { updateMetadata: false });
    const acro = doc.catalog.get(PDFName.of('AcroForm')) as PDFRef;
    const sigNum = doc.getForm().getField('ChuToa').ref.objectNumber;
    const text = objectText(signed, acro.objectNumber);
    const without = text.replace(new RegExp(`\\s${sigNum} 0 R`), ' ');
    expect(without).not.toBe(text);
    const { report, poppler } = await judge(appendUpdate(signed, [{ num: acro.objectNumber, body: without }]));
    expect(report.signatures).toHaveLength(1);
    const [s] = report.signatures;
    expect(s.field).toBe('ChuToa');
    expect(kinds(s.laterChanges)).toEqual(['signed_field_changed:disallowed']);
    expect(s.laterChanges[0].fields).toEqual(['ChuToa']);
    expect(s.verdict).toBe('invalid');
    // pdfsig finds it through the page too, and sees only that the file goes on after it.
    expectPopplerIntactButPartial(poppler);
  });

  it('a second signature is allowed and names its field; both stay valid', async () => {
    const cosigned = (await signPdf(signed, { key: keyOf(pki.rsa2), fieldName: 'ThuKy' })).bytes;
    const { report, poppler } = await judge(cosigned);
    expect(report.signatures.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    expect(report.signatures[0].laterChanges).toEqual([{ revision: 3, kind: 'signature_added', allowed: true, fields: ['ThuKy'], pages: [] }]);
    expect(report.signatures[1].laterChanges).toEqual([]);
    expect(poppler.signatures.map((s) => s.validation), poppler.output).toEqual(['Signature is Valid.', 'Signature is Valid.']);
  });

  it('several updates are each listed under their revision, and the signature panel shows them in both languages', async () => {
    const noted = await addNote(await fill(signed, 'ghi_chu', 'Xem lai'), 1);
    const { report, first } = await judge(await addContent(noted));
    expect(first.laterChanges.map((c) => [c.revision, c.kind, c.allowed, c.fields, c.pages])).toEqual([
      [3, 'form_filled', true, ['ghi_chu'], []],
      [4, 'annotation_added', true, [], [1]],
      [5, 'page_content_changed', false, [], [1]],
    ]);

    const { VerdictPanel, createElement, renderToStaticMarkup, i18n } = await rendererParts();
    await i18n.init({
      resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: messages[l] }])),
      lng: 'vi',
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
    const panelText = () => renderToStaticMarkup(createElement(VerdictPanel, { report })).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    // react-i18next's global instance is the one initReactI18next registered last.
    expect(panelText()).toContain('Phiên bản 3: Điền biểu mẫu (trường: ghi_chu) — được phép');
    expect(panelText()).toContain('Phiên bản 4: Thêm ghi chú (trang: 1) — được phép');
    expect(panelText()).toContain('Phiên bản 5: Sửa nội dung trang (trang: 1) — không được phép');
    await i18n.changeLanguage('en');
    expect(panelText()).toContain('Revision 5: Page content changed (pages: 1) — not allowed');
  });
});

describe('later changes after a certification (DocMDP)', () => {
  const certified: Record<number, Uint8Array> = {};
  beforeAll(async () => {
    for (const p of [1, 2, 3] as const) certified[p] = (await signPdf(form, { key: keyOf(pki.rsa), certify: p })).bytes;
  });

  it('P=2 allows a form fill, not an annotation', async () => {
    const filled = await judge(await fill(certified[2], 'y_kien', 'Dong y'));
    expect(filled.first.certification).toBe(2);
    expect(kinds(filled.first.laterChanges)).toEqual(['form_filled:allowed']);
    expect(filled.first.verdict).toBe('valid');

    const noted = await judge(await addNote(certified[2], 1));
    expect(kinds(noted.first.laterChanges)).toEqual(['annotation_added:disallowed']);
    expect(noted.first.anomalies).toEqual(['changed_after_certification']);
    expect(noted.first.verdict).toBe('invalid');
    expectPopplerIntactButPartial(noted.poppler);
  });

  it('P=3 allows an annotation', async () => {
    const { first } = await judge(await addNote(certified[3], 1));
    expect(kinds(first.laterChanges)).toEqual(['annotation_added:allowed']);
    expect(first.verdict).toBe('valid');
  });

  it('P=1 allows no form fill', async () => {
    const { first, poppler } = await judge(await fill(certified[1], 'y_kien', 'Dong y'));
    expect(kinds(first.laterChanges)).toEqual(['form_filled:disallowed']);
    expect(first.anomalies).toEqual(['changed_after_certification']);
    expect(first.verdict).toBe('invalid');
    expectPopplerIntactButPartial(poppler);
  });

  it('a later approval signature is judged by the certification too', async () => {
    const cosigned = (await signPdf(certified[2], { key: keyOf(pki.rsa2) })).bytes;
    const { report } = await judge(await addNote(cosigned, 1));
    expect(report.signatures.map((s) => s.verdict)).toEqual(['invalid', 'invalid']);
    expect(report.signatures[1].anomalies).toEqual(['changed_after_signing']);
    expect(kinds(report.signatures[1].laterChanges)).toEqual(['annotation_added:disallowed']);
  });
});

describe('DSS-only later revisions', () => {
  it('B-LT: the DSS update is reported as validation data added, allowed even under DocMDP 1', async () => {
    for (const certify of [undefined, 1] as const) {
      const { bytes, level, warnings } = await signPdf(form, { key: keyOf(pki.online), level: 'B-LT', tsaUrl: pki.tsaUrl, certify });
      expect(level, warnings.join('\n')).toBe('B-LT');
      const file = path.join(dir, `dss-${certify ?? 0}.pdf`);
      writeFileSync(file, bytes);
      const report = await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false });
      const [s] = report.signatures;
      expect(s.laterChanges.length).toBeGreaterThan(0);
      expect(s.laterChanges.every((c) => c.allowed && ['dss_added', 'vri_added'].includes(c.kind)), JSON.stringify(s.laterChanges)).toBe(true);
      expect(s.laterChanges.map((c) => c.kind)).toContain('dss_added');
      expect(s.verdict).toBe('valid');
      const poppler = await pdfsig(file, pki.nssDir);
      expect(poppler.signatures[0]?.validation, poppler.output).toBe('Signature is Valid.');
    }
  });
});

describe('texts', () => {
  it('every kind of later change and the new anomaly have a Vietnamese and an English text', () => {
    for (const kind of LaterChange.shape.kind.options) {
      expect(viCatalog.signing.laterChange.kind[kind], kind).toMatch(/\S/);
      expect(enCatalog.signing.laterChange.kind[kind], kind).toMatch(/\S/);
    }
    expect(viCatalog.signing.anomaly.changed_after_signing).toMatch(/\S/);
    expect(enCatalog.errors.pdf_encrypted).toMatch(/\S/);
  });
});
