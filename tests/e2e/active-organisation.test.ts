/**
 * The organisation the organisation-wide screens act on, chosen in the header, in Vietnamese, on
 * the demo as shipped: the Hoàn Kiếm district's secretary, made an administrator of the city's
 * committee, sees her district's audit log by default; she chooses the city in the header and
 * sees the city's audit log and accounts, each screen saying which organisation it shows; the
 * choice survives a reload of the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { addMember } from '../../server/organisations/organisations';
import { vi } from '../../shared/i18n/vi';
import { mkdirSync } from 'node:fs';
import { SCREENSHOTS, startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';

const district = demoContent.otherOrganisations![0];
const city = demoContent.organization;
const MEMBER_ADDED = vi.audit.action.organization.member;

describe('the active organisation, chosen in the header', () => {
  let app: DemoApp;
  let hk: Side;

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-active-org-');
    // The deployment's administrator made her an administrator of the city (an entry of the city's log).
    await addMember(app.server.db, { org: city.shortName, username: 'thuky.hk', role: 'admin' });
    hk = await app.signIn('district-secretary', 'thuky.hk');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('the district secretary who administers the city switches to it and sees its audit log and accounts', async () => {
    const p = hk.page;
    const sw = p.getByTestId('active-org-switch');
    const acting = p.getByTestId('acting-org');
    const actions = () => p.getByTestId('audit-action').allTextContents();

    // Her home first: the district's log, which does not hold the city's entry of her new role.
    await sw.waitFor();
    await expect.poll(() => p.locator('.active-org-label').textContent()).toBe('Làm việc cho');
    expect(await sw.locator('option').allTextContents()).toEqual([district.organization.shortName, city.shortName]);
    expect(await p.getByTestId('nav-admin').count()).toBe(0);
    await hk.goto('/secretariat/audit');
    await expect.poll(() => acting.textContent()).toBe(`Tổ chức: ${district.organization.name}`);
    expect(await p.getByTestId('org-name').textContent()).toBe(district.organization.name);
    await p.getByTestId('audit-row').first().waitFor();
    expect(await actions()).not.toContain(MEMBER_ADDED);

    // The city: its log, then its accounts (she administers it), each screen naming it.
    await sw.selectOption({ label: city.shortName });
    await expect.poll(() => acting.textContent()).toBe(`Tổ chức: ${city.name}`);
    // The header's name is the organisation she now works for.
    expect(await p.getByTestId('org-name').textContent()).toBe(city.name);
    await expect.poll(actions).toContain(MEMBER_ADDED);
    await hk.checkA11y('active organisation switched');
    await p.getByTestId('nav-admin').click();
    await p.getByTestId('admin-screen').waitFor();
    await expect.poll(() => acting.textContent()).toBe(`Tổ chức: ${city.name}`);
    await expect.poll(() => p.getByTestId('admin-user').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-username')))).toEqual(
      expect.arrayContaining(['thuky', 'pct.le', 'admin']),
    );
    expect(await p.locator('[data-testid="admin-user"][data-username="chutich.hk"]').count()).toBe(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await shoot(p, 'active-organisation-admin.png');

    // Her choice is kept: a reload of the page still shows the city's accounts.
    await p.reload();
    await p.getByTestId('admin-screen').waitFor();
    await expect.poll(() => sw.inputValue()).toBe((await hk.call('session.current'))!.activeOrgId);
    await expect.poll(() => acting.textContent()).toBe(`Tổ chức: ${city.name}`);

    // Back to the district: no accounts screen there (she is its secretary).
    await sw.selectOption({ label: district.organization.shortName });
    await expect.poll(() => p.getByTestId('nav-admin').count()).toBe(0);
    await p.getByTestId('error-box').waitFor();
    expect(await p.getByTestId('admin-screen').count()).toBe(0);
  });
});
