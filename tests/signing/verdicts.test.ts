/**
 * Certificate verdicts (expired, untrusted, wrong key usage, revoked), revocation offline and
 * online, B-T timestamps from a local `openssl ts` authority, B-LT with a /DSS, and DocMDP.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf, verifyPdf } from '../../signing/index';
import { createTestPki, P12_PASSWORD, type Identity, type TestPki } from './pki';
import { opensslVerifyAll, pdfsig, qpdfCheck, tempDir } from './tools';

let pki: TestPki;
let dir: string;
let blank: Uint8Array;
const keyOf = (id: Identity) => pkcs12Key(readFileSync(id.p12), P12_PASSWORD);

beforeAll(async () => {
  pki = await createTestPki();
  dir = tempDir();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  doc.addPage().drawText('Nghi quyet', { x: 60, y: 700, size: 14, font });
  blank = await doc.save({ useObjectStreams: false });
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const verify = (bytes: Uint8Array, online = false) => verifyPdf(bytes, { trustRoots: [pki.caPem], online });

describe('certificate verdicts', () => {
  it('expired certificate → invalid (not valid at signing time)', async () => {
    const { bytes } = await signPdf(blank, { key: keyOf(pki.expired) });
    const [s] = (await verify(bytes)).signatures;
    expect(s.integrity).toBe('ok');
    expect(s.chain).toBe('expired');
    expect(s.verdict).toBe('invalid');
    expect(s.reasons).toContain('signing.reason.expired_at_signing');
  });

  it('certificate from an untrusted CA → indeterminate', async () => {
    const { bytes } = await signPdf(blank, { key: keyOf(pki.untrusted) });
    const [s] = (await verify(bytes)).signatures;
    expect(s.integrity).toBe('ok');
    expect(s.chain).toBe('untrusted');
    expect(s.verdict).toBe('indeterminate');
    // Trusting that CA makes it valid.
    const again = await verifyPdf(bytes, { trustRoots: [readFileSync(pki.otherCaFile, 'utf8')], online: false });
    expect(again.signatures[0].verdict).toBe('valid');
  });

  it('certificate not meant for signing (keyEncipherment, serverAuth) → invalid', async () => {
    const { bytes } = await signPdf(blank, { key: keyOf(pki.wrongUsage) });
    const [s] = (await verify(bytes)).signatures;
    expect(s.integrity).toBe('ok');
    expect(s.chain).toBe('wrong_key_usage');
    expect(s.verdict).toBe('invalid');
  });

  it('revocation: unknown offline (indeterminate), good online via OCSP (valid)', async () => {
    const { bytes } = await signPdf(blank, { key: keyOf(pki.online) });
    const offline = (await verify(bytes)).signatures[0];
    expect(offline.revocation.status).toBe('unknown');
    expect(offline.verdict).toBe('indeterminate');
    const before = pki.hits.ocsp;
    const online = (await verify(bytes, true)).signatures[0];
    expect(pki.hits.ocsp).toBeGreaterThan(before);
    expect(online.revocation).toEqual({ status: 'good', source: 'online' });
    expect(online.verdict).toBe('valid');
  });

  it('revoked certificate → invalid when checked online', async () => {
    const { bytes } = await signPdf(blank, { key: keyOf(pki.revoked) });
    const [s] = (await verify(bytes, true)).signatures;
    expect(s.revocation.status).toBe('revoked');
    expect(s.chain).toBe('revoked');
    expect(s.verdict).toBe('invalid');
  });
});

describe('PAdES levels', () => {
  it('B-T: the timestamp from a local openssl ts authority verifies', async () => {
    const before = pki.hits.tsa;
    const { bytes, level } = await signPdf(blank, { key: keyOf(pki.rsa), level: 'B-T', tsaUrl: pki.tsaUrl });
    expect(level).toBe('B-T');
    expect(pki.hits.tsa).toBe(before + 1);
    const [s] = (await verify(bytes)).signatures;
    expect(s.level).toBe('B-T');
    expect(s.timestamp.status).toBe('valid');
    expect(s.timestamp.authority).toBe('eCabinet Test TSA');
    expect(s.signedAtSource).toBe('timestamp');
    expect(s.signedAt).toMatch(/\+07:00$/);
    expect(s.verdict).toBe('valid');
    const file = path.join(dir, 'bt.pdf');
    writeFileSync(file, bytes);
    expect((await pdfsig(file, pki.nssDir)).signatures[0].validation).toBe('Signature is Valid.');
    for (const r of await opensslVerifyAll(bytes, pki.caFile)) expect(r.status, r.output).toBe(0);
  });

  it('B-T: a timestamp over other data is reported invalid', async () => {
    const { bytes } = await signPdf(blank, { key: keyOf(pki.rsa), level: 'B-T', tsaUrl: pki.tsaUrl });
    // Corrupt one byte of the signature value inside the CMS: the token no longer matches it.
    const s = Buffer.from(bytes).toString('latin1');
    const br = /\/ByteRange \[(\d+) (\d+) (\d+)/.exec(s)!;
    const hexStart = Number(br[2]) + 1;
    const hex = s.slice(hexStart, Number(br[3]) - 1);
    const cms = Buffer.from(hex, 'hex');
    const tokenAt = cms.indexOf(Buffer.from('060b2a864886f70d010910020e', 'hex'));
    expect(tokenAt).toBeGreaterThan(0);
    const sigAt = tokenAt - 60; // inside the signature value, before the unsigned attributes
    const copy = Uint8Array.from(bytes);
    const pos = hexStart + sigAt * 2;
    copy[pos] = copy[pos] === 0x30 ? 0x31 : 0x30;
    const [r] = (await verify(copy)).signatures;
    expect(r.verdict).toBe('invalid');
  });

  it('B-LT: /DSS with OCSP data, then valid offline', async () => {
    const { bytes, level, warnings } = await signPdf(blank, { key: keyOf(pki.online), level: 'B-LT', tsaUrl: pki.tsaUrl });
    expect(level, warnings.join('\n')).toBe('B-LT');
    expect(Buffer.from(bytes).toString('latin1')).toContain('/DSS');
    const [s] = (await verify(bytes)).signatures;
    expect(s.level).toBe('B-LT');
    expect(s.revocation).toEqual({ status: 'good', source: 'embedded' });
    expect(s.verdict).toBe('valid');
    expect(s.updatesAfter.map((u) => u.changes)).toEqual([expect.arrayContaining(['dss'])]);
    const file = path.join(dir, 'blt.pdf');
    writeFileSync(file, bytes);
    expect((await qpdfCheck(file)).status).toBe(0);
    const poppler = await pdfsig(file, pki.nssDir);
    expect(poppler.signatures[0]?.validation, poppler.output).toBe('Signature is Valid.');
    expect(poppler.signatures[0]?.certificate, poppler.output).toBe('Certificate is Trusted.');
  });

  it('ECDSA keys sign B-B', async () => {
    const { bytes } = await signPdf(blank, { key: keyOf(pki.ec) });
    expect((await verify(bytes)).signatures[0].verdict).toBe('valid');
  });
});

describe('DocMDP certification', () => {
  it('allows later signatures but flags a later content change', async () => {
    const certified = (await signPdf(blank, { key: keyOf(pki.rsa), certify: 2 })).bytes;
    const cosigned = (await signPdf(certified, { key: keyOf(pki.ec) })).bytes;
    const report = await verify(cosigned);
    expect(report.signatures.map((s) => s.verdict)).toEqual(['valid', 'valid']);
    expect(report.signatures[0].certification).toBe(2);

    const doc = await PDFDocument.load(cosigned, { forIncrementalUpdate: true, updateMetadata: false });
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    doc.getPage(0).drawText('Them noi dung', { x: 60, y: 500, size: 14, font });
    const changed = await doc.commit({ useObjectStreams: false });
    const after = await verify(changed);
    expect(after.signatures[0].anomalies).toContain('changed_after_certification');
    expect(after.signatures[0].verdict).toBe('invalid');
    await expect(signPdf(certified, { key: keyOf(pki.ec), certify: 2 })).rejects.toThrow(/first signature/);
  });
});
