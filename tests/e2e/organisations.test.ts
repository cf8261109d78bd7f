/**
 * Two organisations in one deployment, on the demo as shipped (the city's committee and the Hoàn
 * Kiếm district's), as people see them in the app:
 * - the district's secretary, also a member of the city committee, sees both organisations with
 *   her role in each; the secretariat area lists and opens only the district's meetings; the city
 *   meeting she sits in opens as a member's screen and its editor is refused; the editor's people
 *   picker shows each person's role in the meeting's organisation;
 * - the deployment's administrator adds a city member to the district as its secretary on the
 *   administrator's screen: that member's open app shows the district's meetings and the
 *   secretariat area without signing in again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { waitFor } from '../helpers/wait-for';
import { startDemoApp, type DemoApp, type Side } from './demo-app-harness';

const district = demoContent.otherOrganisations![0];
const CITY_MEETING = demoContent.meetings[2].title;
const DISTRICT_MEETING = district.meetings[0].title;
const DISTRICT_DRAFT = district.meetings[1].title;

describe('organisations side by side in the app', () => {
  let app: DemoApp;
  let hk: Side;

  const meetingIdOf = async (side: Side, title: string) => (await side.call('meetings.list')).find((m) => m.title === title)!.id;

  beforeAll(async () => {
    // Nobody here opens a document: their apps need not fetch and index them ahead.
    app = await startDemoApp('ecab-e2e-orgs-');
    hk = await app.signIn('district-secretary', 'thuky.hk');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('the district secretary who is a city member: her two roles in the header, the secretariat area for her district only, the city meeting as a member', async () => {
    const p = hk.page;
    await expect.poll(() => p.getByTestId('user-membership').allTextContents()).toEqual([`${district.organization.shortName}: Thư ký`, `${demoContent.organization.shortName}: Thành viên`]);

    // The meeting list: both organisations, each meeting marked with its own, a filter.
    await p.getByTestId('meeting-card').filter({ hasText: CITY_MEETING }).waitFor();
    await expect.poll(() => p.getByTestId('meeting-card').filter({ hasText: CITY_MEETING }).getByTestId('meeting-organisation').textContent()).toContain(demoContent.organization.shortName);
    await p.getByTestId('organisation-filter').selectOption({ label: district.organization.shortName });
    await expect.poll(() => p.getByTestId('meeting-card').locator('h3').allTextContents()).not.toContain(CITY_MEETING);

    // The secretariat area: the district's meetings (its draft too), never the city's.
    await p.getByTestId('nav-secretariat').click();
    await p.getByTestId('secretariat-home').waitFor();
    await expect.poll(async () => (await p.getByTestId('sec-meeting').locator('.sec-row-title').allTextContents()).sort()).toEqual([DISTRICT_MEETING, DISTRICT_DRAFT].sort());

    // The district meeting's editor: its people only, each with the role there (hers: secretary).
    await hk.goto(`/secretariat/meetings/${await meetingIdOf(hk, DISTRICT_MEETING)}`);
    await p.getByTestId('editor-participant').first().waitFor();
    const chairs = await p.getByTestId('meeting-chair').locator('option[data-role]').allTextContents();
    expect(chairs.sort()).toEqual(
      district.users.map((u) => `${u.fullName} — ${u.title} (${({ chair: 'Chủ trì', member: 'Thành viên', secretary: 'Thư ký' } as Record<string, string>)[u.role]})`).sort(),
    );
    expect(chairs.some((o) => o.includes('Trần Quốc Hưng'))).toBe(false);

    // The city meeting: a member's screen; its editor is refused.
    const cityId = await meetingIdOf(hk, CITY_MEETING);
    await hk.goto(`/meetings/${cityId}`);
    await p.getByTestId('meeting-header').waitFor();
    await hk.goto(`/secretariat/meetings/${cityId}`);
    await p.getByTestId('editor-forbidden').waitFor();
    expect(await p.getByTestId('participant-pick').count()).toBe(0);
  });

  it('the administrator adds a city member to the district as secretary on his screen: the member’s open app shows the district and its secretariat area, no new sign-in', async () => {
    const member = await app.signIn('city-member', 'pct.le');
    const mp = member.page;
    await mp.getByTestId('meeting-card').first().waitFor();
    expect(await mp.getByTestId('nav-secretariat').count()).toBe(0);
    expect(await mp.getByTestId('meeting-card').locator('h3').allTextContents()).not.toContain(DISTRICT_MEETING);

    const admin = await app.signIn('deployment-admin', 'admin');
    await admin.goto('/admin');
    const section = admin.page.getByTestId('organisations-admin');
    await expect.poll(() => section.getByTestId('organisation-row').count()).toBe(2);
    await section.getByTestId('member-org').selectOption({ label: district.organization.name });
    await section.getByTestId('member-username').fill('pct.le');
    await section.getByTestId('member-role').selectOption('secretary');
    await section.getByTestId('member-add').click();
    await expect.poll(() => section.getByTestId('organisations-message').textContent()).toContain('pct.le');

    // His app, left open: the district's meetings arrive with the next sync, and the secretariat link.
    await mp.getByTestId('meeting-card').filter({ hasText: DISTRICT_MEETING }).waitFor();
    await mp.getByTestId('nav-secretariat').waitFor();
    await waitFor(async () => (await member.call('session.current'))!.memberships.length === 2);
    await mp.getByTestId('nav-secretariat').click();
    await expect.poll(async () => (await mp.getByTestId('sec-meeting').locator('.sec-row-title').allTextContents()).sort()).toEqual([DISTRICT_MEETING, DISTRICT_DRAFT].sort());
  });
});
