/**
 * Every synced entity's pull on the server, keyed by the shared entity registry
 * (shared/sync/entity-registry.ts): a declared entity without its pull fails the type check.
 * Each entry's `load` is its visibility rule; see server-entity.ts.
 */
import type { SyncEntityName } from '../../../shared/sync/entity-registry';
import { isSecretariat } from '../../../shared/rules/meetings';
import { toAgendaItem, toDocumentView, toMeeting, toOrganization, toParticipant, toUserProfile } from '../rows';
import { toDocumentVersion, toMeetingChange, toMinutes, toNotice, toTask } from '../../secretariat/rows';
import { readableDocumentIds, readableDocuments } from '../../secretariat/document-access';
import { toAnnotation, toPresentation } from '../../annotations/rows';
import { loadRequests, mayViewRequest } from '../../signing-workflow/requests';
import { loadOrgSigningSettings } from '../../signing-workflow/org-settings';
import { loadOpinionRequests } from '../../written-opinions/rows';
import { orgIdsOfAccount, withMemberships } from '../../organisations/membership';
import { guestViewOf, meetingsAsGuest, peopleOfMeetings } from './guest-view';
import type { PullScope, ServerEntity } from './server-entity';
import type { Db } from '../../db/open';

const some = (ids: string[]) => ids.length > 0;
const meetingList = (s: PullScope) => [...s.meetings];

/** The accounts that belong to an organisation besides those whose home it is. */
const membersOf = (db: Db, orgId: string) => db.selectFrom('organisation_members').select('user_id').where('org_id', '=', orgId);

async function scanIds(rows: Promise<{ id: string }[]>): Promise<string[]> {
  return (await rows).map((r) => r.id);
}

/** Rows of the viewer's visible meetings. */
function meetingRows<N extends SyncEntityName>(
  table: 'participants' | 'agenda_items' | 'meeting_changes' | 'minutes' | 'tasks',
  load: ServerEntity<N>['load'],
): ServerEntity<N> {
  return {
    scan: (db, s, after, limit) =>
      s.meetings.size === 0
        ? Promise.resolve([])
        : scanIds(db.selectFrom(table).select('id').where('meeting_id', 'in', meetingList(s)).where('id', '>', after).orderBy('id').limit(limit).execute()),
    load,
  };
}

export const SERVER_ENTITIES: { readonly [N in SyncEntityName]: ServerEntity<N> } = {
  organization: {
    scan: async (_db, s, after) => (s.viewer.orgId > after ? [s.viewer.orgId] : []),
    load: async (db, s, ids) =>
      ids.includes(s.viewer.orgId) ? (await db.selectFrom('organizations').selectAll().where('id', '=', s.viewer.orgId).execute()).map(toOrganization) : [],
  },
  user: {
    // The people of the viewer's organisation (his other organisations come from his other
    // scopes); the deployment's administrator: everyone.
    scan: (db, s, after, limit) =>
      scanIds(
        (s.viewer.deploymentAdmin ? db.selectFrom('users') : db.selectFrom('users').where((eb) => eb.or([eb('org_id', '=', s.viewer.orgId), eb('id', 'in', membersOf(db, s.viewer.orgId))])))
          .select('id')
          .where('id', '>', after)
          .orderBy('id')
          .limit(limit)
          .execute(),
      ),
    // Colleagues: their profile, never credentials. A guest: only himself and the people of his
    // meetings, without their login names.
    load: async (db, s, ids) => {
      if (!some(ids)) return [];
      const found = await db.selectFrom('users').select(['id', 'org_id', 'username', 'full_name', 'title', 'role']).where('id', 'in', ids).execute();
      const members = s.viewer.deploymentAdmin
        ? new Set(found.map((r) => r.id))
        : new Set([...found.filter((r) => r.org_id === s.viewer.orgId).map((r) => r.id), ...(await membersOf(db, s.viewer.orgId).where('user_id', 'in', ids).execute()).map((r) => r.user_id)]);
      const rows = found.filter((r) => members.has(r.id));
      // Each person's role in every organisation the viewer shares with him (the directory shows
      // the role in a meeting's organisation); the same whichever of the viewer's scopes loads it.
      const readerOrgs = s.viewer.deploymentAdmin ? null : await orgIdsOfAccount(db, s.viewer.id);
      if (s.viewer.role !== 'guest') return withMemberships(db, rows.map(toUserProfile), readerOrgs);
      const people = await peopleOfMeetings(db, meetingList(s));
      const seen = rows.filter((r) => r.id === s.viewer.id || people.has(r.id));
      return [
        ...(await withMemberships(db, seen.filter((r) => r.id === s.viewer.id).map(toUserProfile), readerOrgs)),
        ...seen.filter((r) => r.id !== s.viewer.id).map(guestViewOf),
      ];
    },
  },
  meeting: {
    scan: async (_db, s, after, limit) => meetingList(s).filter((id) => id > after).sort().slice(0, limit),
    load: async (db, s, ids) =>
      some(ids) ? (await db.selectFrom('meetings').selectAll().where('id', 'in', ids).execute()).filter((r) => s.meetings.has(r.id)).map(toMeeting) : [],
  },
  participant: meetingRows('participants', async (db, s, ids) =>
    some(ids) ? (await db.selectFrom('participants').selectAll().where('id', 'in', ids).execute()).filter((r) => s.meetings.has(r.meeting_id)).map(toParticipant) : [],
  ),
  agendaItem: meetingRows('agenda_items', async (db, s, ids) =>
    some(ids) ? (await db.selectFrom('agenda_items').selectAll().where('id', 'in', ids).execute()).filter((r) => s.meetings.has(r.meeting_id)).map(toAgendaItem) : [],
  ),
  document: {
    scan: (db, s, after, limit) =>
      s.meetings.size === 0
        ? Promise.resolve([])
        : scanIds(db.selectFrom('documents').select('id').where('meeting_id', 'in', meetingList(s)).where('id', '>', after).orderBy('id').limit(limit).execute()),
    // Confidential documents only for their readers (and the secretariat).
    load: async (db, s, ids) =>
      some(ids)
        ? readableDocuments(db, s.viewer, (await db.selectFrom('documents').selectAll().where('id', 'in', ids).execute()).filter((r) => s.meetings.has(r.meeting_id)))
        : [],
  },
  documentView: {
    scan: (db, s, after, limit) =>
      scanIds(db.selectFrom('document_views').select('id').where('user_id', '=', s.viewer.id).where('id', '>', after).orderBy('id').limit(limit).execute()),
    load: async (db, s, ids) =>
      some(ids) ? (await db.selectFrom('document_views').selectAll().where('id', 'in', ids).execute()).filter((r) => r.user_id === s.viewer.id).map(toDocumentView) : [],
  },
  documentVersion: {
    scan: async (db, s, after, limit) =>
      s.meetings.size === 0
        ? []
        : (
            await db
              .selectFrom('document_versions')
              .innerJoin('documents', 'documents.id', 'document_versions.document_id')
              .select('document_versions.uid as id')
              .where('documents.meeting_id', 'in', meetingList(s))
              .where('document_versions.uid', 'is not', null)
              .where('document_versions.uid', '>', after)
              .orderBy('document_versions.uid')
              .limit(limit)
              .execute()
          ).map((r) => r.id!),
    // A version is readable by whoever may read its document.
    load: async (db, s, ids) => {
      if (!some(ids)) return [];
      const rows = (
        await db
          .selectFrom('document_versions')
          .innerJoin('documents', 'documents.id', 'document_versions.document_id')
          .selectAll('document_versions')
          .select('documents.meeting_id as meeting_id')
          .where('document_versions.uid', 'in', ids)
          .execute()
      ).filter((r) => s.meetings.has(r.meeting_id));
      const readable = await readableDocumentIds(db, s.viewer, [...new Set(rows.map((r) => r.document_id))]);
      return rows.filter((r) => readable.has(r.document_id)).map((r) => toDocumentVersion(r, r.meeting_id));
    },
  },
  meetingChange: meetingRows('meeting_changes', async (db, s, ids) =>
    some(ids) ? (await db.selectFrom('meeting_changes').selectAll().where('id', 'in', ids).execute()).filter((r) => s.meetings.has(r.meeting_id)).map(toMeetingChange) : [],
  ),
  // The secretary's draft reaches guests only once the minutes are issued (exported as the PDF).
  minutes: meetingRows('minutes', async (db, s, ids) => {
    if (!some(ids)) return [];
    const rows = (await db.selectFrom('minutes').selectAll().where('id', 'in', ids).execute()).filter((r) => s.meetings.has(r.meeting_id));
    const asGuest = isSecretariat(s.viewer.role) ? new Set<string>() : await meetingsAsGuest(db, s.viewer, [...new Set(rows.map((r) => r.meeting_id))]);
    return rows.filter((r) => !asGuest.has(r.meeting_id) || r.document_id !== null).map(toMinutes);
  }),
  task: meetingRows('tasks', async (db, s, ids) =>
    some(ids) ? (await db.selectFrom('tasks').selectAll().where('id', 'in', ids).execute()).filter((r) => s.meetings.has(r.meeting_id)).map(toTask) : [],
  ),
  notice: {
    scan: (db, s, after, limit) =>
      scanIds(db.selectFrom('notices').select('id').where('user_id', '=', s.viewer.id).where('id', '>', after).orderBy('id').limit(limit).execute()),
    // His own notices, while he may still see their meeting.
    load: async (db, s, ids) =>
      some(ids)
        ? (await db.selectFrom('notices').selectAll().where('id', 'in', ids).execute()).filter((r) => r.user_id === s.viewer.id && s.meetings.has(r.meeting_id)).map(toNotice)
        : [],
  },
  annotation: {
    // A fresh cache needs no tombstones: the snapshot skips them (a change-log page sends them).
    scan: (db, s, after, limit) =>
      s.meetings.size === 0
        ? Promise.resolve([])
        : scanIds(
            db
              .selectFrom('annotations')
              .select('id')
              .where('meeting_id', 'in', meetingList(s))
              .where('deleted', '=', 0)
              .where((eb) => eb.or([eb('user_id', '=', s.viewer.id), eb('shared_from_id', 'is not', null)]))
              .where('id', '>', after)
              .orderBy('id')
              .limit(limit)
              .execute(),
          ),
    // A private annotation reaches only its author; a shared copy every participant who may read the document.
    load: async (db, s, ids) => {
      if (!some(ids)) return [];
      const rows = (await db.selectFrom('annotations').selectAll().where('id', 'in', ids).execute()).filter(
        (r) => s.meetings.has(r.meeting_id) && (r.shared_from_id !== null || r.user_id === s.viewer.id),
      );
      const readable = await readableDocumentIds(db, s.viewer, [...new Set(rows.map((r) => r.document_id))]);
      return rows.filter((r) => readable.has(r.document_id)).map(toAnnotation);
    },
  },
  presentation: {
    scan: async (db, s, after, limit) =>
      s.meetings.size === 0
        ? []
        : (
            await db.selectFrom('presentations').select('meeting_id').where('meeting_id', 'in', meetingList(s)).where('meeting_id', '>', after).orderBy('meeting_id').limit(limit).execute()
          ).map((r) => r.meeting_id),
    // Everyone in the meeting follows the presenter; the document's id only for its readers.
    load: async (db, s, ids) => {
      if (!some(ids)) return [];
      const rows = (await db.selectFrom('presentations').selectAll().where('meeting_id', 'in', ids).execute()).filter((r) => s.meetings.has(r.meeting_id));
      const readable = await readableDocumentIds(db, s.viewer, rows.flatMap((r) => (r.document_id ? [r.document_id] : [])));
      return rows.map((r) => toPresentation(r, !r.document_id || readable.has(r.document_id)));
    },
  },
  signatureRequest: {
    // Not per meeting: a signer need not take part in the meeting whose document he signs.
    scan: (db, s, after, limit) => {
      let q = db.selectFrom('signature_requests').select('id').where('org_id', '=', s.viewer.orgId).where('id', '>', after);
      if (!isSecretariat(s.viewer.role)) {
        // Narrows the scan only (cheap pages for signers); mayViewRequest decides.
        q = q.where('id', 'in', db.selectFrom('signature_steps').select('request_id').where('user_id', '=', s.viewer.id).where('status', '!=', 'waiting'));
      }
      return scanIds(q.orderBy('id').limit(limit).execute());
    },
    load: async (db, s, ids) => {
      if (!some(ids)) return [];
      const orgs = new Map((await db.selectFrom('signature_requests').select(['id', 'org_id']).where('id', 'in', ids).execute()).map((r) => [r.id, r.org_id]));
      return (await loadRequests(db, ids)).filter((r) => mayViewRequest(s.viewer, orgs.get(r.id) ?? '', r));
    },
  },
  orgSigningSettings: {
    scan: async (db, s, after) =>
      s.viewer.orgId > after && (await db.selectFrom('org_signing_settings').select('org_id').where('org_id', '=', s.viewer.orgId).executeTakeFirst())
        ? [s.viewer.orgId]
        : [],
    load: async (db, s, ids) =>
      ids.includes(s.viewer.orgId) && (await db.selectFrom('org_signing_settings').select('org_id').where('org_id', '=', s.viewer.orgId).executeTakeFirst())
        ? [await loadOrgSigningSettings(db, s.viewer.orgId)]
        : [],
  },
  opinionRequest: {
    // Not per meeting: the members asked need not take part in any meeting.
    scan: (db, s, after, limit) => {
      let q = db.selectFrom('opinion_requests').select('id').where('org_id', '=', s.viewer.orgId).where('id', '>', after);
      if (!isSecretariat(s.viewer.role)) {
        // Narrows the scan only (cheap pages for members); loadOpinionRequests decides.
        const asked = db.selectFrom('opinion_recipients').select('request_id').where('user_id', '=', s.viewer.id);
        q = q.where((eb) => eb.or([eb('id', 'in', asked), eb('instructed_by', '=', s.viewer.id)]));
      }
      return scanIds(q.orderBy('id').limit(limit).execute());
    },
    load: (db, s, ids) => loadOpinionRequests(db, s.viewer, ids),
  },
};
