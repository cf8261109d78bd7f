/** Bridge handlers of the reader: search across cached documents, reading positions. */
import type { BridgeHandlers } from '../../shared/bridge';
import { AppError } from '../../shared/errors';
import { ReadingPosition } from '../../shared/reader';
import type { CacheDb } from './cache/open-cache';
import type { SyncedStore } from './cache/synced-store';
import type { TextIndex } from './search/text-index';
import type { TextIndexer } from './search/text-indexer';

type ReaderHandlers = Pick<BridgeHandlers, 'search.query' | 'search.documentText' | 'reader.getPosition' | 'reader.savePosition'>;

export function readerHandlers(deps: {
  db: CacheDb;
  synced: SyncedStore;
  index: TextIndex;
  indexer: TextIndexer;
  /** The signed-in user's id; throws not_signed_in otherwise. */
  userId: () => string;
  now: () => Date;
}): ReaderHandlers {
  const { db, synced, index, indexer, userId, now } = deps;
  return {
    'search.query': async ({ query, limit }) => {
      userId();
      return index.search(query, { limit, pendingDocuments: indexer.pendingCount() });
    },

    'search.documentText': async ({ documentId }) => {
      userId();
      const doc = synced.getDocument(documentId);
      return { pages: doc ? index.pageTexts(doc.sha256) : [] };
    },

    'reader.getPosition': async ({ documentId }) => {
      const row = db.prepare('SELECT data FROM reading_positions WHERE user_id = ? AND document_id = ?').get(userId(), documentId) as
        | { data: string }
        | undefined;
      if (!row) return null;
      const parsed = ReadingPosition.safeParse(JSON.parse(row.data));
      return parsed.success ? parsed.data : null;
    },

    'reader.savePosition': async ({ documentId, position }) => {
      const me = userId();
      if (!synced.getDocument(documentId)) throw new AppError('not_found', 'document not found');
      db.prepare('INSERT OR REPLACE INTO reading_positions (user_id, document_id, data, updated_at) VALUES (?, ?, ?, ?)').run(
        me,
        documentId,
        JSON.stringify(position),
        now().toISOString(),
      );
      return { ok: true as const };
    },
  };
}
