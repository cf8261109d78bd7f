/**
 * Who signed: the SignerInfo names its certificate by issuer and serial or by key identifier,
 * and a certification authority's certificate is never taken as the signer of a document.
 * Every file is also judged by pdfsig: where it says the signature value is valid, we never say
 * "integrity failed".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCms, opensslCms } from './corpus/corpus-cms';
import { createCorpusPki, type CorpusPki } from './corpus/corpus-pki';
import { blankPdf, judge, pdfWithCms, POPPLER_VALID, type Judged } from './corpus/corpus-pdf';

let pki: CorpusPki;
let blank: Uint8Array;

beforeAll(async () => {
  pki = await createCorpusPki();
  blank = await blankPdf();
});
afterAll(() => pki?.close());

function agreesWithPoppler({ ours, poppler }: Judged) {
  if (poppler.validation === POPPLER_VALID) expect(ours.integrity).toBe('ok');
}

describe('signer identification', () => {
  it('an intermediate CA and the leaf it issued share a serial: the leaf (matched by issuer too) is the signer', async () => {
    expect(pki.inter.x509.serialNumber).toBe(pki.sameSerialLeaf.x509.serialNumber);
    // The CA first among the certificates, as some signers order them.
    const bytes = await pdfWithCms(blank, (content) => buildCms(content, { signer: pki.sameSerialLeaf, certificates: [pki.inter, pki.sameSerialLeaf] }), { layoutKey: pki.rsa });
    const judged = await judge(pki, bytes, 'same-serial');
    expect(judged.poppler.validation).toBe(POPPLER_VALID);
    agreesWithPoppler(judged);
    expect(judged.ours.signer).toBe('Nguyễn Văn Cùng Số');
    expect(judged.ours.integrity).toBe('ok');
    expect(judged.ours.chain).toBe('trusted');
    expect(judged.ours.verdict).toBe('valid');
    expect(judged.ours.certificates.map((c) => c.subject)).toEqual([
      'C=VN, O=UBND Thanh pho, CN=Nguyễn Văn Cùng Số',
      'C=VN, O=eCabinet Corpus, CN=Corpus Issuing CA',
      'C=VN, O=eCabinet Corpus, CN=Corpus Root CA',
    ]);
  });

  it('the same, signed by openssl cms with the chain attached', async () => {
    const bytes = await pdfWithCms(blank, (content) => opensslCms(content, { signer: pki.sameSerialLeaf, extra: [pki.inter], dir: pki.dir }), { layoutKey: pki.rsa });
    const judged = await judge(pki, bytes, 'same-serial-openssl');
    agreesWithPoppler(judged);
    expect(judged.ours.signer).toBe('Nguyễn Văn Cùng Số');
    expect(judged.ours.verdict).toBe('valid');
  });

  it('a SignerInfo naming its certificate by subjectKeyIdentifier (openssl cms -keyid)', async () => {
    const bytes = await pdfWithCms(blank, (content) => opensslCms(content, { signer: pki.sameSerialLeaf, extra: [pki.inter], args: ['-keyid'], dir: pki.dir }), { layoutKey: pki.rsa });
    const judged = await judge(pki, bytes, 'keyid');
    agreesWithPoppler(judged);
    expect(judged.ours.signer).toBe('Nguyễn Văn Cùng Số');
    expect(judged.ours.integrity).toBe('ok');
    expect(judged.ours.verdict).toBe('valid');
  });

  it('a document signed with the intermediate CA\'s own key: invalid, "signed with a CA\'s key"', async () => {
    const bytes = await pdfWithCms(blank, (content) => opensslCms(content, { signer: pki.inter, dir: pki.dir }), { layoutKey: pki.rsa });
    const judged = await judge(pki, bytes, 'ca-signer');
    agreesWithPoppler(judged);
    expect(judged.ours.integrity).toBe('ok');
    expect(judged.ours.chain).toBe('wrong_key_usage');
    expect(judged.ours.verdict).toBe('invalid');
    expect(judged.ours.reasons).toContain('signing.reason.signer_is_ca');
  });

  it('a SignerInfo naming a certificate the CMS does not carry: no signer, never the CA with that serial', async () => {
    // Signed by the leaf, but only the CA (same serial, other issuer) is carried.
    const bytes = await pdfWithCms(blank, (content) => buildCms(content, { signer: pki.sameSerialLeaf, certificates: [pki.inter] }), { layoutKey: pki.rsa });
    const { ours } = await judge(pki, bytes, 'signer-missing');
    expect(ours.verdict).toBe('invalid');
    expect(ours.reasons).toContain('signing.reason.no_signer_certificate');
    expect(ours.signer).not.toBe('Corpus Issuing CA');
  });
});
