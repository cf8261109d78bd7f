/**
 * Long-term signatures against a local PKI (openssl ts authorities, openssl ocsp responders,
 * the issuing CA served at its CA-issuers address): B-LT with revocation data for the signer's
 * and the timestamp authority's chains, B-LTA with an archive (document) timestamp, `extend`
 * re-timestamping an archive, and what the verifier and pdfsig say about the results.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { extendPdf, pkcs12Key, signPdf, verifyPdf } from '../../signing/index';
import { checkOcsp, fetchRevocation } from '../../signing/certs/revocation';
import { addDss, readSignedFacts } from '../../signing/pdf/dss';
import { translate } from '../../shared/i18n';
import { createLongTermPki, hitsOf, LT_P12_PASSWORD, type LongTermPki } from './long-term-pki';
import { pdfsig, qpdfCheck, rawSignatures, sh, tempDir } from './tools';

let pki: LongTermPki;
let dir: string;
let blank: Uint8Array;
const signerKey = () => pkcs12Key(readFileSync(pki.signer.p12), LT_P12_PASSWORD);
const DAY = 86_400_000;

beforeAll(async () => {
  pki = await createLongTermPki();
  dir = tempDir('ecabinet-lta-');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  doc.addPage().drawText('Quyet dinh luu tru', { x: 60, y: 700, size: 14, font });
  doc.addPage();
  blank = await doc.save({ useObjectStreams: false });
});
afterAll(async () => {
  await pki?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const verifyAt = (bytes: Uint8Array, now?: Date) => verifyPdf(bytes, { trustRoots: [pki.rootPem], online: false, now });
const x509File = (file: string) => new X509Certificate(readFileSync(file));

/**
 * What independent tools say: qpdf finds the file clean; pdfsig (poppler 22) validates the
 * signature and lists each document timestamp by its authority (it does not implement
 * validating ETSI.RFC3161 itself: "Signature has not yet been verified"), so `openssl ts
 * -verify` checks each document timestamp token over its byte ranges against the root.
 */
async function independentChecks(bytes: Uint8Array, name: string): Promise<void> {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const qpdf = await qpdfCheck(file);
  expect(qpdf.status, qpdf.output).toBe(0);
  const poppler = await pdfsig(file, pki.nssDir);
  const [signature, ...timestamps] = poppler.signatures;
  expect(signature.validation, poppler.output).toBe('Signature is Valid.');
  expect(signature.certificate, poppler.output).toBe('Certificate is Trusted.');
  expect(poppler.output).not.toMatch(/Invalid|corrupt|Error/i);
  const tokens = rawSignatures(bytes).slice(1);
  expect(tokens).toHaveLength(timestamps.length);
  expect(timestamps.length).toBeGreaterThan(0);
  for (const [i, { byteRange: [a, b, c, d], cms }] of tokens.entries()) {
    expect(poppler.output).toContain(`Timestamp${i + 1}`);
    const data = path.join(dir, `${name}-${i}.bin`);
    const token = path.join(dir, `${name}-${i}.tst`);
    writeFileSync(data, Buffer.concat([Buffer.from(bytes.subarray(a, a + b)), Buffer.from(bytes.subarray(c, c + d))]));
    writeFileSync(token, cms);
    expect(await sh('openssl', ['ts', '-verify', '-data', data, '-in', token, '-token_in', '-CAfile', pki.rootFile])).toContain('Verification: OK');
  }
}

describe('B-LT: revocation data for the signer and the timestamp authority', () => {
  it('embeds OCSP answers for the signer, its issuing CA and the timestamp authority; valid offline', async () => {
    const { bytes, level } = await signPdf(blank, { key: signerKey(), level: 'B-LT', tsaUrl: pki.tsaUrl });
    expect(level).toBe('B-LT');
    const facts = await readSignedFacts(bytes);
    const [tsa, root] = [x509File(pki.tsaCert), x509File(pki.rootFile)];
    expect(facts.dss.ocsps.some((o) => checkOcsp(o, tsa, root) !== null)).toBe(true);
    const [s] = (await verifyAt(bytes)).signatures;
    expect(s.level).toBe('B-LT');
    expect(s.revocation).toEqual({ status: 'good', source: 'embedded' });
    expect(s.verdict).toBe('valid');
  });

  it('the verifier reports B-T when the file embeds nothing for the timestamp authority', async () => {
    const signed = await signPdf(blank, { key: signerKey(), level: 'B-T', tsaUrl: pki.tsaUrl });
    // Validation data for the signer's chain only, as signing did before.
    const [signer, inter, root] = [x509File(pki.signer.cert), x509File(pki.interFile), x509File(pki.rootFile)];
    const forSigner = await fetchRevocation(signer, inter);
    const forInter = await fetchRevocation(inter, root);
    const certs = [signer, inter, root].map((c) => new Uint8Array(c.raw));
    const signerOnly = await addDss(signed.bytes, { certs, ocsps: [...forSigner.ocsps, ...forInter.ocsps], crls: [], warnings: [] });
    expect((await verifyAt(signerOnly)).signatures[0].level).toBe('B-T');
    const forTsa = await fetchRevocation(x509File(pki.tsaCert), root);
    const complete = await addDss(signerOnly, { certs: [], ocsps: forTsa.ocsps, crls: [], warnings: [] });
    expect((await verifyAt(complete)).signatures[0].level).toBe('B-LT');
  });

  it('when the timestamp authority’s OCSP responder gives no answer, signing B-LT fails with a translated reason', async () => {
    pki.down.add('/ocsp/root');
    try {
      const failed = signPdf(blank, { key: signerKey(), level: 'B-LT', tsaUrl: pki.tsaUrl });
      await expect(failed).rejects.toMatchObject({ code: 'revocation_unavailable' });
    } finally {
      pki.down.delete('/ocsp/root');
    }
    for (const lang of ['vi', 'en'] as const) expect(translate(lang, 'errors.revocation_unavailable')).not.toBe('errors.revocation_unavailable');
  });
});

describe('B-LTA: archive timestamps', () => {
  it('sign --level B-LTA: the verifier reports B-LTA with the archive timestamp time, pdfsig accepts the file', async () => {
    const { bytes, level } = await signPdf(blank, { key: signerKey(), level: 'B-LTA', tsaUrl: pki.tsaUrl, archiveTsaUrl: pki.archiveTsaUrl });
    expect(level).toBe('B-LTA');
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/Type\s*\/DocTimeStamp/);
    const report = await verifyAt(bytes);
    const [s, ts] = report.signatures;
    expect(s.level).toBe('B-LTA');
    expect(s.verdict).toBe('valid');
    expect(s.archiveTimestamp?.authority).toBe('eCabinet LT Archive TSA');
    expect(s.archiveTimestamp?.time).toMatch(/\+07:00$/);
    expect(ts.subFilter).toBe('ETSI.RFC3161');
    expect(ts.integrity).toBe('ok');
    expect(ts.verdict).toBe('valid');
    await independentChecks(bytes, 'lta.pdf');
  });

  it('stays verifiable offline after the signer’s and the signature timestamp authority’s certificates expired', async () => {
    const { bytes } = await signPdf(blank, { key: signerKey(), level: 'B-LTA', tsaUrl: pki.tsaUrl, archiveTsaUrl: pki.archiveTsaUrl });
    const later = new Date(Date.now() + 30 * DAY);
    expect(later > new Date(x509File(pki.signer.cert).validTo)).toBe(true);
    expect(later > new Date(x509File(pki.tsaCert).validTo)).toBe(true);
    const [s] = (await verifyAt(bytes, later)).signatures;
    expect(s.level).toBe('B-LTA');
    expect(s.revocation).toEqual({ status: 'good', source: 'embedded' });
    expect(s.verdict, s.reasons.join(', ')).toBe('valid');
  });

  it('extend re-timestamps an archive: earlier bytes kept, a second archive timestamp, the latest reported', async () => {
    const first = await signPdf(blank, { key: signerKey(), level: 'B-LTA', tsaUrl: pki.tsaUrl, archiveTsaUrl: pki.archiveTsaUrl });
    const firstTime = (await verifyAt(first.bytes)).signatures[0].archiveTimestamp!.time;
    const extended = await extendPdf(first.bytes, { tsaUrl: pki.archiveTsaUrl, fetch: true });
    expect(Buffer.from(extended.bytes.subarray(0, first.bytes.length)).equals(Buffer.from(first.bytes))).toBe(true);
    const report = await verifyAt(extended.bytes);
    expect(report.signatures.map((x) => x.subFilter)).toEqual(['ETSI.CAdES.detached', 'ETSI.RFC3161', 'ETSI.RFC3161']);
    expect(report.signatures.map((x) => x.verdict)).toEqual(['valid', 'valid', 'valid']);
    const [s] = report.signatures;
    expect(s.level).toBe('B-LTA');
    expect(s.archiveTimestamp!.time >= firstTime).toBe(true);
    expect(s.archiveTimestamp!.time).toBe(report.signatures[2].signedAt);
    await independentChecks(extended.bytes, 'lta-extended.pdf');
  });

  it('extend turns a B-T signature into B-LTA, fetching what it lacks', async () => {
    const bt = await signPdf(blank, { key: signerKey(), level: 'B-T', tsaUrl: pki.tsaUrl });
    expect((await verifyAt(bt.bytes)).signatures[0].level).toBe('B-T');
    const before = hitsOf(pki, '/ocsp/');
    const extended = await extendPdf(bt.bytes, { tsaUrl: pki.archiveTsaUrl, fetch: true });
    expect(hitsOf(pki, '/ocsp/')).toBeGreaterThan(before);
    const [s] = (await verifyAt(extended.bytes)).signatures;
    expect(s.level).toBe('B-LTA');
    expect(s.verdict).toBe('valid');
  });
});
