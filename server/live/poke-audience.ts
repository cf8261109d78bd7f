/**
 * Which of the given meetings each viewer may see now: the rule of `visibleMeetingIds`
 * (sync/access.ts), answered for every socket of a poke with two queries instead of one per
 * socket (a busy city has thousands of sockets open, and every commit pokes them).
 */
import { canSeeMeeting } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import type { Viewer } from '../sync/access';

const CHUNK = 500;

export async function visibleMeetingsOfEach(db: Db, viewers: readonly Viewer[], meetingIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (meetingIds.length === 0 || viewers.length === 0) return out;
  const meetings = [];
  for (let i = 0; i < meetingIds.length; i += CHUNK)
    meetings.push(...(await db.selectFrom('meetings').select(['id', 'org_id', 'status']).where('id', 'in', meetingIds.slice(i, i + CHUNK)).execute()));
  const userIds = [...new Set(viewers.map((v) => v.id))];
  const taking = new Set<string>();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('participants')
      .select(['meeting_id', 'user_id'])
      .where('meeting_id', 'in', meetings.map((m) => m.id))
      .where('user_id', 'in', userIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) taking.add(`${r.meeting_id} ${r.user_id}`);
  }
  // A user of several organisations has a viewer in each: he may see what any of them may.
  for (const v of viewers) {
    const seen = out.get(v.id) ?? new Set<string>();
    for (const m of meetings) if (m.org_id === v.orgId && canSeeMeeting(v.role, taking.has(`${m.id} ${v.id}`), m.status as 'draft')) seen.add(m.id);
    out.set(v.id, seen);
  }
  return out;
}
