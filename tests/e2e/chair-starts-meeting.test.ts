/**
 * End to end, all real (part 2): the demo server; the chair's, a member's and the
 * secretary's client services, each behind its own browser-mode host; one Chromium with three
 * contexts. The member names a colleague (a user account) as his deputy from the meeting page
 * and the secretary sees it by name in the editor; the chair presses "Bắt đầu họp" and the
 * member's open meeting page turns "Đang họp" by itself (live poke).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/api';
import { startDemoApp, type DemoApp } from './demo-app-harness';

describe('the chair starts the meeting; a member names his deputy', () => {
  let app: DemoApp;
  const side = (name: string, username: string) => app.signIn(name, username, { acceptDialogs: true });

  beforeAll(async () => {
    // Nobody here opens a document: their apps need not fetch and index them ahead.
    app = await startDemoApp('ecab-e2e-start-');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('works through the UI in three browser contexts', async () => {
    const sec = await side('secretary', 'thuky');
    const users = await sec.call('secretariat.users');
    const id = (username: string) => users.find((u) => u.username === username)!.id;
    const meetingId = crypto.randomUUID();
    const mutations: Mutation[] = [
      { id: crypto.randomUUID(), kind: 'meeting.upsert', args: { id: meetingId, title: 'Họp giao ban đầu tuần', startsAt: new Date(Date.now() + 3600_000).toISOString(), endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(), location: 'Phòng họp số 2', status: 'draft', chairId: id('chutich') } },
      { id: crypto.randomUUID(), kind: 'participant.upsert', args: { id: crypto.randomUUID(), meetingId, userId: id('chutich'), role: 'chair' } },
      { id: crypto.randomUUID(), kind: 'participant.upsert', args: { id: crypto.randomUUID(), meetingId, userId: id('pct.le'), role: 'member' } },
      { id: crypto.randomUUID(), kind: 'participant.upsert', args: { id: crypto.randomUUID(), meetingId, userId: id('pct.pham'), role: 'member' } },
      { id: crypto.randomUUID(), kind: 'meeting.publish', args: { meetingId } },
    ];
    expect((await sec.call('secretariat.submit', { mutations })).results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);

    const [chair, member] = await Promise.all([side('chair', 'chutich'), side('member', 'pct.le')]);
    for (const s of [chair, member]) {
      await s.goto(`/meetings/${meetingId}`);
      await s.page.getByTestId('meeting-header').waitFor();
      await expect.poll(() => s.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('published');
    }
    // Only the chair has the button.
    expect(await member.page.getByTestId('start-meeting').count()).toBe(0);

    // The member delegates to a colleague of the meeting; by the organisation's rules he may not
    // name someone outside it himself (only the chair or the secretariat may record that).
    const picker = member.page.getByTestId('my-deputy').getByTestId('delegate-select');
    await expect.poll(() => picker.locator(`option[value="${id('pct.pham')}"]`).count()).toBe(1);
    expect(await picker.locator(`option[value="${id('pct.nguyen')}"]`).count()).toBe(0);
    await picker.selectOption(id('pct.pham'));
    await expect.poll(() => member.page.getByTestId('my-deputy-status').getAttribute('data-state')).toBe('saved');
    await sec.goto(`/secretariat/meetings/${meetingId}`);
    const row = sec.page.locator('[data-testid="attendance-row"]', { hasText: 'Lê Hoàng Nam' });
    await expect.poll(async () => ((await row.getByTestId('delegate-shown').textContent()) ?? '').normalize('NFC')).toContain('Phạm Đức Thắng');
    expect(await row.getAttribute('data-attendance')).toBe('absent');

    // The chair starts the meeting; the member's page follows by itself.
    await chair.page.getByTestId('start-meeting').click();
    await expect.poll(() => chair.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('in_progress');
    await expect.poll(() => member.page.getByTestId('meeting-status').getAttribute('data-status')).toBe('in_progress');
    expect(((await member.page.getByTestId('meeting-status').textContent()) ?? '').normalize('NFC')).toBe('Đang họp');
    await expect.poll(() => chair.page.getByTestId('start-meeting').count()).toBe(0);
  }, 180_000);
});
