import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Change } from '../../shared/api';
import { openCache } from '../../electron/services/cache/open-cache';
import { SyncedStore } from '../../electron/services/cache/synced-store';
import { composeMeetingDetail } from '../../shared/rules/meeting-detail';
import { removeTempDirs, tempDir } from './helpers/temp';

afterAll(removeTempDirs);

const id = () => crypto.randomUUID();
const T = '2026-11-23T01:00:00.000Z';
const orgId = id();
const me = id();
const chair = id();

function fixture() {
  const meetingId = id();
  const itemId = id();
  const docId = id();
  // Parsed, as the sync engine does: defaults fill fields added after this test was written.
  const changes: Change[] = ([
    { entity: 'organization', id: orgId, op: 'upsert', data: { id: orgId, name: 'UBND thành phố', shortName: 'UBND' } },
    { entity: 'user', id: me, op: 'upsert', data: { id: me, orgId, username: 'nva', fullName: 'Nguyễn Văn An', title: 'Ủy viên', role: 'member' } },
    { entity: 'user', id: chair, op: 'upsert', data: { id: chair, orgId, username: 'ct', fullName: 'Trần Thị Bình', title: 'Chủ tịch', role: 'chair' } },
    // The participant arrives BEFORE its meeting: the cache must not care about order.
    { entity: 'participant', id: id(), op: 'upsert', data: { id: id(), meetingId, userId: me, role: 'member' } },
    {
      entity: 'meeting', id: meetingId, op: 'upsert',
      data: { id: meetingId, orgId, title: 'Phiên họp thường kỳ', startsAt: T, endsAt: T, location: 'Phòng họp A', status: 'published', chairId: chair, updatedAt: T },
    },
    {
      entity: 'agendaItem', id: itemId, op: 'upsert',
      data: { id: itemId, meetingId, position: 1, title: 'Báo cáo tài chính', presenterId: chair, presenterLabel: '', plannedMinutes: 30, updatedAt: T },
    },
    {
      entity: 'document', id: docId, op: 'upsert',
      data: {
        id: docId, meetingId, agendaItemId: itemId, title: 'Tờ trình', fileName: 'to-trinh.pdf', sha256: 'a'.repeat(64), size: 10,
        mime: 'application/pdf', version: 2, classification: 'internal', updatedAt: T,
      },
    },
    { entity: 'documentView', id: id(), op: 'upsert', data: { id: id(), userId: me, documentId: docId, version: 1, viewedAt: T } },
  ] satisfies z.input<typeof Change>[]).map((c) => Change.parse(c));
  // Participant change ids must equal their data ids.
  for (const c of changes) if (c.op === 'upsert') (c as { id: string }).id = (c.data as { id: string }).id;
  return { meetingId, itemId, docId, changes };
}

describe('SyncedStore', () => {
  it('applies a page with its cursor and builds the read models', () => {
    const db = openCache(tempDir());
    const store = new SyncedStore(db);
    const { meetingId, docId, changes } = fixture();
    const touched = store.applyPullPage(changes, 'cur-1');
    expect(store.getCursor()).toBe('cur-1');
    expect(touched.meetingIds).toContain(meetingId);
    expect(touched.entities).toEqual(expect.arrayContaining(['meeting', 'participant', 'document', 'documentView']));

    const [summary] = store.meetingSummaries(me);
    expect(summary).toMatchObject({ id: meetingId, participantCount: 1, agendaItemCount: 1, documentCount: 1, chairName: 'Trần Thị Bình', myRole: 'member', organisationName: 'UBND' });

    const detail = composeMeetingDetail(store.meetingHead(meetingId, me)!, store.meetingDocuments(meetingId, me, () => false));
    expect(detail.agenda[0].presenter?.fullName).toBe('Trần Thị Bình');
    expect(detail.agenda[0].documents[0]).toMatchObject({ id: docId, cached: false, viewedVersion: 1 });
    expect(detail.documents).toEqual([]);
    db.close();
  });

  it('a meeting delete removes its participants, agenda, documents and reports the released blobs', () => {
    const db = openCache(tempDir());
    const store = new SyncedStore(db);
    const { meetingId, changes } = fixture();
    store.applyPullPage(changes, 'cur-1');
    const touched = store.applyPullPage([{ entity: 'meeting', id: meetingId, op: 'delete' }], 'cur-2');
    expect(touched.releasedSha256).toEqual(['a'.repeat(64)]);
    for (const t of ['meetings', 'participants', 'agenda_items', 'documents', 'document_views'])
      expect((db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n, t).toBe(0);
    expect(store.getCursor()).toBe('cur-2');
    db.close();
  });

  it('a page that fails half-way changes nothing, not even the cursor', () => {
    const db = openCache(tempDir());
    const store = new SyncedStore(db);
    const { changes } = fixture();
    store.applyPullPage(changes.slice(0, 3), 'cur-1');
    const broken = { entity: 'meeting', id: id(), op: 'upsert', data: { id: id() } } as unknown as Change;
    expect(() => store.applyPullPage([...changes.slice(3), broken], 'cur-2')).toThrow();
    expect(store.getCursor()).toBe('cur-1');
    expect(store.listMeetings()).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM participants').get() as { n: number }).n).toBe(0);
    db.close();
  });

  it('a server view replaces the provisional one recorded locally', () => {
    const db = openCache(tempDir());
    const store = new SyncedStore(db);
    const { docId, changes } = fixture();
    store.applyPullPage(changes, 'cur-1');
    store.recordProvisionalView({ id: id(), userId: me, documentId: docId, version: 2, viewedAt: T }, 'mut-1');
    expect(store.localDocument(store.getDocument(docId)!, me, false).viewedVersion).toBe(2);
    const serverView = id();
    store.applyPullPage([{ entity: 'documentView', id: serverView, op: 'upsert', data: { id: serverView, userId: me, documentId: docId, version: 2, viewedAt: T } }], 'cur-2');
    expect(db.prepare('SELECT id FROM document_views WHERE provisional_mutation_id IS NOT NULL').all()).toEqual([]);
    expect(store.localDocument(store.getDocument(docId)!, me, false).viewedVersion).toBe(2);
    db.close();
  });

  it('resetSynced clears rows and cursor but keeps the outbox', () => {
    const db = openCache(tempDir());
    const store = new SyncedStore(db);
    store.applyPullPage(fixture().changes, 'cur-1');
    db.prepare("INSERT INTO outbox (mutation_id, kind, json, created_at) VALUES ('x', 'k', '{}', 't')").run();
    store.resetSynced();
    expect(store.getCursor()).toBe('');
    expect(store.listMeetings()).toEqual([]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(1);
    db.close();
  });
});
