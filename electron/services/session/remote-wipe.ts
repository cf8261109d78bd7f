/**
 * What a device erases when the server says it was revoked (an administrator revoked it, or
 * disabled the account): everything it holds of the account — synced rows, cached documents and
 * their search text, writes not yet sent (outbox, annotations, queued uploads), reading places
 * and vote receipts, and the signing keys imported on it (password-encrypted, but a lost laptop
 * gives a thief all the time he wants to guess). The signed-in session itself is cleared by the
 * caller.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CacheDb } from '../cache/open-cache';
import type { OutboxStore } from '../cache/outbox-store';

/** Tables of the account's own local state that are not synced rows (those go with `wipeSynced`). */
const LOCAL_ACCOUNT_TABLES = ['pending_uploads', 'reading_positions', 'vote_receipts', 'annotation_anchoring', 'signing_local'] as const;

export interface RemoteWipeDeps {
  db: CacheDb;
  dataDir: string;
  outbox: OutboxStore;
  /** Forgets synced rows, cached files and the search index (the logout wipe). */
  wipeSynced: () => void;
}

export function wipeAccountData(deps: RemoteWipeDeps): void {
  const existing = new Set(
    (deps.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name),
  );
  deps.db.transaction(() => {
    deps.outbox.clearAll();
    for (const t of LOCAL_ACCOUNT_TABLES) if (existing.has(t)) deps.db.prepare(`DELETE FROM ${t}`).run();
    // Nobody owns the cache now: whoever signs in next starts from nothing.
    deps.db.prepare('UPDATE sync_state SET owner = NULL WHERE id = 1').run();
  })();
  deps.wipeSynced();
  // Files waiting to be uploaded (a document being prepared, a file signed here).
  const uploads = path.join(deps.dataDir, 'uploads');
  for (const name of fs.existsSync(uploads) ? fs.readdirSync(uploads) : []) if (name !== 'tmp') fs.rmSync(path.join(uploads, name), { recursive: true, force: true });
  fs.rmSync(path.join(deps.dataDir, 'keys'), { recursive: true, force: true });
}
