/**
 * What follows the app's language and what reaches a member wherever he is, on the demo as
 * shipped: messages kept on the signing, admin and written-opinion screens and the reader's
 * short notice are re-worded when the language is switched; the date fields' calendar popup
 * speaks the app's language (Monday-first, 24-hour) whatever the browser's locale; a member hears
 * of a vote opened in his meeting while he is on another screen (browser mode, the real
 * Notification API observed through a wrapper), and the notification opens the vote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDemoApp, type DemoApp, type Side } from './demo-app-harness';

interface Shown {
  title: string;
  body: string;
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim();
const toEnglish = (page: Page) => page.getByTestId('lang-en').click();
const toVietnamese = (page: Page) => page.getByTestId('lang-vi').click();

describe('the language switch re-words what is on screen; notifications reach a member anywhere', () => {
  let app: DemoApp;
  let member: Side;
  let secretary: Side;
  let chair: Side;
  let admin: Side;
  let guest: Side;
  const shown: Shown[] = [];

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-language-');
    [member, secretary, chair, admin, guest] = await Promise.all([
      app.signIn('member', 'pct.nguyen'),
      app.signIn('secretary', 'thuky'),
      app.signIn('chair', 'chutich'),
      app.signIn('admin', 'admin'),
      app.signIn('guest', 'khach'),
    ]);
    // The member's browser allows notifications; every one the page makes is recorded here.
    await member.context.grantPermissions(['notifications'], { origin: member.host.origin });
    await member.context.exposeBinding('__recordNotification', (_src, n: Shown) => void shown.push(n));
    await member.context.addInitScript(`{
      const Real = window.Notification;
      class Watched extends Real {
        constructor(title, options) {
          super(title, options);
          window.__recordNotification({ title, body: options?.body ?? '' });
          window.__lastNotification = this;
        }
      }
      window.Notification = Watched;
    }`);
    await member.page.reload();
    await member.page.getByTestId('user-box').waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('signing, admin and written-opinion messages follow a language switch', async () => {
    // The secretary's signing settings: "saved".
    const s = secretary.page;
    await secretary.goto('/signing-keys');
    await s.getByTestId('signing-settings-save').click();
    await expect.poll(() => text(s, 'signing-settings-message')).toBe('Đã lưu cài đặt.');
    await toEnglish(s);
    await expect.poll(() => text(s, 'signing-settings-message')).toBe('Settings saved.');

    // Her written opinion form sent without its subject: what is missing.
    await toVietnamese(s);
    await secretary.goto('/opinions/new');
    await s.getByTestId('opinion-send-submit').click();
    const problem = () => s.getByTestId('opinion-send').getByRole('alert').first().textContent();
    await expect.poll(problem).toBe('Vui lòng nhập trích yếu, nội dung và lãnh đạo chỉ đạo.');
    await toEnglish(s);
    await expect.poll(problem).toBe('Please fill in the subject, the question and the instructing leader.');
    await toVietnamese(s);

    // The administrator's decision rules: "saved".
    const a = admin.page;
    await admin.goto('/admin');
    await a.getByTestId('rules-save').click();
    await expect.poll(() => text(a, 'rules-message')).toBe('Đã lưu quy tắc ra quyết định.');
    await toEnglish(a);
    await expect.poll(() => text(a, 'rules-message')).toBe('Decision rules saved.');
  });

  it("the reader's notice (copy refused) is re-worded when the language is switched while it shows", async () => {
    const p = member.page;
    const today = (await member.call('meetings.list')).find((m) => m.status === 'in_progress')!;
    const detail = await member.call('meetings.get', { id: today.id });
    const secret = [...detail.agenda.flatMap((a) => a.documents), ...detail.documents].find((d) => d.classification === 'confidential')!;
    await member.goto(`/documents/${secret.id}`);
    const span = p.locator('[data-testid="pdf-page"] [data-testid="pdf-text-layer"] span[role="presentation"]').first();
    await span.waitFor({ state: 'attached' });
    // The copy, the switch and the reading in one go inside the page: the notice lasts seconds,
    // and a busy machine must not let it go before it is read.
    const said = await span.evaluate(async (el) => {
      const g = globalThis as any; // runs in the page: DOM globals
      const notice = () => g.document.querySelector('[data-testid="reader-notice"]')?.textContent?.trim() ?? null;
      const frame = () => new Promise((r) => g.requestAnimationFrame(r));
      const until = async (ok: () => boolean) => {
        for (let i = 0; i < 200 && !ok(); i++) await frame();
      };
      el.dispatchEvent(new g.ClipboardEvent('copy', { bubbles: true, cancelable: true, clipboardData: new g.DataTransfer() }));
      await until(() => notice() !== null);
      const before = notice();
      g.document.querySelector('[data-testid="lang-en"]').click();
      await until(() => g.document.documentElement.lang === 'en' && notice() !== before);
      return { before, after: notice() };
    });
    expect(said).toEqual({ before: 'Tài liệu mật: không được sao chép nội dung.', after: 'Confidential document: copying its content is not allowed.' });
    await toVietnamese(p);
  });

  it('the calendar popup of a date field speaks the app language, Monday first, and writes dd/mm/yyyy 24-hour', async () => {
    const s = secretary.page;
    await secretary.goto('/opinions/new');
    const field = s.getByTestId('opinion-send-deadline');
    await expect.poll(async () => (await field.inputValue()).trim()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const [dd, mm, yyyy] = (await field.inputValue()).trim().slice(0, 10).split('/').map(Number);

    await s.getByTestId('opinion-send-deadline-pick').click();
    const popup = s.getByTestId('date-popup');
    await popup.waitFor();
    await secretary.checkA11y('calendar popup');
    expect(await text(s, 'date-popup-title')).toBe(`Tháng ${mm} năm ${yyyy}`);
    expect((await popup.locator('th').allTextContents()).map((h) => h.trim())).toEqual(['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN']);
    // Switching the language is a click outside: the popup closes, and opens again in English.
    await toEnglish(s);
    await popup.waitFor({ state: 'detached' });
    await s.getByTestId('opinion-send-deadline-pick').click();
    await expect.poll(() => text(s, 'date-popup-title')).toMatch(new RegExp(` ${yyyy}$`));
    expect(await text(s, 'date-popup-title')).not.toContain('Tháng');
    expect((await popup.locator('th').allTextContents()).map((h) => h.trim())).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

    // By keyboard: the field's day has the focus; the next day, 14:30 on a 24-hour clock.
    await expect.poll(() => s.evaluate("document.activeElement?.getAttribute('data-day')")).toBe(`${yyyy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
    await s.keyboard.press('ArrowRight');
    await s.keyboard.press('Enter');
    await s.getByTestId('date-popup-hour').selectOption('14');
    await s.getByTestId('date-popup-minute').selectOption('30');
    expect(await s.getByTestId('date-popup-hour').locator('option').count()).toBe(24);
    await s.getByTestId('date-popup-done').click();
    await popup.waitFor({ state: 'detached' });
    const next = new Date(Date.UTC(yyyy, mm - 1, dd + 1));
    const two = (n: number) => String(n).padStart(2, '0');
    expect((await field.inputValue()).trim()).toBe(`${two(next.getUTCDate())}/${two(next.getUTCMonth() + 1)}/${next.getUTCFullYear()} 14:30`);

    // Escape closes it and gives the focus back to its button.
    await s.getByTestId('opinion-send-deadline-pick').click();
    await popup.waitFor();
    await s.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
    expect(await s.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('opinion-send-deadline-pick');
    await toVietnamese(s);
  });

  it('a vote opened in his meeting reaches a member on another screen, and the notification opens it', async () => {
    const p = member.page;
    const meetings = await member.call('meetings.list');
    const today = meetings.find((m) => m.status === 'in_progress')!;
    await member.goto('/meetings');
    await p.getByTestId('notifications-enable').click();
    await expect.poll(() => text(p, 'notifications-toggle')).toBe('Thông báo: Bật');
    // He reads the meeting list, not the live room.
    await member.goto('/opinions');
    await p.getByTestId('opinions-inbox').waitFor();

    const question = 'Thông qua Tờ trình dự toán ngân sách năm 2027';
    await chair.call('liveMeeting.command', { meetingId: today.id, command: { type: 'vote.open', vote: { question, quorumOverrideReason: 'Biểu quyết thử khi chưa điểm danh' } } });
    await expect.poll(() => shown.length, { timeout: 60_000, message: JSON.stringify(shown) }).toBe(1);
    expect(shown[0]).toEqual({ title: 'Biểu quyết đang mở', body: question });
    expect(new URL(p.url()).hash).toBe('#/opinions');

    await p.evaluate("window.__lastNotification.dispatchEvent(new Event('click'))");
    await expect.poll(() => new URL(p.url()).hash).toBe(`#/meetings/${today.id}/live`);
    // The open vote itself (he has not checked in, so the screen tells him so instead of a ballot).
    await expect.poll(() => text(p, 'vote-question-text')).toBe(question);
    // Nobody checked in: said in words, not an empty heading.
    expect(await text(p, 'live-present-none')).toBe('Chưa có ai điểm danh có mặt.');
  });

  it('a guest who opens "Văn bản trình ký" by its address is told it is not for guests', async () => {
    const p = guest.page;
    await guest.goto('/signing');
    await expect.poll(() => text(p, 'signing-not-for-role')).toMatch(/^Khách mời không tham gia trình ký/);
    expect(await p.getByTestId('send-for-signature').count()).toBe(0);
    await toEnglish(p);
    await expect.poll(() => text(p, 'signing-not-for-role')).toMatch(/^Guests take no part in signing/);
  });

  it('English chosen on this computer: the page opened again shows its first screen in English from its first words', async () => {
    const p = guest.page;
    await toEnglish(p);
    await expect.poll(() => p.evaluate('document.documentElement.lang')).toBe('en');
    // Every title and bucket heading the page shows, recorded as it appears (from the first frame on).
    await guest.context.addInitScript(`{
      window.__shownTitles = [];
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('h1.page-title, .bucket h2')) {
          const t = el.firstChild?.textContent?.trim();
          if (t && !window.__shownTitles.includes(t)) window.__shownTitles.push(t);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    }`);
    await guest.goto('/meetings');
    await p.reload();
    await p.getByTestId('bucket-today').waitFor();
    expect(await p.evaluate('document.documentElement.lang')).toBe('en');
    const shownTitles = (await p.evaluate('window.__shownTitles')) as string[];
    expect(shownTitles[0]).toBe('Meetings');
    expect(shownTitles.filter((t) => ['Cuộc họp', 'Hôm nay', 'Sắp tới', 'Đã qua'].includes(t))).toEqual([]);
    await toVietnamese(p);
    await expect.poll(() => p.locator('h1.page-title').textContent()).toBe('Cuộc họp');
  });
});
