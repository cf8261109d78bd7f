/**
 * What a guest receives. A guest account sees only the people of the meetings he takes part
 * in, each with what a name plate needs (no login name); and in any meeting where he sits as a
 * guest, the secretary's minutes only once issued (exported as the signed-off PDF).
 */
import type { UserProfile } from '../../../shared/entities';
import type { Db } from '../../db/open';
import type { UserRow } from '../../db/schema';
import { toUserProfile } from '../rows';
import type { Viewer } from '../access';

/** Everyone who appears in these meetings: participants, their deputies, the chair. */
export async function peopleOfMeetings(db: Db, meetingIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (meetingIds.length === 0) return out;
  for (let i = 0; i < meetingIds.length; i += 500) {
    const ids = meetingIds.slice(i, i + 500);
    for (const p of await db.selectFrom('participants').select(['user_id', 'delegate_user_id']).where('meeting_id', 'in', ids).execute()) {
      out.add(p.user_id);
      if (p.delegate_user_id) out.add(p.delegate_user_id);
    }
    for (const m of await db.selectFrom('meetings').select('chair_id').where('id', 'in', ids).execute()) if (m.chair_id) out.add(m.chair_id);
  }
  return out;
}

/** Another person as a guest sees him: the login name withheld (the schema needs a value: the account id stands in). */
export function guestViewOf(r: Pick<UserRow, 'id' | 'org_id' | 'username' | 'full_name' | 'title' | 'role'>): UserProfile {
  return { ...toUserProfile(r), username: r.id };
}

/** The meetings among `meetingIds` in which the viewer is a guest (all of them for a guest account). */
export async function meetingsAsGuest(db: Db, viewer: Viewer, meetingIds: readonly string[]): Promise<Set<string>> {
  if (viewer.role === 'guest') return new Set(meetingIds);
  if (meetingIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('participants')
    .select('meeting_id')
    .where('user_id', '=', viewer.id)
    .where('role', '=', 'guest')
    .where('meeting_id', 'in', [...meetingIds])
    .execute();
  return new Set(rows.map((r) => r.meeting_id));
}
