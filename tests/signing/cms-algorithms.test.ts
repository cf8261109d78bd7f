/**
 * Signature algorithms and unusual but valid CMS structures: Ed25519 and Ed448 (with SHAKE256),
 * RSASSA-PSS with its parameters, signatures without signed attributes, encapsulated content
 * (adbe.pkcs7.sha1), the old ESS signing-certificate attribute; and the pairings the standards
 * forbid, refused with their own reason. pdfsig judges each file too: where it says the
 * signature value is valid, we never say "integrity failed".
 */
import { createHash, createPrivateKey, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../../signing/cms/oids';
import { buildCms, opensslCms, pss } from './corpus/corpus-cms';
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

async function expectValid(name: string, makeCms: (content: Uint8Array) => Uint8Array | Promise<Uint8Array>, subFilter?: 'adbe.pkcs7.detached' | 'adbe.pkcs7.sha1'): Promise<Judged> {
  const bytes = await pdfWithCms(blank, makeCms, { layoutKey: pki.rsa, subFilter });
  const judged = await judge(pki, bytes, name);
  agreesWithPoppler(judged);
  expect(judged.ours.reasons).toContain('signing.reason.valid');
  expect(judged.ours.integrity).toBe('ok');
  expect(judged.ours.verdict).toBe('valid');
  return judged;
}

async function expectRefused(name: string, makeCms: (content: Uint8Array) => Uint8Array | Promise<Uint8Array>, reason: string): Promise<Judged> {
  const bytes = await pdfWithCms(blank, makeCms, { layoutKey: pki.rsa });
  const judged = await judge(pki, bytes, name);
  agreesWithPoppler(judged);
  expect(judged.ours.verdict).toBe('invalid');
  expect(judged.ours.reasons).toContain(reason);
  expect(judged.ours.reasons).not.toContain('signing.reason.integrity_failed');
  return judged;
}

describe('EdDSA (RFC 8419)', () => {
  it('Ed25519 with signed attributes and SHA-512', async () => {
    await expectValid('ed25519', (content) => buildCms(content, { signer: pki.ed25519, digestOid: OID.sha512 }));
  });

  it('Ed448 with signed attributes and SHAKE256', async () => {
    await expectValid('ed448', (content) => buildCms(content, { signer: pki.ed448, digestOid: OID.shake256 }));
  });

  it('Ed25519 without signed attributes: the signature is over the signed bytes themselves', async () => {
    await expectValid('ed25519-noattr', (content) => buildCms(content, { signer: pki.ed25519, digestOid: OID.sha512, signedAttributes: false }));
  });

  it('a changed byte still fails an Ed25519 signature', async () => {
    const bytes = await pdfWithCms(blank, (content) => buildCms(content, { signer: pki.ed25519, digestOid: OID.sha512 }), { layoutKey: pki.rsa });
    // A byte of the header's binary comment: inside the first signed range, harmless to parsers.
    expect(bytes[11]).toBeGreaterThan(0x7f);
    bytes[11] ^= 0x01;
    const { ours } = await judge(pki, bytes, 'ed25519-tampered');
    expect(ours.integrity).toBe('failed');
    expect(ours.verdict).toBe('invalid');
  });

  it('Ed25519 with SHA-256 as message digest is a forbidden pairing', async () => {
    await expectRefused('ed25519-sha256', (content) => buildCms(content, { signer: pki.ed25519, digestOid: OID.sha256 }), 'signing.reason.algorithm_mismatch');
  });

  it('Ed448 with SHA-512 instead of SHAKE256 is a forbidden pairing', async () => {
    await expectRefused('ed448-sha512', (content) => buildCms(content, { signer: pki.ed448, digestOid: OID.sha512 }), 'signing.reason.algorithm_mismatch');
  });
});

describe('RSASSA-PSS (RFC 4056)', () => {
  it('openssl cms with PSS padding, SHA-384 and a 32-byte salt', async () => {
    const judged = await expectValid('pss-openssl', (content) =>
      opensslCms(content, { signer: pki.rsa, args: ['-md', 'sha384', '-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:32'], dir: pki.dir }),
    );
    expect(judged.poppler.validation).toBe(POPPLER_VALID);
  });

  it('PSS parameters read from the AlgorithmIdentifier (SHA-512, salt 64)', async () => {
    await expectValid('pss-sha512', (content) => buildCms(content, { signer: pki.rsa, digestOid: OID.sha512, ...pss(pki.rsa, OID.sha512, 'sha512', 64) }));
  });

  it('a PSS hash other than the message digest is a forbidden pairing', async () => {
    await expectRefused('pss-mismatch', (content) => buildCms(content, { signer: pki.rsa, digestOid: OID.sha256, ...pss(pki.rsa, OID.sha384, 'sha384', 48) }), 'signing.reason.algorithm_mismatch');
  });

  it('an ECDSA algorithm on an RSA key is refused, not reported as changed content', async () => {
    const key = createPrivateKey(pki.rsa.keyPem);
    await expectRefused(
      'ecdsa-oid-rsa-key',
      (content) => buildCms(content, { signer: pki.rsa, signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSHA256 }), signWith: (d) => new Uint8Array(sign('sha256', d, key)) }),
      'signing.reason.algorithm_mismatch',
    );
  });

  it('an unknown signature algorithm is said so', async () => {
    const key = createPrivateKey(pki.rsa.keyPem);
    await expectRefused(
      'unknown-algorithm',
      (content) => buildCms(content, { signer: pki.rsa, signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.3.4.5.6', algorithmParams: new asn1js.Null() }), signWith: (d) => new Uint8Array(sign('sha256', d, key)) }),
      'signing.reason.algorithm_unsupported',
    );
  });
});

describe('unusual but valid structures', () => {
  it('RSA without signed attributes (openssl cms -noattr)', async () => {
    const judged = await expectValid('rsa-noattr', (content) => opensslCms(content, { signer: pki.rsa, args: ['-noattr'], dir: pki.dir }), 'adbe.pkcs7.detached');
    expect(judged.poppler.validation).toBe(POPPLER_VALID);
  });

  it('ECDSA without signed attributes', async () => {
    await expectValid('ec-noattr', (content) => opensslCms(content, { signer: pki.ec, args: ['-noattr'], dir: pki.dir }), 'adbe.pkcs7.detached');
  });

  it('RSA-PSS without signed attributes', async () => {
    await expectValid('pss-noattr', (content) => opensslCms(content, { signer: pki.rsa, args: ['-noattr', '-keyopt', 'rsa_padding_mode:pss'], dir: pki.dir }), 'adbe.pkcs7.detached');
  });

  it('encapsulated content: adbe.pkcs7.sha1 carries the SHA-1 of the signed bytes', async () => {
    const judged = await expectValid(
      'pkcs7-sha1',
      (content) => opensslCms(createHash('sha1').update(content).digest(), { signer: pki.rsa, attach: true, args: ['-md', 'sha1'], dir: pki.dir }),
      'adbe.pkcs7.sha1',
    );
    expect(judged.poppler.validation).toBe(POPPLER_VALID);
  });

  it('encapsulated content that is not the signed bytes\' digest: integrity failed', async () => {
    const bytes = await pdfWithCms(blank, () => opensslCms(createHash('sha1').update('other bytes').digest(), { signer: pki.rsa, attach: true, args: ['-md', 'sha1'], dir: pki.dir }), { layoutKey: pki.rsa, subFilter: 'adbe.pkcs7.sha1' });
    const { ours } = await judge(pki, bytes, 'pkcs7-sha1-wrong');
    expect(ours.integrity).toBe('failed');
    expect(ours.verdict).toBe('invalid');
  });

  it('old-style ESS signing-certificate (v1, SHA-1) naming the signer', async () => {
    await expectValid('ess-v1', (content) => buildCms(content, { signer: pki.rsa, signingCertificate: 'v1' }));
  });

  it('an ESS signing-certificate v1 naming another certificate: integrity failed', async () => {
    const bytes = await pdfWithCms(blank, (content) => buildCms(content, { signer: pki.rsa, signingCertificate: 'v1-wrong-hash' }), { layoutKey: pki.rsa });
    const { ours } = await judge(pki, bytes, 'ess-v1-wrong');
    expect(ours.integrity).toBe('failed');
    expect(ours.verdict).toBe('invalid');
  });
});
