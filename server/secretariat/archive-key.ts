/**
 * The key that seals meeting archives (CAdES over the manifest), kept in the server's data
 * folder: `archive-key/key.pem` (PKCS#8, 0600) and `cert.pem` (the certificate, then its
 * issuers). The admin installs the organisation's key with `ecabinet archive-key import`; a
 * server without one (the demo) makes a self-signed key the first time it needs one.
 */
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import { softwareKey, type SigningKey } from '../../signing/index';

export const ARCHIVE_KEY_DIR = 'archive-key';

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

export async function loadArchiveSigner(dir: string): Promise<ArchiveSigner | null> {
  try {
    const [keyPem, certPem] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]);
    return signerFromPem(keyPem, certPem);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Writes the key (0600) and certificate into `dir` (0700), replacing what was there. */
export async function installArchiveKey(dir: string, keyPem: string, certPem: string): Promise<ArchiveSigner> {
  const signer = signerFromPem(keyPem, certPem);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  for (const [name, text] of [['key.pem', keyPem], ['cert.pem', certPem]] as const) {
    const tmp = join(dir, `${name}.${process.pid}.tmp`);
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, join(dir, name));
  }
  return signer;
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
  const name = [
    { name: 'commonName', value: forge.util.encodeUtf8(`Niêm phong lưu trữ eCabinet (tự ký) - ${orgName}`), valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'O', value: forge.util.encodeUtf8(orgName), valueTagClass: forge.asn1.Type.UTF8 },
    { shortName: 'C', value: 'VN' },
  ];
  cert.setSubject(name as forge.pki.CertificateField[]);
  cert.setIssuer(name as forge.pki.CertificateField[]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

const making = new Map<string, Promise<ArchiveSigner>>();

/** The configured signer, or a self-signed one made now (once, even for concurrent callers). */
export async function archiveSigner(dir: string, orgName: string, now: Date): Promise<ArchiveSigner> {
  const existing = await loadArchiveSigner(dir);
  if (existing) return existing;
  let p = making.get(dir);
  if (!p) {
    const { keyPem, certPem } = selfSignedArchiveKey(orgName, now);
    p = installArchiveKey(dir, keyPem, certPem).finally(() => making.delete(dir));
    making.set(dir, p);
  }
  return p;
}
