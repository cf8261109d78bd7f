/**
 * The desktop's verification of a PDF from elsewhere (the signature panel, the signing workflow)
 * refuses a bomb the way the server does: in the signing worker's verification thread, under
 * the inflate, object and nesting limits, with `pdf_too_complex` and which limit; signing such a
 * file, or exporting it with notes, is refused too. An ordinary signed file, even one that compresses 150:1, still verifies.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { SigningWorker } from '../../electron/services/workers/signing-client';
import { checkPdfLimits, pkcs12Key, signPdf } from '../../signing/index';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { appendUpdate, contentBomb, deeplyNested, objectStreamBomb } from './pdf-bombs';

let pki: TestPki;
let dir: string;
let plain: Uint8Array;
const worker = new SigningWorker();
const file = (name: string, bytes: Uint8Array) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(path.join(tmpdir(), 'ecabinet-pdf-limits-'));
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('To trinh', { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  plain = await doc.save({ useObjectStreams: false });
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('PDF limits on the desktop', () => {
  it('refuses a bomb in the verification thread with pdf_too_complex, and signing it too', async () => {
    const before = await worker.completed();
    const contentOnly = file('content-bomb.pdf', appendUpdate(plain, [await contentBomb(512)]));
    await expect(worker.verify(contentOnly, [pki.caPem], false)).rejects.toMatchObject({ name: 'AppError', code: 'pdf_too_complex', details: { limit: 'inflated_size', maxMb: 128 } });
    // An object stream (decoded whole by a parser) has a lower ceiling of its own.
    const objectStream = file('objstm-bomb.pdf', appendUpdate(plain, [await objectStreamBomb(100)]));
    await expect(worker.verify(objectStream, [pki.caPem], false)).rejects.toMatchObject({ code: 'pdf_too_complex', details: { limit: 'inflated_size', maxMb: 64 } });
    expect(await worker.completed()).toBe(before + 2);
    const key = pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);
    await expect(signPdf(readFileSync(objectStream), { key })).rejects.toMatchObject({ code: 'pdf_too_complex' });
  });

  it('exporting a bomb with the reader\'s notes is refused the same way; an ordinary document exports', async () => {
    const bomb = file('export-bomb.pdf', appendUpdate(plain, [await contentBomb(512)]));
    await expect(worker.exportWithNotes(bomb, [], {})).rejects.toMatchObject({ name: 'AppError', code: 'pdf_too_complex', details: { limit: 'inflated_size' } });
    const out = await worker.exportWithNotes(file('export-plain.pdf', plain), [], {});
    expect((await PDFDocument.load(out)).getPageCount()).toBe(1);
  });

  it('refuses arrays nested too deep and an object stream declaring too many objects', async () => {
    const nested = file('nested.pdf', appendUpdate(plain, [deeplyNested(150)]));
    await expect(worker.verify(nested, [], false)).rejects.toMatchObject({ code: 'pdf_too_complex', details: { limit: 'nesting_depth' } });
    const body = deflateSync(Buffer.from('1 0 null'));
    const declared = file('declared.pdf', appendUpdate(plain, [{ dict: `<< /Type /ObjStm /N 1000000 /First 4 /Length ${body.length} /Filter /FlateDecode >>`, stream: body }]));
    await expect(worker.verify(declared, [], false)).rejects.toMatchObject({ code: 'pdf_too_complex', details: { limit: 'object_count' } });
  });

  it('still verifies an ordinary signed file, and measures one that compresses 150:1 without refusing it', async () => {
    const signed = (await signPdf(plain, { key: pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD) })).bytes;
    const report = await worker.verify(file('signed.pdf', signed), [pki.caPem], false);
    expect(report.signatures.map((s) => s.integrity)).toEqual(['ok']);
    const text = Buffer.from('BT /F1 12 Tf 72 712 Td (Kinh gui Chu tich UBND) Tj ET\n'.repeat(200_000));
    const compressed = deflateSync(text, { level: 9 });
    expect(text.length / compressed.length).toBeGreaterThan(100);
    const measured = checkPdfLimits(appendUpdate(plain, [{ dict: `<< /Length ${compressed.length} /Filter /FlateDecode >>`, stream: compressed }]));
    expect(measured.inflatedBytes).toBeGreaterThanOrEqual(text.length);
  });
});
