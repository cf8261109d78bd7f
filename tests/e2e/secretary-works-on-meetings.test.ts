/**
 * End to end, all real, as the secretary, on one demo server (the cases share it, each on what
 * it makes or on a demo meeting the others leave alone; they run in this order, which matters:
 * the audit log's newest entries are its own, and the member has no other invitation unread):
 * - she reads the audit log as a person would: actions by their Vietnamese names, who by full
 *   name, what changed as "before → after" (never JSON); filters by action and person; pages;
 * - she builds a meeting through the UI — title, chair, participants, two agenda items, two PDFs
 *   dropped at once on the drop zone — and publishes it; a member, in a second browser context,
 *   sees it appear and opens one of its documents;
 * - the forms she fills in all day, in her own Chromium launched with --lang=en-US, an American
 *   locale and a New York clock, the setting in which a browser-locale date input printed
 *   "12/04/2026, 08:00 AM" for 4 December: the Vietnamese UI must still read 04/12/2026 and
 *   24-hour Vietnam time. Then: a publish refusal that clears once its cause is fixed, a task
 *   form that says what is missing, an upload whose title can be changed, agenda titles that are
 *   never cut off, and attendance that is not alarming before the meeting starts;
 * - she works on a published demo meeting in the editor — moves agenda items with the ↓ button
 *   and by drag and drop, renames one, takes attendance, saves the minutes, makes a document
 *   confidential with a reader and a print rule, changes a role, adds a task and marks it done,
 *   starts and closes the meeting. Each save goes through the outbox to the real server; the
 *   test waits for what the editor shows (or the cache holds) afterwards.
 */
import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchBridgeCall } from '../../electron/services/index';
import { demoContent } from '../../server/demo/content';
import { foldVietnamese } from '../../shared/text/fold';
import { vietnamDate } from '../../shared/time/vietnam-time';
import { PICKER_SHOWN } from '../../renderer/src/meetings/meeting-options';
import { CHROMIUM_ARGS, chromiumPath } from '../helpers/browser';
import { login, pushOk } from '../server/helpers';
import { startDemoApp, UI_DEADLINE_MS, type DemoApp, type Side, shoot } from './demo-app-harness';
import { watchPageOnFailure } from '../helpers/failure-snapshots';
import { watchLoadingStates } from './loading-states';
import { auditFieldNames } from './audit-fields';

const PUBLISHED_TITLE = 'Phiên họp chuyên đề về chuyển đổi số';
const FORMS_TITLE = 'Họp giao ban kiểm tra biểu mẫu';
const LONG_AGENDA_TITLE =
  'Tờ trình về việc phê duyệt chủ trương đầu tư dự án cải tạo, nâng cấp hệ thống thoát nước và chống ngập úng khu vực nội thành giai đoạn 2026 - 2030, kèm theo phương án huy động vốn';
const SECRETARY_VIEWPORT = { width: 1280, height: 900 };
/** A weekly meeting's title, and how many of them the audit case adds (more than a meeting picker lists at once). */
const WEEKLY = 'Họp giao ban tuần';
const WEEKS = PICKER_SHOWN + 4;

/** The page's getComputedStyle, for functions that run in the page (no DOM typings in this file). */
type PageCss = { getComputedStyle(el: unknown): { backgroundColor: string; lineHeight: string } };

async function pdfBase64(text: string): Promise<string> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(text, { x: 60, y: 700, size: 28, font });
  for (let i = 0; i < 20; i++) page.drawText(`Line ${i + 1}: ${text}`, { x: 60, y: 650 - i * 24, size: 14, font });
  return Buffer.from(await doc.save()).toString('base64');
}

async function pdfBytes(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(text, { x: 60, y: 700, size: 24, font });
  return Buffer.from(await doc.save());
}

let app: DemoApp;
/** The secretary at her own machine (confirmation dialogs answered yes, as she would). */
let sec: Side;

beforeAll(async () => {
  app = await startDemoApp('ecab-e2e-secretary-');
  sec = await app.signIn('secretary', 'thuky', { viewport: SECRETARY_VIEWPORT, acceptDialogs: true });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('the secretary reads the audit log', () => {
  it('Vietnamese action names, full names, before → after, filters and pages', async () => {
    // Sixty tasks assigned by the secretary: more than a page of the log.
    const token = (await login(app.server.url, 'thuky', demoContent.password)).accessToken;
    const meeting = await app.server.db.selectFrom('meetings').select('id').where('status', 'in', ['published', 'in_progress']).executeTakeFirstOrThrow();
    const task = (i: number) => ({
      id: randomUUID(),
      kind: 'task.upsert' as const,
      args: { id: randomUUID(), meetingId: meeting.id, title: `Nhiệm vụ ${i}`, agency: 'Sở Tài chính', assignee: '', deadline: '2026-12-31', expectedResult: '', follower: '', status: 'open' as const },
    });
    // Half a year of a weekly meeting, more than a meeting picker lists at once (drafts; pushed
    // before the tasks, so the log's newest entries stay the tasks').
    const chair = await app.server.db.selectFrom('users').select('id').where('username', '=', 'chutich').executeTakeFirstOrThrow();
    const weekly = (i: number) => {
      const startsAt = new Date(Date.now() - (i + 1) * 7 * 86_400_000);
      const args = { id: randomUUID(), title: WEEKLY, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(), location: 'Phòng họp số 1', status: 'draft' as const, chairId: chair.id };
      return { id: randomUUID(), kind: 'meeting.upsert' as const, args };
    };
    await pushOk(app.server.url, token, ...Array.from({ length: WEEKS }, (_, i) => weekly(i)));
    await pushOk(app.server.url, token, ...Array.from({ length: 60 }, (_, i) => task(i)));
    // In her cache before the screens that list meetings read them.
    await expect.poll(async () => (await sec.call('meetings.list', {})).filter((m) => m.title === WEEKLY).length, { timeout: 20_000 }).toBe(WEEKS);
    const secretary = await app.server.db.selectFrom('users').select(['id', 'full_name']).where('username', '=', 'thuky').executeTakeFirstOrThrow();

    const p = sec.page;
    await sec.goto('/secretariat/audit');
    const rows = p.getByTestId('audit-row');
    await rows.first().waitFor({ timeout: 20_000 });
    // Named in Vietnamese, by full name, no raw action code, no JSON.
    const text = await p.getByTestId('audit-list').innerText();
    expect(text).toContain('Giao/sửa nhiệm vụ');
    expect(text).toContain(secretary.full_name);
    expect(text).not.toMatch(/task\.upsert|\{"/);
    await expect.poll(() => p.getByTestId('audit-changes').first().innerText(), { timeout: 15_000 }).toMatch(/Tiêu đề: \(trống\) → Nhiệm vụ 59/);
    // The task's meeting by its title, its status and fields by their names: no id, no code.
    const { title: meetingTitle } = await app.server.db.selectFrom('meetings').select('title').where('id', '=', meeting.id).executeTakeFirstOrThrow();
    const newest = await p.getByTestId('audit-changes').first().innerText();
    expect(newest).toContain(`Cuộc họp: (trống) → ${meetingTitle}`);
    expect(newest).toContain('Trạng thái: (trống) → Đang thực hiện');
    expect(newest).toContain('Cơ quan chủ trì: (trống) → Sở Tài chính');
    expect(newest).toContain('Hạn: (trống) → 31/12/2026');
    expect(newest).not.toMatch(/agency|assignee|expectedResult|follower|open|[0-9a-f]{8}-[0-9a-f]{4}-/);

    // Filter: the demo's seed (the system's work) shows its documents, each "Tiêu đề: (trống) → …".
    await p.getByTestId('audit-filter-action').selectOption('demo.seed');
    await p.getByTestId('audit-filter-apply').click();
    await expect.poll(async () => [...new Set(await p.getByTestId('audit-action').allInnerTexts())], { timeout: 15_000 }).toEqual(['Nạp dữ liệu mẫu']);
    await expect.poll(() => p.getByTestId('audit-list').innerText(), { timeout: 15_000 }).toMatch(/Tiêu đề: \(trống\) → \S/);

    // Filter by person, then pages of 50: the next page holds older entries and comes back.
    await p.getByTestId('audit-filter-action').selectOption('');
    await p.getByTestId('audit-filter-person').selectOption(secretary.id);
    await p.getByTestId('audit-filter-apply').click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
    const firstPage = await rows.first().innerText();
    await p.getByTestId('audit-older').click();
    await expect.poll(async () => (await rows.first().innerText()) !== firstPage, { timeout: 15_000 }).toBe(true);
    await p.getByTestId('audit-newer').click();
    await expect.poll(() => rows.first().innerText(), { timeout: 15_000 }).toBe(firstPage);

    // The meeting pickers (this filter, a signing request's meeting): a field that narrows the
    // meetings as one types, with or without diacritics; listed newest first, each named by its day
    // and title, so that meetings of the same title can be told apart; the first PICKER_SHOWN.
    const meetings = (await sec.call('meetings.list', {})).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
    const labelOf = (m: { startsAt: string; title: string }) => `${vietnamDate(new Date(m.startsAt))} — ${m.title}`;
    const labels = meetings.map(labelOf);
    // The meetings listed (the first choice is "all" / "choose", with no meeting).
    const listed = (testId: string) => p.getByTestId(`${testId}-option`).evaluateAll((els) => els.filter((e) => e.getAttribute('data-value')).map((e) => e.textContent));
    const picker = p.getByTestId('audit-filter-meeting');
    await picker.click();
    await expect.poll(() => listed('audit-filter-meeting')).toEqual(labels.slice(0, PICKER_SHOWN));
    if (labels.length > PICKER_SHOWN) expect(await p.getByTestId('audit-filter-meeting-note').innerText()).toContain(String(labels.length - PICKER_SHOWN));
    await sec.checkA11y('meeting picker open');
    // Typed without diacritics, its day and title: the meeting of the sixty tasks, chosen with Enter.
    // A title alone, typed without diacritics: the weekly meetings, newest first, the rest counted.
    await picker.fill('hop giao ban tuan');
    const weeklyLabels = meetings.filter((m) => m.title === WEEKLY).map(labelOf);
    await expect.poll(() => listed('audit-filter-meeting')).toEqual(weeklyLabels.slice(0, PICKER_SHOWN));
    expect(await p.getByTestId('audit-filter-meeting-note').innerText()).toBe(`Còn ${WEEKS - PICKER_SHOWN} cuộc họp khác: gõ thêm ngày hoặc tên để thu hẹp`);
    await shoot(p, 'e2e-meeting-picker.png');
    // With a day: that one week's.
    await picker.fill(`giao ban ${weeklyLabels[7].slice(0, 5)}`);
    await expect.poll(() => listed('audit-filter-meeting')).toEqual([weeklyLabels[7]]);
    const tasked = meetings.find((m) => m.id === meeting.id)!;
    await picker.fill(foldVietnamese(labelOf(tasked)).replace(' — ', ' '));
    await expect.poll(() => listed('audit-filter-meeting')).toEqual([labelOf(tasked)]);
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue()).toBe(labelOf(tasked));
    expect(await p.getByTestId('audit-filter-meeting-list').count()).toBe(0);
    await p.getByTestId('audit-filter-person').selectOption('');
    await p.getByTestId('audit-filter-action').selectOption('task.upsert');
    await p.getByTestId('audit-filter-apply').click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
    // Escape leaves the choice as it was; choosing "all" again clears it.
    await picker.fill('khong co cuoc hop nao nhu the nay');
    await expect.poll(() => p.getByTestId('audit-filter-meeting-note').innerText()).toBe('Không có cuộc họp nào khớp');
    await picker.press('Escape');
    expect(await picker.inputValue()).toBe(labelOf(tasked));
    await picker.click();
    await p.getByTestId('audit-filter-meeting-option').first().click();
    expect(await picker.inputValue()).toBe('');

    // A signing request's meeting, chosen with the keys: today's, then its documents are offered.
    await sec.goto('/signing');
    const sendMeeting = p.getByTestId('send-meeting');
    await sendMeeting.click();
    await expect.poll(() => listed('send-meeting')).toEqual(labels.slice(0, PICKER_SHOWN));
    const today = meetings.find((m) => m.status === 'in_progress')!;
    const words = foldVietnamese(labelOf(today)).replace(' — ', ' ');
    await sendMeeting.fill(words);
    await expect.poll(() => listed('send-meeting')).toEqual(labels.filter((l) => words.split(' ').every((w) => foldVietnamese(l).includes(w))));
    await sendMeeting.press('ArrowDown');
    await sendMeeting.press('ArrowUp');
    await sendMeeting.press('Enter');
    await expect.poll(() => sendMeeting.inputValue()).toBe(labelOf(today));
    await expect.poll(() => p.getByTestId('send-document').locator('option:not([value=""])').count()).toBeGreaterThan(0);
  });
});

describe('a secretary builds and publishes a meeting; a member sees it and opens a document', () => {
  const member = demoContent.users.find((u) => u.role === 'member')!;

  it('works through the UI in two browser contexts', async () => {
    const mem = await app.signIn('member', member.username, { viewport: SECRETARY_VIEWPORT });
    const users = await sec.call('secretariat.users');
    const id = (username: string) => users.find((u) => u.username === username)!.id;

    const p = sec.page;
    await p.getByTestId('nav-secretariat').click();
    await p.getByTestId('new-meeting').click();
    await p.getByTestId('meeting-editor').waitFor();
    await p.getByTestId('editor-title').waitFor();

    // General facts.
    await p.getByTestId('meeting-title-input').fill(PUBLISHED_TITLE);
    await p.getByTestId('meeting-location').fill('Phòng họp số 1, trụ sở UBND');
    await p.getByTestId('meeting-kind').selectOption('thematic');
    await p.getByTestId('meeting-chair').selectOption(id('chutich'));
    await p.getByTestId('save-general').click();
    await expect.poll(() => p.getByTestId('editor-title').textContent()).toBe(PUBLISHED_TITLE);

    // Participants: the chair and one member.
    // Like a person, pick the next one only once the previous one is listed: the picker is reset
    // when a save completes, so choosing during a slow save would be undone.
    let added = 0;
    for (const [username, role] of [['chutich', 'chair'], [member.username, 'member']] as const) {
      await p.getByTestId('participant-pick').selectOption(id(username));
      await p.getByTestId('participant-role').selectOption(role);
      await p.getByTestId('participant-add').click();
      added += 1;
      await expect.poll(() => p.getByTestId('editor-participant').count()).toBe(added);
    }

    // Two agenda items.
    for (const [title, minutes] of [['Đề án chuyển đổi số giai đoạn 2026 - 2030', '60'], ['Kế hoạch triển khai phòng họp không giấy', '45']]) {
      await p.getByTestId('agenda-new-title').fill(title);
      await p.getByTestId('agenda-new-presenter').fill('Giám đốc Sở Thông tin và Truyền thông');
      await p.getByTestId('agenda-new-minutes').fill(minutes);
      await p.getByTestId('agenda-add').click();
      await expect.poll(() => p.getByTestId('agenda-item-title').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).toContain(title);
    }
    await expect.poll(() => p.getByTestId('agenda-total').getAttribute('data-overflow')).toBe('false');

    // Two PDFs dropped at once on the drop zone, attached to the first item.
    await p.getByTestId('upload-target').selectOption({ index: 1 });
    const files = [await pdfBase64('De an chuyen doi so'), await pdfBase64('Ke hoach phong hop khong giay')];
    const dataTransfer = await p.evaluateHandle((b64s: string[]) => {
      // Runs in the page: the browser's DataTransfer (not in the Node typings of this file).
      const dt = new (globalThis as unknown as { DataTransfer: new () => { items: { add(f: File): void } } }).DataTransfer();
      b64s.forEach((b64, i) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], `tai-lieu-${i + 1}.pdf`, { type: 'application/pdf' }));
      });
      return dt;
    }, files);
    await p.getByTestId('document-drop').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => p.locator('[data-testid="upload-job"][data-state="done"]').count()).toBe(2);
    await expect.poll(() => p.getByTestId('editor-document').count()).toBe(2);
    await shoot(p, 'e2e-secretariat-editor.png', { fullPage: true });

    // Not yet published: the member does not have it.
    const memberList = async () => (await mem.page.locator('[data-testid="meeting-card"]').allTextContents()).map((s) => s.normalize('NFC'));
    expect((await memberList()).some((s) => s.includes(PUBLISHED_TITLE))).toBe(false);

    await p.getByTestId('publish').click();
    await p.getByTestId('published-note').waitFor();

    // The member's list gets it through the live poke; he opens it and a document.
    const card = mem.page.locator('[data-testid="meeting-card"]', { hasText: PUBLISHED_TITLE });
    await card.waitFor({ state: 'visible' });
    await expect.poll(() => mem.page.getByTestId('notice-bell').getAttribute('data-unread')).toBe('1');
    await card.click();
    await expect.poll(() => mem.page.getByTestId('agenda-item').count()).toBe(2);
    await expect.poll(() => mem.page.getByTestId('document-link').count()).toBe(2);
    await shoot(mem.page, 'e2e-member-published-meeting.png', { fullPage: true });
    await mem.page.getByTestId('document-link').first().click();
    const firstPage = mem.page.locator('[data-testid="pdf-page"][data-rendered="true"]').first();
    await firstPage.waitFor({ state: 'visible' });
    await expect.poll(async () => ((await firstPage.locator('[data-testid="pdf-text-layer"]').textContent()) ?? '').replace(/\s+/g, '')).toMatch(
      /Dean|Kehoach/,
    );
    await shoot(mem.page, 'e2e-member-opens-document.png');
  }, 180_000);
});

describe('the secretary fills in the meeting forms in an American-locale browser', () => {
  /** Her second machine: the same account, in the American browser. */
  let usSec: Side;
  let usBrowser: Browser;
  let p: Page;
  let meetingId: string;
  const member = demoContent.users.find((u) => u.role === 'member')!;

  const meeting = async () => (await usSec.call('meetings.get', { id: meetingId })).meeting;

  beforeAll(async () => {
    usSec = await app.signIn('secretary-forms', 'thuky');
    // Her own browser, set up as an American one; the same signed-in services behind it.
    usBrowser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--lang=en-US'] });
    const context = await usBrowser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1280, height: 1000 } });
    context.setDefaultTimeout(UI_DEADLINE_MS);
    p = await context.newPage();
    watchPageOnFailure('secretary-forms (en-US)', p);
    p.on('pageerror', (e) => console.error('[secretary page error]', e.message));
    p.on('dialog', (d) => void d.accept());
    await p.goto(usSec.host.newLaunchUrl());
    await p.getByTestId('user-box').waitFor();
    expect(await p.evaluate<string>('navigator.language')).toBe('en-US');
  }, 120_000);

  afterAll(async () => {
    await usBrowser?.close();
  });

  it('shows and reads dates as dd/mm/yyyy and 24-hour Vietnam time, with an inline message for an impossible date', async () => {
    await p.getByTestId('nav-secretariat').click();
    await p.getByTestId('new-meeting').click();
    await p.getByTestId('editor-title').waitFor();
    meetingId = /meetings\/([^/?]+)/.exec(p.url())![1];
    await p.getByTestId('meeting-title-input').fill(FORMS_TITLE);

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
    await shoot(p, 'e2e-forms-dates-vi.png');

    // In English: the same day-first, 24-hour format, and the message in English.
    await p.getByTestId('lang-en').click();
    await expect.poll(() => p.getByTestId('meeting-starts').inputValue()).toBe('04/12/2026 08:00');
    await p.getByTestId('meeting-starts').fill('31/11/2026 08:00');
    await p.getByTestId('meeting-starts').blur();
    await expect.poll(() => p.getByTestId('meeting-starts-error').textContent()).toContain('Not a valid date and time');
    await shoot(p, 'e2e-forms-dates-en.png');
    await p.getByTestId('lang-vi').click();
    await p.getByTestId('meeting-starts').fill('04/12/2026 08:00');
    await expect.poll(() => p.getByTestId('meeting-starts-error').count()).toBe(0);
  });

  it('keeps what she is typing when a change saved on her other computer arrives', async () => {
    // Typed, not saved yet.
    await p.getByTestId('meeting-location').fill('Phòng họp số 5, nhà B');
    // Meanwhile her first computer (the other signed-in side) changes the host agency and saves.
    const now = await meeting();
    const { results } = await sec.call('secretariat.submit', {
      mutations: [
        {
          id: randomUUID(),
          kind: 'meeting.upsert',
          args: { id: meetingId, title: now.title, startsAt: now.startsAt, endsAt: now.endsAt, location: now.location, status: now.status, chairId: now.chairId, kind: now.kind, onlineLink: now.onlineLink, hostAgency: 'Văn phòng UBND thành phố', quorumNumerator: now.quorumNumerator, quorumDenominator: now.quorumDenominator, baseRevision: now.revision },
        },
      ],
    });
    expect(results.map((r) => r.status)).toEqual(['applied']);
    // The change reaches this form; what she typed is still there, and her save keeps both.
    await expect.poll(() => p.getByTestId('meeting-host-agency').inputValue()).toBe('Văn phòng UBND thành phố');
    expect(await p.getByTestId('meeting-location').inputValue()).toBe('Phòng họp số 5, nhà B');
    await p.getByTestId('save-general').click();
    await expect.poll(async () => (await meeting()).location).toBe('Phòng họp số 5, nhà B');
    expect((await meeting()).hostAgency).toBe('Văn phòng UBND thành phố');
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
    await shoot(p.locator('[aria-labelledby="sec-agenda"]'), 'e2e-forms-agenda.png');
  });

  it('says why it cannot publish, and clears that as soon as the chair is added', async () => {
    const users = await usSec.call('secretariat.users');
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
      .poll(async () => (await usSec.call('meetings.get', { id: meetingId })).documents.map((d) => d.title))
      .toEqual(['Báo cáo tình hình tài chính năm 2026']);
    await expect.poll(() => p.getByTestId('editor-document').locator('a').first().textContent()).toBe('Báo cáo tình hình tài chính năm 2026');
    await shoot(p.locator('[aria-labelledby="sec-documents"]'), 'e2e-forms-upload-title.png');
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
    await shoot(p.locator('[aria-labelledby="sec-tasks"]'), 'e2e-forms-task.png');

    await p.getByTestId('task-add').click();
    await expect.poll(async () => (await usSec.call('meetings.extras', { id: meetingId })).tasks.map((x) => [x.title, x.deadline])).toEqual([
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
    await shoot(p.locator('[aria-labelledby="sec-attendance"]'), 'e2e-forms-attendance.png');

    await p.getByTestId('start-meeting').click();
    await p.getByTestId('started-note').waitFor();
    await expect.poll(() => p.getByTestId('attendance-row').first().locator('button[aria-pressed="true"]').getAttribute('data-tone')).toBe('alert');
    await p.getByTestId('attendance-row').first().getByRole('button', { name: 'Có mặt' }).click();
    await expect.poll(() => p.getByTestId('attendance-row').first().locator('button[aria-pressed="true"]').getAttribute('data-tone')).toBe('ok');
  });
});

describe('the secretary edits a published meeting', () => {
  it('every section of the editor saves', async () => {
    const p = sec.page;
    const r = (await dispatchBridgeCall(sec.services.handlers, 'meetings.list', {})) as { ok: true; value: { id: string; status: string; title: string }[] };
    // The demo's published meeting, not one the cases above made.
    const m = r.value.find((x) => x.status === 'published' && x.title !== PUBLISHED_TITLE && x.title !== FORMS_TITLE)!;
    await sec.goto(`/secretariat/meetings/${m.id}`);
    await p.getByTestId('editor-title').waitFor({ timeout: 15_000 });
    // The agenda shows once the meeting's details are read, after its title.
    await p.getByTestId('editor-agenda-item').first().waitFor({ timeout: 15_000 });
    const titles = async () => p.getByTestId('editor-agenda-item').getByTestId('agenda-item-title').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    const before = await titles();
    // Keyboard move: first item down.
    await p.getByTestId('agenda-down').first().click();
    await expect.poll(titles, { timeout: 15_000 }).toEqual([before[1], before[0], ...before.slice(2)]);
    // Drag the last item onto the first.
    const now = await titles();
    // Runs in the page: the browser's DataTransfer (not in the Node typings of this file).
    const dt = await p.evaluateHandle(() => new (globalThis as unknown as { DataTransfer: new () => object }).DataTransfer());
    const items = p.getByTestId('editor-agenda-item');
    await items.last().dispatchEvent('dragstart', { dataTransfer: dt });
    await items.first().dispatchEvent('drop', { dataTransfer: dt });
    await expect.poll(titles, { timeout: 15_000 }).toEqual([now[now.length - 1], ...now.slice(0, -1)]);
    // Rename an item on blur.
    const first = p.getByTestId('editor-agenda-item').first().getByTestId('agenda-item-title');
    await first.fill('Nội dung đổi tên');
    await first.blur();
    await expect.poll(async () => (await titles())[0], { timeout: 15_000 }).toBe('Nội dung đổi tên');
    // Attendance.
    const row = p.getByTestId('attendance-row').first();
    await row.getByRole('button', { name: 'Có mặt' }).click();
    await expect.poll(() => p.getByTestId('attendance-row').first().getAttribute('data-attendance'), { timeout: 15_000 }).toBe('present');
    // Minutes.
    await p.getByTestId('minutes-prefill').click();
    await p.getByTestId('minutes-save').click();
    await expect.poll(async () => {
      const x = (await dispatchBridgeCall(sec.services.handlers, 'meetings.extras', { id: m.id })) as { ok: true; value: { minutes: { body: string } | null } };
      return (x.value.minutes?.body ?? '').length > 20;
    }, { timeout: 15_000 }).toBe(true);
    // Document classification → confidential shows readers.
    await p.getByTestId('editor-document').first().locator('select').first().selectOption('confidential');
    await expect.poll(() => p.getByTestId('editor-document').first().locator('fieldset.readers').count(), { timeout: 15_000 }).toBe(1);
    await p.getByTestId('editor-document').first().locator('fieldset.readers input[type=checkbox]').first().click();
    await expect.poll(() => p.getByTestId('editor-document').first().locator('fieldset.readers input[type=checkbox]').first().isChecked(), { timeout: 15_000 }).toBe(true);
    await p.getByTestId('editor-document').first().getByTestId('document-allow-print').selectOption('yes');
    await expect.poll(() => p.getByTestId('editor-document').first().getByTestId('document-allow-print').inputValue(), { timeout: 15_000 }).toBe('yes');
    // Participant role.
    const person = (await p.getByTestId('editor-participant').first().locator('strong').textContent())!;
    // The row whose own name is this person (other rows' deputy pickers list his name too).
    const participant = () => p.getByTestId('editor-participant').filter({ has: p.locator('strong').getByText(person, { exact: true }) }).locator('select').first();
    await participant().selectOption('guest');
    await expect.poll(() => participant().inputValue(), { timeout: 15_000 }).toBe('guest');
    // A task.
    const tasks = p.locator('#sec-tasks').locator('..');
    const before2 = await p.getByTestId('task-row').count();
    const inputs = tasks.locator('.form-grid input');
    await inputs.nth(0).fill('Hoàn thiện đề án');
    await inputs.nth(1).fill('Sở Tài chính');
    await p.getByTestId('task-deadline').fill('31/12/2026');
    await tasks.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await expect.poll(() => p.getByTestId('task-row').count(), { timeout: 15_000 }).toBe(before2 + 1);
    const task = p.getByTestId('task-row').filter({ hasText: 'Hoàn thiện đề án' });
    await task.getByRole('button', { name: 'Đánh dấu hoàn thành' }).click();
    await expect.poll(() => task.getByRole('button').textContent(), { timeout: 15_000 }).toBe('Hoàn thành');
    // Start, then close.
    await p.getByTestId('start-meeting').click();
    await p.getByTestId('started-note').waitFor({ timeout: 15_000 });
    await p.getByTestId('close-meeting').click();
    await expect.poll(() => p.locator('.readonly-note').count(), { timeout: 15_000 }).toBe(1);
  }, 180_000);
});

describe('the invitation she publishes carries its number', () => {
  it('publishes from the editor; the Giấy mời opened from "Thông báo" reads "Số: N/GM-UBND", never a blank number', async () => {
    // A meeting she takes part in herself, so the invitation is hers to open too.
    const token = (await login(app.server.url, 'thuky', demoContent.password)).accessToken;
    const users = await sec.call('secretariat.users');
    const id = (username: string) => users.find((u) => u.username === username)!.id;
    const meetingId = randomUUID();
    const title = 'Họp kiểm tra số giấy mời';
    await pushOk(
      app.server.url,
      token,
      { id: randomUUID(), kind: 'meeting.upsert', args: { id: meetingId, title, startsAt: '2026-12-22T01:00:00.000Z', endsAt: '2026-12-22T03:00:00.000Z', location: 'Phòng họp số 2', status: 'draft', chairId: id('chutich') } },
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId, userId: id('chutich'), role: 'chair' } },
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId, userId: id('thuky'), role: 'secretary' } },
    );
    const p = sec.page;
    await expect.poll(async () => (await sec.call('meetings.list')).some((m) => m.id === meetingId)).toBe(true);
    await sec.goto(`/secretariat/meetings/${meetingId}`);
    await p.getByTestId('publish').click();
    await p.getByTestId('published-note').waitFor();

    await sec.goto('/notices');
    // The reader's code comes with the invitation's screen, while the notices stay on screen: no
    // loading state in place of a screen, nor one once the invitation is known.
    const loadingStates = await watchLoadingStates(p, { ready: '.document-title' });
    await p.getByTestId('notice').filter({ hasText: title }).getByTestId('open-invitation').click();
    const firstPage = p.locator('[data-testid="pdf-page"][data-rendered="true"]').first();
    await firstPage.waitFor({ state: 'visible' });
    expect(await loadingStates()).toEqual({ screenFallback: false, noScreen: false, loadingAfterReady: false });
    const words = async () => ((await firstPage.locator('[data-testid="pdf-text-layer"]').textContent()) ?? '').normalize('NFC').replace(/\s+/g, '');
    await expect.poll(words).toMatch(/Số:\d+\/GM-UBND/);
    expect(await words()).not.toContain('Số:/GM');
  }, 120_000);
});

describe('after her day of work, the audit log', () => {
  it('names every field it holds, in Vietnamese and in English', async () => {
    const { fields, unnamed } = await auditFieldNames(app.server.db);
    expect(fields.length).toBeGreaterThan(30);
    expect(unnamed).toEqual([]);
  });
});
