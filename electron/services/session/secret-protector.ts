/**
 * Protects the session tokens at rest. Electron passes a protector backed by the OS keychain
 * (`safeStorage`); plain Node / browser mode uses FileKeySecretProtector below.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';

export interface SecretProtector {
  protect(plain: string): Promise<string> | string;
  unprotect(protectedText: string): Promise<string> | string;
}

const PREFIX = 'fk1:';

/**
 * AES-256-GCM with a random key kept in `<dataDir>/session.key` (mode 0600). Honest limits:
 * this keeps tokens out of the database file and from other OS users, but anyone who can read
 * the user's files can read the key too. Prefer an OS keychain protector where available.
 */
export class FileKeySecretProtector implements SecretProtector {
  private key: Buffer | null = null;

  constructor(private readonly dataDir: string) {}

  private loadKey(): Buffer {
    if (this.key) return this.key;
    const file = path.join(this.dataDir, 'session.key');
    fs.mkdirSync(this.dataDir, { recursive: true });
    try {
      const k = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
      if (k.length === 32) {
        fs.chmodSync(file, 0o600);
        return (this.key = k);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const k = crypto.randomBytes(32);
    // Write-then-rename so a crash never leaves a truncated key behind.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, k.toString('base64'), { mode: 0o600 });
    fs.renameSync(tmp, file);
    return (this.key = k);
  }

  protect(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.loadKey(), iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
  }

  unprotect(protectedText: string): string {
    if (!protectedText.startsWith(PREFIX)) throw new AppError('unauthenticated', 'stored secret has an unknown format');
    const raw = Buffer.from(protectedText.slice(PREFIX.length), 'base64');
    if (raw.length < 28) throw new AppError('unauthenticated', 'stored secret is truncated');
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.loadKey(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError('unauthenticated', 'stored secret cannot be decrypted (key changed?)');
    }
  }
}
