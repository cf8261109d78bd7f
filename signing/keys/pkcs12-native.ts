/**
 * PKCS#12 read with Node's own crypto, for the layouts OpenSSL, Windows and the CA tools write:
 * the password-integrity MAC (HMAC under the RFC 7292 key), certificates in plain or encrypted
 * safe contents (PBES2 with PBKDF2 and AES or 3DES, or PKCS#12 PBE with 3DES), private keys in
 * key bags or shrouded key bags (decrypted by OpenSSL itself in createPrivateKey). Loading and
 * running node-forge costs a signature from the command line more than everything else it does.
 *
 * Anything it does not know, and any failure (a wrong password included), gives null: the
 * caller then reads the file with node-forge, which decides and words the error.
 */
import { createDecipheriv, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/app-error';
import { childrenOf, encoded, isUniversal, oidOf, readTlv, smallIntegerOf, stringBytes, TAG, type Tlv } from '../cms/der';
import { pkcs12Kdf } from './pkcs12-kdf';
import type { SigningKey } from './signing-key';
import { softwareKey } from './software-key';

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
} as const;

/** Hash name, output and block length of the MAC digests and PBKDF2 PRFs. */
const DIGESTS: Record<string, [string, number, number]> = {
  '1.3.14.3.2.26': ['sha1', 20, 64],
  '2.16.840.1.101.3.4.2.4': ['sha224', 28, 64],
  '2.16.840.1.101.3.4.2.1': ['sha256', 32, 64],
  '2.16.840.1.101.3.4.2.2': ['sha384', 48, 128],
  '2.16.840.1.101.3.4.2.3': ['sha512', 64, 128],
};
const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
/** Cipher name and key length of the PBES2 encryption schemes. */
const CIPHERS: Record<string, [string, number]> = {
  '2.16.840.1.101.3.4.1.2': ['aes-128-cbc', 16],
  '2.16.840.1.101.3.4.1.22': ['aes-192-cbc', 24],
  '2.16.840.1.101.3.4.1.42': ['aes-256-cbc', 32],
  '1.2.840.113549.3.7': ['des-ede3-cbc', 24],
};

/** The layout is not one read here: let node-forge read the file. */
class Unsupported extends Error {}

type Block = Tlv;

function children(b: Block | undefined): Block[] {
  if (!b?.constructed) throw new Unsupported('not a constructed value');
  return childrenOf(b);
}

const oid = (b: Block | undefined): string => {
  if (!isUniversal(b, TAG.oid)) throw new Unsupported('not an object identifier');
  return oidOf(b!);
};

const integer = (b: Block | undefined): number => {
  if (!isUniversal(b, TAG.integer)) throw new Unsupported('not an integer');
  return smallIntegerOf(b!);
};

/** The bytes of an OCTET STRING, [n] IMPLICIT one included, primitive or constructed (BER). */
function octets(b: Block | undefined): Buffer {
  if (!b) throw new Unsupported('no octets');
  return stringBytes(b);
}

/** The value inside an [n] EXPLICIT tag. */
const explicit = (b: Block | undefined): Block => children(b)[0];

/** The value `bytes` start with (BER; what may follow it is ignored, as asn1js did). */
const parse = (bytes: Uint8Array): Block => readTlv(bytes);

/** ContentInfo of type data: its octets. */
function dataContent(contentInfo: Block): Buffer {
  const [type, content] = children(contentInfo);
  if (oid(type) !== OIDS.data) throw new Unsupported('not data');
  return octets(explicit(content));
}

function decrypt(algorithm: Block, data: Buffer, password: string): Buffer {
  const [algId, params] = children(algorithm);
  const alg = oid(algId);
  if (alg === OIDS.pbeSha1TripleDes) {
    const [salt, iterations] = children(params);
    const s = octets(salt);
    const n = integer(iterations);
    const key = pkcs12Kdf(password, s, 1, n, 24, 'sha1', 20, 64);
    const iv = pkcs12Kdf(password, s, 2, n, 8, 'sha1', 20, 64);
    return decipher('des-ede3-cbc', key, iv, data);
  }
  if (alg !== OIDS.pbes2) throw new Unsupported(`encryption ${alg}`);
  const [kdf, scheme] = children(params);
  const [kdfId, kdfParams] = children(kdf);
  if (oid(kdfId) !== OIDS.pbkdf2) throw new Unsupported('key derivation');
  const [salt, iterations, ...rest] = children(kdfParams);
  const prfBlock = rest.find((b) => isUniversal(b, TAG.sequence));
  const prf = prfBlock ? PRFS[oid(children(prfBlock)[0])] : 'sha1';
  const [schemeId, iv] = children(scheme);
  const cipher = CIPHERS[oid(schemeId)];
  if (!prf || !cipher) throw new Unsupported('cipher');
  // OpenSSL derives PBES2 keys from the password's UTF-8 bytes.
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), octets(salt), integer(iterations), cipher[1], prf);
  return decipher(cipher[0], key, octets(iv), data);
}

function decipher(name: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv(name, key, iv);
  return Buffer.concat([d.update(data), d.final()]);
}

function checkMac(pfx: Block[], authSafe: Buffer, password: string): void {
  if (pfx.length < 3) return; // no MAC: a wrong password shows when decrypting
  const [mac, salt, iterations] = children(pfx[2]);
  const [digestAlgorithm, digest] = children(mac);
  const d = DIGESTS[oid(children(digestAlgorithm)[0])];
  if (!d) throw new Unsupported('MAC digest');
  const key = pkcs12Kdf(password, octets(salt), 3, iterations ? integer(iterations) : 1, d[1], d[0], d[1], d[2]);
  const expected = octets(digest);
  const actual = createHmac(d[0], key).update(authSafe).digest();
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw new Unsupported('MAC mismatch');
}

export interface NativePkcs12 {
  keys: KeyObject[];
  certificates: Uint8Array[];
}

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** DER of the certificate matching the private key. */
  certificate: Uint8Array;
  /** DER of the other certificates in the file (issuers). */
  chain: Uint8Array[];
}

/** The private key, its certificate and the others. */
export function pkcs12Contents({ keys, certificates }: NativePkcs12): Pkcs12Contents {
  if (keys.length === 0) throw new AppError('key_not_found', 'The PKCS#12 file holds no private key');
  for (const privateKey of keys) {
    const index = certificates.findIndex((c) => new X509Certificate(Buffer.from(c)).checkPrivateKey(privateKey));
    if (index >= 0) return { privateKey, certificate: certificates[index], chain: certificates.filter((_, i) => i !== index) };
  }
  throw new AppError('key_not_found', 'The PKCS#12 file holds no certificate for its private key');
}

/** Like readPkcs12, loading node-forge only for a file Node's crypto cannot read. */
export async function openPkcs12(bytes: Uint8Array, password: string): Promise<Pkcs12Contents> {
  return pkcs12Contents(readPkcs12Natively(bytes, password) ?? (await import('./pkcs12-forge')).readPkcs12WithForge(bytes, password));
}

/** Like pkcs12Key, loading node-forge only for a file Node's crypto cannot read. */
export async function openPkcs12Key(bytes: Uint8Array, password: string): Promise<SigningKey> {
  const p = await openPkcs12(bytes, password);
  return softwareKey(p.privateKey, p.certificate, p.chain);
}

/** The keys and certificates of a PKCS#12 file, or null when node-forge has to read it. */
export function readPkcs12Natively(bytes: Uint8Array, password: string): NativePkcs12 | null {
  try {
    const pfx = children(parse(bytes));
    if (integer(pfx[0]) !== 3) return null;
    const authSafe = dataContent(pfx[1]);
    checkMac(pfx, authSafe, password);
    const keys: KeyObject[] = [];
    const certificates: Uint8Array[] = [];
    for (const info of children(parse(authSafe))) {
      const type = oid(children(info)[0]);
      let safeContents: Buffer;
      if (type === OIDS.data) safeContents = dataContent(info);
      else if (type === OIDS.encryptedData) {
        const [, encryptedContentInfo] = children(explicit(children(info)[1]));
        const [, algorithm, content] = children(encryptedContentInfo);
        safeContents = decrypt(algorithm, octets(content), password);
      } else return null;
      for (const bag of children(parse(safeContents))) {
        const [bagId, bagValue] = children(bag);
        const id = oid(bagId);
        const value = explicit(bagValue);
        if (id === OIDS.certBag) {
          const [certId, certValue] = children(value);
          if (oid(certId) === OIDS.x509Certificate) certificates.push(new Uint8Array(octets(explicit(certValue))));
        } else if (id === OIDS.keyBag || id === OIDS.shroudedKeyBag) {
          const der = Buffer.from(encoded(value));
          keys.push(id === OIDS.keyBag ? createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) : createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password }));
        }
      }
    }
    return { keys, certificates };
  } catch {
    return null;
  }
}
