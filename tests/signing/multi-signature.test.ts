/**
 * Signing 1, 2 and 3 times in sequence on every kind of input; after each signature the file
 * passes qpdf --check, pdfsig says every signature is valid and trusted, openssl cms accepts
 * every signature, the input is an exact prefix of the output, and our verifier agrees.
 */
import { tool } from '../helpers/tool';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf, verifyPdf, type SigningKey, type SignatureAppearance } from '../../signing/index';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { sealImage, signatureImage } from './png';
import { opensslVerifyAll, pdfsig, qpdfCheck, tempDir } from './tools';

let pki: TestPki;
let dir: string;
let rsa: SigningKey;
let ec: SigningKey;
let signers: SigningKey[];

async function classicPdf(pages = 3): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]).drawText(`Bien ban hop, trang ${i + 1}`, { x: 80, y: 760, size: 14, font });
  return doc.save({ useObjectStreams: false });
}

const inputs: Record<string, () => Uint8Array | Promise<Uint8Array>> = {
  'classic xref table': () => classicPdf(),
  'xref stream + object streams': async () => {
    const file = path.join(dir, 'classic-for-objstm.pdf');
    writeFileSync(file, await classicPdf());
    await tool('qpdf', ['--object-streams=generate', file, path.join(dir, 'objstm.pdf')]);
    const bytes = readFileSync(path.join(dir, 'objstm.pdf'));
    expect(bytes.toString('latin1')).toContain('/ObjStm');
    return bytes;
  },
  'real sample (tracemonkey.pdf)': () => readFileSync('/work/shared/samples/tracemonkey.pdf'),
  'file already signed by pdfsig': async () => {
    // pdfsig signs with a key in an NSS database: import the RSA signer's PKCS#12 there.
    await tool('pk12util', ['-i', pki.rsa.p12, '-d', `sql:${pki.nssDir}`, '-W', P12_PASSWORD, '-K', '']);
    const src = path.join(dir, 'tm2.pdf');
    await tool('qpdf', ['--empty', '--pages', '/work/shared/samples/tracemonkey.pdf', '1-2', '--', src]);
    const out = path.join(dir, 'poppler-signed.pdf');
    await tool('pdfsig', ['-add-signature', '-nssdir', `sql:${pki.nssDir}`, '-nick', 'Nguyễn Văn An', '-new-signature-field-name', 'PopplerSignature', src, out]);
    return readFileSync(out);
  },
};

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir();
  rsa = pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);
  ec = pkcs12Key(readFileSync(pki.ec.p12), P12_PASSWORD);
  // Three officials (pdfsig/NSS reports 'Unknown issue' when one certificate appears twice in a
  // file, even for pdfsig's own signatures, so each signature here uses its own certificate).
  signers = [pkcs12Key(readFileSync(pki.rsa2.p12), P12_PASSWORD), ec, pkcs12Key(readFileSync(pki.rsa3.p12), P12_PASSWORD)];
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function checkEverywhere(bytes: Uint8Array, label: string, expectedSignatures: number) {
  const file = path.join(dir, `${label.replace(/\W+/g, '-')}.pdf`);
  writeFileSync(file, bytes);
  const q = await qpdfCheck(file);
  expect(q.status, q.output).toBe(0);
  const ps = await pdfsig(file, pki.nssDir);
  expect(ps.signatures, ps.output).toHaveLength(expectedSignatures);
  for (const s of ps.signatures) {
    expect(s.validation, `${s.field}\n${ps.output}`).toBe('Signature is Valid.');
    expect(s.certificate, `${s.field}\n${ps.output}`).toBe('Certificate is Trusted.');
  }
  expect(ps.signatures.at(-1)!.total, 'the last signature covers the whole file').toBe(true);
  const cms = await opensslVerifyAll(bytes, pki.caFile);
  expect(cms).toHaveLength(expectedSignatures);
  for (const r of cms) expect(r.status, r.output).toBe(0);
}

describe.each(Object.keys(inputs))('signing %s three times', (name) => {
  it('keeps every signature valid for qpdf, pdfsig, openssl and our verifier', async () => {
    const original = new Uint8Array(await inputs[name]());
    const already = (await verifyPdf(original, { trustRoots: [pki.caPem], online: false })).signatures.length;
    const appearances: (SignatureAppearance | null)[] = [
      { kind: 'signer', page: 1, title: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH', name: 'Nguyễn Văn An', image: signatureImage(), rect: { x: 330, y: 80, width: 220, height: 140 } },
      { kind: 'seal', page: 1, image: sealImage(), organisation: 'Ủy ban nhân dân thành phố Thử nghiệm', over: { x: 330, y: 80, width: 220, height: 140 } },
      null,
    ];
    let bytes: Uint8Array = original;
    const fields: string[] = [];
    for (let i = 0; i < 3; i++) {
      const before = bytes;
      const result = await signPdf(before, { key: signers[i], appearance: appearances[i], reason: 'Phê duyệt biên bản' });
      bytes = result.bytes;
      fields.push(result.fieldName);
      expect(Buffer.from(bytes.subarray(0, before.length)).equals(Buffer.from(before)), 'the previous bytes are an exact prefix').toBe(true);
      expect(Buffer.from(bytes.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
      await checkEverywhere(bytes, `${name}-${i + 1}`, already + i + 1);

      const report = await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false });
      expect(report.signatures).toHaveLength(already + i + 1);
      for (const s of report.signatures) {
        expect(s.verdict, JSON.stringify(s, null, 1)).toBe('valid');
        expect(s.anomalies).toEqual([]);
      }
      const ours = report.signatures.filter((s) => fields.includes(s.field));
      expect(ours.map((s) => s.field).sort()).toEqual([...fields].sort());
      const latest = report.signatures.at(-1)!;
      expect(latest.coversWholeFile).toBe(true);
      expect(latest.level).toBe('B-B');
      // Earlier signatures cover a revision, followed by updates that only add signatures.
      for (const s of report.signatures.slice(0, -1)) {
        expect(s.coversWholeFile).toBe(false);
        expect(s.updatesAfter.length).toBeGreaterThan(0);
        for (const u of s.updatesAfter) expect(u.changes).toContain('signature');
        for (const u of s.updatesAfter) expect(u.changes).not.toContain('content');
      }
    }
    expect(new Set(fields).size).toBe(3);
  });
});

describe('appearance', () => {
  it('draws Vietnamese text in the embedded Liberation Serif font', async () => {
    const { bytes } = await signPdf(await classicPdf(1), {
      key: rsa,
      appearance: { kind: 'signer', title: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH', name: 'Nguyễn Văn An', image: signatureImage() },
    });
    const file = path.join(dir, 'appearance.pdf');
    writeFileSync(file, bytes);
    const fonts = (await tool('pdffonts', [file])).toString();
    expect(fonts).toMatch(/LiberationSerif-Bold\S*\s+CID TrueType\s+Identity-H\s+yes/);
    // The text of a widget appearance is drawn, so it is extracted with the page.
    const text = (await tool('pdftotext', [file, '-'])).toString().normalize('NFC');
    expect(text).toContain('Nguyễn Văn An');
    expect(text).toContain('CHỦ TỊCH');
  });

  it("places the clerk's attachment signature top right of page 1 with number and +07:00 time", async () => {
    const when = new Date('2026-03-05T02:30:00Z');
    const { bytes } = await signPdf(await classicPdf(2), {
      key: rsa,
      signingTime: when,
      appearance: { kind: 'clerk', organisation: 'Văn phòng UBND thành phố', documentNumber: '123/QĐ-UBND' },
    });
    const file = path.join(dir, 'clerk.pdf');
    writeFileSync(file, bytes);
    const bbox = (await tool('pdftotext', ['-f', '1', '-l', '1', '-bbox', file, '-'])).toString();
    const word = /<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>2026-03-05T09:30:00\+07:00<\/word>/.exec(bbox);
    expect(word, bbox).not.toBeNull();
    expect(Number(word![1])).toBeGreaterThan(595 / 2); // right half
    expect(Number(word![2])).toBeLessThan(842 / 4); // top quarter (pdftotext y grows downwards)
    expect(bbox.normalize('NFC')).toContain('123/QĐ-UBND');
  });
});
