/**
 * The organisation the organisation-wide screens act on, through real client services and a real
 * server (the demo: the city's committee and the Hoàn Kiếm district's). The district's secretary
 * is made an administrator of the city: by default her audit log and accounts are the district's
 * (her home); once she chooses the city, the services name it in the organisation header of those
 * calls only, and the choice outlives a restart of the services.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { ORGANISATION_HEADER } from '../../shared/organisations';
import { createClientServices, type ClientServices } from '../../electron/services/index';
import { removeTempDirs, tempDir } from './helpers/temp';
import { callBridge as call, signedInClient } from './helpers/bridge';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const clients: ClientServices[] = [];
const district = demoContent.otherOrganisations![0];

/** The path and organisation header of every request the client sends. */
const sent: { path: string; org: string | null }[] = [];
const recording: typeof fetch = (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const headers = new Headers(init?.headers);
  sent.push({ path: url.pathname, org: headers.get(ORGANISATION_HEADER) });
  return fetch(input, init);
};

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code,
  );

describe('the active organisation of the organisation-wide screens', () => {
  let cityId: string;
  let districtId: string;
  let dataDir: string;

  beforeAll(async () => {
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo' });
    const admin = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username: 'admin' });
    clients.push(admin);
    cityId = (await call(admin, 'session.current'))!.organization.id;
    await call(admin, 'admin.addOrganisationMember', { orgId: cityId, username: 'thuky.hk', role: 'admin' });
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    removeTempDirs();
  });

  it('acts on her home organisation until she chooses another; then on the chosen one, named in the header of those calls only', async () => {
    dataDir = tempDir();
    const c = await signedInClient({ serverUrl: server.url, dataDir, username: 'thuky.hk', fetch: recording });
    clients.push(c);
    const session = (await call(c, 'session.current'))!;
    districtId = session.organization.id;
    expect(session.activeOrgId).toBe(districtId);
    expect(session.memberships.map((m) => [m.shortName, m.role])).toEqual([
      [district.organization.shortName, 'secretary'],
      [demoContent.organization.shortName, 'admin'],
    ]);

    // Her district: its log (not the city's entry of her new role), and no accounts (she is its secretary).
    const districtLog = await call(c, 'secretariat.audit', { limit: 200 });
    expect(districtLog.entries.some((e) => e.action === 'organization.member')).toBe(false);
    expect(await refusal(call(c, 'admin.users'))).toBe('forbidden');

    const chosen = await call(c, 'session.setActiveOrganisation', { orgId: cityId });
    expect(chosen.activeOrgId).toBe(cityId);
    sent.length = 0;
    const users = (await call(c, 'admin.users')).users.map((u) => u.username);
    expect(users).toEqual(expect.arrayContaining(['admin', 'thuky']));
    expect(users).not.toContain('chutich.hk');
    const cityLog = await call(c, 'secretariat.audit', { limit: 200 });
    expect(cityLog.entries.some((e) => e.action === 'organization.member')).toBe(true);
    expect((await call(c, 'admin.decisionRules')).rules).toBeDefined();
    await call(c, 'sync.now');
    // The organisation-wide calls name the city; sync does not (it is the union of her organisations).
    expect(sent.filter((r) => r.path.startsWith('/api/admin') || r.path.startsWith('/api/audit') || r.path.includes('rules')).every((r) => r.org === cityId)).toBe(true);
    expect(sent.filter((r) => r.path.startsWith('/api/sync')).every((r) => r.org === null)).toBe(true);
    expect(sent.some((r) => r.org === cityId)).toBe(true);
  });

  it('lists the tasks of the active organisation’s meetings only', async () => {
    const c = clients[clients.length - 1];
    const meetings = await call(c, 'meetings.list');
    const inCity = meetings.find((m) => m.orgId === cityId && m.status !== 'closed')!;
    const inDistrict = meetings.find((m) => m.orgId === districtId && m.status !== 'closed')!;
    const task = (meetingId: string, title: string) => ({
      id: randomUUID(),
      kind: 'task.upsert',
      args: { id: randomUUID(), meetingId, title, agency: 'Sở Xây dựng', assignee: '', deadline: '2026-12-31', expectedResult: '', follower: '', status: 'open' },
    });
    const r = await call(c, 'secretariat.submit', { mutations: [task(inCity.id, 'Việc của thành phố'), task(inDistrict.id, 'Việc của quận')] });
    expect(r.results).toEqual([expect.objectContaining({ status: 'applied' }), expect.objectContaining({ status: 'applied' })]);
    expect((await call(c, 'secretariat.tasks')).map((t) => t.title)).toEqual(['Việc của thành phố']);
    await call(c, 'session.setActiveOrganisation', { orgId: districtId });
    expect((await call(c, 'secretariat.tasks')).map((t) => t.title)).toEqual(['Việc của quận']);
    await call(c, 'session.setActiveOrganisation', { orgId: cityId });
  });

  it('a city member made the district’s secretary sends its papers for signature and asks its written opinion, in the district', async () => {
    const admin = clients[0];
    await call(admin, 'admin.addOrganisationMember', { orgId: districtId, username: 'pct.le', role: 'secretary' });
    const c = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username: 'pct.le' });
    clients.splice(1, 0, c);
    const meetings = await call(c, 'meetings.list');
    const inDistrict = meetings.find((m) => m.orgId === districtId && m.status !== 'closed')!;
    const detail = await call(c, 'meetings.get', { id: inDistrict.id });
    const doc = [...detail.agenda.flatMap((a) => a.documents), ...detail.documents][0];
    const chair = (await call(c, 'secretariat.users', { orgId: districtId })).find((u) => u.role === 'chair')!;
    const sent = await call(c, 'signing.create', { documentId: doc.id, steps: [{ userId: chair.id, role: 'signer' }] });
    expect(sent.status).toBe('applied');
    // The list names the request's organisation: its resend/withdraw buttons are for the district's secretariat.
    await call(c, 'sync.now');
    const all = await call(c, 'signing.requests');
    const listed = all.find((r) => r.documentId === doc.id)!;
    expect(listed.orgId).toBe(districtId);
    // And withdraws it as its secretariat there, though only a member at home.
    expect((await call(c, 'signing.cancel', { requestId: listed.id })).status).toBe('applied');

    // Written opinions: in his home (the city) he is a member; in the district, its secretary.
    expect(await refusal(call(c, 'opinions.defaults'))).toBe('forbidden');
    await call(c, 'session.setActiveOrganisation', { orgId: districtId });
    const defaults = await call(c, 'opinions.defaults');
    expect(defaults.chairs.map((x) => x.id)).toEqual([chair.id]);
    expect(defaults.members.map((x) => x.id)).not.toContain((await call(c, 'session.current'))!.user.id);
    const { id } = await call(c, 'opinions.send', { title: 'Ý kiến về lát đá phố cổ', question: 'Đồng ý?', attachments: [], instructedBy: chair.id });
    await call(c, 'sync.now');
    const asked = await call(c, 'opinions.get', { id });
    expect(asked.recipients.map((r) => r.userId)).toContain(chair.id);
    const row = await server.db.selectFrom('opinion_requests').select('org_id').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.org_id).toBe(districtId);
  });

  it('refuses an organisation she does not belong to and a malformed choice, keeping the one she had', async () => {
    const c = clients[clients.length - 1];
    expect(await refusal(call(c, 'session.setActiveOrganisation', { orgId: '00000000-0000-4000-8000-000000000000' }))).toBe('forbidden');
    expect(await refusal(call(c, 'session.setActiveOrganisation', { orgId: 'UBND TP' }))).toBe('validation_failed');
    expect(await refusal(call(c, 'session.setActiveOrganisation', { orgId: cityId, extra: 1 }))).toBe('validation_failed');
    expect((await call(c, 'session.current'))!.activeOrgId).toBe(cityId);
  });

  it('keeps her choice across a restart of the services', async () => {
    const before = clients.pop()!;
    await before.close();
    const c = await createClientServices({ dataDir, defaultServerUrl: server.url, documentUrl: (sha) => `ecabinet-doc://blob/${sha}`, mode: 'browser', version: '0.0.0-test', periodicPullMs: 600_000 });
    clients.push(c);
    expect((await call(c, 'session.current'))!.activeOrgId).toBe(cityId);
    expect((await call(c, 'admin.users')).users.map((u) => u.username)).toContain('thuky');
    // Back to her district.
    expect((await call(c, 'session.setActiveOrganisation', { orgId: districtId })).activeOrgId).toBe(districtId);
    expect(await refusal(call(c, 'admin.users'))).toBe('forbidden');
  });
});
