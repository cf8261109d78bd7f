/**
 * End to end, all real: the demo server, two client services each behind its
 * own browser-mode host, one Chromium with two contexts. The secretary sends a written opinion
 * request from the form (on the chair's instruction, default deadline); the member sees the
 * count in the header, opens the request and answers "disagree" with a comment; his answer
 * shows as delivered; the secretary's progress view shows it against his name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { startDemoApp, type DemoApp, shoot } from './demo-app-harness';

const nfc = (s: string | null) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

describe('a member answers a written opinion request and the secretary sees it', () => {
  let app: DemoApp;
  const side = (name: string, username: string) => app.signIn(name, username);

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-opinion-');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('sends, answers, and shows the answer in the summary', async () => {
    const [sec, member] = await Promise.all([side('thuky', 'thuky'), side('member', 'pct.nguyen')]);
    const memberName = demoContent.users.find((u) => u.username === 'pct.nguyen')!.fullName;

    // The secretary fills in the form; the chair is the only one, chosen by default; the deadline is proposed.
    await sec.page.getByTestId('nav-opinions').click();
    await sec.page.getByTestId('opinion-new').click();
    await sec.page.getByTestId('opinion-send-title').fill('Chủ trương đầu tư cầu vượt nút giao phía Tây');
    await sec.page.getByTestId('opinion-send-question').fill('Đề nghị các đồng chí thành viên UBND cho ý kiến về chủ trương đầu tư.');
    expect(await sec.page.getByTestId('opinion-send-deadline').inputValue()).not.toBe('');
    expect(await sec.page.getByTestId('opinion-send-chair').inputValue()).not.toBe('');
    await sec.page.getByTestId('opinion-send-submit').click();
    // It appears once the server has it (the request page loads after the next sync).
    await expect.poll(async () => nfc(await sec.page.getByTestId('opinion-title').textContent().catch(() => ''))).toContain('cầu vượt');
    await expect.poll(async () => nfc(await sec.page.getByTestId('opinion-progress').textContent())).toBe('Đã trả lời: 0/11');

    // The member: a count on the header link, then the request with the countdown.
    await expect.poll(async () => nfc(await member.page.getByTestId('nav-opinions-count').textContent().catch(() => ''))).toBe('1');
    await member.page.getByTestId('nav-opinions').click();
    await member.page.getByTestId('opinion-item').first().locator('a').click();
    expect(nfc(await member.page.getByTestId('opinion-countdown').textContent())).toMatch(/^Còn \d+ ngày \d+ giờ$/);
    expect(await member.page.getByTestId('opinion-my-state').getAttribute('data-state')).toBe('none');
    await member.page.getByTestId('opinion-choice-disagree').check();
    await member.page.getByTestId('opinion-comment').fill('Cần bổ sung phương án giải phóng mặt bằng');
    await member.page.getByTestId('opinion-submit').click();
    await expect.poll(async () => member.page.getByTestId('opinion-my-state').getAttribute('data-state')).toBe('delivered');
    expect(nfc(await member.page.getByTestId('opinion-my-state').textContent())).toBe('Đã gửi tới Văn phòng — Không đồng ý');
    await expect.poll(async () => (await member.page.getByTestId('nav-opinions-count').count())).toBe(0);
    await shoot(member.page, 'written-opinion-member.png', { fullPage: true });

    // The secretary's view follows (live poke → pull): progress and the member's line.
    await expect.poll(async () => nfc(await sec.page.getByTestId('opinion-progress').textContent())).toBe('Đã trả lời: 1/11');
    const row = sec.page.locator(`[data-testid="opinion-member"]`, { hasText: memberName });
    expect(nfc(await row.getByTestId('opinion-member-answer').textContent())).toBe('Không đồng ý — Cần bổ sung phương án giải phóng mặt bằng');
    await shoot(sec.page, 'written-opinion-secretary.png', { fullPage: true });
  }, 120_000);
});
