/** Walks the audit log's hash chain from the first entry and reports the first broken link. */
import type { Db } from '../db/open';
import { entryHash, GENESIS_HASH } from './chain';

export interface ChainHead {
  id: number;
  at: string;
  hash: string;
}

export type BrokenReason =
  /** The entry's content no longer matches its stored hash (edited in place). */
  | 'content_changed'
  /** The entry does not follow the one before it (an entry before it was edited, removed or inserted). */
  | 'link_broken';

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** The last entry that verified; null when the log is empty or the first entry is broken. */
  head: ChainHead | null;
  broken?: { id: number; at: string; reason: BrokenReason };
}

const PAGE = 2000;

export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let head: ChainHead | null = null;
  let entries = 0;
  let lastId = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const row of page) {
      if (row.prev_hash !== prev) return { ok: false, entries, head, broken: { id: row.id, at: row.at, reason: 'link_broken' } };
      if (!row.hash || entryHash({ ...row, prev_hash: row.prev_hash }) !== row.hash)
        return { ok: false, entries, head, broken: { id: row.id, at: row.at, reason: 'content_changed' } };
      prev = row.hash;
      head = { id: row.id, at: row.at, hash: row.hash };
      lastId = row.id;
      entries += 1;
    }
    if (page.length < PAGE) return { ok: true, entries, head };
  }
}

/** The newest entry as stored, without walking the chain (what an archive pins). */
export async function auditChainHead(db: Db): Promise<ChainHead | null> {
  const row = await db.selectFrom('audit_log').select(['id', 'at', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.hash ? { id: row.id, at: row.at, hash: row.hash } : null;
}
