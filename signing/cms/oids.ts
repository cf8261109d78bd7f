/** Object identifiers used by CMS / CAdES / PAdES, and what each signature algorithm implies. */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha3_256: '2.16.840.1.101.3.4.2.8',
  sha3_384: '2.16.840.1.101.3.4.2.9',
  sha3_512: '2.16.840.1.101.3.4.2.10',
  /** SHAKE256 with 512 bits of output, the digest RFC 8419 pairs with Ed448. */
  shake256: '2.16.840.1.101.3.4.2.12',
  /** SHAKE256 with the output length as parameter (RFC 8702). */
  shake256Len: '2.16.840.1.101.3.4.2.18',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  adOcsp: '1.3.6.1.5.5.7.48.1',
  adCaIssuers: '1.3.6.1.5.5.7.48.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  kpTimeStamping: '1.3.6.1.5.5.7.3.8',
  kpOcspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

/** Node / OpenSSL digest names of digest algorithm OIDs. */
export const DIGEST_NAME_BY_OID: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
  [OID.sha3_256]: 'sha3-256',
  [OID.sha3_384]: 'sha3-384',
  [OID.sha3_512]: 'sha3-512',
  [OID.shake256]: 'shake256',
  [OID.shake256Len]: 'shake256',
};

/** Output length in bytes of the extendable-output digests as CMS uses them. */
export const XOF_OUTPUT_BYTES: Record<string, number> = { shake256: 64 };

/** What a signature algorithm OID fixes: the key type, and the digest when the OID names one. */
export interface SignatureAlgorithmFacts {
  key: 'rsa' | 'ec' | 'ed25519' | 'ed448' | 'rsa-pss';
  /** Digest the OID names (e.g. sha256WithRSAEncryption); null when it comes from elsewhere. */
  digest: string | null;
}

export const SIGNATURE_ALGORITHMS: Record<string, SignatureAlgorithmFacts> = {
  [OID.rsaEncryption]: { key: 'rsa', digest: null },
  '1.2.840.113549.1.1.5': { key: 'rsa', digest: 'sha1' },
  '1.2.840.113549.1.1.14': { key: 'rsa', digest: 'sha224' },
  [OID.sha256WithRSA]: { key: 'rsa', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'rsa', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'rsa', digest: 'sha512' },
  '2.16.840.1.101.3.4.3.14': { key: 'rsa', digest: 'sha3-256' },
  '2.16.840.1.101.3.4.3.15': { key: 'rsa', digest: 'sha3-384' },
  '2.16.840.1.101.3.4.3.16': { key: 'rsa', digest: 'sha3-512' },
  [OID.rsassaPss]: { key: 'rsa-pss', digest: null },
  '1.2.840.10045.4.1': { key: 'ec', digest: 'sha1' },
  '1.2.840.10045.4.3.1': { key: 'ec', digest: 'sha224' },
  [OID.ecdsaWithSHA256]: { key: 'ec', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'ec', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'ec', digest: 'sha512' },
  '2.16.840.1.101.3.4.3.10': { key: 'ec', digest: 'sha3-256' },
  '2.16.840.1.101.3.4.3.11': { key: 'ec', digest: 'sha3-384' },
  '2.16.840.1.101.3.4.3.12': { key: 'ec', digest: 'sha3-512' },
  [OID.ed25519]: { key: 'ed25519', digest: null },
  [OID.ed448]: { key: 'ed448', digest: null },
};

/**
 * Digest names by OID, signature algorithm OIDs included (for callers that only have one of
 * the two, e.g. a timestamp token's message imprint).
 */
export const DIGEST_BY_OID: Record<string, string> = {
  ...DIGEST_NAME_BY_OID,
  ...Object.fromEntries(Object.entries(SIGNATURE_ALGORITHMS).flatMap(([oid, f]) => (f.digest ? [[oid, f.digest]] : []))),
};
