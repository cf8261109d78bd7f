/**
 * End to end, all real, as the secretary: the forms she fills in all day. Her Chromium is
 * launched with --lang=en-US, an American locale and a New York clock, the setting in which a
 * browser-locale date input printed "12/04/2026, 08:00 AM" for 4 December: the Vietnamese UI
 * must still read 04/12/2026 and 24-hour Vietnam time. Then: a publish refusal that clears
 * once its cause is fixed, a task form that says what is missing, an upload whose title can be
 * changed, agenda titles that are never cut off, and attendance that is not alarming before
 * the meeting starts.
 */
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { CHROMIUM_ARGS, chromiumPath } from '../helpers/browser';
import { SCREENSHOTS as shots, startDemoApp, UI_DEADLINE_MS, type DemoApp, type Side } from './demo-app-harness';

const TITLE = 'Họp giao ban kiểm tra biểu mẫu';
const LONG_AGENDA_TITLE =
  'Tờ trình về việc phê duyệt chủ trương đầu tư dự án cải tạo, nâng cấp hệ thống thoát nước và chống ngập úng khu vực nội thành giai đoạn 2026 - 2030, kèm theo phương án huy động vốn';

/** The page's getComputedStyle, for functions that run in the page (no DOM typings in this file). */
type PageCss = { getComputedStyle(el: unknown): { backgroundColor: string; lineHeight: string } };

async function pdfBytes(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(text, { x: 60, y: 700, size: 24, font });
  return Buffer.from(await doc.save());
}

describe('the secretary fills in the meeting forms in an American-locale browser', () => {
  let app: DemoApp;
  let sec: Side;
  let usBrowser: Browser;
  let p: Page;
  let meetingId: string;
  const member = demoContent.users.find((u) => u.role === 'member')!;

  const meeting = async () => (await sec.call('meetings.get', { id: meetingId })).meeting;

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-forms-');
    sec = await app.signIn('secretary', 'thuky');
    // Her own browser, set up as an American one; the same signed-in services behind it.
    usBrowser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--lang=en-US'] });
    const context = await usBrowser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1280, height: 1000 } });
    context.setDefaultTimeout(UI_DEADLINE_MS);
    p = await context.newPage();
    p.on('pageerror', (e) => console.error('[secretary page error]', e.message));
    p.on('dialog', (d) => void d.accept());
    await p.goto(sec.host.newLaunchUrl());
    await p.getByTestId('user-box').waitFor();
    expect(await p.evaluate<string>('navigator.language')).toBe('en-US');
  }, 120_000);

  afterAll(async () => {
    await usBrowser?.close();
    await app?.close();
  });

  it('shows and reads dates as dd/mm/yyyy and 24-hour Vietnam time, with an inline message for an impossible date', async () => {
    await p.getByTestId('nav-secretariat').click();
    await p.getByTestId('new-meeting').click();
    await p.getByTestId('editor-title').waitFor();
    meetingId = /meetings\/([^/?]+)/.exec(p.url())![1];
    await p.getByTestId('meeting-title-input').fill(TITLE);

    const starts = p.getByTestId('meeting-starts');
    const ends = p.getByTestId('meeting-ends');
    // Whatever the new meeting's time is, it is written day first with a 24-hour clock, no AM/PM.
    expect(await starts.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);

    await starts.fill('04/12/2026 14:30');
    await ends.fill('04/12/2026 16:00');
    await p.getByTestId('save-general').click();
    await expect.poll(async () => (await meeting()).startsAt).toBe('2026-12-04T07:30:00.000Z');
    expect((await meeting()).endsAt).toBe('2026-12-04T09:00:00.000Z');
    // The form comes back from the saved meeting in the same format.
    await expect.poll(() => p.getByTestId('meeting-starts').inputValue()).toBe('04/12/2026 14:30');
    await expect.poll(() => p.getByTestId('meeting-ends').inputValue()).toBe('04/12/2026 16:00');

    // 30 February does not exist: said at the field, nothing saved; fixed, the message goes.
    await p.getByTestId('meeting-starts').fill('30/02/2026 08:00');
    await p.getByTestId('meeting-starts').blur();
    await expect.poll(() => p.getByTestId('meeting-starts-error').textContent()).toContain('Thời gian không hợp lệ');
    expect(await p.getByTestId('meeting-starts').getAttribute('aria-invalid')).toBe('true');
    await p.getByTestId('meeting-starts').fill('04/12/2026 8h');
    await expect.poll(() => p.getByTestId('meeting-starts-error').count()).toBe(0);

    // An end before the start is refused at the end field.
    await p.getByTestId('meeting-ends').fill('04/12/2026 07:00');
    await p.getByTestId('save-general').click();
    await expect.poll(() => p.getByTestId('meeting-ends-error').textContent()).toContain('Giờ kết thúc phải sau giờ bắt đầu');
    expect((await meeting()).startsAt).toBe('2026-12-04T07:30:00.000Z');
    await p.getByTestId('meeting-ends').fill('04/12/2026 11:30');
    await expect.poll(() => p.getByTestId('meeting-ends-error').count()).toBe(0);
    await p.getByTestId('save-general').click();
    await expect.poll(async () => (await meeting()).startsAt).toBe('2026-12-04T01:00:00.000Z');
    await expect.poll(() => p.getByTestId('meeting-starts').inputValue()).toBe('04/12/2026 08:00');
    await p.screenshot({ path: path.join(shots, 'e2e-forms-dates-vi.png') });

    // In English: the same day-first, 24-hour format, and the message in English.
    await p.getByTestId('lang-en').click();
    await expect.poll(() => p.getByTestId('meeting-starts').inputValue()).toBe('04/12/2026 08:00');
    await p.getByTestId('meeting-starts').fill('31/11/2026 08:00');
    await p.getByTestId('meeting-starts').blur();
    await expect.poll(() => p.getByTestId('meeting-starts-error').textContent()).toContain('Not a valid date and time');
    await p.screenshot({ path: path.join(shots, 'e2e-forms-dates-en.png') });
    await p.getByTestId('lang-vi').click();
    await p.getByTestId('meeting-starts').fill('04/12/2026 08:00');
    await expect.poll(() => p.getByTestId('meeting-starts-error').count()).toBe(0);
  });

  it('shows long agenda titles whole, on as many lines as they need', async () => {
    await p.getByTestId('agenda-new-title').fill(LONG_AGENDA_TITLE);
    await p.getByTestId('agenda-new-minutes').fill('60');
    await p.getByTestId('agenda-add').click();
    const title = p.getByTestId('agenda-item-title').first();
    await expect.poll(() => title.inputValue()).toBe(LONG_AGENDA_TITLE);
    // Nothing hidden: no horizontal or vertical scrolling inside the field, and it wraps.
    const box = await title.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight, lineHeight: parseFloat((globalThis as unknown as PageCss).getComputedStyle(el).lineHeight) }));
    expect(box.sw).toBeLessThanOrEqual(box.cw);
    expect(box.sh).toBeLessThanOrEqual(box.ch + 1);
    expect(box.ch).toBeGreaterThan(box.lineHeight * 1.5);
    await p.locator('[aria-labelledby="sec-agenda"]').screenshot({ path: path.join(shots, 'e2e-forms-agenda.png') });
  });

  it('says why it cannot publish, and clears that as soon as the chair is added', async () => {
    const users = await sec.call('secretariat.users');
    const id = (username: string) => users.find((u) => u.username === username)!.id;
    await p.getByTestId('participant-pick').selectOption(id(member.username));
    await p.getByTestId('participant-add').click();
    await expect.poll(() => p.getByTestId('editor-participant').count()).toBe(1);

    await p.getByTestId('publish').click();
    const refusal = p.getByTestId('publish-refusal');
    await expect.poll(() => refusal.textContent()).toContain('chưa có người chủ trì');

    await p.getByTestId('meeting-chair').selectOption(id('chutich'));
    await p.getByTestId('save-general').click();
    await expect.poll(async () => (await meeting()).chairId).toBe(id('chutich'));
    await expect.poll(() => p.getByTestId('publish-refusal').count()).toBe(0);

    await p.getByTestId('publish').click();
    await p.getByTestId('published-note').waitFor();
  });

  it('takes an upload’s title from its file name and lets the secretary change it', async () => {
    await p.getByTestId('document-drop-input').setInputFiles({ name: 'bao-cao-tai-chinh-2026.pdf', mimeType: 'application/pdf', buffer: await pdfBytes('Bao cao tai chinh 2026') });
    const field = p.getByTestId('editor-document').getByTestId('document-title');
    await expect.poll(() => field.inputValue()).toBe('bao-cao-tai-chinh-2026');

    // Emptied: said at the field, not saved.
    await field.fill('');
    await expect.poll(() => p.getByTestId('document-title-error').textContent()).toContain('Vui lòng nhập tên tài liệu');
    await field.fill('Báo cáo tình hình tài chính năm 2026');
    await expect.poll(() => p.getByTestId('document-title-error').count()).toBe(0);
    await field.blur();
    await expect
      .poll(async () => (await sec.call('meetings.get', { id: meetingId })).documents.map((d) => d.title))
      .toEqual(['Báo cáo tình hình tài chính năm 2026']);
    await expect.poll(() => p.getByTestId('editor-document').locator('a').first().textContent()).toBe('Báo cáo tình hình tài chính năm 2026');
    await p.locator('[aria-labelledby="sec-documents"]').screenshot({ path: path.join(shots, 'e2e-forms-upload-title.png') });
  });

  it('says which task fields are missing, at each field, and clears each as it is filled in', async () => {
    await p.getByTestId('task-add').click();
    const missing = p.getByTestId('task-missing');
    await expect.poll(() => missing.textContent()).toBe('Còn thiếu: Nhiệm vụ, Cơ quan chủ trì, Thời hạn.');
    expect(await p.getByTestId('task-title-error').textContent()).toBe('Vui lòng nhập nhiệm vụ.');
    expect(await p.getByTestId('task-deadline-error').textContent()).toBe('Vui lòng nhập thời hạn.');

    await p.getByTestId('task-title').fill('Hoàn thiện hồ sơ dự án thoát nước');
    await expect.poll(() => p.getByTestId('task-title-error').count()).toBe(0);
    await expect.poll(() => missing.textContent()).toBe('Còn thiếu: Cơ quan chủ trì, Thời hạn.');
    await p.getByTestId('task-agency').fill('Sở Xây dựng');
    await p.getByTestId('task-deadline').fill('15/12/2026');
    await expect.poll(() => p.getByTestId('task-missing').count()).toBe(0);
    await p.locator('[aria-labelledby="sec-tasks"]').screenshot({ path: path.join(shots, 'e2e-forms-task.png') });

    await p.getByTestId('task-add').click();
    await expect.poll(async () => (await sec.call('meetings.extras', { id: meetingId })).tasks.map((x) => [x.title, x.deadline])).toEqual([
      ['Hoàn thiện hồ sơ dự án thoát nước', '2026-12-15'],
    ]);
    await expect.poll(() => p.getByTestId('task-title').inputValue()).toBe('');
    expect(await p.getByTestId('task-missing').count()).toBe(0);
  });

  it('shows "not checked in" plainly before the meeting starts, and in red only once it runs', async () => {
    const rows = p.getByTestId('attendance-row');
    await expect.poll(() => rows.count()).toBe(1);
    const chosen = rows.first().locator('button[aria-pressed="true"]');
    await expect.poll(() => chosen.textContent()).toBe('Chưa điểm danh');
    expect(await chosen.getAttribute('data-tone')).toBe('neutral');
    // The app's red, as the page computes it.
    const accent = await p.evaluate<string>(
      "(() => { const s = document.createElement('span'); s.style.color = 'var(--accent)'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; })()",
    );
    expect(accent).toMatch(/^rgb/);
    expect(await chosen.evaluate((el) => (globalThis as unknown as PageCss).getComputedStyle(el).backgroundColor)).not.toBe(accent);
    await p.locator('[aria-labelledby="sec-attendance"]').screenshot({ path: path.join(shots, 'e2e-forms-attendance.png') });

    await p.getByTestId('start-meeting').click();
    await p.getByTestId('started-note').waitFor();
    await expect.poll(() => p.getByTestId('attendance-row').first().locator('button[aria-pressed="true"]').getAttribute('data-tone')).toBe('alert');
    await p.getByTestId('attendance-row').first().getByRole('button', { name: 'Có mặt' }).click();
    await expect.poll(() => p.getByTestId('attendance-row').first().locator('button[aria-pressed="true"]').getAttribute('data-tone')).toBe('ok');
  });
});
