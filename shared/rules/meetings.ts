import type { Meeting, Role } from '../entities';
import { vietnamDay } from '../time/vietnam-time';

export type MeetingBucket = 'today' | 'upcoming' | 'past';

/**
 * Where a meeting belongs in a member's list: today (starts or runs today, Vietnam time, or
 * is in progress), upcoming (a later day), past (an earlier day, or closed).
 */
export function meetingBucket(m: Pick<Meeting, 'startsAt' | 'endsAt' | 'status'>, now: Date): MeetingBucket {
  return bucketOn(m, vietnamDay(now), now.getTime());
}

/** meetingBucket with today's Vietnam day and the instant worked out once (a list places hundreds). */
function bucketOn(m: Pick<Meeting, 'startsAt' | 'endsAt' | 'status'>, today: string, nowMs: number): MeetingBucket {
  if (m.status === 'in_progress') return 'today';
  const startDay = vietnamDay(m.startsAt);
  const endDay = vietnamDay(m.endsAt);
  if (startDay <= today && today <= endDay) return m.status === 'closed' && Date.parse(m.endsAt) < nowMs ? 'past' : 'today';
  if (startDay > today) return 'upcoming';
  return 'past';
}

/**
 * How many meetings of the upcoming or the past show at first in the list, and how many more each
 * "Xem thêm" adds: a year of a city committee's meetings is ~900 in the past alone, and a thousand
 * cards would be read, drawn and scrolled past to reach today's; a window shows about six. Today's
 * all show.
 */
export const MEETINGS_PAGE = 10;

/** The list's order in each group by start: upcoming and today soonest first (1), past most recent first (-1). */
const ORDER: Record<MeetingBucket, 1 | -1> = { today: 1, upcoming: 1, past: -1 };

/** Orders meetings for display: upcoming and today soonest first, past most recent first. */
export function compareMeetingsForList(a: Pick<Meeting, 'startsAt'>, b: Pick<Meeting, 'startsAt'>, bucket: MeetingBucket): number {
  return ORDER[bucket] * (Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** What the list needs of a meeting to place it: its bucket, its order and its organisation. */
export type MeetingPlace = Pick<Meeting, 'id' | 'startsAt' | 'endsAt' | 'status' | 'orgId'>;

/** The list's groups, in the order shown. */
export const MEETING_BUCKETS: readonly MeetingBucket[] = ['today', 'upcoming', 'past'];

/**
 * The meetings one page of the list shows: every one of today, the first `upcoming` coming ones
 * (soonest first) and the first `past` ones (latest first), of one organisation or all; how many
 * each bucket has in all; and the organisations that have meetings (the list's filter).
 */
export function pickMeetingPage(
  meetings: readonly MeetingPlace[],
  now: Date,
  limits: { upcoming: number; past: number; orgs?: ReadonlySet<string> },
): { ids: Record<MeetingBucket, string[]>; counts: Record<MeetingBucket, number>; orgIds: string[] } {
  // Each meeting's start parsed once: the sort compares each many times.
  const groups: Record<MeetingBucket, { id: string; starts: number }[]> = { today: [], upcoming: [], past: [] };
  const orgIds = new Set<string>();
  const today = vietnamDay(now);
  const nowMs = now.getTime();
  for (const m of meetings) {
    orgIds.add(m.orgId);
    if (!limits.orgs || limits.orgs.has(m.orgId)) groups[bucketOn(m, today, nowMs)].push({ id: m.id, starts: Date.parse(m.startsAt) });
  }
  const shown: Record<MeetingBucket, number> = { today: Infinity, upcoming: limits.upcoming, past: limits.past };
  const ids = {} as Record<MeetingBucket, string[]>;
  const counts = {} as Record<MeetingBucket, number>;
  for (const b of MEETING_BUCKETS) {
    counts[b] = groups[b].length;
    ids[b] = groups[b]
      .sort((x, y) => ORDER[b] * (x.starts - y.starts))
      .slice(0, shown[b])
      .map((m) => m.id);
  }
  return { ids, counts, orgIds: [...orgIds] };
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
