import type { Meeting, Role } from '../entities';
import { vietnamDay } from '../time/vietnam-time';

export type MeetingBucket = 'today' | 'upcoming' | 'past';

/**
 * Where a meeting belongs in a member's list: today (starts or runs today, Vietnam time, or
 * is in progress), upcoming (a later day), past (an earlier day, or closed).
 */
export function meetingBucket(m: Pick<Meeting, 'startsAt' | 'endsAt' | 'status'>, now: Date): MeetingBucket {
  if (m.status === 'in_progress') return 'today';
  const today = vietnamDay(now);
  const startDay = vietnamDay(m.startsAt);
  const endDay = vietnamDay(m.endsAt);
  if (startDay <= today && today <= endDay) return m.status === 'closed' && Date.parse(m.endsAt) < now.getTime() ? 'past' : 'today';
  if (startDay > today) return 'upcoming';
  return 'past';
}

/** Orders meetings for display: upcoming and today soonest first, past most recent first. */
export function compareMeetingsForList(a: Pick<Meeting, 'startsAt'>, b: Pick<Meeting, 'startsAt'>, bucket: MeetingBucket): number {
  const d = Date.parse(a.startsAt) - Date.parse(b.startsAt);
  return bucket === 'past' ? -d : d;
}

/** Roles that prepare meetings and see drafts: the secretariat and administrators. */
export function isSecretariat(role: Role): boolean {
  return role === 'secretary' || role === 'admin';
}

/**
 * Whether a user may see a meeting at all. The secretariat sees every meeting of its
 * organisation; anyone else only published (or later) meetings he participates in.
 */
export function canSeeMeeting(role: Role, isParticipant: boolean, status: Meeting['status']): boolean {
  if (isSecretariat(role)) return true;
  return isParticipant && status !== 'draft';
}

/** Planned end of each agenda item, as minutes from the meeting's start. */
export function agendaTimePlan(items: ReadonlyArray<{ plannedMinutes: number }>): { startMinute: number; endMinute: number }[] {
  let t = 0;
  return items.map((i) => {
    const slot = { startMinute: t, endMinute: t + i.plannedMinutes };
    t += i.plannedMinutes;
    return slot;
  });
}
