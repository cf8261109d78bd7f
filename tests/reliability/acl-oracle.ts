/**
 * Who may see what, restated independently of the server's code from the rules users are
 * promised (ARCHITECTURE.md, shared/sync/entity-registry.ts audiences): the matrix compares
 * what the server hands out with this. Facts (membership, reader lists, statuses) are read
 * from the database when a check runs.
 */
import type { Role } from '../../shared/entities';
import type { EntityOf, SyncEntityName } from '../../shared/sync/entity-registry';
import type { Db } from '../../server/index';

export interface Viewer {
  id: string;
  role: Role;
  orgId: string;
  /** The deployment's administrator: every account in the directory. */
  deploymentAdmin?: boolean;
}

export interface Facts {
  seesMeeting(v: Viewer, meetingId: string): boolean;
  readsDocument(v: Viewer, documentId: string): boolean;
  /** Users who share at least one meeting the viewer may see. */
  sharesMeeting(v: Viewer, userId: string): boolean;
  opinionRecipient(requestId: string, userId: string): boolean;
  /** Whether a blob is reachable for the viewer by the documents, notices, signature requests and written opinions he may see. */
  readsBlob(v: Viewer, sha256: string): boolean;
  /** Whether the organisation stored this file itself (its staff may read it by hash). */
  storedBy(orgId: string, sha256: string): boolean;
  /** The organisation of a signature request or a written opinion request. */
  requestOrg(id: string): string | undefined;
  /** Whether the account belongs to the organisation (its home, or a membership). */
  belongsTo(userId: string, orgId: string): boolean;
}

const staff = (r: Role) => r === 'secretary' || r === 'admin';

export async function loadFacts(db: Db): Promise<Facts> {
  const meetings = new Map((await db.selectFrom('meetings').select(['id', 'status']).execute()).map((m) => [m.id, m.status]));
  const meetingOrg = new Map((await db.selectFrom('meetings').select(['id', 'org_id']).execute()).map((m) => [m.id, m.org_id]));
  const requestOrgs = new Map(
    [...(await db.selectFrom('signature_requests').select(['id', 'org_id']).execute()), ...(await db.selectFrom('opinion_requests').select(['id', 'org_id']).execute())].map((r) => [r.id, r.org_id]),
  );
  const stored = new Set((await db.selectFrom('blob_orgs').select(['sha256', 'org_id']).execute()).map((b) => `${b.org_id}:${b.sha256}`));
  const parts = await db.selectFrom('participants').select(['meeting_id', 'user_id']).execute();
  const isParticipant = new Set(parts.map((p) => `${p.meeting_id}:${p.user_id}`));
  const docs = new Map((await db.selectFrom('documents').select(['id', 'meeting_id', 'classification', 'sha256']).execute()).map((d) => [d.id, d]));
  const versions = await db.selectFrom('document_versions').select(['document_id', 'sha256']).execute();
  const readers = new Set((await db.selectFrom('document_readers').select(['document_id', 'user_id']).execute()).map((r) => `${r.document_id}:${r.user_id}`));
  const recipients = new Set((await db.selectFrom('opinion_recipients').select(['request_id', 'user_id']).execute()).map((r) => `${r.request_id}:${r.user_id}`));
  const notices = await db.selectFrom('notices').select(['user_id', 'meeting_id', 'sha256']).execute();
  const requests = await db.selectFrom('signature_requests').select(['id', 'base_sha256', 'current_sha256']).execute();
  const steps = await db.selectFrom('signature_steps').select(['request_id', 'user_id', 'status', 'sha256']).execute();
  const opinions = await db.selectFrom('opinion_requests').select(['id', 'instructed_by', 'document_ids_json', 'summary_sha256']).execute();
  const belongs = new Set([
    ...(await db.selectFrom('users').select(['id', 'org_id']).execute()).map((u) => `${u.org_id}:${u.id}`),
    ...(await db.selectFrom('organisation_members').select(['user_id', 'org_id']).execute()).map((m) => `${m.org_id}:${m.user_id}`),
  ]);

  const seesMeeting = (v: Viewer, meetingId: string) => {
    const status = meetings.get(meetingId);
    // A meeting of another organisation, never; in his: by role and participation.
    if (!status || meetingOrg.get(meetingId) !== v.orgId) return false;
    return staff(v.role) || (isParticipant.has(`${meetingId}:${v.id}`) && status !== 'draft');
  };
  const readsDocument = (v: Viewer, documentId: string) => {
    const d = docs.get(documentId);
    if (!d || !seesMeeting(v, d.meeting_id)) return false;
    return d.classification !== 'confidential' || staff(v.role) || readers.has(`${d.id}:${v.id}`);
  };
  return {
    seesMeeting,
    readsDocument,
    requestOrg: (id) => requestOrgs.get(id),
    belongsTo: (userId, orgId) => belongs.has(`${orgId}:${userId}`),
    storedBy: (orgId, sha256) => stored.has(`${orgId}:${sha256}`),
    sharesMeeting: (v, userId) => parts.some((p) => p.user_id === userId && seesMeeting(v, p.meeting_id)),
    opinionRecipient: (requestId, userId) => recipients.has(`${requestId}:${userId}`),
    readsBlob: (v, sha256) => {
      const ofDocs = [...docs.values()].filter((d) => d.sha256 === sha256).map((d) => d.id);
      const ofVersions = versions.filter((x) => x.sha256 === sha256).map((x) => x.document_id);
      if ([...ofDocs, ...ofVersions].some((id) => readsDocument(v, id))) return true;
      if (notices.some((n) => n.sha256 === sha256 && n.user_id === v.id && seesMeeting(v, n.meeting_id))) return true;
      // A signer, from his turn on: every revision of the request.
      const signing = new Set(steps.filter((x) => x.user_id === v.id && x.status !== 'waiting').map((x) => x.request_id));
      if (requests.some((r) => signing.has(r.id) && (r.base_sha256 === sha256 || r.current_sha256 === sha256 || steps.some((x) => x.request_id === r.id && x.sha256 === sha256))))
        return true;
      // A written opinion's recipients and instructing chair: its summary and attachments, a confidential paper only for its readers.
      return opinions.some((o) => {
        if (!(recipients.has(`${o.id}:${v.id}`) || o.instructed_by === v.id)) return false;
        if (o.summary_sha256 === sha256) return true;
        return (JSON.parse(o.document_ids_json) as { documentId: string | null; sha256: string }[]).some((a) => {
          if (a.sha256 !== sha256) return false;
          const d = a.documentId ? docs.get(a.documentId) : undefined;
          return !d || d.classification !== 'confidential' || readers.has(`${d.id}:${v.id}`);
        });
      });
    },
  };
}

type Oracle = { readonly [N in SyncEntityName]: (row: EntityOf<N>, v: Viewer, f: Facts) => boolean };

/**
 * Whether the viewer may receive this row. Keyed by the entity registry: a new entity without
 * its rule here fails the type check, and the matrix's coverage test at run time.
 */
export const MAY_RECEIVE: Oracle = {
  organization: (row, v) => row.id === v.orgId,
  // A guest sees the people of his meetings, not the organisation's whole directory.
  // The deployment's administrator sees every account; nobody else another organisation's people.
  // His memberships are told only where the viewer belongs too (never another organisation's roles).
  user: (row, v, f) =>
    (v.deploymentAdmin === true || (f.belongsTo(row.id, v.orgId) && (v.role !== 'guest' || row.id === v.id || f.sharesMeeting(v, row.id)))) &&
    (v.deploymentAdmin === true || (row.memberships ?? []).every((m) => f.belongsTo(v.id, m.orgId) && f.belongsTo(row.id, m.orgId))),
  meeting: (row, v, f) => f.seesMeeting(v, row.id),
  participant: (row, v, f) => f.seesMeeting(v, row.meetingId),
  agendaItem: (row, v, f) => f.seesMeeting(v, row.meetingId),
  document: (row, v, f) => f.readsDocument(v, row.id),
  documentView: (row, v) => row.userId === v.id,
  documentVersion: (row, v, f) => f.readsDocument(v, row.documentId),
  meetingChange: (row, v, f) => f.seesMeeting(v, row.meetingId),
  // Minutes not yet issued as a document are the secretariat's draft: not for guests.
  minutes: (row, v, f) => f.seesMeeting(v, row.meetingId) && (v.role !== 'guest' || row.documentId !== null),
  task: (row, v, f) => f.seesMeeting(v, row.meetingId),
  notice: (row, v, f) => row.userId === v.id && f.seesMeeting(v, row.meetingId),
  annotation: (row, v, f) => f.seesMeeting(v, row.meetingId) && f.readsDocument(v, row.documentId) && (row.sharedFromId !== null || row.userId === v.id),
  presentation: (row, v, f) => f.seesMeeting(v, row.meetingId) && (row.documentId === null || f.readsDocument(v, row.documentId)),
  signatureRequest: (row, v, f) => (staff(v.role) && f.requestOrg(row.id) === v.orgId) || row.steps.some((s) => s.userId === v.id && s.status !== 'waiting'),
  orgSigningSettings: (row, v) => row.id === v.orgId,
  opinionRequest: (row, v, f) =>
    (staff(v.role) && f.requestOrg(row.id) === v.orgId) ||
    ((f.opinionRecipient(row.id, v.id) || row.instructedBy === v.id) && (row.status === 'final' || row.instructedBy === v.id || row.recipients.every((r) => r.userId === v.id))),
};

/** Whether the viewer may receive pokes of a change-log scope. */
export function mayReceiveScope(scope: string, v: Viewer, f: Facts): boolean {
  const [kind, id] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1)];
  if (kind === 'org') return id === v.orgId;
  if (kind === 'user') return id === v.id;
  if (kind === 'meeting') return f.seesMeeting(v, id);
  return false;
}
