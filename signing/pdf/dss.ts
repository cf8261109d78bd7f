/**
 * PAdES B-LT: a Document Security Store (/DSS in the catalog) with the certificates and the
 * revocation data (OCSP responses, CRLs) a verifier needs later, offline. Added as its own
 * incremental update after the signature, as PAdES prescribes.
 */
import { arrayAt, dictAt } from './pdf-objects';
import { PDFName, type PDFRef } from '@cantoo/pdf-lib';
import type { SigningKey } from '../keys/signing-key';
import { fetchRevocation } from '../certs/revocation';
import { x509 } from '../certs/names';
import { lastXrefIsStream, loadForUpdate } from './pdf-load';

export interface ValidationData {
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
  warnings: string[];
}

export async function collectValidationData(
  key: SigningKey,
  _signed: Uint8Array,
  options: { fetch: boolean; extra?: { ocsps?: Uint8Array[]; crls?: Uint8Array[]; certs?: Uint8Array[] } },
): Promise<ValidationData> {
  const certs = [key.certificate, ...key.chain, ...(options.extra?.certs ?? [])];
  const data: ValidationData = { certs, ocsps: [...(options.extra?.ocsps ?? [])], crls: [...(options.extra?.crls ?? [])], warnings: [] };
  if (!options.fetch) return data;
  const all = certs.map((c) => x509(c));
  let current = all[0];
  for (let depth = 0; depth < 8; depth++) {
    const issuer = all.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c));
    if (!issuer) break;
    const got = await fetchRevocation(current, issuer);
    if (got.ocsps.length + got.crls.length === 0) data.warnings.push(`No revocation data for ${current.subject.split('\n').pop()}`);
    data.ocsps.push(...got.ocsps);
    data.crls.push(...got.crls);
    current = issuer;
  }
  return data;
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
  }
  if (!existing) doc.catalog.set(PDFName.of('DSS'), context.register(dss));
  return doc.commit({ useObjectStreams: lastXrefIsStream(signed) });
}
