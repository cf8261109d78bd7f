/**
 * The archive of one meeting as a zip streamed to the secretary: every document version, the
 * invitation, the meeting's data as JSON, its audit trail as CSV, then manifest.json (every
 * other file with its SHA-256 and size, and the head of the server's audit chain) and
 * manifest.json.p7s, a detached CAdES signature of the manifest by the server's archive key.
 * `ecabinet verify-archive` (or `openssl cms -verify`) checks the seal and every file.
 */
import { createHash } from 'node:crypto';
import { strToU8 } from 'fflate';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import { vietnamDay } from '../../shared/time/vietnam-time';
import { buildCadesSignature } from '../../signing/cms/build';
import { auditChainHead, type ChainHead } from '../audit/verify-chain';
import type { BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import { toAgendaItem, toDocument, toMeeting, toParticipant, toUserProfile } from '../sync/rows';
import type { ArchiveSigner } from './archive-key';
import { auditCsv, auditEntries } from './audit';
import { readersOf } from './document-access';
import { toMeetingChange, toMinutes, toTask } from './rows';
import { ZipStream, type StreamedEntry } from './archive-zip';

export const MANIFEST = 'manifest.json';
export const MANIFEST_SIGNATURE = 'manifest.json.p7s';
export const ARCHIVE_FORMAT = 'ecabinet-archive-1';

export type ManifestEntry = StreamedEntry;

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  meetingId: string;
  title: string;
  generatedAt: string;
  algorithm: 'sha256';
  files: ManifestEntry[];
  /** The newest audit-log entry when the archive was made: its hash pins the whole chain up to it. */
  auditChainHead: ChainHead | null;
  signer: { subject: string; fingerprint: string; selfSigned: boolean };
}

// Control characters are exactly what a file name inside the zip must not carry.
// eslint-disable-next-line no-control-regex
const safeName = (s: string) => s.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120);

/**
 * Reads everything the archive needs from the database first (so "not found" is an ordinary
 * error answer), then streams the zip. The returned stream fails (and the download breaks off)
 * if a file cannot be read half-way.
 */
export async function streamMeetingArchive(
  db: Db,
  blobs: BlobStore,
  signer: (orgName: string) => Promise<ArchiveSigner>,
  orgId: string,
  meetingId: string,
  now: Date,
): Promise<{ fileName: string; stream: Readable }> {
  const meeting = await db.selectFrom('meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
  if (!meeting || meeting.org_id !== orgId) throw new AppError('not_found', 'meeting not found');
  const org = await db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow();
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
  const audit = auditCsv(await auditEntries(db, orgId, { meetingId, limit: 100_000 }));
  const head = await auditChainHead(db);
  const seal = await signer(org.name);

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
  const docById = new Map(docs.map((d) => [d.id, d]));
  const zip = new ZipStream(now);

  const write = async () => {
    const files: ManifestEntry[] = [];
    const used = new Set<string>();
    const unique = (path: string) => {
      let p = path;
      for (let i = 2; used.has(p); i++) p = path.replace(/(\.[^./]*)?$/, `-${i}$1`);
      used.add(p);
      return p;
    };
    for (const v of versions) {
      const doc = docById.get(v.document_id)!;
      files.push(await zip.addFile(unique(`documents/${safeName(doc.title)}/v${v.version}-${safeName(v.file_name)}`), await blobs.read(v.sha256)));
    }
    if (invitation?.sha256) files.push(await zip.addFile(unique('giay-moi.pdf'), await blobs.read(invitation.sha256)));
    files.push(await zip.addBytes(unique('meeting.json'), strToU8(JSON.stringify(record, null, 2))));
    files.push(await zip.addBytes(unique('audit.csv'), strToU8(audit)));
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      meetingId,
      title: meeting.title,
      generatedAt: now.toISOString(),
      algorithm: 'sha256',
      files,
      auditChainHead: head,
      signer: { subject: seal.subject, fingerprint: seal.fingerprint, selfSigned: seal.selfSigned },
    };
    const manifestBytes = strToU8(JSON.stringify(manifest, null, 2));
    const signature = await buildCadesSignature(seal.key, createHash('sha256').update(manifestBytes).digest());
    await zip.addBytes(MANIFEST, manifestBytes);
    await zip.addBytes(MANIFEST_SIGNATURE, signature);
    zip.end();
  };
  write().catch((e: unknown) => zip.fail(e instanceof Error ? e : new Error(String(e))));

  const day = vietnamDay(meeting.starts_at); // the meeting's day in Hanoi, not in UTC
  return { fileName: `luu-tru-cuoc-hop-${day}-${meetingId.slice(0, 8)}.zip`, stream: zip.output };
}
