/**
 * Who may see what, decided at read time from the caller's CURRENT role and membership.
 * The rule itself lives in shared/rules/meetings.ts (canSeeMeeting).
 */
import type { Role } from '../../shared/entities';
import { canSeeMeeting } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { mayReadDocument, readersOf } from '../secretariat/document-access';
import { signerMayReadBlob } from '../signing-workflow/blob-access';
import { opinionMayReadBlob } from '../written-opinions/attachments';

/** An account as seen in ONE organisation: his role there (server/organisations/membership.ts). */
export interface Viewer {
  id: string;
  orgId: string;
  role: Role;
  /** Administers the deployment: sees every account in the directory (never another organisation's meetings). */
  deploymentAdmin?: boolean;
}

export const viewerOf = (u: Pick<UserRow, 'id' | 'org_id' | 'role'> & { deployment_admin?: number }): Viewer => ({
  id: u.id,
  orgId: u.org_id,
  role: u.role as Role,
  ...(u.deployment_admin ? { deploymentAdmin: true } : {}),
});

/** Ids of every meeting the viewer may see now. */
export async function visibleMeetingIds(db: Db, viewer: Viewer, onlyIds?: string[]): Promise<Set<string>> {
  if (onlyIds && onlyIds.length === 0) return new Set();
  let q = db
    .selectFrom('meetings')
    .leftJoin('participants', (join) =>
      join.onRef('participants.meeting_id', '=', 'meetings.id').on('participants.user_id', '=', viewer.id),
    )
    .select(['meetings.id', 'meetings.status', 'participants.id as participant_id'])
    .where('meetings.org_id', '=', viewer.orgId);
  if (onlyIds) q = q.where('meetings.id', 'in', onlyIds);
  const rows = await q.execute();
  return new Set(
    rows
      .filter((r) => canSeeMeeting(viewer.role, r.participant_id !== null, r.status as 'draft'))
      .map((r) => r.id),
  );
}

export async function canSeeMeetingId(db: Db, viewer: Viewer, meetingId: string): Promise<boolean> {
  return (await visibleMeetingIds(db, viewer, [meetingId])).has(meetingId);
}

/** A change-log scope string: "org:<id>", "meeting:<id>" or "user:<id>". */
export type Scope = string;
export const scopeOf = {
  org: (id: string): Scope => `org:${id}`,
  meeting: (id: string): Scope => `meeting:${id}`,
  user: (id: string): Scope => `user:${id}`,
};

export function parseScope(scope: Scope): { kind: 'org' | 'meeting' | 'user'; id: string } | undefined {
  const i = scope.indexOf(':');
  const kind = scope.slice(0, i);
  if (kind !== 'org' && kind !== 'meeting' && kind !== 'user') return undefined;
  return { kind, id: scope.slice(i + 1) };
}

/** Whether the viewer may see changes in `scope`, given his visible meeting ids. */
export function scopeVisible(viewer: Viewer, scope: Scope, meetings: ReadonlySet<string>): boolean {
  const s = parseScope(scope);
  if (!s) return false;
  if (s.kind === 'org') return s.id === viewer.orgId;
  if (s.kind === 'user') return s.id === viewer.id;
  return meetings.has(s.id);
}

/**
 * Whether the viewer may read a blob: secretariat any stored blob; others only a blob some
 * version of a document in a meeting they may see uses.
 */
export async function canReadBlob(db: Db, viewer: Viewer, sha256: string): Promise<boolean> {
  const current = await db.selectFrom('documents').select(['id', 'meeting_id', 'classification']).where('sha256', '=', sha256).execute();
  const past = await db
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .select(['documents.id', 'documents.meeting_id', 'documents.classification'])
    .where('document_versions.sha256', '=', sha256)
    .execute();
  const docs = [...current, ...past];
  const visible = await visibleMeetingIds(db, viewer, [...new Set(docs.map((r) => r.meeting_id))]);
  // A confidential document's bytes only for its readers.
  const readers = await readersOf(db, docs);
  if (docs.some((d) => visible.has(d.meeting_id) && mayReadDocument(viewer, d, readers))) return true;
  // Generated invitations ("Giấy mời") are readable by the user they were sent to.
  const notice = await db.selectFrom('notices').select('meeting_id').where('sha256', '=', sha256).where('user_id', '=', viewer.id).execute();
  if ((await visibleMeetingIds(db, viewer, [...new Set(notice.map((n) => n.meeting_id))])).size > 0) return true;
  // The revisions of a signature request, for its signers (who may not be participants).
  if (await signerMayReadBlob(db, viewer, sha256)) return true;
  // Attachments and summary of a written opinion request, for its recipients.
  if (await opinionMayReadBlob(db, viewer, sha256)) return true;
  if (viewer.role === 'secretary' || viewer.role === 'admin') {
    // The secretariat may read any file its organisation stored (e.g. just uploaded, not yet attached).
    const blob = await db.selectFrom('blob_orgs').select('sha256').where('sha256', '=', sha256).where('org_id', '=', viewer.orgId).executeTakeFirst();
    return blob !== undefined;
  }
  return false;
}

/** Whether any of the account's memberships may read the blob. */
export async function canAnyReadBlob(db: Db, viewers: readonly Viewer[], sha256: string): Promise<boolean> {
  for (const v of viewers) if (await canReadBlob(db, v, sha256)) return true;
  return false;
}
