/**
 * Session tokens at rest in the Electron shell: sealed by the OS keychain through safeStorage
 * when it offers real protection; on Linux without a keyring safeStorage falls back to a
 * hard-coded key ('basic_text'), so the file-key protector is used instead. Takes safeStorage as
 * a parameter so that this decision runs (and is tested) without Electron.
 */
import { AppError } from '../shared/errors';
import type { SecretProtector } from './services/session/secret-protector';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

const PREFIX = 'ss1:';

export function keychainProtector(safeStorage: SafeStorageLike, platform: NodeJS.Platform, fileKey: SecretProtector): SecretProtector {
  const keychainUsable = safeStorage.isEncryptionAvailable() && (platform !== 'linux' || safeStorage.getSelectedStorageBackend?.() !== 'basic_text');
  if (!keychainUsable) return fileKey;
  return {
    protect: (plain) => PREFIX + safeStorage.encryptString(plain).toString('base64'),
    unprotect: (text) => {
      // Secrets written before the keychain became available stay readable.
      if (!text.startsWith(PREFIX)) return fileKey.unprotect(text);
      try {
        return safeStorage.decryptString(Buffer.from(text.slice(PREFIX.length), 'base64'));
      } catch {
        throw new AppError('unauthenticated', 'stored secret cannot be decrypted by the OS keychain');
      }
    },
  };
}
