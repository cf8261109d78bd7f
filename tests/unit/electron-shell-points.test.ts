/**
 * What the Electron shell decides, run without Electron (no binary here): whether session
 * tokens are sealed by the OS keychain or by the file key, and the privileges of the document
 * scheme. Electron itself (safeStorage's real keychain, fuses in a packaged binary, Chromium
 * enforcing the CSP and the scheme's CORS) is proven only by running the packaged app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keychainProtector, type SafeStorageLike } from '../../electron/keychain-protector';
import { FileKeySecretProtector } from '../../electron/services/session/secret-protector';
import { DOC_SCHEME_PRIVILEGES } from '../../electron/window-policy';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ecab-keychain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for safeStorage (named as such): reversible, and recognisably not the file key. */
function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret'): SafeStorageLike & { sealed: number } {
  const s = {
    sealed: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => {
      s.sealed++;
      return Buffer.from(`sealed:${plain}`).reverse();
    },
    decryptString: (b: Buffer) => {
      const text = Buffer.from(b).reverse().toString();
      if (!text.startsWith('sealed:')) throw new Error('not ours');
      return text.slice('sealed:'.length);
    },
  };
  return s;
}

describe('session tokens at rest in the Electron shell', () => {
  const fileKey = new FileKeySecretProtector(dir);

  it('are sealed by the OS keychain when it protects them, and read back', async () => {
    const ss = fakeSafeStorage(true);
    const p = keychainProtector(ss, 'linux', fileKey);
    const stored = await p.protect('refresh-token-123');
    expect(stored).toMatch(/^ss1:/);
    expect(stored).not.toContain('refresh-token-123');
    expect(ss.sealed).toBe(1);
    expect(await p.unprotect(stored)).toBe('refresh-token-123');
  });

  it('on Linux without a keyring (safeStorage\'s hard-coded basic_text key) fall back to the file key', async () => {
    const ss = fakeSafeStorage(true, 'basic_text');
    const p = keychainProtector(ss, 'linux', fileKey);
    const stored = await p.protect('refresh-token-123');
    expect(ss.sealed).toBe(0);
    expect(await fileKey.unprotect(stored)).toBe('refresh-token-123');
    // No keychain at all: the file key too.
    expect(await keychainProtector(fakeSafeStorage(false), 'darwin', fileKey).protect('x')).not.toMatch(/^ss1:/);
  });

  it('a token sealed by the file key before the keychain was there stays readable; one the keychain cannot open is a coded error', async () => {
    const before = await fileKey.protect('old-token');
    const p = keychainProtector(fakeSafeStorage(true), 'win32', fileKey);
    expect(await p.unprotect(before)).toBe('old-token');
    expect(() => p.unprotect('ss1:AAAA')).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
  });
});

describe('the ecabinet-doc:// scheme', () => {
  it('is a secure standard scheme that streams and answers fetch, and never bypasses the CSP or runs service workers', () => {
    expect(DOC_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true });
    expect(DOC_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(DOC_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
  });
});
