/**
 * A key that can sign: a software key (PKCS#12) or a key on a PKCS#11 token. The PAdES code
 * only sees this interface, so the signing workflow can pass whichever the user chose.
 */
export type KeyType = 'rsa' | 'ec';

export interface SigningKey {
  /** DER of the signer's certificate. */
  readonly certificate: Uint8Array;
  /** DER of the issuing certificates (intermediates, optionally the root), signer excluded. */
  readonly chain: readonly Uint8Array[];
  readonly keyType: KeyType;
  /**
   * Signs `data` with SHA-256: RSA PKCS#1 v1.5, or ECDSA as a DER `ECDSA-Sig-Value`
   * (the forms CMS carries).
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** DER ECDSA-Sig-Value from the raw r||s a PKCS#11 token returns. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = b.subarray(i);
    if (v[0] & 0x80) v = Uint8Array.from([0, ...v]);
    return Uint8Array.from([0x02, v.length, ...v]);
  };
  const r = int(raw.subarray(0, half));
  const s = int(raw.subarray(half));
  const body = Uint8Array.from([...r, ...s]);
  // Body of P-256/P-384 signatures stays below 128 bytes; P-521 needs the long length form.
  const len = body.length < 128 ? [body.length] : [0x81, body.length];
  return Uint8Array.from([0x30, ...len, ...body]);
}
