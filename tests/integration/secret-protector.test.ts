import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileKeySecretProtector } from '../../electron/services/session/secret-protector';
import { removeTempDirs, tempDir } from './helpers/temp';

afterAll(removeTempDirs);

describe('FileKeySecretProtector', () => {
  it('round-trips, never stores the plain text, keeps its key 0600', () => {
    const dir = tempDir();
    const p = new FileKeySecretProtector(dir);
    const sealed = p.protect('token-123');
    expect(sealed).not.toContain('token-123');
    expect(p.protect('token-123')).not.toBe(sealed); // random IV
    expect(new FileKeySecretProtector(dir).unprotect(sealed)).toBe('token-123');
    expect(fs.statSync(path.join(dir, 'session.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses tampered text and another key', () => {
    const sealed = new FileKeySecretProtector(tempDir()).protect('secret');
    expect(() => new FileKeySecretProtector(tempDir()).unprotect(sealed)).toThrow(/decrypted/);
    const dir = tempDir();
    const p = new FileKeySecretProtector(dir);
    const s = p.protect('secret');
    const tampered = s.slice(0, -4) + (s.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => p.unprotect(tampered)).toThrow();
  });
});
