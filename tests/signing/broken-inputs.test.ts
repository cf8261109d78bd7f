/**
 * Signing never produces a file qpdf or poppler rejects. A file whose cross-references lie is
 * rewritten once and the result says so; a broken file that is already signed, and every other
 * malformed input (broken object streams, page-tree loops, direct page-tree kids, encrypted,
 * truncated) is refused with a coded error that has Vietnamese and English texts, never a raw
 * library message or a stack overflow.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { isAppError } from '../../shared/errors';
import { en } from '../../shared/i18n/en';
import { vi } from '../../shared/i18n/vi';
import { pkcs12Key, signPdf, type SigningKey } from '../../signing/index';
import { REPAIRED_WARNING } from '../../signing/pdf/sign-pdf';
import {
  bogusStartxref, brokenObjectStreams, circularPageTree, directPageKid, pdfinfo, qpdf, shiftedOffsets, truncated,
} from './broken-pdfs';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { pdfsig, qpdfCheck, tempDir } from './tools';

const TRACEMONKEY = '/work/shared/samples/tracemonkey.pdf';

let pki: TestPki;
let dir: string;
let key: SigningKey;
let ours: Uint8Array;
let n = 0;

const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir, `${n++}-${name}`);
  writeFileSync(file, bytes);
  return file;
};

async function ourPdf(pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]).drawText(`To trinh, trang ${i + 1}`, { x: 72, y: 760, size: 14, font });
  return doc.save({ useObjectStreams: false });
}

/** The same file with its objects in object streams and an xref stream (qpdf). */
async function withObjectStreams(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const src = write(`${name}-src.pdf`, bytes);
  const out = path.join(dir, `${n++}-${name}-objstm.pdf`);
  await qpdf(['--object-streams=generate', src, out]);
  return readFileSync(out);
}

/** What an independent reader says of a signed file: qpdf clean, poppler opens it without guessing, the signature valid. */
async function expectAcceptedByOthers(file: string, pages: number) {
  const check = await qpdfCheck(file);
  expect(check.status, check.output).toBe(0);
  const info = await pdfinfo(file);
  expect(info.status).toBe(0);
  expect(info.errors).toBe('');
  expect(info.pages).toBe(pages);
  const sigs = (await pdfsig(file, pki.nssDir)).signatures;
  expect(sigs.length).toBeGreaterThan(0);
  expect(sigs.at(-1)!.validation).toBe('Signature is Valid.');
  expect(sigs.at(-1)!.total).toBe(true);
}

async function refusal(bytes: Uint8Array): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await signPdf(bytes, { key });
  } catch (e) {
    expect(isAppError(e), String(e)).toBe(true);
    const err = e as { code: string; message: string; details?: Record<string, unknown> };
    expect(err.message).not.toMatch(/call stack|undefined|is not a function|Cannot read/);
    // Every code a user can meet here has its text in both languages.
    expect((vi.errors as Record<string, string>)[err.code]).toBeTruthy();
    expect((en.errors as Record<string, string>)[err.code]).toBeTruthy();
    return err;
  }
  throw new Error('signing a malformed file succeeded');
}

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir('ecabinet-broken-');
  key = pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);
  ours = await ourPdf();
});
afterAll(async () => pki?.close());

describe('signing a file whose cross-references are broken', () => {
  const repairable: Record<string, () => Uint8Array | Promise<Uint8Array>> = {
    'tracemonkey.pdf with startxref pointing into the middle of the table': () => bogusStartxref(readFileSync(TRACEMONKEY), 37),
    'tracemonkey.pdf with every offset shifted by a line added after the header': () => shiftedOffsets(readFileSync(TRACEMONKEY)),
    'our own PDF with startxref pointing at another object': () => bogusStartxref(ours, 200),
    'an xref-stream file whose startxref misses its stream': async () => bogusStartxref(await withObjectStreams(ours, 'xs'), 11),
  };
  for (const [name, make] of Object.entries(repairable)) {
    it(`repairs once and says so: ${name}`, async () => {
      const input = await make();
      const pages = (await pdfinfo(write('input.pdf', input))).pages || (name.startsWith('tracemonkey') ? 14 : 2);
      const result = await signPdf(input, { key });
      expect(result.repaired).toBe(true);
      expect(result.warnings).toContain(REPAIRED_WARNING);
      expect(REPAIRED_WARNING).toContain('Tệp đã được sửa cấu trúc trước khi ký');
      await expectAcceptedByOthers(write('signed.pdf', result.bytes), pages);
      // The repaired file signs again as an ordinary incremental update.
      const again = await signPdf(result.bytes, { key: pkcs12Key(readFileSync(pki.ec.p12), P12_PASSWORD) });
      expect(again.repaired).toBe(false);
      expect(Buffer.from(again.bytes.subarray(0, result.bytes.length)).equals(Buffer.from(result.bytes))).toBe(true);
      const check = await qpdfCheck(write('signed-twice.pdf', again.bytes));
      expect(check.status, check.output).toBe(0);
    });
  }

  it('an intact file is not rewritten: the input stays an exact prefix', async () => {
    const input = readFileSync(TRACEMONKEY);
    const result = await signPdf(input, { key });
    expect(result.repaired).toBe(false);
    expect(result.warnings).not.toContain(REPAIRED_WARNING);
    expect(Buffer.from(result.bytes.subarray(0, input.length)).equals(input)).toBe(true);
    await expectAcceptedByOthers(write('intact-signed.pdf', result.bytes), 14);
  });

  it('refuses a broken file that is already signed: a rewrite would break its signature', async () => {
    const signed = (await signPdf(ours, { key })).bytes;
    const err = await refusal(shiftedOffsets(signed));
    expect(err).toMatchObject({ code: 'pdf_damaged', details: { signed: true } });
  });
});

describe('malformed inputs get a coded, translated error', () => {
  it('broken object streams', async () => {
    const err = await refusal(brokenObjectStreams(await withObjectStreams(ours, 'objstm')));
    expect(err.code).toBe('pdf_damaged');
  });

  it('a page tree that loops back on itself (no stack overflow)', async () => {
    const err = await refusal(circularPageTree());
    expect(err).toMatchObject({ code: 'pdf_damaged', details: { reason: 'page_tree' } });
  });

  it('a page written directly inside the page tree\'s /Kids', async () => {
    const err = await refusal(directPageKid());
    expect(err).toMatchObject({ code: 'pdf_damaged', details: { reason: 'page_tree' } });
  });

  it('encrypted files, with or without a user password', async () => {
    for (const user of ['', 'mat-khau']) {
      const src = write('plain.pdf', ours);
      const out = path.join(dir, `${n++}-encrypted.pdf`);
      await qpdf(['--encrypt', user, 'owner-secret', '256', '--', src, out]);
      const err = await refusal(readFileSync(out));
      expect(err.code).toBe('pdf_encrypted');
    }
  });

  it('truncated files (our own and a real sample)', async () => {
    for (const input of [truncated(ours, 0.7), truncated(readFileSync(TRACEMONKEY), 0.5)]) {
      const err = await refusal(input);
      expect(err.code).toBe('pdf_damaged');
    }
  });

  it('something that is not a PDF at all', async () => {
    expect((await refusal(Buffer.from('<html>not a pdf</html>'))).code).toBe('not_pdf');
  });
});
