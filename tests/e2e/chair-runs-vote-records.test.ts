/**
 * End to end, all real (demo server, three people's client services behind their own hosts,
 * Chromium): the chair cannot open a vote without quorum until he gives a reason, which every
 * result screen shows; a member's ballot is the clearest thing on his screen while the vote is
 * open; the close asks first and names who has not voted; moving to the next item asks and
 * keeps the speaker queue, everyone seeing the speaker's time; the secretary issues the minutes
 * and their PDF carries the register's number.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { tool } from '../helpers/tool';
import { httpLogin, httpPush } from '../integration/helpers/server-api';
import { startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';

/** What a person sees of an element: its colour, text size and height (tests run without DOM types). */
const look = (l: Locator) =>
  l.evaluate((el: any) => {
    const st = (globalThis as any).getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return { background: st.backgroundColor as string, fontSize: parseFloat(st.fontSize), height: box.height as number };
  });

describe('the chair runs a vote and the speakers; the secretary issues numbered minutes', () => {
  let app: DemoApp;
  let meetingId: string;

  beforeAll(async () => {
    // Nobody here opens a document: their apps need not fetch and index them ahead.
    app = await startDemoApp('ecab-e2e-records-');
    const m = await app.server.db.selectFrom('meetings').select('id').where('status', '=', 'in_progress').executeTakeFirstOrThrow();
    meetingId = m.id;
    // Only the chair and two vice-chairs are checked in: 3 of 10, no quorum (7 needed).
    const present = ['chutich', 'pct.nguyen', 'pct.le'];
    const rows = await app.server.db
      .selectFrom('participants')
      .innerJoin('users', 'users.id', 'participants.user_id')
      .select(['participants.id', 'users.username'])
      .where('participants.meeting_id', '=', meetingId)
      .execute();
    const sec = await httpLogin(app.server.url, 'thuky', demoContent.password);
    const res = await httpPush(
      app.server.url,
      sec.accessToken,
      rows.filter((r) => present.includes(r.username)).map((r) => ({ id: randomUUID(), kind: 'participant.setAttendance' as const, args: { participantId: r.id, attendance: 'present' as const } })),
    );
    expect(res.results.every((r) => r.status === 'applied')).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('works through the UI as the chair, two members and the secretary', async () => {
    // Three people at their own machines, signing in and joining the live screen side by side.
    const all: Side[] = await Promise.all(
      [
        ['chair', 'chutich'],
        ['member-a', 'pct.nguyen'],
        ['member-b', 'pct.le'],
      ].map(async ([name, username]) => {
        const s = await app.signIn(name, username);
        await s.goto(`/meetings/${meetingId}/live`);
        await s.page.getByTestId('live-meeting').waitFor();
        await expect.poll(() => s.page.getByTestId('live-connection').getAttribute('class')).toContain('on');
        return s;
      }),
    );
    const [chair, a, b] = all;

    // 3. No quorum: refused with the reason; the chair opens it giving a reason.
    await chair.page.getByTestId('vote-open-dialog').click();
    await chair.page.getByTestId('vote-question').fill('Thông qua Đề án chuyển đổi số?');
    await expect.poll(() => chair.page.getByTestId('vote-no-quorum').textContent()).toContain('có mặt 3/10, cần 7');
    await chair.page.getByTestId('vote-start').click();
    await expect.poll(() => chair.page.getByTestId('live-error').textContent()).toContain('Chưa đủ số thành viên có mặt theo quy định');
    const reason = 'Các thành viên vắng đã gửi ý kiến bằng văn bản; cần quyết định trong phiên';
    await chair.page.getByTestId('vote-override-reason').fill(reason);
    await chair.page.getByTestId('vote-start').click();
    for (const s of [a, b]) await s.page.getByTestId('vote-option-agree').waitFor();

    // 6. On a member's screen the ballot is the clearest thing: large primary buttons, "Xin phát biểu" secondary.
    const option = await look(a.page.getByTestId('vote-option-agree'));
    const ask = await look(a.page.getByTestId('speaker-ask'));
    const plain = await look(a.page.getByTestId('vote-panel'));
    expect(option.background).not.toBe(ask.background);
    expect(option.background).not.toBe(plain.background);
    expect(option.height).toBeGreaterThan(ask.height * 1.3);
    expect(option.fontSize).toBeGreaterThan(ask.fontSize);
    await shoot(a.page, 'e2e-records-ballot.png', { fullPage: true });

    await a.page.getByTestId('vote-option-agree').click();
    await a.page.getByTestId('vote-confirm').click();
    await a.page.getByTestId('vote-voted').waitFor();
    await expect.poll(() => chair.page.getByTestId('vote-open').textContent()).toContain('1/10');

    // 4. The close is apart from the ballots, in another colour, and asks first naming who has not voted.
    const close = chair.page.getByTestId('vote-close');
    expect((await look(close)).background).not.toBe((await look(chair.page.getByTestId('vote-option-agree'))).background);
    await close.click();
    const notVoted = chair.page.getByTestId('vote-not-voted');
    await expect.poll(() => notVoted.textContent()).toContain('Lê Hoàng Nam');
    expect(await notVoted.textContent()).not.toContain('Nguyễn Thị Thu Hà');
    expect(await chair.page.getByTestId('vote-close-dialog').textContent()).toContain('Còn 9 thành viên chưa biểu quyết');
    await shoot(chair.page, 'e2e-records-close-confirm.png', { fullPage: true });
    // Cancelled: the vote stays open and B can still vote.
    await chair.page.getByTestId('vote-close-cancel').click();
    await b.page.getByTestId('vote-option-disagree').click();
    await b.page.getByTestId('vote-confirm').click();
    await b.page.getByTestId('vote-voted').waitFor();
    await chair.page.getByTestId('vote-close').click();
    await expect.poll(() => chair.page.getByTestId('vote-not-voted').textContent()).not.toContain('Lê Hoàng Nam');
    await chair.page.getByTestId('vote-close-confirm').click();

    // The result shows the chair's reason on every screen, and the PDF its number.
    for (const s of all) {
      await s.page.getByTestId('vote-result').waitFor();
      await expect.poll(() => s.page.getByTestId('vote-override').textContent()).toContain(reason);
      expect(await s.page.getByTestId('vote-explanation').textContent()).not.toContain('cấu hình theo quy chế');
    }
    await expect.poll(() => a.page.getByTestId('vote-pdf').textContent()).toContain('Số: 1/KQ-UBND');

    // 5. Speakers: A and B ask, the chair gives A the floor; everyone sees A's time left and B's allotted time.
    await a.page.getByTestId('speaker-ask').click();
    await expect.poll(() => chair.page.getByTestId('speaker-item').count()).toBe(1);
    await b.page.getByTestId('speaker-ask').click();
    await expect.poll(() => chair.page.getByTestId('speaker-item').count()).toBe(2);
    await chair.page.getByTestId('speaker-grant').first().click();
    for (const s of all) {
      await expect.poll(() => s.page.getByTestId('live-floor').textContent()).toContain('Nguyễn Thị Thu Hà');
      await expect.poll(() => s.page.getByTestId('live-floor').getByRole('timer').textContent()).toMatch(/^Còn \d+:\d\d$/);
      await expect.poll(() => s.page.getByTestId('speaker-allotted').textContent()).toBe('Thời gian: 10:00');
    }
    // Moving on asks; keeping the list keeps it on everyone's screen.
    await chair.page.getByTestId('live-next').click();
    await chair.page.getByTestId('live-move-dialog').waitFor();
    await shoot(chair.page, 'e2e-records-move-keep.png', { fullPage: true });
    await chair.page.getByTestId('live-move-keep').click();
    for (const s of all) {
      await expect.poll(() => s.page.locator('[data-testid="live-agenda-item"][aria-current="step"] .live-pos').textContent()).toBe('2');
      await expect.poll(() => s.page.getByTestId('speaker-item').allTextContents()).toEqual([expect.stringContaining('Nguyễn Thị Thu Hà'), expect.stringContaining('Lê Hoàng Nam')]);
      await expect.poll(() => s.page.getByTestId('live-floor').textContent()).toContain('Nguyễn Thị Thu Hà');
    }

    // 1. The secretary issues the minutes: the PDF carries the register's number, not "Dự thảo".
    const sec = await app.signIn('secretary', 'thuky');
    await sec.goto(`/secretariat/meetings/${meetingId}`);
    await sec.page.getByTestId('minutes-body').fill('Phiên họp thảo luận Đề án chuyển đổi số và biểu quyết thông qua.');
    await sec.page.getByTestId('minutes-export').click();
    const pdfOfMinutes = async () => {
      const row = await app.server.db.selectFrom('minutes').innerJoin('documents', 'documents.id', 'minutes.document_id').select('documents.sha256').where('minutes.meeting_id', '=', meetingId).executeTakeFirst();
      return row ? (await tool('pdftotext', ['-layout', path.join(app.tmp, 'server', 'blobs', row.sha256.slice(0, 2), row.sha256), '-'])).toString('utf8') : '';
    };
    await expect.poll(pdfOfMinutes, { timeout: 60_000 }).toContain('Dự thảo');
    await sec.page.getByTestId('minutes-pdf').waitFor();
    await sec.page.getByTestId('minutes-issue').click();
    await expect.poll(pdfOfMinutes, { timeout: 60_000 }).toContain('Số: 1/BB-UBND');
    expect(await pdfOfMinutes()).not.toContain('Dự thảo');
    await shoot(sec.page, 'e2e-records-minutes-issued.png', { fullPage: true });
  }, 300_000);

  it('the administrator is warned of legal bases still unconfigured and fills one in on the rules screen', async () => {
    const admin = await app.signIn('admin', 'admin');
    await admin.goto('/admin');
    const warning = admin.page.getByTestId('rules-unconfigured');
    await expect.poll(() => warning.textContent()).toContain('Số thành viên cần có mặt');
    expect(await warning.textContent()).toContain('Tỷ lệ biểu quyết thông qua');
    await admin.page.getByTestId('rules-basis-quorum-vi').fill('Điều 12 Quy chế làm việc của UBND thành phố');
    await admin.page.getByTestId('rules-basis-quorum-en').fill('Article 12 of the working regulation');
    await admin.page.getByTestId('rules-save').click();
    await expect.poll(() => admin.page.getByTestId('rules-message').textContent()).toBe('Đã lưu quy tắc ra quyết định.');
    await expect.poll(() => warning.textContent()).not.toContain('Số thành viên cần có mặt');
    expect(await warning.textContent()).toContain('Tỷ lệ biểu quyết thông qua');
    expect(await admin.page.getByTestId('rules-basis-quorum-vi').inputValue()).toBe('Điều 12 Quy chế làm việc của UBND thành phố');
    await shoot(admin.page.getByTestId('admin-rules'), 'e2e-records-rules.png');
  }, 120_000);
});
