/**
 * The key that encrypts the client cache at rest (the SQLite cache and the cached documents):
 * 32 random bytes kept in `<dataDir>/cache.key`, never in clear where an OS keychain exists.
 *
 * - Electron seals it with the OS keychain (`safeStorage`, through the shell's SecretProtector):
 *   a copy of the data folder alone cannot be read.
 * - Browser mode has no keychain: the key sits in the file itself, mode 0600 in a 0700 folder.
 *   That only keeps it from other OS accounts: whoever can read this user's files (or a backup
 *   of the folder) can read the cache. See ARCHITECTURE.md, "Client data at rest".
 *
 * A key that cannot be unsealed (another OS account, a keychain reset) is an error, never a
 * reason to make a new key: the cache stays as it is until the right keychain is back.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { SecretProtector } from '../session/secret-protector';
import { makePrivateDir, makePrivateFiles, PRIVATE_FILE_MODE } from './private-files';

export const CACHE_KEY_FILE = 'cache.key';
const KEY_BYTES = 32;
/** The key in clear (browser mode). */
const PLAIN = 'plain1:';
/** The key sealed by a SecretProtector (Electron: the OS keychain). */
const SEALED = 'sealed1:';

const keyFile = (dataDir: string) => path.join(dataDir, CACHE_KEY_FILE);

function readKeyFile(dataDir: string): string | null {
  try {
    const text = fs.readFileSync(keyFile(dataDir), 'utf8').trim();
    makePrivateFiles(keyFile(dataDir));
    return text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function writeKeyFile(dataDir: string, text: string): void {
  makePrivateDir(dataDir);
  // Write-then-rename: a crash never leaves a truncated key (which would lock the cache).
  const tmp = `${keyFile(dataDir)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: PRIVATE_FILE_MODE });
  fs.renameSync(tmp, keyFile(dataDir));
}

function parseKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES) throw new AppError('cache_locked', 'the cache key file is damaged');
  return key;
}

/** Browser mode (and tests): the key in a 0600 file, created on first use. */
export function loadOrCreateFileCacheKey(dataDir: string): Buffer {
  const text = readKeyFile(dataDir);
  if (text === null) {
    const key = crypto.randomBytes(KEY_BYTES);
    writeKeyFile(dataDir, PLAIN + key.toString('base64'));
    return key;
  }
  if (text.startsWith(PLAIN)) return parseKey(text.slice(PLAIN.length));
  throw new AppError('cache_locked', 'the cache key is sealed by the desktop app\'s OS keychain; open this data folder with the desktop app');
}

/**
 * Electron: the key sealed by `protector` (the OS keychain), created on first use. A key left
 * in clear by browser mode is sealed now.
 */
export async function loadOrCreateSealedCacheKey(dataDir: string, protector: SecretProtector): Promise<Buffer> {
  const text = readKeyFile(dataDir);
  if (text === null || text.startsWith(PLAIN)) {
    const key = text === null ? crypto.randomBytes(KEY_BYTES) : parseKey(text.slice(PLAIN.length));
    writeKeyFile(dataDir, SEALED + (await protector.protect(key.toString('base64'))));
    return key;
  }
  if (!text.startsWith(SEALED)) throw new AppError('cache_locked', 'the cache key file has an unknown format');
  let unsealed: string;
  try {
    unsealed = await protector.unprotect(text.slice(SEALED.length));
  } catch {
    throw new AppError('cache_locked', 'the OS keychain cannot unseal the cache key (another user account, or the keychain was reset?)');
  }
  return parseKey(unsealed);
}
