/**
 * Trust roots for signature verification, configured per installation: one PEM file per root
 * in <dataDir>/trust-roots. None is shipped: Vietnamese government (Root CA of the Government
 * Cipher Committee) and public CA roots are added by the administrator after checking their
 * fingerprints; tests add their own test CA.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { TrustRootInfo } from '../../../shared/signing-bridge';
import { writeFileAtomic } from '../../../signing/atomic-write';

const fingerprintOf = (c: X509Certificate) => c.fingerprint256.replace(/:/g, '').toLowerCase();

export class TrustRoots {
  constructor(private readonly dir: string) {}

  private files(): string[] {
    try {
      return readdirSync(this.dir).filter((f) => /^[0-9a-f]{64}\.pem$/.test(f));
    } catch {
      return [];
    }
  }

  /** PEM texts, for verifyPdf. */
  pems(): string[] {
    return this.files().map((f) => readFileSync(path.join(this.dir, f), 'utf8'));
  }

  list(): TrustRootInfo[] {
    return this.files().flatMap((f) => {
      try {
        const c = new X509Certificate(readFileSync(path.join(this.dir, f)));
        return [{ fingerprint: fingerprintOf(c), subject: c.subject.split('\n').join(', '), notAfter: new Date(c.validTo).toISOString() }];
      } catch {
        return [];
      }
    });
  }

  /** Adds every certificate of the PEM text; only CA certificates are accepted. */
  async add(pem: string): Promise<TrustRootInfo[]> {
    const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => m[0]);
    if (blocks.length === 0) throw new AppError('validation_failed', 'no PEM certificate found', { field: 'pem' });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const b of blocks) {
      let c: X509Certificate;
      try {
        c = new X509Certificate(b);
      } catch {
        throw new AppError('validation_failed', 'unreadable certificate', { field: 'pem' });
      }
      if (!c.ca) throw new AppError('validation_failed', 'only CA certificates can be trust roots', { field: 'pem' });
      await writeFileAtomic(path.join(this.dir, `${fingerprintOf(c)}.pem`), Buffer.from(c.toString()));
    }
    return this.list();
  }

  remove(fingerprint: string): void {
    if (!/^[0-9a-f]{64}$/.test(fingerprint)) throw new AppError('bad_request', 'invalid fingerprint');
    rmSync(path.join(this.dir, `${fingerprint}.pem`), { force: true });
  }
}
