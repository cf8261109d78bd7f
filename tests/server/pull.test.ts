import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactChangeLog } from '../../server/index';
import { call, idsOf, pullAll, pushOk, seedCommittee, sha256Hex, DIALECTS, startTestServer, withoutWhatChanged, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

describe.each(DIALECTS)('sync pull (%s)', (dialect) => {
  let s: TestServer;
  let c: Committee;
  beforeAll(async () => {
    s = await startTestServer({ dialect });
    c = await seedCommittee(s);
  });
  afterAll(async () => s?.stop());

  it('pages a snapshot with hasMore and gives the same rows as one big page', async () => {
    const whole = await pullAll(s.url, c.users.thuky.token);
    expect(whole.pages).toBe(1);
    const paged = await pullAll(s.url, c.users.thuky.token, '', 2);
    expect(paged.pages).toBeGreaterThan(5);
    expect(paged.changes).toEqual(whole.changes);
    // Both end at the same log position.
    const nothing = await call(s.url, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(paged.cursor)}`, { token: c.users.thuky.token });
    expect(nothing.body).toMatchObject({ changes: [], hasMore: false });
  });

  it('continues incrementally, coalescing repeated changes of one entity into its current row', async () => {
    const start = await pullAll(s.url, c.users.an.token);
    const edit = (title: string) => ({
      id: randomUUID(),
      kind: 'agendaItem.upsert' as const,
      args: { id: c.itemA, meetingId: c.meetingA, position: 1, title, presenterId: null, presenterLabel: 'Sở Tài chính', plannedMinutes: 30 },
    });
    await pushOk(s.url, c.users.thuky.token, edit('Lần 1'), edit('Lần 2'), edit('Lần 3'));
    const next = await pullAll(s.url, c.users.an.token, start.cursor);
    expect(withoutWhatChanged(next.changes)).toHaveLength(1);
    expect(withoutWhatChanged(next.changes)[0]).toMatchObject({ entity: 'agendaItem', id: c.itemA, op: 'upsert', data: { title: 'Lần 3' } });
    // An does not see changes of meeting B, so B's edits leave his pull empty.
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: c.docB, meetingId: c.meetingB, agendaItemId: null, title: 'Đổi tên', fileName: 'b.pdf', sha256: sha256Hex(c.pdfB), classification: 'internal' },
    });
    const after = await pullAll(s.url, c.users.an.token, next.cursor);
    expect(after.changes).toEqual([]);
  });

  it('pages the incremental log too', async () => {
    const start = await pullAll(s.url, c.users.thuky.token);
    const items = Array.from({ length: 7 }, (_, i) => ({
      id: randomUUID(),
      kind: 'agendaItem.upsert' as const,
      args: { id: randomUUID(), meetingId: c.meetingB, position: i + 1, title: `Mục ${i + 1}`, presenterId: null, presenterLabel: '', plannedMinutes: 10 },
    }));
    await pushOk(s.url, c.users.thuky.token, ...items);
    const next = await pullAll(s.url, c.users.thuky.token, start.cursor, 3);
    // B is published: each new item also adds a "what changed" entry (14 rows, 5 pages of 3).
    expect(next.pages).toBe(5);
    expect(idsOf(next.changes, 'agendaItem')).toEqual(items.map((m) => m.args.id));
  });

  it('deletes travel as deletes', async () => {
    const start = await pullAll(s.url, c.users.binh.token);
    const itemId = randomUUID();
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: itemId, meetingId: c.meetingB, position: 9, title: 'Tạm', presenterId: null, presenterLabel: '', plannedMinutes: 5 },
    });
    const mid = await pullAll(s.url, c.users.binh.token, start.cursor);
    expect(idsOf(mid.changes, 'agendaItem')).toEqual([itemId]);
    await pushOk(s.url, c.users.thuky.token, { id: randomUUID(), kind: 'agendaItem.delete', args: { id: itemId } });
    const end = await pullAll(s.url, c.users.binh.token, mid.cursor);
    expect(withoutWhatChanged(end.changes)).toEqual([{ entity: 'agendaItem', id: itemId, op: 'delete' }]);
  });

  it('rejects an invalid limit with validation_failed', async () => {
    const r = await call(s.url, 'GET', '/api/sync/pull?limit=0', { token: c.users.an.token });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
  });

  it('answers 410 cursor_expired for a cursor older than the compacted log, and a fresh snapshot works', async () => {
    const old = await pullAll(s.url, c.users.an.token);
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, position: 2, title: 'Mới', presenterId: null, presenterLabel: '', plannedMinutes: 5 },
    });
    const recent = await pullAll(s.url, c.users.an.token, old.cursor);
    expect(withoutWhatChanged(recent.changes)).toHaveLength(1);
    const { dropped } = await compactChangeLog(s.db);
    expect(dropped).toBeGreaterThan(0);

    const expired = await call(s.url, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(old.cursor)}`, { token: c.users.an.token });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('cursor_expired');
    expect(expired.body.error.message).toBe('Dữ liệu đồng bộ đã cũ, đang tải lại toàn bộ.');
    // A cursor at the compaction point still works.
    const fine = await call(s.url, 'GET', `/api/sync/pull?cursor=${encodeURIComponent(recent.cursor)}`, { token: c.users.an.token });
    expect(fine.status).toBe(200);
    const fresh = await pullAll(s.url, c.users.an.token);
    expect(idsOf(fresh.changes, 'agendaItem')).toHaveLength(2);
    // Garbage cursors also mean "start over".
    expect((await call(s.url, 'GET', '/api/sync/pull?cursor=nonsense', { token: c.users.an.token })).status).toBe(410);
  });

  it('compaction through the data dir works while the server runs', async () => {
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: c.meetingA, position: 3, title: 'Nữa', presenterId: null, presenterLabel: '', plannedMinutes: 5 },
    });
    const r = await compactChangeLog(s.storage);
    expect(r.dropped).toBeGreaterThan(0);
    const health = await call(s.url, 'GET', '/api/health');
    expect(health.body.seq).toBe(r.floor);
  });
});
