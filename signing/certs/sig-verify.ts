/**
 * Signature algorithms: which scheme an AlgorithmIdentifier names (RSA PKCS#1 v1.5, RSASSA-PSS
 * with its parameters, ECDSA, Ed25519, Ed448), whether the key and the CMS digest algorithm go
 * with it, and the verification itself with Node's crypto.
 */
import { constants, createHash, verify, type Hash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_BY_OID, DIGEST_NAME_BY_OID, OID, SIGNATURE_ALGORITHMS, XOF_OUTPUT_BYTES, type SignatureAlgorithmFacts } from '../cms/oids';

/** Why a signature cannot be accepted whatever its value (reason codes `signing.reason.*`). */
export type AlgorithmProblem = 'algorithm_mismatch' | 'algorithm_unsupported';

export interface SignatureScheme {
  key: SignatureAlgorithmFacts['key'];
  /** Digest the signature applies; null for EdDSA, which signs the message itself. */
  digest: string | null;
  saltLength?: number;
}

export type SchemeResult = { scheme: SignatureScheme; problem: null } | { scheme: SignatureScheme | null; problem: AlgorithmProblem };

/** A hash object for a digest name; SHAKE256 gives the 512 bits CMS uses it with. */
export function newHash(name: string): Hash {
  const xof = XOF_OUTPUT_BYTES[name];
  return xof ? createHash(name, { outputLength: xof }) : createHash(name);
}

function pssScheme(params: unknown): SchemeResult {
  let p: pkijs.RSASSAPSSParams;
  try {
    p = params instanceof asn1js.Sequence ? new pkijs.RSASSAPSSParams({ schema: params }) : new pkijs.RSASSAPSSParams();
  } catch {
    return { scheme: null, problem: 'algorithm_unsupported' };
  }
  // Absent fields take the RFC 4055 defaults (SHA-1, MGF1 with SHA-1, 20 bytes of salt).
  const digest = DIGEST_NAME_BY_OID[p.hashAlgorithm.algorithmId];
  const scheme: SignatureScheme = { key: 'rsa-pss', digest: digest ?? null, saltLength: p.saltLength };
  if (!digest || XOF_OUTPUT_BYTES[digest]) return { scheme: null, problem: 'algorithm_unsupported' };
  if (p.trailerField !== 1) return { scheme: null, problem: 'algorithm_mismatch' };
  if (p.maskGenAlgorithm.algorithmId !== OID.mgf1) return { scheme: null, problem: 'algorithm_unsupported' };
  let mgfHash = OID.sha1 as string;
  const mgfParams = p.maskGenAlgorithm.algorithmParams as unknown;
  if (mgfParams instanceof asn1js.Sequence) mgfHash = new pkijs.AlgorithmIdentifier({ schema: mgfParams }).algorithmId;
  // RFC 4055 keeps MGF1's hash equal to the signature's, and Node verifies only that form.
  if (DIGEST_NAME_BY_OID[mgfHash] !== digest) return { scheme: null, problem: 'algorithm_unsupported' };
  return { scheme, problem: null };
}

const KEY_FITS: Record<SignatureScheme['key'], string[]> = {
  rsa: ['rsa'],
  'rsa-pss': ['rsa', 'rsa-pss'],
  ec: ['ec'],
  ed25519: ['ed25519'],
  ed448: ['ed448'],
};

/**
 * The scheme `alg` names for `key`. `cms` gives the SignerInfo's digest algorithm and whether it
 * has signed attributes, to refuse the pairings RFC 8419 (EdDSA) and RFC 4056 (PSS) forbid.
 */
export function signatureScheme(alg: pkijs.AlgorithmIdentifier | string, key: KeyObject, cms?: { digestOid: string; signedAttrs: boolean }): SchemeResult {
  const oid = typeof alg === 'string' ? alg : alg.algorithmId;
  const facts = SIGNATURE_ALGORITHMS[oid];
  if (!facts) return { scheme: null, problem: 'algorithm_unsupported' };
  let result: SchemeResult;
  if (facts.key === 'rsa-pss') {
    result = pssScheme(typeof alg === 'string' ? undefined : alg.algorithmParams);
    if (!result.scheme) return result;
  } else {
    const digest = facts.digest ?? (facts.key === 'rsa' && cms ? (DIGEST_BY_OID[cms.digestOid] ?? null) : null);
    if (facts.key !== 'ed25519' && facts.key !== 'ed448' && (!digest || XOF_OUTPUT_BYTES[digest])) return { scheme: null, problem: 'algorithm_unsupported' };
    result = { scheme: { key: facts.key, digest }, problem: null };
  }
  if (!KEY_FITS[facts.key].includes(key.asymmetricKeyType ?? '')) return { scheme: null, problem: 'algorithm_mismatch' };
  if (cms && !result.problem) {
    // Some signers put the signature algorithm's OID where the digest's belongs; it names the same digest.
    const cmsDigest = DIGEST_BY_OID[cms.digestOid];
    if (!cmsDigest) return { scheme: result.scheme, problem: 'algorithm_unsupported' };
    // With signed attributes RFC 8419 fixes the digest: SHA-512 for Ed25519, SHAKE256 for Ed448.
    if (cms.signedAttrs && facts.key === 'ed25519' && cmsDigest !== 'sha512') return { scheme: result.scheme, problem: 'algorithm_mismatch' };
    if (cms.signedAttrs && facts.key === 'ed448' && cmsDigest !== 'shake256') return { scheme: result.scheme, problem: 'algorithm_mismatch' };
    // RFC 4056: the PSS hash is the one of the message digest.
    if (facts.key === 'rsa-pss' && result.scheme.digest !== cmsDigest) return { scheme: result.scheme, problem: 'algorithm_mismatch' };
  }
  return result;
}

/** Verifies `signature` over `data` with `scheme`. */
export function verifyWithScheme(scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  try {
    switch (scheme.key) {
      case 'ed25519':
      case 'ed448':
        return verify(null, data, key, signature);
      case 'ec':
        return verify(scheme.digest, data, { key, dsaEncoding: 'der' }, signature);
      case 'rsa-pss':
        return verify(scheme.digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength ?? 20 }, signature);
      case 'rsa':
        return verify(scheme.digest, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    }
  } catch {
    return false;
  }
}

/** Verifies a signature made with the algorithm `alg` (an X.509 / CRL / OCSP signature). */
export function verifySignature(alg: pkijs.AlgorithmIdentifier | string, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const { scheme, problem } = signatureScheme(alg, key);
  return !problem && !!scheme && verifyWithScheme(scheme, data, signature, key);
}
