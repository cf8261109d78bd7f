/**
 * Every route that acts on a meeting (or a file, a request of one) decides by the caller's role
 * in THAT meeting's organisation, never by his home role: a city member who is the district's
 * secretary prepares, uploads and archives the district's meetings; a city member who chairs
 * the district chairs its live vote; a city member outside the district finds nothing of it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/api';
import { LIVE_MEETING_PATHS } from '../../shared/live-meeting';
import { ORGANISATION_HEADER } from '../../shared/organisations';
import { SECRETARIAT_PATHS } from '../../shared/secretariat';
import { addMember, createOrganisation } from '../../server/organisations/organisations';
import { addUser, call, DIALECTS, idsOf, login, makePdf, PASSWORD, pullAll, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;
type Person = { id: string; token: string };

describe.each(DIALECTS)('roles decided in the organisation of what a request touches (%s)', (dialect) => {
  let s: TestServer;
  let c: Committee;
  // The city (the committee of seedCommittee) and the district.
  let city: string;
  let district: string;
  // District people by their home: its chair and its secretary (also a city member, as in the demo).
  let chutichHk: Person;
  let thukyHk: Person;
  // City members by their home: "chi" is the district's secretary, "an" its chair (memberships);
  // "binh" belongs to the city alone.
  const meetingHk = randomUUID();
  const itemHk = randomUUID();
  const docHk = randomUUID();
  let pdfHk: Uint8Array;
  const m = (kind: string, args: unknown) => ({ id: randomUUID(), kind, args }) as Mutation;
  const enter = async (username: string): Promise<Person> => ({
    id: (await s.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id,
    token: (await login(s.url, username)).accessToken,
  });
  const archive = (token: string, meetingId: string, headers?: Record<string, string>) =>
    call(s.url, 'GET', SECRETARIAT_PATHS.archive(meetingId), { token, headers: { accept: 'application/zip', ...headers } });

  beforeAll(async () => {
    s = await startTestServer({ dialect });
    c = await seedCommittee(s);
    city = (await s.db.selectFrom('users').select('org_id').where('id', '=', c.users.thuky.id).executeTakeFirstOrThrow()).org_id;
    district = (await createOrganisation(s.db, { name: 'Ủy ban nhân dân quận Hoàn Kiếm', shortName: 'UBND quận HK' })).id;
    await addUser(s.dataDir, { username: 'chutich.hk', role: 'chair', fullName: 'Nguyễn Văn Bình', password: PASSWORD, org: 'UBND quận HK' });
    await addUser(s.dataDir, { username: 'thuky.hk', role: 'secretary', fullName: 'Vũ Thị Hồng Nhung', password: PASSWORD, org: 'UBND quận HK' });
    await addMember(s.db, { org: city, username: 'thuky.hk', role: 'member' });
    await addMember(s.db, { org: district, username: 'chi', role: 'secretary' });
    await addMember(s.db, { org: district, username: 'an', role: 'chair' });
    chutichHk = await enter('chutich.hk');
    thukyHk = await enter('thuky.hk');
    pdfHk = await makePdf('Quan Hoan Kiem: bao cao pho co');
    expect((await uploadPdf(s.url, thukyHk.token, pdfHk)).status).toBe(201);
    const at = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    await pushOk(
      s.url,
      thukyHk.token,
      m('meeting.upsert', { id: meetingHk, orgId: district, title: 'Phiên họp thường kỳ quận', startsAt: at(0), endsAt: at(2), location: 'Phòng họp quận', status: 'draft', chairId: c.users.an.id }),
      m('participant.upsert', { id: randomUUID(), meetingId: meetingHk, userId: c.users.an.id, role: 'chair' }),
      m('participant.upsert', { id: randomUUID(), meetingId: meetingHk, userId: chutichHk.id, role: 'member' }),
      m('agendaItem.upsert', { id: itemHk, meetingId: meetingHk, position: 1, title: 'Phố cổ', presenterId: null, presenterLabel: '', plannedMinutes: 30 }),
      m('document.upsert', { id: docHk, meetingId: meetingHk, agendaItemId: itemHk, title: 'Báo cáo phố cổ', fileName: 'pho-co.pdf', sha256: sha256Hex(pdfHk), classification: 'internal' }),
      m('meeting.publish', { meetingId: meetingHk }),
      m('meeting.start', { meetingId: meetingHk }),
    );
    for (const p of [c.users.an, chutichHk]) {
      const seat = await s.db.selectFrom('participants').select('id').where('meeting_id', '=', meetingHk).where('user_id', '=', p.id).executeTakeFirstOrThrow();
      await pushOk(s.url, p.token, m('participant.setAttendance', { participantId: seat.id, attendance: 'present' }));
    }
  }, 120_000);
  afterAll(async () => s?.stop());

  it('the district’s secretary by membership (a city member at home) uploads for the district, not as a city member', async () => {
    const pdf = await makePdf('Quan Hoan Kiem: phu luc');
    // No header: he is secretariat in one of his organisations, the file is that one's.
    expect((await uploadPdf(s.url, c.users.chi.token, pdf)).status).toBe(201);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(pdf)}`, { token: c.users.chi.token })).status).toBe(200);
    // The city's secretariat never reads a district file by its hash.
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(pdf)}`, { token: c.users.thuky.token })).status).toBe(404);
    // Naming the city, where he is a member: refused.
    const asCityMember = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(await makePdf('khong duoc'))}`, {
      token: c.users.chi.token,
      body: await makePdf('khong duoc'),
      headers: { 'content-type': 'application/pdf', [ORGANISATION_HEADER]: city },
    });
    expect(asCityMember.status).toBe(403);
    // A city member who is no secretary anywhere uploads nothing.
    expect((await uploadPdf(s.url, c.users.binh.token, await makePdf('binh'))).status).toBe(403);
    // And the file he uploaded goes into the district meeting he prepares.
    await pushOk(s.url, c.users.chi.token, m('document.upsert', { id: randomUUID(), meetingId: meetingHk, agendaItemId: itemHk, title: 'Phụ lục', fileName: 'phu-luc.pdf', sha256: sha256Hex(pdf), classification: 'internal' }));
  });

  it('a meeting’s archive is for the secretariat of the meeting’s organisation, whatever the home role', async () => {
    // The district's secretary by membership: the district meeting yes, the city's no.
    expect((await archive(c.users.chi.token, meetingHk)).status).toBe(200);
    expect([403, 404]).toContain((await archive(c.users.chi.token, c.meetingA)).status);
    // The district's home secretary is a plain city member: the city's meeting is refused, even naming the city.
    expect([403, 404]).toContain((await archive(thukyHk.token, c.meetingA)).status);
    expect([403, 404]).toContain((await archive(thukyHk.token, c.meetingA, { [ORGANISATION_HEADER]: city })).status);
    expect((await archive(thukyHk.token, meetingHk)).status).toBe(200);
    // The city's secretary has no say in the district.
    expect([403, 404]).toContain((await archive(c.users.thuky.token, meetingHk)).status);
    expect((await archive(c.users.thuky.token, c.meetingA)).status).toBe(200);
  });

  it('the district’s chair by membership chairs its live vote; its chair at home, a member there, does not', async () => {
    const vote = { type: 'vote.open', vote: { question: 'Thông qua đề án phố cổ?' } };
    expect((await call(s.url, 'POST', LIVE_MEETING_PATHS.commands(meetingHk), { token: chutichHk.token, body: vote })).status).toBe(403);
    const opened = await call(s.url, 'POST', LIVE_MEETING_PATHS.commands(meetingHk), { token: c.users.an.token, body: vote });
    expect(opened.status).toBe(200);
    // In the city he is a member: no chair's move there.
    await pushOk(s.url, c.users.thuky.token, m('meeting.start', { meetingId: c.meetingA }));
    expect((await call(s.url, 'POST', LIVE_MEETING_PATHS.commands(c.meetingA), { token: c.users.an.token, body: vote })).status).toBe(403);
  });

  it('a signature request of the district reaches its secretary by membership at his next pull, not the city’s secretary', async () => {
    const chi = await pullAll(s.url, c.users.chi.token);
    const thuky = await pullAll(s.url, c.users.thuky.token);
    const id = randomUUID();
    await pushOk(s.url, thukyHk.token, m('signatureRequest.create', { id, documentId: docHk, note: 'Kính trình ký', steps: [{ id: randomUUID(), userId: chutichHk.id, role: 'signer' }] }));
    expect(idsOf((await pullAll(s.url, c.users.chi.token, chi.cursor)).changes, 'signatureRequest')).toEqual([id]);
    expect(idsOf((await pullAll(s.url, c.users.thuky.token, thuky.cursor)).changes, 'signatureRequest')).toEqual([]);
  });

  it('a written-opinion request of the district reaches its secretary by membership at his next pull', async () => {
    const chi = await pullAll(s.url, c.users.chi.token);
    const id = randomUUID();
    await pushOk(s.url, thukyHk.token, m('opinionRequest.send', { id, title: 'Lấy ý kiến phố cổ', question: 'Đồng ý?', instructedBy: c.users.an.id }));
    expect(idsOf((await pullAll(s.url, c.users.chi.token, chi.cursor)).changes, 'opinionRequest')).toEqual([id]);
    expect(idsOf((await pullAll(s.url, c.users.binh.token)).changes, 'opinionRequest')).not.toContain(id);
  });

  it('the district’s secretary by membership asks the district’s written opinion by naming it, never the city’s', async () => {
    const send = (orgId?: string) => ({ id: randomUUID(), kind: 'opinionRequest.send', args: { id: randomUUID(), ...(orgId ? { orgId } : {}), title: 'Ý kiến về lát đá phố cổ', question: 'Đồng ý?', instructedBy: c.users.an.id } }) as Mutation;
    const push1 = async (token: string, mutation: Mutation) =>
      (await call<{ results: { status: string; error?: { code: string } }[] }>(s.url, 'POST', '/api/sync/push', { token, body: { mutations: [mutation] } })).body.results[0];
    const asked = send(district);
    expect(await push1(c.users.chi.token, asked)).toMatchObject({ status: 'applied' });
    const row = await s.db.selectFrom('opinion_requests').select('org_id').where('id', '=', (asked.args as { id: string }).id).executeTakeFirstOrThrow();
    expect(row.org_id).toBe(district);
    // His home (the city), where he is a member: refused, named or not.
    expect(await push1(c.users.chi.token, send(city))).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect(await push1(c.users.chi.token, send())).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    // The city's secretary naming the district, where he is nobody: refused, not asked in the city instead.
    expect(await push1(c.users.thuky.token, send(district))).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
  });

  it('a city member outside the district finds none of its rows, files, archive, live state or log', async () => {
    const binh = c.users.binh.token;
    const pulled = JSON.stringify((await pullAll(s.url, binh)).changes);
    for (const hidden of [meetingHk, docHk, sha256Hex(pdfHk)]) expect(pulled).not.toContain(hidden);
    expect((await call(s.url, 'GET', `/api/blobs/${sha256Hex(pdfHk)}`, { token: binh })).status).toBe(404);
    expect([403, 404]).toContain((await archive(binh, meetingHk)).status);
    expect([403, 404]).toContain((await call(s.url, 'GET', LIVE_MEETING_PATHS.state(meetingHk), { token: binh })).status);
    expect((await call(s.url, 'GET', SECRETARIAT_PATHS.audit, { token: binh, headers: { [ORGANISATION_HEADER]: district } })).status).toBe(403);
    // The district's secretary by membership reads the district's log by naming it, not the city's.
    const log = await call<{ entries: { entityId: string }[] }>(s.url, 'GET', `${SECRETARIAT_PATHS.audit}?limit=500`, { token: c.users.chi.token, headers: { [ORGANISATION_HEADER]: district } });
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e) => e.entityId)).toContain(meetingHk);
    expect(JSON.stringify(log.body.entries)).not.toContain(c.meetingA);
    expect((await call(s.url, 'GET', SECRETARIAT_PATHS.audit, { token: c.users.chi.token })).status).toBe(403);
  });
});
