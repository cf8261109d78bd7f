/**
 * The cross-reference scan that `verify` uses instead of a full parse reads the same signature
 * facts as the full parse (pdf-lib) on every kind of file we sign, and gives up (so the full
 * parse runs) on what it does not handle: encryption, offsets that do not match.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf, verifyPdf, type SigningKey } from '../../signing/index';
import { DEFAULT_PDF_LIMITS } from '../../signing/pdf/pdf-limits';
import { scanPdfFacts } from '../../signing/verify/fast-scan';
import { readPdfFacts, type PdfFacts } from '../../signing/verify/find-signatures';
import { tool } from '../helpers/tool';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { tempDir } from './tools';

let pki: TestPki;
let dir: string;
let key: SigningKey;

async function plainPdf(pages = 3): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]).drawText(`Trang ${i + 1}`, { x: 80, y: 760, size: 14, font });
  return doc.save({ useObjectStreams: false });
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
function comparable(f: PdfFacts) {
  return {
    signatures: f.signatures.map((s) => ({ ...s, contents: s.contents && hex(s.contents) })),
    contentObjects: [...f.contentObjects].sort((a, b) => a - b),
    dss: { certs: f.dss.certs.map(hex), ocsps: f.dss.ocsps.map(hex), crls: f.dss.crls.map(hex) },
    readable: f.readable,
  };
}

async function bothWays(bytes: Uint8Array) {
  const scanned = scanPdfFacts(bytes, DEFAULT_PDF_LIMITS);
  const parsed = await readPdfFacts(bytes, DEFAULT_PDF_LIMITS.maxStructureBytes);
  return { scanned: scanned && comparable(scanned), parsed: comparable(parsed) };
}

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir('ecabinet-fast-scan-');
  key = pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the cross-reference scan of verify', () => {
  it('reads a once-signed file like the full parse (the pages are not walked: no update follows the signature)', async () => {
    const signed = (await signPdf(await plainPdf(), { key, reason: 'Phê duyệt' })).bytes;
    const { scanned, parsed } = await bothWays(signed);
    expect(parsed.signatures).toHaveLength(1);
    expect(scanned).toEqual({ ...parsed, contentObjects: [] });
  });

  it('reads a certified file signed again, with its page content objects, like the full parse', async () => {
    const once = (await signPdf(await plainPdf(4), { key, certify: 2 })).bytes;
    const twice = (await signPdf(once, { key: pkcs12Key(readFileSync(pki.ec.p12), P12_PASSWORD) })).bytes;
    const { scanned, parsed } = await bothWays(twice);
    expect(parsed.signatures.map((s) => s.docMdp)).toEqual([2, null]);
    expect(parsed.contentObjects).toHaveLength(4);
    expect(scanned).toEqual(parsed);
  });

  it('reads cross-reference streams and object streams like the full parse', async () => {
    const classic = path.join(dir, 'classic.pdf');
    writeFileSync(classic, await plainPdf());
    await tool('qpdf', ['--object-streams=generate', classic, path.join(dir, 'objstm.pdf')]);
    const input = readFileSync(path.join(dir, 'objstm.pdf'));
    expect(input.toString('latin1')).toContain('/ObjStm');
    const once = (await signPdf(input, { key })).bytes;
    const twice = (await signPdf(once, { key })).bytes;
    const { scanned, parsed } = await bothWays(twice);
    expect(parsed.signatures).toHaveLength(2);
    expect(scanned).toEqual(parsed);
  });

  it('reads a real unsigned sample like the full parse', async () => {
    const { scanned, parsed } = await bothWays(readFileSync('/work/shared/samples/tracemonkey.pdf'));
    expect(scanned).toEqual({ ...parsed, contentObjects: [] });
  });

  it('gives up on an encrypted file and on offsets that do not match, and verify still finds the signature', async () => {
    const plain = path.join(dir, 'plain.pdf');
    writeFileSync(plain, await plainPdf());
    await tool('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, path.join(dir, 'encrypted.pdf')]);
    expect(scanPdfFacts(readFileSync(path.join(dir, 'encrypted.pdf')), DEFAULT_PDF_LIMITS)).toBeNull();

    // Bytes inserted after the header move every object away from its cross-reference offset.
    const signed = Buffer.from((await signPdf(await plainPdf(), { key })).bytes);
    const eol = signed.indexOf('\n') + 1;
    const shifted = Buffer.concat([signed.subarray(0, eol), Buffer.from('%      \n'), signed.subarray(eol)]);
    expect(scanPdfFacts(shifted, DEFAULT_PDF_LIMITS)).toBeNull();
    const report = await verifyPdf(shifted, { trustRoots: [pki.caPem], online: false, measureAllStreams: false });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0].integrity).toBe('failed');
  });
});
