/** The organisation of a row named by a mutation's arguments; null when the row does not exist. */
import type { Db } from '../db/open';

export async function orgOfMeeting(db: Db, meetingId: string): Promise<string | null> {
  return (await db.selectFrom('meetings').select('org_id').where('id', '=', meetingId).executeTakeFirst())?.org_id ?? null;
}

export async function orgOfDocument(db: Db, documentId: string): Promise<string | null> {
  const d = await db.selectFrom('documents').innerJoin('meetings', 'meetings.id', 'documents.meeting_id').select('meetings.org_id').where('documents.id', '=', documentId).executeTakeFirst();
  return d?.org_id ?? null;
}

/** A row that names its meeting. */
export async function orgOfRow(db: Db, table: 'notices' | 'annotations', id: string): Promise<string | null> {
  const r = await db.selectFrom(table).select('meeting_id').where('id', '=', id).executeTakeFirst();
  return r ? orgOfMeeting(db, r.meeting_id) : null;
}

export async function orgOfRequest(db: Db, table: 'signature_requests' | 'opinion_requests', id: string): Promise<string | null> {
  return (await db.selectFrom(table).select('org_id').where('id', '=', id).executeTakeFirst())?.org_id ?? null;
}
