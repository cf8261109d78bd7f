/**
 * The key that seals meeting archives (CAdES over the manifest): one per deployment, kept in the
 * database (`server_meta`, the key as PKCS#8 PEM and the certificate followed by its issuers), so
 * that every instance sharing a PostgreSQL database seals with the same key, whichever builds the
 * archive; an instance's own folder may differ from the others' (blobs in a bucket). The admin
 * installs the organisation's key with `ecabinet archive-key import`; a deployment without one
 * (the demo) gets a self-signed key the first time an archive is built: the first instance to
 * store it wins and every other uses that one. A key an earlier version kept in the data folder
 * (`archive-key/key.pem`, `cert.pem`) is adopted the same way.
 */
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import { nodeRsaSigner } from '../node-rsa-signer';
import { softwareKey, type SigningKey } from '../../signing/index';
import type { Db } from '../db/open';

/** Where an earlier version kept the key, in the data folder. */
export const ARCHIVE_KEY_DIR = 'archive-key';

const META_KEY = 'archive_seal_key';

export interface ArchiveSigner {
  key: SigningKey;
  subject: string;
  /** SHA-256 of the certificate's DER, hex, upper case with colons (as openssl prints it). */
  fingerprint: string;
  selfSigned: boolean;
}

const pemBlocks = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const derOfPem = (block: string) => new Uint8Array(new X509Certificate(block).raw);

export function fingerprintOf(certDer: Uint8Array): string {
  return createHash('sha256').update(certDer).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** A signer from PEM texts; refuses a key that does not belong to the certificate. */
export function signerFromPem(keyPem: string, certPem: string): ArchiveSigner {
  const [leaf, ...chain] = pemBlocks(certPem);
  if (!leaf) throw new Error('cert.pem holds no certificate');
  const certificate = derOfPem(leaf);
  const key = softwareKey(createPrivateKey(keyPem), certificate, chain.map(derOfPem));
  const x = new X509Certificate(Buffer.from(certificate));
  return { key, subject: x.subject.replace(/\n/g, ', '), fingerprint: fingerprintOf(certificate), selfSigned: x.subject === x.issuer && x.verify(x.publicKey) };
}

interface StoredKey {
  keyPem: string;
  certPem: string;
}

async function storedKey(db: Db): Promise<StoredKey | null> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', META_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as StoredKey) : null;
}

/** The deployment's archive key, or null before one is installed or made. */
export async function loadArchiveSigner(db: Db): Promise<ArchiveSigner | null> {
  const k = await storedKey(db);
  return k ? signerFromPem(k.keyPem, k.certPem) : null;
}

/** The key an earlier version installed in the data folder, if any. */
export async function legacyArchiveKey(dir: string): Promise<StoredKey | null> {
  try {
    const [keyPem, certPem] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]);
    return { keyPem, certPem };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Installs the key and certificate for every instance, replacing the one before. */
export async function installArchiveKey(db: Db, keyPem: string, certPem: string): Promise<ArchiveSigner> {
  const signer = signerFromPem(keyPem, certPem);
  const value = JSON.stringify({ keyPem, certPem } satisfies StoredKey);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('server_meta').where('key', '=', META_KEY).execute();
    await trx.insertInto('server_meta').values({ key: META_KEY, value }).execute();
  });
  return signer;
}

/** Stores `k` unless a key is there already (transactions are serialized, on PostgreSQL across instances too); returns the one stored. */
async function storeFirst(db: Db, k: StoredKey): Promise<ArchiveSigner> {
  const value = JSON.stringify(k);
  await db.transaction().execute(async (trx) => {
    const there = await trx.selectFrom('server_meta').select('key').where('key', '=', META_KEY).executeTakeFirst();
    if (!there) await trx.insertInto('server_meta').values({ key: META_KEY, value }).execute();
  });
  return (await loadArchiveSigner(db))!;
}

/** A self-signed RSA certificate for the archive seal of `orgName` (ten years). */
export function selfSignedArchiveKey(orgName: string, now: Date): { keyPem: string; certPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${createHash('sha256').update(keyPem).digest('hex').slice(0, 30)}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);
  // forge encodes a UTF8String's text itself: encoding it first would store it twice encoded.
  const name = [
    { name: 'commonName', value: `Niêm phong lưu trữ eCabinet (tự ký) - ${orgName}`, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'O', value: orgName, valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'C', value: 'VN' },
  ];
  cert.setSubject(name as forge.pki.CertificateField[]);
  cert.setIssuer(name as forge.pki.CertificateField[]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(nodeRsaSigner(privateKey), forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

const making = new WeakMap<Db, Promise<ArchiveSigner>>();

/**
 * The deployment's signer; if there is none yet, the key an earlier version left in `legacyDir`
 * or a self-signed one, stored for every instance (made once per process, even for concurrent callers).
 */
export async function archiveSigner(db: Db, legacyDir: string, orgName: string, now: Date): Promise<ArchiveSigner> {
  const existing = await loadArchiveSigner(db);
  if (existing) return existing;
  let p = making.get(db);
  if (!p) {
    p = (async () => storeFirst(db, (await legacyArchiveKey(legacyDir)) ?? selfSignedArchiveKey(orgName, now)))().finally(() => making.delete(db));
    making.set(db, p);
  }
  return p;
}
