/**
 * The audit log is complete and tamper-evident: annotations (without their text), blob uploads
 * and vote-result PDFs are recorded; entries form a hash chain that stays whole under
 * concurrent writers; editing a row in the SQLite file is reported by `ecabinet audit verify`
 * naming the entry; and the secretary reads the log with Vietnamese action names, full names,
 * "before → after" per field, filters and pages.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWebAnnotation } from '../../shared/annotations';
import type { AuditResponse } from '../../shared/audit';
import { entryHash } from '../../server/audit/chain';
import { verifyAuditChain } from '../../server/audit/verify-chain';
import { DB_FILE_NAME } from '../../server/index';
import { check } from '../helpers/tool';
import { waitFor } from '../helpers/wait-for';
import { command, seedLiveCommittee } from '../integration/helpers/live-committee';
import { call, login, makePdf, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

const bin = resolve(__dirname, '../../bin/ecabinet.cjs');
const SECRET_NOTE = 'Ý kiến riêng: không đồng ý phương án B';

describe('audit log: every write, hash-chained, readable', () => {
  let s: TestServer;
  let c: Awaited<ReturnType<typeof seedCommittee>>;
  beforeAll(async () => {
    s = await startTestServer();
    c = await seedCommittee(s);
  });
  afterAll(() => s?.stop());

  const audit = async (query = '') => (await call<AuditResponse>(s.url, 'GET', `/api/audit${query}`, { token: c.users.thuky.token })).body;

  it('a private annotation is recorded (that it was written, by whom, on which document) but never its text', async () => {
    const id = randomUUID();
    const annotation = toWebAnnotation({
      id, documentId: c.docA, version: 1, sha256: sha256Hex(c.pdfA), kind: 'note', color: 'yellow', page: 1, text: SECRET_NOTE,
      geometry: { rect: [10, 10, 30, 30] }, created: new Date().toISOString(), modified: new Date().toISOString(),
    });
    await pushOk(s.url, c.users.an.token, { id: randomUUID(), kind: 'annotation.upsert', args: { id, documentId: c.docA, annotation, shared: false, updatedAt: new Date().toISOString() } });
    await pushOk(s.url, c.users.an.token, { id: randomUUID(), kind: 'annotation.delete', args: { id, updatedAt: new Date(Date.now() + 1000).toISOString() } });

    const rows = await s.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.user_id])).toEqual([
      ['annotation.create', c.users.an.id],
      ['annotation.delete', c.users.an.id],
    ]);
    expect(JSON.parse(rows[0].after_json!)).toEqual({ documentId: c.docA, meetingId: c.meetingA, shared: false, deleted: false });
    const all = await s.db.selectFrom('audit_log').select(['before_json', 'after_json']).execute();
    expect(JSON.stringify(all)).not.toContain('không đồng ý phương án B');
  });

  it('a blob upload is recorded with its uploader', async () => {
    const bytes = await makePdf('Báo cáo bổ sung');
    expect((await uploadPdf(s.url, c.users.thuky.token, bytes)).status).toBe(201);
    const row = await s.db.selectFrom('audit_log').selectAll().where('entity', '=', 'blob').where('entity_id', '=', sha256Hex(bytes)).executeTakeFirst();
    expect(row).toMatchObject({ action: 'blob.upload', user_id: c.users.thuky.id });
    expect(JSON.parse(row!.after_json!)).toEqual({ size: bytes.byteLength });
  });

  it('concurrent writers from many sessions leave one unbroken chain', async () => {
    const tokens = await Promise.all(Array.from({ length: 6 }, () => login(s.url, 'thuky').then((t) => t.accessToken)));
    await Promise.all(
      tokens.flatMap((token, i) =>
        Array.from({ length: 5 }, (_, j) =>
          pushOk(s.url, token, {
            id: randomUUID(),
            kind: 'task.upsert',
            args: { id: randomUUID(), meetingId: c.meetingA, title: `Nhiệm vụ ${i}-${j}`, agency: 'Sở Tài chính', assignee: '', deadline: '2026-12-31', expectedResult: '', follower: '', status: 'open' },
          }),
        ),
      ),
    );
    const report = await verifyAuditChain(s.db);
    expect(report).toMatchObject({ ok: true });
    const count = await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(report.entries).toBe(Number(count.n));
  });

  it('the secretary reads Vietnamese action names, full names and "before → after" per field, filters and pages', async () => {
    const first = await audit(`?meetingId=${c.meetingA}&action=participant.upsert&limit=1`);
    expect(first.entries).toHaveLength(1);
    expect(first.entries[0].action).toBe('participant.upsert');
    expect(first.nextBeforeId).not.toBeNull();
    const second = await audit(`?meetingId=${c.meetingA}&action=participant.upsert&limit=1&beforeId=${first.nextBeforeId}`);
    expect(second.entries[0].id).toBeLessThan(first.entries[0].id);
    expect(first.people.map((p) => p.name)).toContain('Trần Thị Thư Ký');
    // The person a participant row names, by name (the screen's `names`, and the CSV): not by id alone.
    const personId = first.entries[0].changes.find((ch) => ch.field === 'userId')?.after as string;
    const person = await s.db.selectFrom('users').select('full_name').where('id', '=', personId).executeTakeFirstOrThrow();
    expect(first.entries[0].names[personId]).toBe(person.full_name);
    const joinedCsv = await call(s.url, 'GET', `/api/audit.csv?meetingId=${c.meetingA}&action=participant.upsert`, { token: c.users.thuky.token });
    expect(joinedCsv.body).toContain(`Người: — → ${person.full_name}`);
    expect(joinedCsv.body).toContain(`Cuộc họp: — → `);
    expect(joinedCsv.body).not.toContain(`→ ${c.meetingA}`);

    const byAn = await audit(`?userId=${c.users.an.id}`);
    expect(byAn.entries.length).toBeGreaterThan(0);
    expect(byAn.entries.every((e) => e.userName === 'Lê Văn An')).toBe(true);
    const none = await audit('?from=2001-01-01&to=2001-01-02');
    expect(none.entries).toEqual([]);

    // Publishing changed the meeting's status: one field, as plain values, no JSON.
    const publish = (await audit(`?meetingId=${c.meetingA}&action=meeting.publish`)).entries[0];
    expect(publish.changes).toContainEqual({ field: 'status', before: 'draft', after: 'published' });
    const csv = await call(s.url, 'GET', `/api/audit.csv?meetingId=${c.meetingA}&action=meeting.publish`, { token: c.users.thuky.token });
    expect(csv.body).toContain('Phát hành cuộc họp');
    // As the screen says it: the field and its codes by their Vietnamese names.
    expect(csv.body).toContain('Trạng thái: Nháp → Đã phát hành');
    expect(csv.body).not.toContain('{"');
  });
});

describe('the vote-result PDF is audited', () => {
  it('closing a vote records the result document with who closed it', async () => {
    const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    try {
      const c = await seedLiveCommittee(s, 2);
      const opened = await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Thông qua tờ trình?' } as never });
      await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId: opened.body.vote!.id });
      const row = await waitFor(() => s.db.selectFrom('audit_log').selectAll().where('action', '=', 'vote.resultPdf').executeTakeFirst());
      expect(row).toMatchObject({ entity: 'document', user_id: c.chair.id });
    } finally {
      await s.stop();
    }
  });
});

describe('the live meeting is audited', () => {
  it('asking to speak, the chair giving and ending the floor, and the shared screen are recorded with who did them', async () => {
    const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    try {
      const c = await seedLiveCommittee(s, 2);
      const [an] = c.members;
      const asked = await command(s, an.token, c.meetingId, { type: 'speaker.request' });
      const requestId = asked.body.speakers.find((x) => x.userId === an.id)!.id;
      await command(s, c.chair.token, c.meetingId, { type: 'speaker.grant', requestId });
      await command(s, c.chair.token, c.meetingId, { type: 'speaker.finish' });
      await pushOk(s.url, c.chair.token, { id: randomUUID(), kind: 'presentation.set', args: { meetingId: c.meetingId, documentId: null, page: 1 } });
      const rows = await s.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity_id', '=', c.meetingId).where('action', 'in', ['live.speakerRequested', 'live.speakerGranted', 'live.speakerFinished', 'presentation.set']).orderBy('id').execute();
      expect(rows).toEqual([
        { action: 'live.speakerRequested', user_id: an.id },
        { action: 'live.speakerGranted', user_id: c.chair.id },
        { action: 'live.speakerFinished', user_id: c.chair.id },
        { action: 'presentation.set', user_id: c.chair.id },
      ]);
      expect((await verifyAuditChain(s.db)).ok).toBe(true);
    } finally {
      await s.stop();
    }
  });
});

describe('ecabinet audit verify', () => {
  it.skipIf(!existsSync(join(__dirname, '../../dist/cli.cjs')))('reports the first entry edited in the SQLite file, with exit status 1', async () => {
    const s = await startTestServer();
    try {
      await seedCommittee(s);
      const run = () => check(process.execPath, [bin, 'audit', 'verify', '--data', s.dataDir], { timeoutMs: 60_000 });
      const intact = await run();
      expect(intact.status, intact.stderr).toBe(0);
      expect(intact.stdout).toContain('Nhật ký toàn vẹn');

      // Someone with the database file changes who published meeting A.
      const raw = new BetterSqlite3(join(s.dataDir, DB_FILE_NAME));
      const target = raw.prepare("SELECT id, at FROM audit_log WHERE action = 'meeting.publish' ORDER BY id LIMIT 1").get() as { id: number; at: string };
      raw.prepare("UPDATE audit_log SET after_json = replace(after_json, 'published', 'draft') WHERE id = ?").run(target.id);
      raw.close();

      const broken = await run();
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`Mục #${target.id} (${target.at}) đã bị sửa sau khi ghi`);
      expect(broken.stdout).toContain(`Entry #${target.id}`);

      // Recomputing the edited entry's own hash only moves the break to the next entry's link.
      const raw2 = new BetterSqlite3(join(s.dataDir, DB_FILE_NAME));
      const edited = raw2.prepare('SELECT * FROM audit_log WHERE id = ?').get(target.id) as Parameters<typeof entryHash>[0];
      raw2.prepare('UPDATE audit_log SET hash = ? WHERE id = ?').run(entryHash(edited), target.id);
      const next = raw2.prepare('SELECT id, at FROM audit_log WHERE id > ? ORDER BY id LIMIT 1').get(target.id) as { id: number; at: string };
      raw2.close();
      const relinked = await run();
      expect(relinked.status).toBe(1);
      expect(relinked.stdout).toContain(`Mục #${next.id} (${next.at}) không nối tiếp mục trước`);
    } finally {
      await s.stop();
    }
  });
});
