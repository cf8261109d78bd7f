/**
 * Certificate paths checked for RFC 5280 constraints (path length, name constraints, issuers
 * that are CAs), and revocation data believed only when current and signed by the CA or the
 * OCSP responder it delegated to. PDFs are judged by us and by pdfsig; where pdfsig says the
 * signature value is valid, we never say "integrity failed".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOcsp, revocationOf } from '../../signing/certs/revocation';
import { addDss } from '../../signing/pdf/dss';
import { buildCms } from './corpus/corpus-cms';
import { createCorpusPki, type CorpusCert, type CorpusPki } from './corpus/corpus-pki';
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

async function signedBy(name: string, signer: CorpusCert, certificates: CorpusCert[], crls?: Uint8Array[]): Promise<Judged> {
  const bytes = await pdfWithCms(blank, (content) => buildCms(content, { signer, certificates, crls }), { layoutKey: pki.rsa });
  const judged = await judge(pki, bytes, name);
  agreesWithPoppler(judged);
  return judged;
}

const DAY = 86_400_000;
/** openssl's YYYYMMDDHHMMSSZ, `days` from now. */
const opensslDate = (days: number) => new Date(Date.now() + days * DAY).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

describe('certificate path constraints', () => {
  it('a path one intermediate longer than pathLenConstraint 0 allows: invalid, by that reason', async () => {
    const { ours, poppler } = await signedBy('pathlen', pki.deepLeaf, [pki.deepLeaf, pki.pathLen0Sub, pki.pathLen0]);
    expect(ours.integrity).toBe('ok');
    expect(ours.chain).toBe('broken');
    expect(ours.verdict).toBe('invalid');
    expect(ours.reasons).toContain('signing.reason.chain_path_length');
    // NSS refuses the path too.
    expect(poppler.certificate).not.toBe('Certificate is Trusted.');
  });

  it('a signer outside the name constraints of its CA: invalid, by that reason', async () => {
    const { ours, poppler } = await signedBy('nc-outside', pki.ncOutside, [pki.ncOutside, pki.ncCa]);
    expect(ours.integrity).toBe('ok');
    expect(ours.chain).toBe('broken');
    expect(ours.verdict).toBe('invalid');
    expect(ours.reasons).toContain('signing.reason.chain_name_constraints');
    expect(poppler.certificate).not.toBe('Certificate is Trusted.');
  });

  it('a signer inside them: valid, for pdfsig too', async () => {
    const { ours, poppler } = await signedBy('nc-inside', pki.ncInside, [pki.ncInside, pki.ncCa]);
    expect(ours.chain).toBe('trusted');
    expect(ours.verdict).toBe('valid');
    expect(poppler.validation).toBe(POPPLER_VALID);
    expect(poppler.certificate).toBe('Certificate is Trusted.');
  });

  it('a certificate issued by a signer that is no CA: invalid, by that reason', async () => {
    const { ours } = await signedBy('issuer-not-ca', pki.underLeaf, [pki.underLeaf, pki.rsa]);
    expect(ours.integrity).toBe('ok');
    expect(ours.chain).toBe('broken');
    expect(ours.verdict).toBe('invalid');
    expect(ours.reasons).toContain('signing.reason.chain_issuer_not_ca');
  });
});

describe('CRLs', () => {
  it('an embedded CRL whose nextUpdate passed before the signing: not used (revocation unknown, said why)', async () => {
    const stale = await pki.rootCrl(opensslDate(-10), opensslDate(-5));
    const { ours } = await signedBy('crl-stale', pki.revocable, [pki.revocable], [stale]);
    expect(ours.integrity).toBe('ok');
    expect(ours.revocation.status).toBe('unknown');
    expect(ours.verdict).toBe('indeterminate');
    expect(ours.reasons).toContain('signing.reason.revocation_not_current');
  });

  it('an embedded CRL current at signing time: good, valid', async () => {
    const fresh = await pki.rootCrl(opensslDate(-1), opensslDate(5));
    const { ours } = await signedBy('crl-fresh', pki.revocable, [pki.revocable], [fresh]);
    expect(ours.revocation).toEqual({ status: 'good', source: 'embedded' });
    expect(ours.verdict).toBe('valid');
  });

  it('a CRL dated in the future is not believed', async () => {
    const future = await pki.rootCrl(opensslDate(2), opensslDate(9));
    const { ours } = await signedBy('crl-future', pki.revocable, [pki.revocable], [future]);
    expect(ours.revocation.status).toBe('unknown');
    expect(ours.reasons).toContain('signing.reason.revocation_not_current');
  });
});

describe('OCSP responses', () => {
  const now = () => new Date();
  const none = { ocsps: [], crls: [] };

  it('signed by a responder the CA delegated (id-kp-OCSPSigning): good', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.ocspDelegate);
    expect(checkOcsp(der, pki.revocable.x509, pki.root.x509)).toEqual({ status: 'good' });
    expect(await revocationOf(pki.revocable.x509, pki.root.x509, { ...none, ocsps: [der] }, false)).toEqual({ status: 'good', source: 'embedded' });
  });

  it('signed by the CA itself: good', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.root);
    expect(checkOcsp(der, pki.revocable.x509, pki.root.x509)).toEqual({ status: 'good' });
  });

  it('signed by another certificate of the CA, without id-kp-OCSPSigning: not believed', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.ocspRogue);
    expect(checkOcsp(der, pki.revocable.x509, pki.root.x509)).toEqual({ status: 'rejected', why: 'unauthorised' });
    expect(await revocationOf(pki.revocable.x509, pki.root.x509, { ...none, ocsps: [der] }, false)).toEqual({ status: 'unknown', source: 'none', rejected: ['unauthorised'] });
  });

  it('signed by an OCSP responder of another CA: not believed', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.ocspForeign);
    expect(checkOcsp(der, pki.revocable.x509, pki.root.x509)).toEqual({ status: 'rejected', why: 'unauthorised' });
  });

  it('past its nextUpdate at the time it must speak for: not believed', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.ocspDelegate);
    const later = new Date(Date.now() + 3 * DAY);
    expect(checkOcsp(der, pki.revocable.x509, pki.root.x509, { at: later, now: later })).toEqual({ status: 'rejected', why: 'not_current' });
    expect(await revocationOf(pki.revocable.x509, pki.root.x509, { ...none, ocsps: [der] }, false, { at: later, now: later })).toEqual({ status: 'unknown', source: 'none', rejected: ['not_current'] });
  });

  it('produced after the signing (a later DSS): good evidence for the signing time', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.ocspDelegate);
    const signedEarlier = new Date(Date.now() - 30 * DAY);
    expect(checkOcsp(der, pki.revocable.x509, pki.root.x509, { at: signedEarlier, now: now() })).toEqual({ status: 'good' });
  });

  it('dated after the validation time: not believed', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.ocspDelegate);
    const yesterday = new Date(Date.now() - DAY);
    expect(checkOcsp(der, pki.revocable.x509, pki.root.x509, { at: yesterday, now: yesterday })).toEqual({ status: 'rejected', why: 'not_current' });
  });

  it('about another certificate: says nothing', async () => {
    const der = await pki.ocspResponse(pki.revocable, pki.ocspDelegate);
    expect(checkOcsp(der, pki.rsa.x509, pki.root.x509)).toBeNull();
  });
});

describe('OCSP responses in the /DSS of a signed PDF', () => {
  async function withOcsp(name: string, responder: CorpusCert): Promise<Judged> {
    const signed = await pdfWithCms(blank, (content) => buildCms(content, { signer: pki.revocable, certificates: [pki.revocable] }), { layoutKey: pki.rsa });
    const ocsp = await pki.ocspResponse(pki.revocable, responder);
    const bytes = await addDss(signed, { certs: [pki.root.der], ocsps: [ocsp], crls: [], warnings: [] });
    const judged = await judge(pki, bytes, name);
    agreesWithPoppler(judged);
    return judged;
  }

  it('from the delegated responder: good, valid', async () => {
    const { ours } = await withOcsp('dss-ocsp-delegate', pki.ocspDelegate);
    expect(ours.revocation).toEqual({ status: 'good', source: 'embedded' });
    expect(ours.verdict).toBe('valid');
  });

  it('signed by an unauthorised key: set aside and said, indeterminate', async () => {
    const { ours } = await withOcsp('dss-ocsp-rogue', pki.ocspRogue);
    expect(ours.integrity).toBe('ok');
    expect(ours.revocation.status).toBe('unknown');
    expect(ours.verdict).toBe('indeterminate');
    expect(ours.reasons).toContain('signing.reason.revocation_unauthorised');
  });
});
