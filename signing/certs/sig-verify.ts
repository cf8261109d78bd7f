import { constants, verify, type KeyObject } from 'node:crypto';
import { DIGEST_BY_OID } from '../cms/oids';

/** Verifies a signature made with the algorithm `algOid` (RSA PKCS#1 v1.5, RSA-PSS, ECDSA). */
export function verifySignature(algOid: string, data: Uint8Array, signature: Uint8Array, key: KeyObject, digestOid?: string): boolean {
  try {
    const pss = algOid === '1.2.840.113549.1.1.10';
    const digest = DIGEST_BY_OID[algOid] ?? (digestOid ? DIGEST_BY_OID[digestOid] : undefined) ?? 'sha256';
    if (key.asymmetricKeyType === 'ec') return verify(digest, data, { key, dsaEncoding: 'der' }, signature);
    if (pss) return verify(digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, signature);
    return verify(digest, data, key, signature);
  } catch {
    return false;
  }
}
