/**
 * A walk through the main screens of the app as each role sees them (member, secretary, chair,
 * guest, administrator), on the demo committee. The accessibility e2e test checks every screen
 * it reaches; `npm run screenshots` takes a picture of each, in Vietnamese and in English.
 */
import type { Page } from 'playwright-core';
import { demoContent } from '../../server/demo/content';
import type { DemoApp, Side } from './demo-app-harness';
import { waitFor } from '../helpers/wait-for';

export const WALK_ROLES = ['member', 'secretary', 'chair', 'guest', 'admin'] as const;
export type WalkRole = (typeof WALK_ROLES)[number];
export type WalkLocale = 'vi' | 'en';

/** The demo account that plays each role. */
export const WALK_ACCOUNTS: Record<WalkRole, string> = {
  member: 'pct.nguyen',
  secretary: 'thuky',
  chair: 'chutich',
  guest: 'khach',
  admin: 'admin',
};

export interface WalkedScreen {
  role: WalkRole | 'signed-out';
  /** Short, file-name safe: `meeting-today`, `reader`, `secretariat-editor`... */
  name: string;
  side: Side;
}

export type OnScreen = (screen: WalkedScreen) => Promise<void>;

export interface WalkOptions {
  locale?: WalkLocale;
  /** Only these roles (all by default). */
  roles?: readonly WalkRole[];
  /**
   * Screens every role has (search, signing, keys, notices) only for the first role: enough for
   * a scan of their markup, where pictures want each role's.
   */
  sharedScreensOnce?: boolean;
  /** At the end, the member checks in and the chair opens a vote: the ballot and the chair's close, as pictures. */
  openVote?: boolean;
}

/** Records the screens use: the meetings of the demo and what the walk creates for its screens. */
interface WalkData {
  today: string;
  upcoming: string;
  guestMeeting: string;
  documentId: string;
  /** The PDF of `documentId`, attached to the written opinion request. */
  documentSha256: string;
  opinionId: string;
  signatureRequestId: string;
}

const VIEWPORT = { width: 1366, height: 900 };

/** Every screen of every role, in order; `onScreen` runs once each screen is drawn. */
export async function walkScreens(app: DemoApp, onScreen: OnScreen, opts: WalkOptions = {}): Promise<void> {
  const locale = opts.locale ?? 'vi';
  const roles = opts.roles ?? WALK_ROLES;
  const open = async (role: WalkRole): Promise<Side> => {
    const side = await app.open(`${locale}-${role}`, { viewport: VIEWPORT });
    await chooseLanguage(side.page, locale);
    await side.signIn(WALK_ACCOUNTS[role]);
    return side;
  };

  // The sign-in screen, before anyone is signed in: the secretary's app, who signs in on it next
  // (a screen just scanned is not scanned again as it is left).
  const secretary = await app.open(`${locale}-secretary`, { viewport: VIEWPORT });
  await chooseLanguage(secretary.page, locale);
  await secretary.page.getByTestId('login-submit').waitFor();
  await onScreen({ role: 'signed-out', name: 'login', side: secretary });
  await secretary.signIn(WALK_ACCOUNTS.secretary);

  const data = await prepare(secretary);
  // The other roles sign in side by side, each at his own machine, while the walk goes on; each
  // is awaited when his turn comes (a failure is reported there, never left unhandled).
  const opened = new Map(roles.filter((r) => r !== 'secretary').map((r) => [r, open(r)] as const));
  for (const p of opened.values()) p.catch(() => {});
  const sides = new Map<WalkRole, Side>();
  for (const [i, role] of roles.entries()) {
    const side = role === 'secretary' ? secretary : await opened.get(role)!;
    sides.set(role, side);
    const withShared = i === 0 || !opts.sharedScreensOnce;
    for (const [name, show] of screensOf(role, data, withShared)) {
      await show(side);
      await settled(side.page);
      await onScreen({ role, name, side });
    }
  }
  // Last, as it changes the live room for everyone: a vote open, as the member and the chair see it.
  const member = sides.get('member');
  const chair = sides.get('chair');
  if (opts.openVote && member && chair) await walkOpenVote(member, chair, data, locale, onScreen);
}

/** The member checks in, the chair opens a vote (with his reason for the missing quorum): the ballot and the chair's close. */
async function walkOpenVote(member: Side, chair: Side, d: WalkData, locale: WalkLocale, onScreen: OnScreen): Promise<void> {
  await member.goto(`/meetings/${d.today}`);
  await member.page.getByTestId('check-in').click();
  await member.page.getByTestId('checked-in').waitFor({ state: 'visible' });
  const vote =
    locale === 'vi'
      ? { question: 'Thông qua Tờ trình dự toán ngân sách nhà nước năm 2027', quorumOverrideReason: 'Các thành viên vắng đã gửi ý kiến bằng văn bản' }
      : { question: 'Approve the 2027 state budget estimate', quorumOverrideReason: 'The absent members sent their opinions in writing' };
  await chair.call('liveMeeting.command', { meetingId: d.today, command: { type: 'vote.open', vote } });
  await member.goto(`/meetings/${d.today}/live`);
  await member.page.getByTestId('vote-option-agree').waitFor({ state: 'visible' });
  await onScreen({ role: 'member', name: 'live-vote-open', side: member });
  await chair.goto(`/meetings/${d.today}/live`);
  await chair.page.getByTestId('vote-close').waitFor({ state: 'visible' });
  await onScreen({ role: 'chair', name: 'live-vote-open', side: chair });
}

type Show = (side: Side) => Promise<void>;

function screensOf(role: WalkRole, d: WalkData, withShared: boolean): [string, Show][] {
  const at =
    (route: string, ready: string): Show =>
    async (side) => {
      await side.goto(route);
      await side.page.getByTestId(ready).first().waitFor({ state: 'visible' });
    };
  const reader: Show = async (side) => {
    await side.goto(`/documents/${d.documentId}`);
    await side.page.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible' });
  };
  const shared: [string, Show][] = [
    ['search', at(`/search?q=${encodeURIComponent('giải ngân')}`, 'search-summary')],
    ['signing', at('/signing', 'signing-screen')],
    ['signing-keys', at('/signing-keys', 'keys-screen')],
    ['notices', at('/notices', 'notices-screen')],
  ];
  const common: [string, Show][] = [['meetings', at('/meetings', 'meeting-card')], ...(withShared ? shared : [])];
  switch (role) {
    case 'member':
      return [
        ...common,
        ['meeting-today', at(`/meetings/${d.today}`, 'meeting-header')],
        ['reader', reader],
        ['live', at(`/meetings/${d.today}/live`, 'live-meeting')],
        ['opinions', at('/opinions', 'opinions-inbox')],
        ['opinion-answer', at(`/opinions/${d.opinionId}`, 'opinion-answer-form')],
        ['opinion-file', at(`/opinions/${d.opinionId}/file/${d.documentSha256}`, 'opinion-file')],
        ['not-found', at('/no-such-screen', 'user-box')],
      ];
    case 'secretary':
      return [
        ...common,
        ['secretariat', at('/secretariat', 'secretariat-home')],
        ['secretariat-editor', at(`/secretariat/meetings/${d.upcoming}`, 'meeting-editor')],
        ['secretariat-editor-today', at(`/secretariat/meetings/${d.today}`, 'meeting-editor')],
        ['secretariat-tasks', at('/secretariat/tasks', 'tasks-screen')],
        ['secretariat-audit', at('/secretariat/audit', 'audit-list')],
        ['opinions', at('/opinions', 'opinions-inbox')],
        ['opinion-send', at('/opinions/new', 'opinion-send')],
        ['opinion-progress', at(`/opinions/${d.opinionId}`, 'opinion-request')],
        ['live', at(`/meetings/${d.today}/live`, 'live-meeting')],
      ];
    case 'chair':
      return [
        ...common,
        ['meeting-today', at(`/meetings/${d.today}`, 'meeting-header')],
        ['live', at(`/meetings/${d.today}/live`, 'live-meeting')],
        ['sign-request', at(`/signing/${d.signatureRequestId}`, 'sign-request-screen')],
        ['verify', at(`/verify/${d.documentId}`, 'verify-screen')],
        ['reader', reader],
      ];
    case 'guest':
      return [
        ...common,
        ['meeting', at(`/meetings/${d.guestMeeting}`, 'meeting-header')],
      ];
    case 'admin':
      return [
        ['meetings', at('/meetings', 'user-box')],
        ['admin', at('/admin', 'admin-user')],
      ];
  }
}

/** The demo's meetings, plus a written opinion request and a signature request for their screens. */
async function prepare(secretary: Side): Promise<WalkData> {
  const meetings = await secretary.call('meetings.list');
  const today = meetings.find((m) => m.status === 'in_progress')!;
  const upcoming = meetings.find((m) => m.status === 'published')!;
  const guestMeetingId = demoGuestMeeting(meetings.map((m) => m.id), await Promise.all(meetings.map((m) => secretary.call('meetings.get', { id: m.id }))));
  const detail = await secretary.call('meetings.get', { id: today.id });
  const document = [...detail.agenda.flatMap((a) => a.documents), ...detail.documents].find((doc) => doc.classification !== 'confidential')!;
  const documentId = document.id;
  const users = await secretary.call('secretariat.users');
  const chairId = users.find((u) => u.username === WALK_ACCOUNTS.chair)!.id;

  const { id: opinionId } = await secretary.call('opinions.send', {
    title: 'Chủ trương đầu tư cầu vượt nút giao phía Tây',
    question: 'Đề nghị các đồng chí thành viên UBND cho ý kiến về chủ trương đầu tư.',
    attachments: [{ documentId }],
    instructedBy: chairId,
  });
  const signing = await secretary.call('signing.create', { documentId, note: 'Kính trình Chủ tịch ký', steps: [{ userId: chairId, role: 'signer' }] });
  if (signing.status === 'rejected') throw new Error(`signature request refused: ${signing.error?.code}`);
  // The walk's later sides sign in after this, so their first sync brings both requests.
  await waitFor(async () => (await secretary.call('signing.requests')).some((r) => r.id === signing.id), undefined, 'the signature request on the server');
  return { today: today.id, upcoming: upcoming.id, guestMeeting: guestMeetingId, documentId, documentSha256: document.sha256, opinionId, signatureRequestId: signing.id };
}

/** The meeting the demo's guest is invited to. */
function demoGuestMeeting(ids: string[], details: { participants: { user: { username: string } | null }[] }[]): string {
  const guest = demoContent.users.find((u) => u.role === 'guest')!.username;
  const i = details.findIndex((d) => d.participants.some((p) => p.user?.username === guest));
  return ids[i];
}

async function chooseLanguage(page: Page, locale: WalkLocale): Promise<void> {
  const button = page.getByTestId(`lang-${locale}`);
  await button.waitFor({ state: 'visible' });
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await waitFor(async () => (await page.locator('html').getAttribute('lang')) === locale, undefined, `the ${locale} interface`);
}

/** Nothing left loading in the main area (lists and panels fill in after the screen appears). */
async function settled(page: Page): Promise<void> {
  await page.locator('main .loading').first().waitFor({ state: 'detached' });
}
