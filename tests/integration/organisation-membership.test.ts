/**
 * Several organisations in one deployment, with a real server (the demo: the city's committee and
 * the Hoàn Kiếm district's) and real client services over HTTP and the live socket:
 * - the session carries each organisation with the user's role there, and the directory shows
 *   a person's role in the meeting's organisation, not his home role;
 * - the deployment's administrator lists and creates organisations and adds people through the
 *   bridge (the same as `ecabinet org`), each change audited; nobody else may;
 * - someone added to an organisation has its existing meetings at his client's next pull (no
 *   re-snapshot), and a lower role there takes away what it may no longer see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import type { ClientServices } from '../../electron/services/index';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { callBridge as call, signedInClient } from './helpers/bridge';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const clients: ClientServices[] = [];
const district = demoContent.otherOrganisations![0];
const city = demoContent.organization;

async function signedIn(username: string): Promise<ClientServices> {
  const c = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username });
  clients.push(c);
  return c;
}

const titles = async (c: ClientServices) => (await call(c, 'meetings.list')).map((m) => m.title).sort();
const cityTitles = demoContent.meetings.map((m) => m.title);
const districtTitles = district.meetings.map((m) => m.title);
const districtPublished = district.meetings.filter((m) => m.status !== 'draft').map((m) => m.title);

describe('many organisations through the client services', () => {
  beforeAll(async () => {
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo' });
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    removeTempDirs();
  });

  it('the district secretary who sits in a city meeting: both organisations with her role in each, the meetings of each, and the directory shows the role of the meeting’s organisation', async () => {
    const c = await signedIn('thuky.hk');
    const session = (await call(c, 'session.current'))!;
    expect(session.memberships.map((m) => [m.shortName, m.role])).toEqual([
      [district.organization.shortName, 'secretary'],
      [city.shortName, 'member'],
    ]);
    const list = await call(c, 'meetings.list');
    // Every meeting of her district (its draft too: she prepares them); of the city only the one she sits in, never a city draft.
    expect(list.filter((m) => m.organisationName === district.organization.shortName).map((m) => m.title).sort()).toEqual([...districtTitles].sort());
    const cityMeetings = list.filter((m) => m.organisationName === city.shortName);
    expect(cityMeetings.map((m) => m.title)).toEqual([demoContent.meetings[2].title]);
    expect(cityMeetings[0].myRole).toBe('member');
    // Her secretariat home's page: the district's meetings (the draft too), not the city one she sits in.
    const preparing = await call(c, 'meetings.page', { preparing: true });
    const onPage = [...preparing.today, ...preparing.upcoming, ...preparing.past];
    expect(onPage.map((m) => m.title).sort()).toEqual([...districtTitles].sort());
    expect(preparing.counts.today + preparing.counts.upcoming + preparing.counts.past).toBe(districtTitles.length);
    // The city, where she is a member, asked for as what she prepares: nothing.
    const cityPage = await call(c, 'meetings.page', { preparing: true, orgId: cityMeetings[0].orgId });
    expect(cityPage.counts).toEqual({ today: 0, upcoming: 0, past: 0 });
    expect(await call(c, 'meetings.page', { preparing: true, orgId: onPage[0].orgId })).toEqual(preparing);

    // In the city meeting's participant list she is a member; in the district's, a secretary.
    const inCity = await call(c, 'meetings.get', { id: cityMeetings[0].id });
    expect(inCity.participants.find((p) => p.user?.username === 'thuky.hk')!.user!.role).toBe('member');
    const districtMeeting = list.find((m) => m.title === districtPublished[0])!;
    const inDistrict = await call(c, 'meetings.get', { id: districtMeeting.id });
    expect(inDistrict.participants.find((p) => p.user?.username === 'thuky.hk')!.user!.role).toBe('secretary');
    // The pickers of each meeting's editor: that organisation's people, with their role there.
    const districtPeople = await call(c, 'secretariat.users', { orgId: districtMeeting.orgId });
    expect(districtPeople.map((u) => u.username).sort()).toEqual(district.users.map((u) => u.username).sort());
    expect(districtPeople.find((u) => u.username === 'thuky.hk')!.role).toBe('secretary');
    const cityPeople = await call(c, 'secretariat.users', { orgId: cityMeetings[0].orgId });
    expect(cityPeople.find((u) => u.username === 'thuky.hk')!.role).toBe('member');
    expect(cityPeople.find((u) => u.username === 'chutich')!.role).toBe('chair');
    expect(cityPeople.some((u) => u.username === 'chutich.hk')).toBe(false);
  });

  it('a city secretary sees none of the district: no meeting, no person, one organisation', async () => {
    const c = await signedIn('thuky');
    expect((await call(c, 'session.current'))!.memberships.map((m) => m.shortName)).toEqual([city.shortName]);
    expect((await titles(c)).some((t) => districtTitles.includes(t))).toBe(false);
    const people = (await call(c, 'secretariat.users', {})).map((u) => u.username);
    expect(people).toContain('thuky.hk'); // a member of the city too
    expect(people).not.toContain('chutich.hk');
  });

  it('the deployment administrator adds a city member to the district as secretary: his client has its meetings and documents at the next pull, audited; a lower role takes the draft away again', async () => {
    const admin = await signedIn('admin');
    const member = await signedIn('pct.le');
    const before = await titles(member);
    expect(before.some((t) => districtTitles.includes(t))).toBe(false);

    const orgs = await call(admin, 'admin.organisations');
    const target = orgs.find((o) => o.shortName === district.organization.shortName)!;
    expect(orgs.map((o) => o.shortName).sort()).toEqual([city.shortName, district.organization.shortName].sort());
    await call(admin, 'admin.addOrganisationMember', { orgId: target.id, username: 'pct.le', role: 'secretary' });

    // The poke brings it: an incremental pull, the cursor of his first sync kept.
    await waitFor(async () => (await titles(member)).filter((t) => districtTitles.includes(t)).length === districtTitles.length);
    const list = await call(member, 'meetings.list');
    const got = list.filter((m) => m.organisationName === district.organization.shortName);
    expect(got.map((m) => m.title).sort()).toEqual([...districtTitles].sort());
    const published = got.find((m) => m.title === districtPublished[0])!;
    expect(published.documentCount).toBe(district.meetings[0].agenda.flatMap((a) => a.documents).length);
    // His city meetings are untouched.
    expect(list.filter((m) => m.organisationName === city.shortName).map((m) => m.title).sort()).toEqual(before.filter((t) => cityTitles.includes(t)).sort());
    await waitFor(async () => (await call(member, 'session.current'))!.memberships.length === 2);
    expect((await call(member, 'session.current'))!.memberships.find((m) => m.orgId === target.id)!.role).toBe('secretary');

    // Audited, by whom, in the district's log.
    const entry = await server.db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'org_id', 'after_json'])
      .where('action', '=', 'organization.member')
      .where('org_id', '=', target.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const adminId = (await server.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    expect(entry.user_id).toBe(adminId);
    expect(JSON.parse(entry.after_json!)).toEqual({ role: 'secretary' });

    // A plain member there (in none of its meetings): the district's meetings leave his device.
    await call(admin, 'admin.addOrganisationMember', { orgId: target.id, username: 'pct.le', role: 'member' });
    await waitFor(async () => (await titles(member)).every((t) => !districtTitles.includes(t)));
    expect(await titles(member)).toEqual(before);
  });

  it('only the deployment administrator lists or creates organisations and adds members; a new organisation is audited', async () => {
    const admin = await signedIn('admin');
    const secretary = await signedIn('thuky.hk');
    await expect(call(secretary, 'admin.organisations')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(call(secretary, 'admin.addOrganisation', { name: 'Ủy ban nhân dân phường Định Công', shortName: 'UBND P. Định Công' })).rejects.toMatchObject({ code: 'forbidden' });
    const orgs = await call(admin, 'admin.organisations');
    await expect(call(secretary, 'admin.addOrganisationMember', { orgId: orgs[0].id, username: 'thuky.hk', role: 'admin' })).rejects.toMatchObject({ code: 'forbidden' });

    const created = await call(admin, 'admin.addOrganisation', { name: 'Ủy ban nhân dân phường Định Công', shortName: 'UBND P. Định Công' });
    expect((await call(admin, 'admin.organisations')).map((o) => o.id)).toContain(created.id);
    await expect(call(admin, 'admin.addOrganisation', { name: 'Trùng tên', shortName: 'ubnd p. định công' })).rejects.toMatchObject({ code: 'conflict' });
    const entry = await server.db.selectFrom('audit_log').select(['user_id', 'org_id']).where('action', '=', 'organization.add').where('entity_id', '=', created.id).executeTakeFirstOrThrow();
    expect(entry.org_id).toBe(created.id);
    expect(entry.user_id).not.toBeNull();
  });
});
