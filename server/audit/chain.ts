/**
 * The audit log's hash chain: each entry stores the SHA-256 of its canonical content, which
 * includes the previous entry's hash. Changing, inserting or removing an entry anywhere but at
 * the very end breaks the link after it; the end is pinned by the chain head each meeting
 * archive carries (signed), so cutting the tail is seen against any archive made later.
 *
 * The canonical form is frozen: entries written with it must verify for ever. A new form needs
 * a new version tag and both kept here.
 */
import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../db/schema';

/** The "previous hash" of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const FORMAT = 'ecabinet-audit-1';

/** What the hash covers: an audit row's columns but its id and hash, with the link it makes. */
export type ChainedContent = Pick<AuditLogTable, 'user_id' | 'action' | 'entity' | 'entity_id' | 'before_json' | 'after_json' | 'at'> & { prev_hash: string };

/** A JSON array: fixed field order, every string escaped, no separator ambiguity. */
export function entryHash(e: ChainedContent): string {
  const canonical = JSON.stringify([FORMAT, e.user_id, e.action, e.entity, e.entity_id, e.before_json, e.after_json, e.at, e.prev_hash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
