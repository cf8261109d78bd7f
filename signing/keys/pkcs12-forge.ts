/**
 * PKCS#12 read with node-forge, for the layouts Node's crypto is not given (pkcs12-native.ts):
 * RC2 and other legacy ciphers, odd encodings, and to word the errors (wrong password, not a
 * PKCS#12 file). forge cannot build EC keys or certificates itself, so the raw ASN.1 it keeps for
 * those is handed to Node's crypto instead.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../shared/app-error';
import { pkcs12Kdf } from './pkcs12-kdf';

// forge runs PBKDF2 in JavaScript when handed a digest object, which it does for PBES2 (what
// OpenSSL 3 writes), about half a second per file; by the digest's name it uses Node's own.
type Pbkdf2 = (p: string, s: string, c: number, dkLen: number, md?: unknown, cb?: unknown) => string;
const pkcs5 = forge.pkcs5 as unknown as { pbkdf2: Pbkdf2 };
const jsPbkdf2 = pkcs5.pbkdf2;
pkcs5.pbkdf2 = (p, s, c, dkLen, md, cb) => {
  const name = md && typeof md === 'object' && typeof (md as { algorithm?: unknown }).algorithm === 'string' ? (md as { algorithm: string }).algorithm : md;
  return jsPbkdf2(p, s, c, dkLen, name, cb);
};

// forge derives the MAC key (2,048 hash rounds in OpenSSL 3's files) in JavaScript too.
type Kdf = (password: string, salt: forge.util.ByteStringBuffer, id: number, iter: number, n: number, md?: forge.md.MessageDigest) => forge.util.ByteStringBuffer;
const forgePbe = (forge.pki as unknown as { pbe: unknown }).pbe as { generatePkcs12Key: Kdf };
const forgeP12 = forge.pkcs12 as unknown as { generateKey: Kdf };
const jsKdf = forgePbe.generatePkcs12Key;
const nativeKdf: Kdf = (password, salt, id, iter, n, md) => {
  const m = md as unknown as { algorithm?: string; digestLength?: number; blockLength?: number } | undefined;
  if (!m?.algorithm || !m.digestLength || !m.blockLength || !(iter >= 1)) return jsKdf(password, salt, id, iter, n, md);
  const key = pkcs12Kdf(password, Buffer.from(salt.bytes(), 'binary'), id, iter, n, m.algorithm, m.digestLength, m.blockLength);
  return forge.util.createBuffer(key.toString('binary'));
};
forgePbe.generatePkcs12Key = nativeKdf;
forgeP12.generateKey = nativeKdf;

const derOf = (asn1: forge.asn1.Asn1) => Uint8Array.from(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));

/** The keys and certificates of a PKCS#12 file; AppError wrong_password or bad_request. */
export function readPkcs12WithForge(bytes: Uint8Array, password: string): { keys: KeyObject[]; certificates: Uint8Array[] } {
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
  const certificates: Uint8Array[] = [];
  for (const bag of p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []) {
    if (bag.cert) certificates.push(derOf(forge.pki.certificateToAsn1(bag.cert)));
    else if (bag.asn1) certificates.push(derOf(bag.asn1));
  }
  return { keys, certificates };
}
