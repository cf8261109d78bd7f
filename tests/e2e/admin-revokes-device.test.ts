/**
 * End to end, all real: the administrator opens the admin screen, finds a member's signed-in
 * device and revokes it; that device, on its next contact with the server, erases the account's
 * data and lands on the sign-in screen saying why.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApp, type DemoApp, shoot } from './demo-app-harness';

const nfc = (s: string | null) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

describe('the administrator revokes a lost device', () => {
  let app: DemoApp;

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-admin-');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('revokes it from the admin screen; the device is wiped and shows the sign-in form with the reason', async () => {
    const [member, admin] = await Promise.all([app.signIn('member', 'pct.nguyen'), app.signIn('admin', 'admin')]);
    expect((await member.call('meetings.list')).length).toBeGreaterThan(0);

    // Only the administrator has the screen.
    expect(await member.page.getByTestId('nav-admin').count()).toBe(0);
    await admin.page.getByTestId('nav-admin').click();
    // His long title gives way in the header: the organisation's name shows whole, "Đăng xuất" on one line.
    expect(await admin.page.getByTestId('org-name').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    const height = async (testId: string) => (await admin.page.getByTestId(testId).boundingBox())!.height;
    expect(await height('logout')).toBeLessThanOrEqual((await height('search-submit')) + 2);
    const row = admin.page.locator('[data-testid="admin-user"][data-username="pct.nguyen"]');
    await row.getByTestId('admin-show-devices').click();
    const device = admin.page.locator('[data-testid="admin-device"][data-state="open"]');
    await expect.poll(() => device.count()).toBe(1);
    expect(nfc(await device.textContent())).toContain(`${os.hostname()} · ${process.platform} ${process.arch}`);
    expect(nfc(await device.textContent())).toContain('Đang đăng nhập');
    await device.getByTestId('admin-revoke-device').click();
    await expect.poll(async () => nfc(await admin.page.getByTestId('admin-devices-message').textContent().catch(() => ''))).toContain('Đã thu hồi 1 thiết bị');
    await expect.poll(async () => nfc(await admin.page.locator('[data-testid="admin-device"]').first().getAttribute('data-state'))).toBe('ended');
    expect(nfc(await admin.page.getByTestId('admin-device-state').first().textContent())).toMatch(/^Đã thu hồi/);
    await shoot(admin.page, 'admin-revoked-device.png', { fullPage: true });

    // The member's device: its next contact with the server (a sync) is refused; it erases and signs out.
    await member.services.handlers['sync.now']({}).catch(() => undefined);
    const notice = member.page.getByTestId('session-ended-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.getAttribute('data-reason')).toBe('device_revoked');
    expect(nfc(await notice.textContent())).toBe('Quản trị viên đã thu hồi quyền truy cập của thiết bị này. Dữ liệu của tài khoản trên máy đã được xóa.');
    await member.page.getByTestId('login-username').waitFor({ state: 'visible' });
    expect(await member.call('session.current')).toBeNull();
    await shoot(member.page, 'device-revoked-login.png', { fullPage: true });

    // Signing in again (the account is not disabled) starts from an empty cache and clears the notice.
    await member.signIn('pct.nguyen');
    expect(await member.page.getByTestId('session-ended-notice').count()).toBe(0);
  });
});
