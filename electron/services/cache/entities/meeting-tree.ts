/**
 * The meeting tree in the cache: meetings, their participants, agenda and documents, and the
 * reader's own "I opened it" records. Deleting a meeting or a document takes what hangs under
 * it along, and frees the blobs nobody references any more.
 */
import { AgendaItem, Document, DocumentView, Meeting, Organization, Participant, UserProfile } from '../../../../shared/entities';
import { jsonTable, type CacheEntity, type CacheDb, type Touched } from './cache-entity';

const parseData = <T>(parse: (v: unknown) => T) => (r: { data: string } | undefined) => (r ? parse(JSON.parse(r.data)) : null);

export const organizationEntity = jsonTable<'organization'>({ table: 'organization', schema: Organization });
export const userEntity = jsonTable<'user'>({ table: 'users', schema: UserProfile, columns: { org_id: (u) => u.orgId } });
export const participantEntity = jsonTable<'participant'>({
  table: 'participants',
  schema: Participant,
  columns: { meeting_id: (p) => p.meetingId, user_id: (p) => p.userId },
  meetingColumn: 'meeting_id',
});
export const agendaItemEntity = jsonTable<'agendaItem'>({
  table: 'agenda_items',
  schema: AgendaItem,
  columns: { meeting_id: (i) => i.meetingId, position: (i) => i.position },
  meetingColumn: 'meeting_id',
});

const meetingRows = jsonTable<'meeting'>({ table: 'meetings', schema: Meeting, columns: { starts_at: (m) => m.startsAt, status: (m) => m.status } });

/** A meeting delete (also: "you no longer may see it") takes everything under it along. */
function dropMeeting(db: CacheDb, id: string, touched: Touched): void {
  for (const r of db.prepare('SELECT sha256 FROM documents WHERE meeting_id = ?').all(id) as { sha256: string }[]) touched.released.add(r.sha256);
  db.prepare('DELETE FROM document_views WHERE document_id IN (SELECT id FROM documents WHERE meeting_id = ?)').run(id);
  db.prepare('DELETE FROM documents WHERE meeting_id = ?').run(id);
  db.prepare('DELETE FROM agenda_items WHERE meeting_id = ?').run(id);
  db.prepare('DELETE FROM participants WHERE meeting_id = ?').run(id);
  db.prepare('DELETE FROM secretariat_rows WHERE meeting_id = ?').run(id);
  db.prepare('DELETE FROM annotations WHERE meeting_id = ?').run(id);
  db.prepare('DELETE FROM presentations WHERE meeting_id = ?').run(id);
  db.prepare('DELETE FROM meetings WHERE id = ?').run(id);
}

export const meetingEntity: CacheEntity<'meeting'> = {
  ...meetingRows,
  apply(db, c, touched) {
    touched.meetingIds.add(c.id);
    if (c.op === 'upsert') meetingRows.apply(db, c, touched);
    else dropMeeting(db, c.id, touched);
  },
  ofMeeting: (db, meetingId) => {
    const m = meetingRows.get(db, meetingId);
    return m ? [m] : [];
  },
};

const documentRows = jsonTable<'document'>({
  table: 'documents',
  schema: Document,
  columns: { meeting_id: (d) => d.meetingId, agenda_item_id: (d) => d.agendaItemId, sha256: (d) => d.sha256 },
  meetingColumn: 'meeting_id',
});

export const documentEntity: CacheEntity<'document'> = {
  ...documentRows,
  apply(db, c, touched) {
    const oldSha = (db.prepare('SELECT sha256 FROM documents WHERE id = ?').get(c.id) as { sha256: string } | undefined)?.sha256;
    if (oldSha && (c.op === 'delete' || oldSha !== c.data.sha256)) touched.released.add(oldSha);
    if (c.op === 'delete') {
      const m = (db.prepare('SELECT meeting_id FROM documents WHERE id = ?').get(c.id) as { meeting_id: string } | undefined)?.meeting_id;
      if (m) touched.meetingIds.add(m);
      db.prepare('DELETE FROM document_views WHERE document_id = ?').run(c.id);
      db.prepare("DELETE FROM secretariat_rows WHERE entity = 'documentVersion' AND document_id = ?").run(c.id);
      db.prepare('DELETE FROM annotations WHERE document_id = ?').run(c.id);
    }
    documentRows.apply(db, c, touched);
  },
};

const viewOf = parseData((v) => DocumentView.parse(v));

export const documentViewEntity: CacheEntity<'documentView'> = {
  tables: ['document_views'],
  apply(db, c, touched) {
    if (c.op === 'delete') {
      db.prepare('DELETE FROM document_views WHERE id = ?').run(c.id);
      return;
    }
    const m = (db.prepare('SELECT meeting_id FROM documents WHERE id = ?').get(c.data.documentId) as { meeting_id: string } | undefined)?.meeting_id;
    if (m) touched.meetingIds.add(m);
    // The server's row supersedes the provisional ones we wrote when the user opened it.
    db.prepare('DELETE FROM document_views WHERE provisional_mutation_id IS NOT NULL AND user_id = ? AND document_id = ? AND version <= ?').run(
      c.data.userId,
      c.data.documentId,
      c.data.version,
    );
    db.prepare(
      'INSERT OR REPLACE INTO document_views (id, user_id, document_id, version, data, provisional_mutation_id) VALUES (?, ?, ?, ?, ?, NULL)',
    ).run(c.id, c.data.userId, c.data.documentId, c.data.version, JSON.stringify(c.data));
  },
  get: (db, id) => viewOf(db.prepare('SELECT data FROM document_views WHERE id = ?').get(id) as { data: string } | undefined),
  ofMeeting: () => [],
};
