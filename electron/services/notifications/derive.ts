/**
 * What deserves a desktop notification right now, read from what the device already knows: the
 * same lists the screens show. Pure: the notifier decides which of these are new.
 */
import type { MeetingSummary } from '../../../shared/bridge';
import type { Role } from '../../../shared/entities';
import type { LiveMeetingState } from '../../../shared/live-meeting';
import { holdsVote, mayStandInAsDeputy } from '../../../shared/rules/meeting-roles';
import { vietnamDay } from '../../../shared/time/vietnam-time';
import type { DesktopNotificationKind } from '../../../shared/notifications-bridge';
import type { NoticeView } from '../../../shared/secretariat-bridge';
import type { SignatureRequestView } from '../../../shared/signing-bridge';
import type { OpinionRequestView } from '../../../shared/written-opinions-bridge';

export interface Pending {
  key: string;
  kind: DesktopNotificationKind;
  /** What it is about, shown as the body: the meeting, the question, the document. */
  subject: string;
  route: string;
}

const enc = encodeURIComponent;

/** An unread invitation to a meeting: a click opens the Giấy mời. */
export function invitations(notices: readonly NoticeView[]): Pending[] {
  return notices
    .filter((n) => n.kind === 'invitation' && n.readAt === null)
    .map((n) => ({ key: `invitation:${n.id}`, kind: 'invitation', subject: n.meetingTitle ?? n.title, route: `#/notices/${enc(n.id)}` }));
}

/** A written opinion asked of this user, still open and not answered. */
export function opinionRequests(requests: readonly OpinionRequestView[]): Pending[] {
  return requests
    .filter((r) => r.asked && r.open && r.mine.state === 'none')
    .map((r) => ({ key: `opinion:${r.id}`, kind: 'opinion', subject: r.title, route: `#/opinions/${enc(r.id)}` }));
}

/** A document whose turn to sign is this user's; a returned and resent revision is a new turn. */
export function documentsToSign(requests: readonly SignatureRequestView[]): Pending[] {
  return requests
    .filter((r) => r.status === 'in_progress' && r.myTurn)
    .map((r) => ({ key: `signature:${r.id}:${r.currentSha256}`, kind: 'signature', subject: r.documentTitle, route: `#/signing/${enc(r.id)}` }));
}

/**
 * A document of one of this user's meetings replaced by a new version: a click opens what changed
 * since the previous one. Each version is its own news.
 */
export function newVersions(documents: readonly { id: string; title: string; version: number }[]): Pending[] {
  return documents
    .filter((d) => d.version >= 2)
    .map((d) => ({ key: `version:${d.id}:${d.version}`, kind: 'version', subject: d.title, route: `#/documents/${enc(d.id)}/changes` }));
}

/** An open vote this user may still cast a ballot in, himself or for the member he stands in for. */
export function openVote(state: LiveMeetingState, userId: string): Pending[] {
  const v = state.vote;
  if (!v || v.status !== 'open') return [];
  const seats = [userId, ...state.roll.delegations.filter((d) => d.delegateId === userId).map((d) => d.memberId)].filter((id) => state.roll.eligibleMembers.includes(id));
  if (!seats.some((id) => !v.turnout.includes(id))) return [];
  return [{ key: `vote:${v.id}`, kind: 'vote', subject: v.question, route: `#/meetings/${enc(state.meetingId)}/live` }];
}

/**
 * The meetings whose votes are worth listening for: those in session (or published for today) of
 * an account that can vote, where he holds a voting seat or could stand in for one who does.
 */
export function meetingsToWatchForVotes(meetings: readonly Pick<MeetingSummary, 'id' | 'status' | 'startsAt' | 'myRole'>[], account: Role, now: Date): string[] {
  if (!mayStandInAsDeputy(account)) return [];
  const today = vietnamDay(now);
  return meetings
    .filter((m) => m.status === 'in_progress' || (m.status === 'published' && vietnamDay(m.startsAt) === today))
    .filter((m) => m.myRole === null || holdsVote(m.myRole))
    .map((m) => m.id);
}
