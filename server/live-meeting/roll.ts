/**
 * The meeting's voter roll as the rule engine wants it, read from the secretariat's participants:
 * chair and members hold a vote; "present" is who checked in, plus the delegate of an absent
 * member whose delegation the secretariat recorded (the delegate sits in his place).
 */
import { AppError } from '../../shared/errors';
import type { ParticipantRole, Role } from '../../shared/entities';
import { mayChairMeeting } from '../../shared/rules/meeting-roles';
import type { DecisionRules, VoterRoll } from '../../shared/rules/voting';
import { rulesForMeeting } from '../rules/decision-rules';
import type { Db } from '../db/open';
import type { MeetingRow, UserRow } from '../db/schema';
import { canSeeMeetingId, viewerOf } from '../sync/access';
import './tables';

export interface MeetingRoll extends VoterRoll {
  eligibleMembers: string[];
  present: string[];
  delegations: { memberId: string; delegateId: string }[];
}

export async function meetingRoll(db: Db, meetingId: string): Promise<MeetingRoll> {
  const rows = await db.selectFrom('participants').select(['user_id', 'role', 'attendance', 'delegate_user_id']).where('meeting_id', '=', meetingId).execute();
  const eligible = rows.filter((r) => r.role === 'chair' || r.role === 'member');
  const present = new Set(rows.filter((r) => r.attendance === 'present').map((r) => r.user_id));
  const delegations: MeetingRoll['delegations'] = [];
  for (const r of eligible) {
    if (!r.delegate_user_id) continue;
    delegations.push({ memberId: r.user_id, delegateId: r.delegate_user_id });
    if (r.attendance === 'absent') present.add(r.delegate_user_id);
  }
  return { eligibleMembers: eligible.map((r) => r.user_id).sort(), present: [...present].sort(), delegations };
}

/** The rules in force for a meeting: the committee's configured rules with the meeting's quorum. */
export function rulesFor(db: Db, meeting: Pick<MeetingRow, 'org_id' | 'quorum_numerator' | 'quorum_denominator'>): Promise<DecisionRules> {
  return rulesForMeeting(db, meeting);
}

/** The meeting, if the user may see it; the same not_found for "missing" and "not yours". */
export async function visibleMeeting(db: Db, user: UserRow, meetingId: string): Promise<MeetingRow> {
  const m = await db.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
  if (!m || !(await canSeeMeetingId(db, viewerOf(user), meetingId))) throw new AppError('not_found', 'meeting not found');
  return m;
}

/** Chair of this meeting (its chair, or a participant with the chair role) or the secretariat. */
export async function canChair(db: Db, user: UserRow, meeting: MeetingRow): Promise<boolean> {
  const p = await db.selectFrom('participants').select('role').where('meeting_id', '=', meeting.id).where('user_id', '=', user.id).executeTakeFirst();
  return mayChairMeeting({ accountRole: user.role as Role, userId: user.id, chairId: meeting.chair_id, seat: (p?.role as ParticipantRole | undefined) ?? null });
}

export async function requireChair(db: Db, user: UserRow, meeting: MeetingRow): Promise<void> {
  if (!(await canChair(db, user, meeting))) throw new AppError('forbidden', 'only the chair of this meeting or the secretariat');
}
