/** Certificate extensions the verifier needs, parsed with pkijs. */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from '../cms/oids';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export interface CertFacts {
  /** keyUsage bits as names, or null when the extension is absent. */
  keyUsage: string[] | null;
  /** extendedKeyUsage OIDs, or null when absent. */
  extKeyUsage: string[] | null;
  isCA: boolean;
  ocspUrls: string[];
  caIssuerUrls: string[];
  crlUrls: string[];
  ocspNoCheck: boolean;
}

const KU_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

export function certFacts(der: Uint8Array): CertFacts {
  const cert = pkijs.Certificate.fromBER(buf(der));
  const facts: CertFacts = { keyUsage: null, extKeyUsage: null, isCA: false, ocspUrls: [], caIssuerUrls: [], crlUrls: [], ocspNoCheck: false };
  for (const ext of cert.extensions ?? []) {
    const parsed = ext.parsedValue as unknown;
    switch (ext.extnID) {
      case OID.keyUsage: {
        const bits = parsed as asn1js.BitString;
        const bytes = new Uint8Array(bits.valueBlock.valueHexView);
        facts.keyUsage = KU_NAMES.filter((_, i) => ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
        break;
      }
      case OID.extKeyUsage:
        facts.extKeyUsage = (parsed as pkijs.ExtKeyUsage).keyPurposes;
        break;
      case OID.basicConstraints:
        facts.isCA = !!(parsed as pkijs.BasicConstraints).cA;
        break;
      case OID.authorityInfoAccess:
        for (const d of (parsed as pkijs.InfoAccess).accessDescriptions) {
          if (d.accessLocation.type !== 6) continue;
          if (d.accessMethod === OID.adOcsp) facts.ocspUrls.push(String(d.accessLocation.value));
          if (d.accessMethod === OID.adCaIssuers) facts.caIssuerUrls.push(String(d.accessLocation.value));
        }
        break;
      case OID.crlDistributionPoints:
        for (const dp of (parsed as pkijs.CRLDistributionPoints).distributionPoints) {
          const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
          for (const n of names as pkijs.GeneralName[]) if (n.type === 6) facts.crlUrls.push(String(n.value));
        }
        break;
      case OID.ocspNoCheck:
        facts.ocspNoCheck = true;
        break;
    }
  }
  return facts;
}

/** Extended key usages acceptable for document signatures (when the extension is present). */
export const SIGNING_EKUS = new Set([
  '1.3.6.1.5.5.7.3.4', // emailProtection
  '1.3.6.1.5.5.7.3.36', // documentSigning (RFC 9336)
  '1.3.6.1.5.5.7.3.2', // clientAuth: Vietnamese token certificates often carry only this with emailProtection
  '1.2.840.113583.1.1.5', // Adobe Authentic Documents Trust
  '1.3.6.1.4.1.311.10.3.12', // Microsoft document signing
  '2.5.29.37.0', // anyExtendedKeyUsage
]);

/**
 * A certification authority's certificate: basicConstraints cA, or a key for signing
 * certificates that is not also meant for digital signatures.
 */
export function isCaCertificate(f: CertFacts): boolean {
  if (f.isCA) return true;
  const ku = f.keyUsage ?? [];
  return ku.includes('keyCertSign') && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation');
}

/** Whether a signer certificate may sign documents. */
export function allowsDocumentSigning(f: CertFacts): boolean {
  if (f.keyUsage && !f.keyUsage.includes('digitalSignature') && !f.keyUsage.includes('nonRepudiation')) return false;
  if (f.extKeyUsage && !f.extKeyUsage.some((e) => SIGNING_EKUS.has(e))) return false;
  return true;
}
