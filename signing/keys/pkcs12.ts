/**
 * Reads a PKCS#12 (.p12/.pfx) file with node-forge (which also handles the AES/PBKDF2 files
 * OpenSSL 3 writes). forge cannot build EC keys or certificates itself, so the raw ASN.1 it
 * keeps for those is handed to Node's crypto instead.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../shared/app-error';
import { softwareKey } from './software-key';
import type { SigningKey } from './signing-key';

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** DER of the certificate matching the private key. */
  certificate: Uint8Array;
  /** DER of the other certificates in the file (issuers). */
  chain: Uint8Array[];
}

// forge runs PBKDF2 in JavaScript when handed a digest object, which it does for PBES2 (what
// OpenSSL 3 writes), about half a second per file; by the digest's name it uses Node's own.
type Pbkdf2 = (p: string, s: string, c: number, dkLen: number, md?: unknown, cb?: unknown) => string;
const pkcs5 = forge.pkcs5 as unknown as { pbkdf2: Pbkdf2 };
const jsPbkdf2 = pkcs5.pbkdf2;
pkcs5.pbkdf2 = (p, s, c, dkLen, md, cb) => {
  const name = md && typeof md === 'object' && typeof (md as { algorithm?: unknown }).algorithm === 'string' ? (md as { algorithm: string }).algorithm : md;
  return jsPbkdf2(p, s, c, dkLen, name, cb);
};

const derOf = (asn1: forge.asn1.Asn1) => Uint8Array.from(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));

export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  const parse = () => forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
  try {
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(parse(), false, password);
    } catch (e) {
      // forge checks the MAC first, with the password as BMPString (right for any language), but
      // then feeds PBES2 (OpenSSL 3's default) the JS string where OpenSSL uses UTF-8 bytes. When
      // the MAC passed and only decryption failed with a non-ASCII password, decrypt with UTF-8.
      // Decrypting with the wrong key usually fails the padding check, but about once in 256 the
      // garbage passes it and fails later as ASN.1: anything but a MAC failure means "retry".
      // eslint-disable-next-line no-control-regex
      if (/\bmac\b/i.test((e as Error).message) || /^[\x00-\x7f]*$/.test(password)) throw e;
      const asn1 = parse();
      (asn1.value as forge.asn1.Asn1[]).splice(2); // MAC already verified above
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, forge.util.encodeUtf8(password));
    }
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if (/mac|password|invalid|decrypt|pad/i.test(msg) && !/too few bytes|asn\.1|der/i.test(msg)) {
      throw new AppError('wrong_password', 'Wrong password for the PKCS#12 file');
    }
    throw new AppError('bad_request', `Not a readable PKCS#12 file: ${msg}`);
  }
  const keys: KeyObject[] = [];
  for (const type of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag]) {
    for (const bag of p12.getBags({ bagType: type })[type] ?? []) {
      if (bag.key) keys.push(createPrivateKey(forge.pki.privateKeyToPem(bag.key)));
      else if (bag.asn1) keys.push(createPrivateKey({ key: Buffer.from(derOf(bag.asn1)), format: 'der', type: 'pkcs8' }));
    }
  }
  const certs: Uint8Array[] = [];
  for (const bag of p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []) {
    if (bag.cert) certs.push(derOf(forge.pki.certificateToAsn1(bag.cert)));
    else if (bag.asn1) certs.push(derOf(bag.asn1));
  }
  if (keys.length === 0) throw new AppError('key_not_found', 'The PKCS#12 file holds no private key');
  for (const privateKey of keys) {
    const index = certs.findIndex((c) => new X509Certificate(Buffer.from(c)).checkPrivateKey(privateKey));
    if (index >= 0) {
      return { privateKey, certificate: certs[index], chain: certs.filter((_, i) => i !== index) };
    }
  }
  throw new AppError('key_not_found', 'The PKCS#12 file holds no certificate for its private key');
}

/** A SigningKey from a PKCS#12 file. */
export function pkcs12Key(bytes: Uint8Array, password: string): SigningKey {
  const p = readPkcs12(bytes, password);
  return softwareKey(p.privateKey, p.certificate, p.chain);
}
