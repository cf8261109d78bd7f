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

/** The "previous hash" of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const FORMAT = 'ecabinet-audit-1';

export interface ChainedContent {
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  at: string;
  prev_hash: string;
}

/** A JSON array: fixed field order, every string escaped, no separator ambiguity. */
export function entryHash(e: ChainedContent): string {
  const canonical = JSON.stringify([FORMAT, e.user_id, e.action, e.entity, e.entity_id, e.before_json, e.after_json, e.at, e.prev_hash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
