/**
 * Each role sees what it can do, on the demo as shipped: a guest and the meeting's secretary are
 * not offered "Tôi có mặt" or a deputy; a member sees the live room, not the chair's controls; a
 * guest has no "Chờ ký" or "Lấy ý kiến"; people are listed in protocol order; a message on the
 * login screen follows a language switch; a member gets desktop notifications (browser mode,
 * the real Notification API observed through a wrapper) once, in his language, and a click
 * opens their screen.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, Mutation } from '../../shared/api';
import { demoContent } from '../../server/demo/content';
import { httpLogin, httpPullAll, httpPush } from '../integration/helpers/server-api';
import { startDemoApp, type DemoApp, type Side } from './demo-app-harness';

const TO_LICH = 'Phiên họp chuyên đề về Dự án cải tạo, phục hồi sông Tô Lịch';
const TODAY = 'Phiên họp thường kỳ Ủy ban nhân dân thành phố';

/** The Tô Lịch meeting's people as protocol lists them: chair, vice-chairs (standing first), members by given name, guest, secretary. */
const PROTOCOL_ORDER = [
  'Trần Quốc Hưng',
  'Nguyễn Thị Thu Hà',
  'Lê Hoàng Nam',
  'Đỗ Thị Lan Anh',
  'Đặng Quang Huy',
  'Bùi Thị Hương',
  // The Hoàn Kiếm district's secretary, a member of the city committee in this meeting.
  'Vũ Thị Hồng Nhung',
  'Hoàng Văn Sơn',
  'Vũ Minh Tuấn',
  'Lý Văn Phúc',
  'Phan Thị Mai',
];

interface Shown {
  title: string;
  body: string;
  tag: string;
}

describe('each role sees what it can do', () => {
  let app: DemoApp;
  let member: Side;
  let guest: Side;
  let secretary: Side;
  let chair: Side;
  let secToken: string;
  let changes: Change[];
  const shown: Shown[] = [];

  const meetingId = (title: string) => changes.find((c) => c.entity === 'meeting' && c.op === 'upsert' && c.data.title === title)!.id;
  const userId = (username: string) => changes.flatMap((c) => (c.entity === 'user' && c.op === 'upsert' && c.data.username === username ? [c.data.id] : []))[0];
  const push = async (...mutations: Mutation[]) => {
    const { results } = await httpPush(app.server.url, secToken, mutations);
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
  };
  const names = (side: Side, testId: string, nameSelector: string) => side.page.getByTestId(testId).locator(nameSelector).allTextContents();

  beforeAll(async () => {
    // Nobody here opens a document: their apps need not fetch and index them ahead.
    app = await startDemoApp('ecab-e2e-roles-');
    const sec = await httpLogin(app.server.url, 'thuky', demoContent.password);
    secToken = sec.accessToken;
    ({ changes } = await httpPullAll(app.server.url, secToken));
    [member, guest, secretary, chair] = await Promise.all([
      app.signIn('member', 'uyvien.taichinh'),
      app.signIn('guest', 'khach'),
      app.signIn('secretary', 'thuky'),
      app.signIn('chair', 'chutich'),
    ]);
    // The member's browser allows notifications; every one the page makes is recorded here,
    // through a wrapper around the real API (kept across reloads).
    await member.context.grantPermissions(['notifications'], { origin: member.host.origin });
    await member.context.exposeBinding('__recordNotification', (_src, n: Shown) => void shown.push(n));
    await member.context.addInitScript(`{
      const Real = window.Notification;
      class Watched extends Real {
        constructor(title, options) {
          super(title, options);
          window.__recordNotification({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
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

  it('a guest: no check-in, no deputy, no "Chờ ký" or "Lấy ý kiến"', async () => {
    const p = guest.page;
    await guest.goto(`/meetings/${meetingId(TO_LICH)}`);
    await p.getByTestId('quorum').waitFor();
    await expect.poll(() => p.getByTestId('participant').count()).toBe(PROTOCOL_ORDER.length);
    expect(await p.getByTestId('check-in').count()).toBe(0);
    expect(await p.getByTestId('my-deputy').count()).toBe(0);
    expect(await p.getByTestId('nav-signing').count()).toBe(0);
    expect(await p.getByTestId('nav-opinions').count()).toBe(0);
  });

  it('the secretary: no check-in of her own; deputies only for voting seats and only officials offered', async () => {
    const p = secretary.page;
    await secretary.goto(`/meetings/${meetingId(TO_LICH)}`);
    await p.getByTestId('quorum').waitFor();
    expect(await p.getByTestId('check-in').count()).toBe(0);
    expect(await p.getByTestId('my-deputy').count()).toBe(0);

    await secretary.goto(`/secretariat/meetings/${meetingId(TO_LICH)}`);
    const rows = p.getByTestId('editor-participant');
    await expect.poll(() => rows.count()).toBe(PROTOCOL_ORDER.length);
    // Protocol order in the editor and in the attendance list too.
    expect((await rows.locator('strong').allTextContents()).map((s) => s.trim())).toEqual(PROTOCOL_ORDER);
    const attendance = (await p.getByTestId('attendance-row').allTextContents()).map((s) => s.trim());
    PROTOCOL_ORDER.forEach((name, i) => expect(attendance[i].startsWith(name), `${name} at ${i}`).toBe(true));
    // The guest's and the secretary's rows have no deputy picker; the chair's and members' have.
    expect(await rows.filter({ hasText: 'Lý Văn Phúc' }).getByTestId('delegate-select').count()).toBe(0);
    expect(await rows.filter({ hasText: 'Phan Thị Mai' }).getByTestId('delegate-select').count()).toBe(0);
    const options = await rows.filter({ hasText: 'Đỗ Thị Lan Anh' }).getByTestId('delegate-select').locator('option').allTextContents();
    expect(options.some((o) => o.startsWith('Phạm Đức Thắng'))).toBe(true);
    for (const notOfficial of ['Quản trị hệ thống', 'Phan Thị Mai', 'Trần Thu Trang', 'Lý Văn Phúc']) expect(options.some((o) => o.startsWith(notOfficial)), notOfficial).toBe(false);
  });

  it('a member: checks himself in and lists people in protocol order, and sees the live room without the chair\'s controls; the chair sees them', async () => {
    const p = member.page;
    await member.goto(`/meetings/${meetingId(TO_LICH)}`);
    await p.getByTestId('check-in').waitFor();
    expect(await p.getByTestId('my-deputy').count()).toBe(1);
    await expect.poll(() => p.getByTestId('participant').count()).toBe(PROTOCOL_ORDER.length);
    expect((await names(member, 'participant', '.participant-name')).map((s) => s.trim())).toEqual(PROTOCOL_ORDER);

    await member.goto(`/meetings/${meetingId(TODAY)}/live`);
    await p.getByTestId('live-connection').waitFor();
    expect((await p.getByTestId('live-title').textContent())?.trim()).toBe('Phòng họp trực tuyến');
    expect(await p.getByTestId('live-next').count()).toBe(0);
    expect(await p.getByText('Điều hành phiên họp').count()).toBe(0);

    await chair.goto(`/meetings/${meetingId(TODAY)}/live`);
    await chair.page.getByTestId('live-next').waitFor();
    expect((await chair.page.getByTestId('live-title').textContent())?.trim()).toBe('Điều hành phiên họp');
  });

  it('the login screen\'s message follows a language switch', async () => {
    const side = await app.open('login');
    const p = side.page;
    await p.getByTestId('login-submit').click();
    await expect.poll(async () => (await p.getByTestId('login-error').textContent())?.trim()).toBe('Vui lòng nhập tên đăng nhập và mật khẩu.');
    await p.getByTestId('lang-en').click();
    await expect.poll(async () => (await p.getByTestId('login-error').textContent())?.trim()).toBe('Please enter your username and password.');
    await p.getByTestId('login-username').fill('khong.co.tai.khoan');
    await p.getByTestId('login-password').fill('not-the-password');
    await p.getByTestId('login-submit').click();
    const refusal = async () => (await p.getByTestId('login-error').textContent())?.trim();
    await expect.poll(refusal).not.toBe('Please enter your username and password.');
    const english = await refusal();
    await p.getByTestId('lang-vi').click();
    await expect.poll(refusal).not.toBe(english);
    expect(await refusal()).toMatch(/[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỵỷỹ]/i);
  });

  it('a member gets desktop notifications once, in his language, and a click opens their screen', async () => {
    const p = member.page;
    const me = userId('uyvien.taichinh');
    const chairId = userId('chutich');
    const announced = path.join(app.tmp, 'member', 'notifications.json');
    const waitShown = async (count: number) => {
      await expect.poll(() => shown.length, { timeout: 60_000, message: JSON.stringify(shown) }).toBe(count);
      return shown[count - 1];
    };
    // Asked once, on the start screen: the answer is remembered.
    await member.goto('/meetings');
    await p.getByTestId('notifications-enable').click();
    await expect.poll(async () => (await p.getByTestId('notifications-toggle').textContent())?.trim()).toBe('Thông báo: Bật');
    await p.reload();
    await p.getByTestId('user-box').waitFor();
    await p.getByTestId('notifications-toggle').waitFor();
    expect(await p.getByTestId('notification-prompt').count()).toBe(0);
    expect(shown).toEqual([]); // what was there at sign-in is not news

    // A new invitation.
    const newMeeting = randomUUID();
    const title = 'Họp bàn phương án thu gom rác thải sinh hoạt';
    await push(
      { id: randomUUID(), kind: 'meeting.upsert', args: { id: newMeeting, title, startsAt: '2026-12-20T01:00:00.000Z', endsAt: '2026-12-20T03:00:00.000Z', location: 'Phòng họp số 1', status: 'draft', chairId } },
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: newMeeting, userId: chairId, role: 'chair' } },
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: newMeeting, userId: me, role: 'member' } },
    );
    await push({ id: randomUUID(), kind: 'meeting.publish', args: { meetingId: newMeeting } });
    expect(await waitShown(1)).toMatchObject({ title: 'Giấy mời họp', body: title });
    await p.evaluate("window.__lastNotification.dispatchEvent(new Event('click'))");
    await expect.poll(() => new URL(p.url()).hash).toMatch(/^#\/notices\/[0-9a-f-]{36}$/);
    await p.locator('.document-title').filter({ hasText: title }).waitFor();

    // A written opinion asked.
    const opinion = randomUUID();
    await push({ id: randomUUID(), kind: 'opinionRequest.send', args: { id: opinion, title: 'Xin ý kiến về mức thu phí vệ sinh', question: 'Đồng ý mức thu mới?', attachments: [], instructedBy: chairId, recipientIds: [me] } });
    expect(await waitShown(2)).toMatchObject({ title: 'Xin ý kiến bằng văn bản', body: 'Xin ý kiến về mức thu phí vệ sinh' });

    // In English after a language switch: a document to sign.
    await p.getByTestId('lang-en').click();
    const doc = changes.flatMap((c) => (c.entity === 'document' && c.op === 'upsert' && c.data.meetingId === meetingId(TODAY) && c.data.classification !== 'confidential' ? [c.data] : []))[0];
    await expect.poll(async () => (await p.getByTestId('notifications-toggle').textContent())?.trim()).toBe('Notifications: on');
    await expect.poll(() => JSON.parse(readFileSync(announced, 'utf8')).locale).toBe('en');
    await push({ id: randomUUID(), kind: 'signatureRequest.create', args: { id: randomUUID(), documentId: doc.id, note: 'Kính trình ký', steps: [{ id: randomUUID(), userId: me, role: 'signer' }] } });
    expect(await waitShown(3)).toMatchObject({ title: 'Document to sign', body: doc.title });
    await p.getByTestId('lang-vi').click();
    await expect.poll(async () => (await p.getByTestId('notifications-toggle').textContent())?.trim()).toBe('Thông báo: Bật');

    // A vote opened while he is in the live room.
    await member.goto(`/meetings/${meetingId(TODAY)}/live`);
    await p.getByTestId('live-connection').waitFor();
    await chair.call('liveMeeting.command', { meetingId: meetingId(TODAY), command: { type: 'vote.open', vote: { question: 'Thông qua phương án thu gom rác', quorumOverrideReason: 'Kiểm thử thông báo' } } });
    expect(await waitShown(4)).toMatchObject({ title: 'Biểu quyết đang mở', body: 'Thông qua phương án thu gom rác' });

    // Signed out and in again (everything synced afresh): nothing is announced twice; news still is.
    await p.getByTestId('logout').click();
    await member.signIn('uyvien.taichinh');
    const second = randomUUID();
    await push({ id: randomUUID(), kind: 'opinionRequest.send', args: { id: second, title: 'Xin ý kiến về lộ trình thu gom', question: 'Đồng ý lộ trình?', attachments: [], instructedBy: chairId, recipientIds: [me] } });
    expect(await waitShown(5)).toMatchObject({ body: 'Xin ý kiến về lộ trình thu gom' });
    expect(new Set(shown.map((s) => s.tag)).size).toBe(5);

    // Turned off in the header: the next request is recorded, not shown.
    await p.getByTestId('notifications-toggle').click();
    await expect.poll(async () => (await p.getByTestId('notifications-toggle').textContent())?.trim()).toBe('Thông báo: Tắt');
    const third = randomUUID();
    await push({ id: randomUUID(), kind: 'opinionRequest.send', args: { id: third, title: 'Xin ý kiến lần ba', question: 'Đồng ý?', attachments: [], instructedBy: chairId, recipientIds: [me] } });
    await expect.poll(() => existsSync(announced) && readFileSync(announced, 'utf8').includes(`opinion:${third}`), { timeout: 60_000 }).toBe(true);
    expect(shown).toHaveLength(5);
  });
});
