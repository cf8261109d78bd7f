/**
 * End to end, all real (demo server, client services, browser-mode host, Chromium), as a
 * committee member at a 1280×900 window:
 * - the main navigation leads to "Cuộc họp"; the meeting list uses the window's width and
 *   offers a week and a month calendar in Vietnam time (Monday first, Vietnamese names,
 *   24-hour times), driven by the keyboard, the choice remembered;
 * - the reader's toolbar is one row, and full-screen reading mode (F, Esc) gives the pages at
 *   least 80% of the window's height, with keyboard shortcuts listed by "?".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../../shared/api';
import type { MeetingSummary } from '../../shared/bridge';
import { compareMeetingsForList, meetingBucket, MEETINGS_PAGE } from '../../shared/rules/meetings';
import { addDays, monthWeeks, startOfWeek, vietnamDate, vietnamDay, vietnamInstant } from '../../shared/time/vietnam-time';
import { openDocument, startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';

const VIEWPORT = { width: 1280, height: 900 };
const dateOf = (day: string) => vietnamDate(vietnamInstant(day));
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').normalize('NFC').trim();
// Read in the page (the test's own types have no DOM).
const inPage = (page: Page, expression: string) => page.evaluate<string | null>(`(() => { const a = document.activeElement; return ${expression}; })()`);
const focusedDay = (page: Page) => inPage(page, 'a?.dataset.day ?? null');
const focusedTestId = (page: Page) => inPage(page, "a?.getAttribute('data-testid') ?? null");
const readingMode = (page: Page) => inPage(page, 'document.body.dataset.readingMode ?? null');

describe('a member finds his meetings and reads with the whole screen', () => {
  let app: DemoApp;
  let member: Side;
  let page: Page;
  let meetings: MeetingSummary[];
  let today: string;
  /** The page's fixed clock. */
  let clockAt: Date;
  const byOffset = (days: number) => {
    const m = meetings.find((x) => vietnamDay(x.startsAt) === addDays(today, days));
    if (!m) throw new Error(`the demo has no meeting ${days} days from today`);
    return m;
  };

  beforeAll(async () => {
    app = await startDemoApp('ecab-nav-');
    member = await app.signIn('member', 'pct.nguyen', { viewport: VIEWPORT });
    page = member.page;
    meetings = await member.call('meetings.list');
    // The page's clock stays at this instant (its timers keep running): a run that crosses
    // midnight in Vietnam (17:00 UTC) would otherwise see the app's "today" move away from the
    // demo's, which was seeded around the same "today" a moment before.
    const now = new Date();
    await page.clock.setFixedTime(now);
    clockAt = now;
    today = vietnamDay(now);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('"Cuộc họp" in the main navigation leads to a meeting list as wide as the window', async () => {
    const todays = byOffset(0);
    await member.goto(`/meetings/${todays.id}`);
    const nav = page.getByTestId('nav-meetings');
    expect(await nav.textContent()).toBe('Cuộc họp');
    await nav.click();
    await page.getByTestId('meeting-card').first().waitFor({ state: 'visible' });
    expect(await nav.getAttribute('aria-current')).toBe('page');
    // One meeting per row across the window, not one narrow card with the rest of the screen empty.
    const card = (await page.locator('[data-testid="meeting-card"][data-bucket="today"]').first().boundingBox())!;
    expect(card.width).toBeGreaterThan(VIEWPORT.width * 0.75);
    await shoot(page, 'meetings-list-wide.png');
  });

  it('shows the week from Monday to Sunday in Vietnam time, moves by keyboard and opens a meeting', async () => {
    await page.getByTestId('meetings-view-week').click();
    const calendar = page.getByTestId('meeting-calendar');
    await calendar.waitFor({ state: 'visible' });
    expect(await calendar.getAttribute('data-period')).toBe('week');
    const monday = startOfWeek(today);
    expect(await text(page, 'calendar-title')).toBe(`Tuần từ ${dateOf(monday)} đến ${dateOf(addDays(monday, 6))}`);
    const headers = await page.getByRole('columnheader').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(headers).toEqual(['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật']);
    const days = await page.getByTestId('calendar-day').evaluateAll((els) => els.map((e) => e.getAttribute('data-day')));
    expect(days).toEqual(Array.from({ length: 7 }, (_, i) => addDays(monday, i)));
    // Today's meeting sits on today (Vietnam calendar day), at its 24-hour Vietnam time.
    const todays = byOffset(0);
    const todayCell = page.locator(`[data-testid="calendar-day"][data-day="${today}"]`);
    expect(await todayCell.getAttribute('aria-current')).toBe('date');
    const link = todayCell.locator(`[data-testid="calendar-meeting"][data-meeting-id="${todays.id}"]`);
    expect((await link.textContent())?.normalize('NFC')).toContain(`08:00–`);
    expect((await link.textContent())?.normalize('NFC')).toContain(todays.title);
    await shoot(page, 'meetings-week.png');

    // Keyboard: the focused day moves with the arrows, PageDown turns to next week.
    await todayCell.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedDay(page)).toBe(addDays(today, 1));
    await page.keyboard.press('PageDown');
    await expect.poll(() => focusedDay(page)).toBe(addDays(today, 8));
    // The week shown is the focused day's (on a Sunday the arrow already moved it to next week).
    const shown = startOfWeek(addDays(today, 8));
    expect(await text(page, 'calendar-title')).toBe(`Tuần từ ${dateOf(shown)} đến ${dateOf(addDays(shown, 6))}`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedDay(page)).toBe(addDays(today, 7));
    const next = byOffset(7);
    // Enter goes to the day's first meeting, Enter again opens it.
    await page.keyboard.press('Enter');
    await expect.poll(() => inPage(page, 'a?.dataset.meetingId ?? null')).toBe(next.id);
    expect(((await inPage(page, 'a?.textContent ?? null')) ?? '').normalize('NFC')).toContain('14:00–');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/meetings/${next.id}`);
  });

  it('shows the month with Vietnamese names, in English too, and remembers the chosen view', async () => {
    await page.getByTestId('nav-meetings').click();
    // The week view was the last choice.
    await page.getByTestId('meeting-calendar').waitFor({ state: 'visible' });
    expect(await page.getByTestId('meeting-calendar').getAttribute('data-period')).toBe('week');
    await page.getByTestId('meetings-view-month').click();
    await expect.poll(() => page.getByTestId('meeting-calendar').getAttribute('data-period')).toBe('month');
    const [year, month] = [today.slice(0, 4), Number(today.slice(5, 7))];
    expect(await text(page, 'calendar-title')).toBe(`Tháng ${month} năm ${year}`);
    const weeks = monthWeeks(today);
    expect(await page.getByTestId('calendar-day').count()).toBe(weeks.length * 7);
    expect(await page.getByTestId('calendar-day').first().getAttribute('data-day')).toBe(weeks[0][0]);
    const shortNames = await page.getByRole('columnheader').evaluateAll((els) => els.map((e) => e.textContent));
    expect(shortNames).toEqual(['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN']);
    const todays = byOffset(0);
    await page.locator(`[data-testid="calendar-day"][data-day="${today}"] [data-meeting-id="${todays.id}"]`).waitFor({ state: 'visible' });
    // PageUp from a day of this month turns to the previous month.
    await page.locator(`[data-testid="calendar-day"][data-day="${today}"]`).focus();
    await page.keyboard.press('PageUp');
    await expect.poll(() => focusedDay(page)).not.toBe(today);
    const shown = (await focusedDay(page))!;
    expect(shown.slice(0, 7)).not.toBe(today.slice(0, 7));
    expect(await page.locator(`[data-testid="calendar-day"][data-day="${shown}"]`).getAttribute('class')).not.toContain('outside');
    await shoot(page, 'meetings-month.png');

    await page.getByTestId('lang-en').click();
    const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(vietnamInstant(`${shown.slice(0, 7)}-15`));
    await expect.poll(() => text(page, 'calendar-title')).toBe(`${monthName} ${shown.slice(0, 4)}`);
    expect(await page.getByRole('columnheader').first().getAttribute('aria-label')).toBe('Monday');
    expect(await text(page, 'nav-meetings')).toBe('Meetings');
    await page.getByTestId('lang-vi').click();
    await expect.poll(() => text(page, 'nav-meetings')).toBe('Cuộc họp');

    // The choice survives a restart of the page.
    await page.reload();
    await page.getByTestId('meeting-calendar').waitFor({ state: 'visible' });
    expect(await page.getByTestId('meeting-calendar').getAttribute('data-period')).toBe('month');
    expect(await page.getByTestId('meetings-view-month').getAttribute('aria-pressed')).toBe('true');
  });

  it('reads in one compact toolbar row and a full-screen reading mode driven by the keyboard', async () => {
    const detail = await member.call('meetings.get', { id: byOffset(0).id });
    const doc = detail.agenda.flatMap((a) => a.documents).find((d) => d.classification !== 'confidential') ?? detail.agenda[0].documents[0];
    await openDocument(page, doc.id);
    const toolbar = page.getByRole('toolbar', { name: 'Công cụ đọc tài liệu' });
    const scrollArea = page.getByTestId('pdf-scroll');

    // One row: every control of the toolbar on the same line, the bar no taller than one of them.
    const boxes = await toolbar.locator('button, input').evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => ({ top: r.top, height: r.height })),
    );
    expect(boxes.length).toBeGreaterThan(10);
    const tallest = Math.max(...boxes.map((b) => b.height));
    const tops = boxes.map((b) => b.top);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(tallest / 2);
    expect((await toolbar.boundingBox())!.height).toBeLessThan(tallest * 1.6);
    // Nothing cut off: the annotation tools fit without scrolling, and every control's words show whole.
    const extra = toolbar.locator('.pdf-toolbar-extra');
    expect(await extra.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    const clipped = await toolbar.locator('button, label').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(clipped).toEqual([]);
    // Outside reading mode too the pages get more than the 61% of the window they had (header, sync bar and a three-row toolbar).
    const normal = (await scrollArea.boundingBox())!;
    expect(normal.height).toBeGreaterThanOrEqual(VIEWPORT.height * 0.72);
    await shoot(page, 'reader-compact.png');

    // F: full-screen reading mode; the pages get at least 80% of the window's height.
    await page.locator('body').press('f');
    await expect.poll(() => readingMode(page)).toBe('on');
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    await expect.poll(async () => (await scrollArea.boundingBox())!.height).toBeGreaterThanOrEqual(VIEWPORT.height * 0.8);
    expect((await scrollArea.boundingBox())!.height).toBeGreaterThan(normal.height);
    expect(await page.getByTestId('reading-mode').getAttribute('aria-pressed')).toBe('true');
    await shoot(page, 'reader-reading-mode.png');

    // Next / previous page, go to page, zoom, find: all from the keyboard.
    expect(await text(page, 'page-indicator')).toMatch(/^Trang 1 \/ 2$/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => text(page, 'page-indicator')).toBe('Trang 2 / 2');
    await page.keyboard.press('k');
    await expect.poll(() => text(page, 'page-indicator')).toBe('Trang 1 / 2');
    await page.keyboard.press('g');
    await expect.poll(() => focusedTestId(page)).toBe('page-input');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, 'page-indicator')).toBe('Trang 2 / 2');
    await inPage(page, '(a?.blur(), null)');
    const zoom = await text(page, 'zoom-level');
    await page.keyboard.press('+');
    await expect.poll(() => text(page, 'zoom-level')).not.toBe(zoom);
    await page.keyboard.press('0');
    await expect.poll(() => text(page, 'zoom-level')).toBe(zoom);
    await page.keyboard.press('/');
    await expect.poll(() => focusedTestId(page)).toBe('find-input');
    // Esc closes find first; reading mode stays.
    await page.keyboard.press('Escape');
    await page.getByTestId('find-bar').waitFor({ state: 'detached' });
    expect(await readingMode(page)).toBe('on');

    // "?" lists the shortcuts, translated; Esc closes the list, then leaves reading mode.
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts-overlay');
    await help.waitFor({ state: 'visible' });
    const listed = ((await help.textContent()) ?? '').normalize('NFC');
    for (const line of ['PageUp / PageDown', '→ / J: trang sau', 'G: đến trang', 'Ctrl + / Ctrl − / Ctrl 0', 'Ctrl+F: tìm trong tài liệu', 'F: bật / tắt chế độ đọc toàn màn hình', '?: mở / đóng bảng phím tắt']) {
      expect(listed).toContain(line);
    }
    await shoot(page, 'reader-shortcuts.png');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    expect(await readingMode(page)).toBe('on');
    await page.keyboard.press('Escape');
    await expect.poll(() => readingMode(page)).toBe(null);
    await page.locator('.app-header').waitFor({ state: 'visible' });

    // The button does the same as F.
    await page.getByTestId('reading-mode').click();
    await expect.poll(() => readingMode(page)).toBe('on');
    await page.getByTestId('reading-mode').click();
    await expect.poll(() => readingMode(page)).toBe(null);
  });

  it('with many meetings behind him, the past shows the latest few (MEETINGS_PAGE); "Xem thêm" shows as many more each time and takes the focus to the first it added', async () => {
    // A secretary publishes 25 more meetings of the past weeks with this member on them.
    const sec = await app.signIn('secretary', 'thuky', { viewport: VIEWPORT });
    const users = await sec.call('secretariat.users');
    const id = (username: string) => users.find((u) => u.username === username)!.id;
    const mutations: Mutation[] = [];
    for (let i = 0; i < 25; i++) {
      const meetingId = randomUUID();
      const startsAt = new Date(clockAt.getTime() - (3 + i) * 86_400_000);
      mutations.push(
        { id: randomUUID(), kind: 'meeting.upsert', args: { id: meetingId, title: `Họp giao ban tuần (${i + 1})`, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(), location: 'Phòng họp số 1', status: 'draft', chairId: id('chutich') } },
        { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId, userId: id('chutich'), role: 'chair' } },
        { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId, userId: id('pct.nguyen'), role: 'member' } },
        { id: randomUUID(), kind: 'meeting.publish', args: { meetingId } },
      );
    }
    const { results } = await sec.call('secretariat.submit', { mutations });
    expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
    await member.call('sync.now');
    const past = (await member.call('meetings.list')).filter((m) => meetingBucket(m, clockAt) === 'past').sort((a, b) => compareMeetingsForList(a, b, 'past'));
    expect(past.length).toBeGreaterThan(2 * MEETINGS_PAGE);

    await page.getByTestId('nav-meetings').click();
    await page.getByTestId('meetings-view-list').click();
    const bucket = page.getByTestId('bucket-past');
    const cards = bucket.getByTestId('meeting-card');
    const shownIds = () => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-meeting-id')));
    // The newest ones, newest first; the heading still counts them all.
    const PAGE = MEETINGS_PAGE;
    await expect.poll(shownIds).toEqual(past.slice(0, PAGE).map((m) => m.id));
    expect(((await bucket.locator('h2').textContent()) ?? '').normalize('NFC')).toContain(`(${past.length})`);
    expect(await text(page, 'bucket-more-past')).toContain(`Đang hiển thị ${PAGE}/${past.length} cuộc họp`);
    const more = bucket.getByTestId('meetings-show-more');
    expect(((await more.textContent()) ?? '').normalize('NFC')).toBe(`Xem thêm ${Math.min(PAGE, past.length - PAGE)} cuộc họp`);

    // Each "Xem thêm", by keyboard: the next ones, the focus on the first of them.
    for (let shown = PAGE; shown < past.length; shown += PAGE) {
      await more.focus();
      await page.keyboard.press('Enter');
      const now = Math.min(shown + PAGE, past.length);
      await expect.poll(shownIds).toEqual(past.slice(0, now).map((m) => m.id));
      await expect.poll(() => inPage(page, "a?.getAttribute('data-meeting-id') ?? null")).toBe(past[shown].id);
    }
    // All shown: no button left.
    expect(await bucket.getByTestId('bucket-more-past').count()).toBe(0);
    await member.checkA11y('past meetings, all shown');

    // The secretary's home: his organisation's meetings (drafts too) the same way, the latest past
    // ones first, "Xem thêm" adding as many, the focus on the first row it added.
    const secPast = (await sec.call('meetings.list')).filter((m) => meetingBucket(m, clockAt) === 'past').sort((a, b) => compareMeetingsForList(a, b, 'past'));
    expect(secPast.length).toBeGreaterThan(2 * PAGE);
    await sec.goto('/secretariat');
    const secBucket = sec.page.getByTestId('sec-bucket-past');
    const rowIds = () => secBucket.getByTestId('sec-meeting').evaluateAll((els) => els.map((e) => e.getAttribute('data-meeting-id')));
    await expect.poll(rowIds).toEqual(secPast.slice(0, PAGE).map((m) => m.id));
    expect(((await secBucket.locator('h2').textContent()) ?? '').normalize('NFC')).toContain(`(${secPast.length})`);
    expect(await text(sec.page, 'bucket-more-past')).toContain(`Đang hiển thị ${PAGE}/${secPast.length} cuộc họp`);
    await secBucket.getByTestId('meetings-show-more').click();
    await expect.poll(rowIds).toEqual(secPast.slice(0, 2 * PAGE).map((m) => m.id));
    await expect.poll(() => inPage(sec.page, "a?.closest('[data-testid=\"sec-meeting\"]')?.getAttribute('data-meeting-id') ?? null")).toBe(secPast[PAGE].id);
    await sec.checkA11y('secretariat home, more past meetings shown');
  });
});
