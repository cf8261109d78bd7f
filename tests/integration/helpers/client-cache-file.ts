/** Opens a client's encrypted cache.sqlite the way the app does (browser mode's key file), to look inside. */
import path from 'node:path';
import { loadOrCreateFileCacheKey } from '../../../electron/services/crypto/cache-key';
import { openEncryptedDatabase } from '../../../electron/services/crypto/encrypted-database';

export function openClientCacheFile(dataDir: string, options: { readonly?: boolean } = {}) {
  return openEncryptedDatabase(path.join(dataDir, 'cache.sqlite'), loadOrCreateFileCacheKey(dataDir), options);
}
