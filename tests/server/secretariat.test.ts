/**
 * The secretariat's rules on a real server: publishing refusals and effects,
 * optimistic concurrency between two secretaries, read-only closed meetings, confidential
 * reader lists (rows AND blobs), attendance, "what changed", audit log, archive zip,
 * minutes PDF (office conversion: office-conversion.test.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../shared/api';
import { tool } from '../helpers/tool';
import { addUser, call, idsOf, login, makePdf, PASSWORD, pullAll, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

async function pdfText(bytes: Uint8Array): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ecab-pdftext-'));
  try {
    writeFileSync(join(dir, 'f.pdf'), bytes);
    return (await tool('pdftotext', ['-layout', join(dir, 'f.pdf'), '-'])).toString('utf8').normalize('NFC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('secretariat', () => {
  let s: TestServer;
  let c: Committee;
  let thuky2: string;
  const sec = () => c.users.thuky.token;

  const push1 = async (token: string, m: Mutation): Promise<MutationResult> => {
    const r = await call(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] } });
    expect(r.status).toBe(200);
    return r.body.results[0];
  };
  const newMeeting = (over: Partial<Extract<Mutation, { kind: 'meeting.upsert' }>['args']> = {}): Extract<Mutation, { kind: 'meeting.upsert' }> => ({
    id: randomUUID(),
    kind: 'meeting.upsert',
    args: {
      id: randomUUID(),
      title: 'Phiên họp chuyên đề về quy hoạch',
      startsAt: '2026-12-01T01:00:00.000Z',
      endsAt: '2026-12-01T04:00:00.000Z',
      location: 'Phòng họp tầng 3',
      status: 'draft',
      chairId: c.users.chutich.id,
      kind: 'thematic',
      hostAgency: 'Sở Quy hoạch - Kiến trúc',
      ...over,
    },
  });

  beforeAll(async () => {
    s = await startTestServer();
    c = await seedCommittee(s);
    await addUser(s.dataDir, { username: 'thuky2', role: 'secretary', fullName: 'Ngô Thị Thư Ký Hai', password: PASSWORD });
    thuky2 = (await login(s.url, 'thuky2')).accessToken;
  });
  afterAll(async () => s?.stop());

  it('refuses to publish without a chair or without participants, with a clear translated reason', async () => {
    const m = newMeeting({ chairId: null });
    await pushOk(s.url, sec(), m);
    const refused = await push1(sec(), { id: randomUUID(), kind: 'meeting.publish', args: { meetingId: m.args.id } });
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'publish_no_chair', details: { reasons: ['no_chair', 'no_participants'] } } });
    expect(refused.error!.message).toBe('Chưa thể phát hành: cuộc họp chưa có người chủ trì.');
    // The same rule through a plain status change.
    const viaUpsert = await push1(sec(), { ...newMeeting(), id: randomUUID(), args: { ...m.args, chairId: c.users.chutich.id, status: 'published' } });
    expect(viaUpsert).toMatchObject({ status: 'rejected', error: { code: 'publish_no_participants' } });
    const en = await call(s.url, 'POST', '/api/sync/push', {
      token: sec(),
      headers: { 'accept-language': 'en' },
      body: { mutations: [{ id: randomUUID(), kind: 'meeting.publish', args: { meetingId: m.args.id } }] },
    });
    expect(en.body.results[0].error.message).toBe('Cannot publish yet: the meeting has no chair.');
    // Still a draft: a member sees nothing of it.
    expect(idsOf((await pullAll(s.url, c.users.an.token)).changes, 'meeting')).not.toContain(m.args.id);
  });

  it('publishing makes it visible, sends each participant a notice with the "Giấy mời" PDF', async () => {
    const m = newMeeting();
    const item = randomUUID();
    await pushOk(
      s.url,
      sec(),
      m,
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: m.args.id, userId: c.users.an.id, role: 'member' } },
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: m.args.id, userId: c.users.chutich.id, role: 'chair' } },
      {
        id: randomUUID(),
        kind: 'agendaItem.upsert',
        args: { id: item, meetingId: m.args.id, position: 1, title: 'Đồ án quy hoạch phân khu N9', presenterId: null, presenterLabel: 'Giám đốc Sở', presenterAgency: 'Sở Quy hoạch - Kiến trúc', plannedMinutes: 60 },
      },
    );
    const before = await pullAll(s.url, c.users.an.token);
    expect(idsOf(before.changes, 'meeting')).not.toContain(m.args.id);
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'meeting.publish', args: { meetingId: m.args.id, baseRevision: 1 } });

    const after = await pullAll(s.url, c.users.an.token, before.cursor);
    const meeting = after.changes.find((x) => x.entity === 'meeting' && x.id === m.args.id);
    expect(meeting).toMatchObject({ op: 'upsert', data: { status: 'published', kind: 'thematic', hostAgency: 'Sở Quy hoạch - Kiến trúc' } });
    expect((meeting as any).data.publishedAt).toBeTruthy();
    expect(idsOf(after.changes, 'agendaItem')).toEqual([item]);
    const notices = after.changes.filter((x) => x.entity === 'notice' && x.op === 'upsert') as any[];
    expect(notices).toHaveLength(1);
    expect(notices[0].data).toMatchObject({ userId: c.users.an.id, meetingId: m.args.id, kind: 'invitation', readAt: null });
    const pdf = await fetch(`${s.url}/api/blobs/${notices[0].data.sha256}`, { headers: { authorization: `Bearer ${c.users.an.token}` } });
    expect(pdf.status).toBe(200);
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('GIẤY MỜI');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Đồ án quy hoạch phân khu N9');
    // Binh is not invited: neither the notice nor the invitation's bytes.
    expect((await call(s.url, 'GET', `/api/blobs/${notices[0].data.sha256}`, { token: c.users.binh.token })).status).toBe(404);

    // Marking it read is private to An.
    await pushOk(s.url, c.users.an.token, { id: randomUUID(), kind: 'notice.markRead', args: { id: notices[0].id } });
    const stolen = await push1(c.users.binh.token, { id: randomUUID(), kind: 'notice.markRead', args: { id: notices[0].id } });
    expect(stolen).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });

    // A change after publishing is listed to members as "what changed".
    const cursor = after.cursor;
    await pushOk(s.url, sec(), {
      id: randomUUID(),
      kind: 'agendaItem.upsert',
      args: { id: randomUUID(), meetingId: m.args.id, position: 2, title: 'Phương án giao thông khu vực', presenterId: null, presenterLabel: '', plannedMinutes: 30 },
    });
    const changed = await pullAll(s.url, c.users.an.token, cursor);
    const notes = changed.changes.filter((x) => x.entity === 'meetingChange') as any[];
    expect(notes.map((n) => [n.data.change, n.data.subject])).toEqual([['agendaItem.added', 'Phương án giao thông khu vực']]);
  });

  it('two secretaries editing one item: the later stale save is refused with the current row, nothing overwritten; resending on the new base applies', async () => {
    const m = newMeeting();
    await pushOk(s.url, sec(), m);
    const base = 1;
    const first = await push1(sec(), { id: randomUUID(), kind: 'meeting.upsert', args: { ...m.args, title: 'Tiêu đề của thư ký 1', baseRevision: base } });
    expect(first.status).toBe('applied');
    const second = await push1(thuky2, { id: randomUUID(), kind: 'meeting.upsert', args: { ...m.args, title: 'Tiêu đề của thư ký 2', baseRevision: base } });
    expect(second).toMatchObject({
      status: 'rejected',
      error: { code: 'conflict', details: { entity: 'meeting', id: m.args.id, baseRevision: 1, currentRevision: 2, current: { title: 'Tiêu đề của thư ký 1' } } },
    });
    const row = await s.db.selectFrom('meetings').select(['title', 'revision']).where('id', '=', m.args.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Tiêu đề của thư ký 1', revision: 2 });
    // "Keep mine": resend on the revision the conflict reported.
    const kept = await push1(thuky2, { id: randomUUID(), kind: 'meeting.upsert', args: { ...m.args, title: 'Tiêu đề của thư ký 2', baseRevision: 2 } });
    expect(kept.status).toBe('applied');
    expect((await s.db.selectFrom('meetings').select(['title', 'revision']).where('id', '=', m.args.id).executeTakeFirstOrThrow())).toEqual({ title: 'Tiêu đề của thư ký 2', revision: 3 });
  });

  it('a closed meeting is read-only: every write is refused with a clear error', async () => {
    const m = newMeeting();
    const p = randomUUID();
    await pushOk(s.url, sec(), m, { id: randomUUID(), kind: 'participant.upsert', args: { id: p, meetingId: m.args.id, userId: c.users.an.id, role: 'member' } });
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'meeting.publish', args: { meetingId: m.args.id } });
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'meeting.close', args: { meetingId: m.args.id } });
    const attempts: Mutation[] = [
      { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: randomUUID(), meetingId: m.args.id, position: 1, title: 'Muộn', presenterId: null, presenterLabel: '', plannedMinutes: 5 } },
      { id: randomUUID(), kind: 'meeting.upsert', args: { ...m.args, title: 'Sửa sau khi đóng', status: 'published' } },
      { id: randomUUID(), kind: 'participant.delete', args: { id: p } },
      { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: p, attendance: 'present' } },
      { id: randomUUID(), kind: 'minutes.save', args: { id: randomUUID(), meetingId: m.args.id, body: 'x', conclusions: '' } },
    ];
    for (const a of attempts) {
      const r = await push1(sec(), a);
      expect(r, a.kind).toMatchObject({ status: 'rejected', error: { code: 'meeting_closed', message: 'Cuộc họp đã kết thúc và lưu trữ: không thể thay đổi.' } });
    }
    expect((await push1(c.users.an.token, { ...attempts[3], id: randomUUID() })).error?.code).toBe('meeting_closed');
  });

  it('a confidential document reaches only its readers: rows, versions and bytes', async () => {
    const bytes = await makePdf('Mat: phuong an nhan su');
    expect((await uploadPdf(s.url, sec(), bytes)).status).toBe(201);
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: c.meetingA, userId: c.users.binh.id, role: 'member' } });
    const anBefore = await pullAll(s.url, c.users.an.token);
    const binhBefore = await pullAll(s.url, c.users.binh.token);
    const doc = randomUUID();
    await pushOk(s.url, sec(), {
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: doc, meetingId: c.meetingA, agendaItemId: null, title: 'Phương án nhân sự (Mật)', fileName: 'nhan-su.pdf', sha256: sha256Hex(bytes), classification: 'confidential', allowPrint: null, allowDownload: null, readerIds: [c.users.an.id] },
    });
    const an = await pullAll(s.url, c.users.an.token, anBefore.cursor);
    expect(idsOf(an.changes, 'document')).toEqual([doc]);
    expect((an.changes.find((x) => x.entity === 'document') as any).data.readerIds).toEqual([c.users.an.id]);
    expect(an.changes.filter((x) => x.entity === 'documentVersion' && x.op === 'upsert')).toHaveLength(1);
    const binh = await pullAll(s.url, c.users.binh.token, binhBefore.cursor);
    expect(idsOf(binh.changes, 'document')).toEqual([]);
    expect(binh.changes.filter((x) => x.entity === 'documentVersion' && x.op === 'upsert')).toEqual([]);
    // "What changed" does not spell out a confidential title.
    expect(JSON.stringify(binh.changes)).not.toContain('nhân sự');
    expect(idsOf((await pullAll(s.url, c.users.binh.token)).changes, 'document')).not.toContain(doc);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(bytes)}`, { token: c.users.binh.token })).status).toBe(404);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(bytes)}`, { token: c.users.an.token })).status).toBe(200);
    // Taken off the list: An's copy is withdrawn, and the bytes with it.
    await pushOk(s.url, sec(), {
      id: randomUUID(),
      kind: 'document.upsert',
      args: { id: doc, meetingId: c.meetingA, agendaItemId: null, title: 'Phương án nhân sự (Mật)', fileName: 'nhan-su.pdf', sha256: sha256Hex(bytes), classification: 'confidential', allowPrint: null, allowDownload: null, readerIds: [] },
    });
    const anAfter = await pullAll(s.url, c.users.an.token, an.cursor);
    expect(anAfter.changes).toContainEqual({ entity: 'document', id: doc, op: 'delete' });
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(bytes)}`, { token: c.users.an.token })).status).toBe(404);
  });

  it('members check themselves in (only themselves); the secretary records anyone', async () => {
    const parts = await s.db.selectFrom('participants').selectAll().where('meeting_id', '=', c.meetingA).execute();
    const an = parts.find((p) => p.user_id === c.users.an.id)!;
    const chair = parts.find((p) => p.user_id === c.users.chutich.id)!;
    await pushOk(s.url, c.users.an.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: an.id, attendance: 'present' } });
    const other = await push1(c.users.an.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: chair.id, attendance: 'present' } });
    expect(other).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    await pushOk(s.url, sec(), { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: chair.id, attendance: 'absent', delegateName: 'Phó Chủ tịch Nguyễn Văn Phó' } });
    const rows = (await pullAll(s.url, c.users.an.token)).changes.filter((x) => x.entity === 'participant') as any[];
    expect(rows.find((r) => r.id === an.id).data).toMatchObject({ attendance: 'present', checkedInBy: c.users.an.id });
    expect(rows.find((r) => r.id === chair.id).data).toMatchObject({ attendance: 'absent', delegateName: 'Phó Chủ tịch Nguyễn Văn Phó' });
  });

  it('minutes export to a laid-out Vietnamese PDF attached to the meeting', async () => {
    const minutesId = randomUUID();
    await pushOk(
      s.url,
      sec(),
      { id: randomUUID(), kind: 'minutes.save', args: { id: minutesId, meetingId: c.meetingA, body: 'Nội dung 1: Sở Tài chính trình bày tờ trình.\nCác thành viên thống nhất.', conclusions: 'Giao Sở Tài chính hoàn thiện hồ sơ.' } },
      {
        id: randomUUID(),
        kind: 'task.upsert',
        args: { id: randomUUID(), meetingId: c.meetingA, title: 'Hoàn thiện hồ sơ dự toán', agency: 'Sở Tài chính', assignee: 'Giám đốc Sở', deadline: '2026-12-15', expectedResult: 'Tờ trình trình UBND', follower: 'Văn phòng UBND', status: 'open' },
      },
      { id: randomUUID(), kind: 'minutes.exportPdf', args: { meetingId: c.meetingA } },
    );
    const minutes = await s.db.selectFrom('minutes').selectAll().where('id', '=', minutesId).executeTakeFirstOrThrow();
    const doc = await s.db.selectFrom('documents').selectAll().where('id', '=', minutes.document_id!).executeTakeFirstOrThrow();
    const res = await fetch(`${s.url}/api/blobs/${doc.sha256}`, { headers: { authorization: `Bearer ${c.users.an.token}` } });
    expect(res.status).toBe(200);
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    for (const expected of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BIÊN BẢN CUỘC HỌP', 'Lê Văn An', 'Sở Tài chính trình bày tờ trình', 'Hoàn thiện hồ sơ dự toán', 'Trang 1/'])
      expect(text).toContain(expected);
    const fonts = (await tool('pdffonts', ['-'], { input: Buffer.from(await (await fetch(`${s.url}/api/blobs/${doc.sha256}`, { headers: { authorization: `Bearer ${c.users.an.token}` } })).arrayBuffer()) })).toString('utf8');
    expect(fonts).toMatch(/LiberationSerif.*yes/);
  });

  it('the audit log lists who changed what, before and after; the secretariat reads and exports it, members may not', async () => {
    const r = await call(s.url, 'GET', `/api/audit?meetingId=${c.meetingA}`, { token: sec() });
    expect(r.status).toBe(200);
    const actions = r.body.entries.map((e: any) => e.action);
    expect(actions).toContain('participant.setAttendance');
    expect(actions).toContain('minutes.save');
    const attendance = r.body.entries.find((e: any) => e.action === 'participant.setAttendance' && e.userId === c.users.thuky.id);
    expect(attendance).toMatchObject({ userName: 'Trần Thị Thư Ký', before: { attendance: 'unknown' }, after: { attendance: 'absent' } });
    const csv = await call(s.url, 'GET', `/api/audit.csv?meetingId=${c.meetingA}`, { token: sec() });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('participant.setAttendance');
    expect(csv.body).toContain('Trần Thị Thư Ký');
    expect((await call(s.url, 'GET', '/api/audit', { token: c.users.an.token })).status).toBe(403);
  });

  it('the archive zip lists every file with a sha256 that matches the unzipped bytes', async () => {
    const res = await fetch(`${s.url}/api/meetings/${c.meetingA}/archive.zip`, { headers: { authorization: `Bearer ${sec()}` } });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    const listed = manifest.files.map((f: any) => f.path).sort();
    expect(listed).toEqual(Object.keys(files).filter((p) => p !== 'manifest.json' && p !== 'manifest.json.p7s').sort());
    expect(listed.filter((p: string) => p.startsWith('documents/')).length).toBeGreaterThanOrEqual(3);
    for (const f of manifest.files) {
      expect(createHash('sha256').update(files[f.path]).digest('hex'), f.path).toBe(f.sha256);
      expect(files[f.path].byteLength).toBe(f.size);
    }
    expect(JSON.parse(strFromU8(files['meeting.json'])).meeting.id).toBe(c.meetingA);
    expect((await call(s.url, 'GET', `/api/meetings/${c.meetingA}/archive.zip`, { token: c.users.an.token })).status).toBe(403);
  });
});
