/**
 * What each person may do in a meeting, by his account role and his seat in the meeting. The
 * server enforces these (attendance, live meeting commands) and the screens show only what
 * they allow, so nobody is offered a button the server would refuse.
 */
import type { ParticipantRole, Role } from '../entities';
import { isSecretariat } from './meetings';

/** The seats that hold a vote: the chair and the members. */
export function holdsVote(seat: ParticipantRole): boolean {
  return seat === 'chair' || seat === 'member';
}

/**
 * Whether a participant records his own attendance ("Tôi có mặt") or names his own deputy: only
 * voting seats (their presence makes the quorum). Guests' and the meeting secretary's attendance
 * is the secretariat's record.
 */
export function mayRecordOwnAttendance(seat: ParticipantRole): boolean {
  return holdsVote(seat);
}

/** Whether a seat can have a voting deputy (ủy quyền dự họp) at all. */
export function mayHaveDeputy(seat: ParticipantRole): boolean {
  return holdsVote(seat);
}

/** Accounts that may sit in a member's place: officials (chair or member accounts), never the secretariat, administrators or guests. */
export function mayStandInAsDeputy(account: Role): boolean {
  return account === 'chair' || account === 'member';
}

export interface ChairCheck {
  accountRole: Role;
  userId: string;
  /** The meeting's chair. */
  chairId: string | null;
  /** His seat in this meeting, if he has one. */
  seat: ParticipantRole | null;
}

/** Who runs the live meeting (agenda, floor, votes): its chair, a chair seat, or the secretariat on his behalf. */
export function mayChairMeeting(c: ChairCheck): boolean {
  return isSecretariat(c.accountRole) || c.chairId === c.userId || c.seat === 'chair';
}

/** Signature requests are sent by the secretariat to officials and clerks; guests are never asked to sign. */
export function mayBeAskedToSign(account: Role): boolean {
  return account !== 'guest';
}

export function mayUseSigningWorkflow(account: Role): boolean {
  return isSecretariat(account) || mayBeAskedToSign(account);
}

/** Whose written opinion the secretariat asks: the committee's members (the chair among them). */
export const WRITTEN_OPINION_RECIPIENT_ROLES = ['member', 'chair'] as const satisfies readonly Role[];

/** The secretariat sends written-opinion requests; the committee's members answer them. Guests do neither. */
export function mayUseWrittenOpinions(account: Role): boolean {
  return isSecretariat(account) || (WRITTEN_OPINION_RECIPIENT_ROLES as readonly Role[]).includes(account);
}
