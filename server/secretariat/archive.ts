/**
 * The archive of one meeting as a zip: every document version, the invitation, the minutes,
 * the meeting's data as JSON, its audit trail as CSV, and manifest.json listing every other
 * file with its SHA-256 and size (so the archive can be verified file by file).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { zipSync, strToU8 } from 'fflate';
import { AppError } from '../../shared/errors';
import type { BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import { toAgendaItem, toMeeting, toParticipant, toUserProfile } from '../sync/rows';
import { auditEntries, auditCsv } from './audit';
import { readersOf } from './document-access';
import { toMeetingChange, toMinutes, toTask } from './rows';
import { toDocument } from '../sync/rows';
import { vietnamDay } from '../../shared/time/vietnam-time';

export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
}

// Control characters are exactly what a file name inside the zip must not carry.
// eslint-disable-next-line no-control-regex
const safeName = (s: string) => s.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120);

export async function buildMeetingArchive(db: Db, blobs: BlobStore, orgId: string, meetingId: string, now: Date): Promise<{ fileName: string; zip: Uint8Array }> {
  const meeting = await db.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
  if (!meeting || meeting.org_id !== orgId) throw new AppError('not_found', 'meeting not found');
  const participants = await db.selectFrom('participants').selectAll().where('meeting_id', '=', meetingId).execute();
  const users = participants.length
    ? await db.selectFrom('users').select(['id', 'org_id', 'username', 'full_name', 'title', 'role']).where('id', 'in', participants.map((p) => p.user_id)).execute()
    : [];
  const agenda = await db.selectFrom('agenda_items').selectAll().where('meeting_id', '=', meetingId).orderBy('position').execute();
  const docs = await db.selectFrom('documents').selectAll().where('meeting_id', '=', meetingId).orderBy('title').execute();
  const readers = await readersOf(db, docs);
  const versions = docs.length
    ? await db.selectFrom('document_versions').selectAll().where('document_id', 'in', docs.map((d) => d.id)).orderBy('document_id').orderBy('version').execute()
    : [];
  const minutes = await db.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
  const tasks = await db.selectFrom('tasks').selectAll().where('meeting_id', '=', meetingId).orderBy('deadline').execute();
  const changes = await db.selectFrom('meeting_changes').selectAll().where('meeting_id', '=', meetingId).orderBy('at').execute();
  const invitation = await db.selectFrom('notices').select(['sha256']).where('meeting_id', '=', meetingId).where('kind', '=', 'invitation').where('sha256', 'is not', null).executeTakeFirst();

  const files: Record<string, Uint8Array> = {};
  const manifest: ManifestEntry[] = [];
  const add = (path: string, bytes: Uint8Array) => {
    files[path] = bytes;
    manifest.push({ path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength });
  };
  const docById = new Map(docs.map((d) => [d.id, d]));
  for (const v of versions) {
    const doc = docById.get(v.document_id)!;
    add(`documents/${safeName(doc.title)}/v${v.version}-${safeName(v.file_name)}`, await readFile(blobs.pathOf(v.sha256)));
  }
  if (invitation?.sha256) add('giay-moi.pdf', await readFile(blobs.pathOf(invitation.sha256)));
  const record = {
    meeting: toMeeting(meeting),
    participants: participants.map(toParticipant),
    users: users.map(toUserProfile),
    agenda: agenda.map(toAgendaItem),
    documents: docs.map((d) => toDocument(d, readers.get(d.id) ?? [])),
    versions: versions.map((v) => ({ documentId: v.document_id, version: v.version, sha256: v.sha256, size: v.size, fileName: v.file_name, createdAt: v.created_at })),
    minutes: minutes ? toMinutes(minutes) : null,
    tasks: tasks.map(toTask),
    changes: changes.map(toMeetingChange),
  };
  add('meeting.json', strToU8(JSON.stringify(record, null, 2)));
  add('audit.csv', strToU8(auditCsv(await auditEntries(db, orgId, { meetingId, limit: 100_000 }))));
  files['manifest.json'] = strToU8(JSON.stringify({ meetingId, title: meeting.title, generatedAt: now.toISOString(), algorithm: 'sha256', files: manifest }, null, 2));
  const day = vietnamDay(meeting.starts_at); // the meeting's day in Hanoi, not in UTC
  return { fileName: `luu-tru-cuoc-hop-${day}-${meetingId.slice(0, 8)}.zip`, zip: zipSync(files, { level: 6, mtime: now }) };
}
