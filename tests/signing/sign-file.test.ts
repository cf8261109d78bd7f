/**
 * `signPdfFile` (what `ecabinet sign` runs) signs a file without reading it into memory: the
 * cross-references and the objects a signature touches are read piece by piece, the file is
 * hashed in one streamed pass, and the output is a kernel copy of the input plus the update. It
 * must give what `signPdf` gives on the same bytes: files qpdf and poppler accept, co-signing,
 * repair of broken cross-references (then in memory, said so), and the same coded refusals.
 */
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { isAppError } from '../../shared/errors';
import { pkcs12Key, type SigningKey } from '../../signing/index';
import { writeCopyPlusTailAtomic, writeFileAtomic } from '../../signing/atomic-write';
import { REPAIRED_WARNING, signPdf, signPdfFile, type SignFileResult } from '../../signing/pdf/sign-pdf';
import { brokenObjectStreams, circularPageTree, pdfinfo, qpdf, shiftedOffsets, truncated } from './broken-pdfs';
import { appendUpdate, objectStreamBomb } from './pdf-bombs';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { pdfsig, qpdfCheck, tempDir } from './tools';

const TRACEMONKEY = '/work/shared/samples/tracemonkey.pdf';

let pki: TestPki;
let dir: string;
let rsa: SigningKey;
let ec: SigningKey;
let ours: Uint8Array;
let n = 0;

const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir, `${n++}-${name}`);
  writeFileSync(file, bytes);
  return file;
};

async function written(result: SignFileResult, name: string): Promise<string> {
  const out = path.join(dir, `${n++}-${name}`);
  if (result.kind === 'appended') await writeCopyPlusTailAtomic(out, result.input, result.tail);
  else await writeFileAtomic(out, result.parts);
  return out;
}

async function expectAccepted(file: string, pages: number, signatures: number) {
  const check = await qpdfCheck(file);
  expect(check.status, check.output).toBe(0);
  const info = await pdfinfo(file);
  expect(info.errors).toBe('');
  expect(info.pages).toBe(pages);
  const sigs = (await pdfsig(file, pki.nssDir)).signatures;
  expect(sigs.map((s) => s.validation)).toEqual(Array(signatures).fill('Signature is Valid.'));
  expect(sigs.at(-1)!.total).toBe(true);
}

async function refusalOf(file: string): Promise<{ code: string; details?: Record<string, unknown> }> {
  try {
    await signPdfFile(file, { key: rsa });
  } catch (e) {
    expect(isAppError(e), String(e)).toBe(true);
    return e as { code: string; details?: Record<string, unknown> };
  }
  throw new Error('signing a malformed file succeeded');
}

async function refusalInMemory(bytes: Uint8Array): Promise<{ code: string; details?: Record<string, unknown> }> {
  try {
    await signPdf(bytes, { key: rsa });
  } catch (e) {
    return e as { code: string; details?: Record<string, unknown> };
  }
  throw new Error('signing a malformed file succeeded');
}

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir('ecabinet-sign-file-');
  rsa = pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);
  ec = pkcs12Key(readFileSync(pki.ec.p12), P12_PASSWORD);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < 3; i++) doc.addPage([595.28, 841.89]).drawText(`To trinh, trang ${i + 1}`, { x: 72, y: 760, size: 14, font });
  ours = await doc.save({ useObjectStreams: false });
});
afterAll(async () => pki?.close());

describe('signing a file in place of its bytes', () => {
  it('a table-xref file: the input is left on disk and the output is it plus the update; a second signer co-signs', async () => {
    const input = readFileSync(TRACEMONKEY);
    const first = await signPdfFile(TRACEMONKEY, { key: rsa });
    expect(first).toMatchObject({ kind: 'appended', repaired: false, level: 'B-B', fieldName: 'Signature1' });
    const once = await written(first, 'once.pdf');
    const out = readFileSync(once);
    expect(out.subarray(0, input.length).equals(input)).toBe(true);
    await expectAccepted(once, 14, 1);
    const second = await signPdfFile(once, { key: ec, appearance: { kind: 'signer', page: 2, name: 'Nguyễn Văn B', title: 'PHÓ CHỦ TỊCH' } });
    expect(second).toMatchObject({ kind: 'appended', fieldName: 'Signature2' });
    const twice = await written(second, 'twice.pdf');
    expect(readFileSync(twice).subarray(0, out.length).equals(out)).toBe(true);
    await expectAccepted(twice, 14, 2);
  });

  it('an xref-stream file with its pages in object streams, signed visibly: the same update as signing its bytes', async () => {
    const src = write('plain.pdf', ours);
    const objstm = path.join(dir, `${n++}-objstm.pdf`);
    await qpdf(['--object-streams=generate', src, objstm]);
    const signingTime = new Date('2026-03-02T03:04:05Z');
    const options = { key: rsa, signingTime, appearance: { kind: 'signer' as const, page: 3, name: 'Nguyễn Văn A', title: 'CHỦ TỊCH' } };
    const streamed = await signPdfFile(objstm, options);
    expect(streamed.kind).toBe('appended');
    const file = await written(streamed, 'objstm-signed.pdf');
    await expectAccepted(file, 3, 1);
    // Everything but the signature value and the changing half of the file identifier is the same.
    const inMemory = await signPdf(readFileSync(objstm), options);
    const tail = streamed.kind === 'appended' ? Buffer.from(streamed.tail).toString('latin1') : '';
    const mask = (s: string) => s.replace(/\/Contents <[0-9A-Fa-f]+>/, '/Contents <>').replace(/<[0-9A-F]{32}>\]/, '<>]');
    expect(mask(tail)).toBe(mask(Buffer.from(inMemory.parts[1]).toString('latin1')));
  });

  it('broken cross-references: repaired in memory and said so, as signPdf does; signed and broken: refused', async () => {
    const broken = write('shifted.pdf', shiftedOffsets(readFileSync(TRACEMONKEY)));
    const result = await signPdfFile(broken, { key: rsa });
    expect(result).toMatchObject({ kind: 'whole', repaired: true });
    expect(result.warnings).toContain(REPAIRED_WARNING);
    await expectAccepted(await written(result, 'repaired.pdf'), 14, 1);

    const signed = (await signPdf(ours, { key: rsa })).bytes;
    const err = await refusalOf(write('signed-shifted.pdf', shiftedOffsets(signed)));
    expect(err).toMatchObject({ code: 'pdf_damaged', details: { signed: true } });
  });

  it('malformed files get the codes signPdf gives for their bytes', async () => {
    const src = write('for-objstm.pdf', ours);
    const objstm = path.join(dir, `${n++}-objstm.pdf`);
    await qpdf(['--object-streams=generate', src, objstm]);
    const cases: Record<string, Uint8Array> = {
      'broken object streams': brokenObjectStreams(readFileSync(objstm)),
      'page tree loop': circularPageTree(),
      truncated: truncated(readFileSync(TRACEMONKEY), 0.5),
      'an object-stream bomb': appendUpdate(ours, [await objectStreamBomb(100)]),
      'not a PDF': Buffer.from('<html>not a pdf</html>'),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const expected = await refusalInMemory(bytes);
      const got = await refusalOf(write(`${name.replace(/ /g, '-')}.pdf`, bytes));
      expect({ name, code: got.code, details: got.details }).toEqual({ name, code: expected.code, details: expected.details });
    }
  });

  it('an input changed after it was read is not written out', async () => {
    const input = write('changing.pdf', ours);
    const result = await signPdfFile(input, { key: rsa });
    expect(result.kind).toBe('appended');
    const later = new Date(statSync(input).mtimeMs + 5000);
    utimesSync(input, later, later);
    const out = path.join(dir, `${n++}-never.pdf`);
    if (result.kind === 'appended') await expect(writeCopyPlusTailAtomic(out, result.input, result.tail)).rejects.toThrow(/changed/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('never'))).toEqual([]); // no temporary file left
  });
});
