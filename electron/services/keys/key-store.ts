/**
 * The desktop's store of imported PKCS#12 signing keys. The private key is kept encrypted at
 * rest with AES-256-GCM under a key derived from the user's password with scrypt; the password
 * is asked at import and at each signing and never stored. Certificates stay readable so the
 * UI can list keys without a password. One JSON file per key, written atomically.
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, randomBytes, randomUUID, scrypt as scryptCb, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic } from '../../../signing/atomic-write';
import { softwareKey } from '../../../signing/keys/software-key';
import type { SigningKey } from '../../../signing/keys/signing-key';

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scrypt(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, 32, SCRYPT, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

export interface StoredKeyInfo {
  id: string;
  /** Signer's common name, or the subject. */
  label: string;
  subject: string;
  issuer: string;
  notAfter: string;
  keyType: 'rsa' | 'ec';
  /** SHA-256 of the certificate, hex. */
  fingerprint: string;
  importedAt: string;
}

interface StoredKeyFile extends StoredKeyInfo {
  version: 1;
  certificate: string; // base64 DER
  chain: string[];
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string; data: string };
}

export class KeyStore {
  constructor(private readonly dir: string) {}

  private file(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', 'Invalid key id');
    return path.join(this.dir, `${id}.json`);
  }

  /** Imports a PKCS#12 file; `password` opens it and then protects the stored private key. */
  async importPkcs12(bytes: Uint8Array, password: string): Promise<StoredKeyInfo> {
    // Node's crypto reads the usual layouts; node-forge loads only for a legacy (RC2) file.
    const { openPkcs12 } = await import('../../../signing/keys/pkcs12-native');
    const p = await openPkcs12(bytes, password);
    const cert = new X509Certificate(Buffer.from(p.certificate));
    const keyType = p.privateKey.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
    const pkcs8 = p.privateKey.export({ format: 'der', type: 'pkcs8' });
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await scrypt(password, salt), iv);
    const data = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
    pkcs8.fill(0);
    const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3);
    const stored: StoredKeyFile = {
      version: 1,
      id: randomUUID(),
      label: cn ?? cert.subject,
      subject: cert.subject.split('\n').join(', '),
      issuer: cert.issuer.split('\n').join(', '),
      notAfter: new Date(cert.validTo).toISOString(),
      keyType,
      fingerprint: createHash('sha256').update(p.certificate).digest('hex'),
      importedAt: new Date().toISOString(),
      certificate: Buffer.from(p.certificate).toString('base64'),
      chain: p.chain.map((c) => Buffer.from(c).toString('base64')),
      kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64') },
      cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') },
    };
    const existing = (await this.list()).find((k) => k.fingerprint === stored.fingerprint);
    if (existing) throw new AppError('conflict', 'This certificate is already in the key store', { id: existing.id });
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file(stored.id), Buffer.from(JSON.stringify(stored, null, 1)));
    return this.info(stored);
  }

  private info(s: StoredKeyFile): StoredKeyInfo {
    const { id, label, subject, issuer, notAfter, keyType, fingerprint, importedAt } = s;
    return { id, label, subject, issuer, notAfter, keyType, fingerprint, importedAt };
  }

  private async read(id: string): Promise<StoredKeyFile> {
    try {
      return JSON.parse(await readFile(this.file(id), 'utf8')) as StoredKeyFile;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('key_not_found', 'No such key in the key store');
      throw e;
    }
  }

  async list(): Promise<StoredKeyInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: StoredKeyInfo[] = [];
    for (const n of names.filter((f) => f.endsWith('.json'))) {
      try {
        out.push(this.info(JSON.parse(await readFile(path.join(this.dir, n), 'utf8')) as StoredKeyFile));
      } catch {
        /* skip a damaged entry */
      }
    }
    return out.sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  }

  /** Decrypts the key with the password (asked at signing) into a SigningKey held in memory only. */
  async unlock(id: string, password: string): Promise<SigningKey> {
    const s = await this.read(id);
    const key = await scrypt(password, Buffer.from(s.kdf.salt, 'base64'));
    let pkcs8: Buffer;
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.cipher.iv, 'base64'));
      d.setAuthTag(Buffer.from(s.cipher.tag, 'base64'));
      pkcs8 = Buffer.concat([d.update(Buffer.from(s.cipher.data, 'base64')), d.final()]);
    } catch {
      throw new AppError('wrong_password', 'Wrong password for this key');
    }
    const privateKey: KeyObject = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    pkcs8.fill(0);
    return softwareKey(privateKey, new Uint8Array(Buffer.from(s.certificate, 'base64')), s.chain.map((c) => new Uint8Array(Buffer.from(c, 'base64'))));
  }

  async remove(id: string): Promise<void> {
    await unlink(this.file(id)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
