/**
 * End to end, all real: the demo server, three client services each behind its own
 * browser-mode host, one Chromium with three contexts. The chair opens a vote in the live
 * meeting room, two members vote (with confirmation) in their own contexts, the chair closes
 * it, and all three screens show the same result; the members' screens followed the chair's
 * move to the next agenda item.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { httpLogin, httpPush } from '../integration/helpers/server-api';
import { startDemoApp, type DemoApp, shoot } from './demo-app-harness';

describe('the chair opens a vote, two members vote, the chair closes it, all three see the same result', () => {
  let app: DemoApp;
  let server: DemoApp['server'];
  let meetingId: string;
  const side = (name: string, username: string) => app.signIn(name, username);

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-vote-');
    server = app.server;
    // Today's meeting; the secretariat checks in the chair and six members (quorum: 7 of 10).
    const m = await server.db.selectFrom('meetings').select('id').where('status', '=', 'in_progress').executeTakeFirstOrThrow();
    meetingId = m.id;
    const present = ['chutich', 'pct.nguyen', 'pct.le', 'uyvien.taichinh', 'uyvien.kehoach', 'uyvien.xaydung', 'uyvien.giaothong'];
    const rows = await server.db
      .selectFrom('participants')
      .innerJoin('users', 'users.id', 'participants.user_id')
      .select(['participants.id', 'users.username'])
      .where('participants.meeting_id', '=', meetingId)
      .execute();
    const sec = await httpLogin(server.url, 'thuky', demoContent.password);
    const res = await httpPush(
      server.url,
      sec.accessToken,
      rows.filter((r) => present.includes(r.username)).map((r) => ({ id: randomUUID(), kind: 'participant.setAttendance' as const, args: { participantId: r.id, attendance: 'present' as const } })),
    );
    expect(res.results.every((r) => r.status === 'applied')).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('works through the UI in three browser contexts', async () => {
    // Three people at their own machines, signing in and joining the live screen side by side.
    const [chair, a, b] = await Promise.all(
      [
        ['chair', 'chutich'],
        ['member-a', 'pct.nguyen'],
        ['member-b', 'pct.le'],
      ].map(async ([name, username]) => {
        const s = await side(name, username);
        await s.goto(`/meetings/${meetingId}/live`);
        await s.page.getByTestId('live-meeting').waitFor();
        await expect.poll(() => s.page.getByTestId('live-connection').getAttribute('class')).toContain('on');
        return s;
      }),
    );

    // The chair moves to the second item: everyone's screen follows.
    await chair.page.getByTestId('live-next').click();
    for (const s of [chair, a, b])
      await expect.poll(() => s.page.locator('[data-testid="live-agenda-item"][aria-current="step"] .live-pos').textContent()).toBe('2');

    // The chair opens an open vote with the default options.
    await chair.page.getByTestId('vote-open-dialog').click();
    await chair.page.getByTestId('vote-question').fill('Thông qua Tờ trình về dự toán ngân sách năm 2027?');
    await chair.page.getByTestId('vote-start').click();
    for (const s of [a, b]) await s.page.getByTestId('vote-option-agree').waitFor();

    // Member A agrees, member B disagrees; each confirms.
    await a.page.getByTestId('vote-option-agree').click();
    await a.page.getByTestId('vote-confirm').click();
    await a.page.getByTestId('vote-voted').waitFor();
    await b.page.getByTestId('vote-option-disagree').click();
    await b.page.getByTestId('vote-confirm').click();
    await b.page.getByTestId('vote-voted').waitFor();
    await expect.poll(() => chair.page.getByTestId('vote-open').textContent()).toContain('2/10');
    await shoot(chair.page, 'e2e-live-vote-open.png', { fullPage: true });

    await chair.page.getByTestId('vote-close').click();
    await chair.page.getByTestId('vote-close-confirm').click();
    const results = [];
    for (const s of [chair, a, b]) {
      await s.page.getByTestId('vote-result').waitFor();
      results.push({
        outcome: await s.page.getByTestId('vote-outcome').textContent(),
        agree: await s.page.getByTestId('vote-count-agree').textContent(),
        disagree: await s.page.getByTestId('vote-count-disagree').textContent(),
        explanation: await s.page.getByTestId('vote-explanation').textContent(),
        named: await s.page.getByTestId('vote-named').textContent(),
      });
    }
    expect(results[0].outcome).toBe('Không thông qua');
    expect(results[0].agree).toContain('1');
    expect(results[0].disagree).toContain('1');
    // A 1–1 tie where the chair did not vote: the rule engine says why it fails.
    expect(results[0].explanation).toContain('Không thông qua: số phiếu ngang nhau (1) và Chủ tọa không biểu quyết cho bên nào.');
    expect(results[0].explanation).toContain('Đủ điều kiện biểu quyết: 7/10 thành viên có mặt');
    expect(results[0].named).toContain('Nguyễn Thị Thu Hà');
    expect(results[0].named).toContain('Lê Hoàng Nam');
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    // The result PDF becomes a meeting document everyone can open.
    await a.page.getByTestId('vote-pdf').waitFor();
    await shoot(a.page, 'e2e-live-vote-result.png', { fullPage: true });
  }, 180_000);
});
