/**
 * PAdES B-LT: a Document Security Store (/DSS in the catalog) with the certificates and the
 * revocation data (OCSP responses, CRLs) a verifier needs later, offline, for the signer's
 * chain and the timestamp authorities' chains. Added as its own incremental update after the
 * signature, as PAdES prescribes. What cannot be had is an error, never a quietly lower level.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { arrayAt, dictAt } from './pdf-objects';
import { PDFName, type PDFRef } from '@cantoo/pdf-lib';
import { AppError } from '../../shared/errors';
import type { SigningKey } from '../keys/signing-key';
import { checkCrl, checkOcsp, fetchRevocation, type RevocationData } from '../certs/revocation';
import { certFacts } from '../certs/extensions';
import { resolveChain } from '../certs/issuers';
import { cnOf, x509 } from '../certs/names';
import { lastXrefIsStream, loadForUpdate } from './pdf-load';
import { DEFAULT_PDF_LIMITS } from './pdf-limits';
import { readPdfFacts, type FoundSignature, type PdfFacts } from '../verify/find-signatures';
import { parseCms, signatureTimestamp } from '../verify/cms-verify';

export interface ValidationData {
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
  warnings: string[];
}

export interface ValidationSources {
  /** Ask AIA "CA issuers" addresses, OCSP responders and CRL servers over the network. */
  fetch: boolean;
  /** Issuer candidates besides those in the file: a chain file, the app's trust store. */
  candidates?: Uint8Array[];
  /** Revocation data and certificates the caller already has. */
  extra?: { ocsps?: Uint8Array[]; crls?: Uint8Array[]; certs?: Uint8Array[] };
  timeoutMs?: number;
}

/** A certificate to make verifiable offline: who signed, or the timestamp authority that stamped. */
export interface LongTermSubject {
  cert: X509Certificate;
  /** Certificates that came with it (the CMS, the token). */
  pool: X509Certificate[];
  role: 'signer' | 'timestamp';
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const nameOf = (c: X509Certificate) => cnOf(c.subject) ?? c.subject.split('\n').join(', ');

export function chainIncomplete(of: X509Certificate, role: LongTermSubject['role']): AppError {
  return new AppError('certificate_chain_incomplete', `The issuer of "${nameOf(of)}" could not be found (not with the key, not in the chain file or trust store, not at its CA-issuers address)`, {
    subject: nameOf(of),
    role,
  });
}

/** Whether `data` holds a valid answer (good or revoked) about `cert` from `issuer`. */
function decides(data: RevocationData, cert: X509Certificate, issuer: X509Certificate): boolean {
  return data.ocsps.some((o) => checkOcsp(o, cert, issuer) !== null) || data.crls.some((c) => checkCrl(c, cert, issuer) !== null);
}

/**
 * Certificates and revocation data for every subject's chain, minus what `existing` (the file's
 * /DSS) already holds. Throws `certificate_chain_incomplete` when a chain cannot be built to a
 * root, `revocation_unavailable` when a certificate names a revocation service that gives no
 * answer and nothing at hand answers for it.
 */
export async function validationDataFor(subjects: LongTermSubject[], existing: RevocationData & { certs: Uint8Array[] }, sources: ValidationSources): Promise<ValidationData> {
  const extra = sources.extra ?? {};
  const candidates = [...(sources.candidates ?? []), ...(extra.certs ?? []), ...existing.certs].flatMap((d) => {
    try {
      return [x509(d)];
    } catch {
      return [];
    }
  });
  const known: RevocationData = { ocsps: [...existing.ocsps, ...(extra.ocsps ?? [])], crls: [...existing.crls, ...(extra.crls ?? [])] };
  const have = new Set([...existing.certs, ...existing.ocsps, ...existing.crls].map(sha));
  const out: ValidationData = { certs: [], ocsps: [], crls: [], warnings: [] };
  const add = (list: Uint8Array[], item: Uint8Array) => {
    const h = sha(item);
    if (have.has(h)) return;
    have.add(h);
    list.push(item);
  };
  for (const extraItem of extra.ocsps ?? []) add(out.ocsps, extraItem);
  for (const extraItem of extra.crls ?? []) add(out.crls, extraItem);
  const checked = new Set<string>();
  for (const subject of subjects) {
    const chain = await resolveChain(subject.cert, [...subject.pool, ...candidates], { fetch: sources.fetch, timeoutMs: sources.timeoutMs });
    if (!chain.complete) throw chainIncomplete(chain.missingIssuerOf ?? subject.cert, subject.role);
    for (const c of chain.path) add(out.certs, new Uint8Array(c.raw));
    for (let i = 0; i + 1 < chain.path.length; i++) {
      const [cert, issuer] = [chain.path[i], chain.path[i + 1]];
      if (checked.has(cert.fingerprint256)) continue;
      checked.add(cert.fingerprint256);
      const facts = certFacts(new Uint8Array(cert.raw));
      // A responder certificate marked "no check", or one naming no service: nothing to embed.
      if (facts.ocspNoCheck || facts.ocspUrls.length + facts.crlUrls.length === 0) continue;
      const got = sources.fetch ? await fetchRevocation(cert, issuer, sources.timeoutMs) : { ocsps: [], crls: [] };
      if (got.ocsps.length + got.crls.length > 0) {
        for (const o of got.ocsps) add(out.ocsps, o);
        for (const c of got.crls) add(out.crls, c);
        continue;
      }
      if (decides(known, cert, issuer)) continue;
      throw new AppError('revocation_unavailable', `No revocation data (OCSP/CRL) could be had for "${nameOf(cert)}"`, { subject: nameOf(cert), role: subject.role });
    }
  }
  return out;
}

/** The signer (or, for a document timestamp, its authority) and the signature-timestamp authority of a signature. */
export function subjectsOf(sig: FoundSignature): LongTermSubject[] {
  const cms = sig.contents ? parseCms(sig.contents) : null;
  if (!cms?.signer) return [];
  const isDocTimestamp = sig.subFilter === 'ETSI.RFC3161' || sig.type === 'DocTimeStamp';
  const subjects: LongTermSubject[] = [{ cert: cms.signer, pool: cms.certificates, role: isDocTimestamp ? 'timestamp' : 'signer' }];
  const token = isDocTimestamp ? null : signatureTimestamp(cms);
  const tsCms = token ? parseCms(new Uint8Array(token.toSchema().toBER(false))) : null;
  if (tsCms?.signer) subjects.push({ cert: tsCms.signer, pool: tsCms.certificates, role: 'timestamp' });
  return subjects;
}

/** The signature fields of a file and its /DSS, as the verifier reads them. */
export function readSignedFacts(bytes: Uint8Array): Promise<PdfFacts> {
  return readPdfFacts(bytes, DEFAULT_PDF_LIMITS.maxStructureBytes);
}

/**
 * Validation data for a signature just made with `key` (the field `field` of `signed`): the
 * signer's chain, completed from the key's own certificates, the candidates and AIA, and the
 * timestamp authority's chain.
 */
export async function collectValidationData(key: SigningKey, signed: Uint8Array, options: ValidationSources & { field?: string }): Promise<ValidationData> {
  const facts = await readSignedFacts(signed);
  const sig = options.field === undefined ? facts.signatures.at(-1) : facts.signatures.find((x) => x.field === options.field);
  const subjects = sig ? subjectsOf(sig) : [];
  const keyPool = key.chain.map((d) => x509(d));
  const signer: LongTermSubject = { cert: x509(key.certificate), pool: keyPool, role: 'signer' };
  const others = subjects.filter((s) => s.role === 'timestamp');
  return validationDataFor([signer, ...others], facts.dss, options);
}

export async function addDss(signed: Uint8Array, data: ValidationData): Promise<Uint8Array> {
  const doc = await loadForUpdate(signed);
  const { context } = doc;
  const refs = (items: Uint8Array[]): PDFRef[] => items.map((b) => context.register(context.flateStream(b)));
  const existing = dictAt(doc.catalog, PDFName.of('DSS'));
  const dss = existing ?? context.obj({});
  for (const [name, items] of [['Certs', data.certs], ['OCSPs', data.ocsps], ['CRLs', data.crls]] as const) {
    if (items.length === 0) continue;
    const arr = arrayAt(dss, PDFName.of(name)) ?? context.obj([]);
    for (const r of refs(items)) arr.push(r);
    dss.set(PDFName.of(name), arr);
    context.snapshot?.markObjForSave(arr);
  }
  if (!existing) doc.catalog.set(PDFName.of('DSS'), context.register(dss));
  // An existing DSS is written again with its new entries (and the arrays, when indirect).
  else context.snapshot?.markObjsForSave([dss, doc.catalog]);
  return doc.commit({ useObjectStreams: lastXrefIsStream(signed) });
}
