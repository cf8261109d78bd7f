/** Written opinion requests: database rows → the shared entity (per viewer), who sees them, where their changes go. */
import { isSecretariat } from '../../shared/rules/meetings';
import { secretariatOf } from '../organisations/membership';
import { WRITTEN_OPINION_RECIPIENT_ROLES } from '../../shared/rules/meeting-roles';
import { OpinionRequest, OpinionSummary, type OpinionRecipient } from '../../shared/written-opinions';
import { attachmentsOf } from './attachments';
import type { Db } from '../db/open';
import type { OpinionRequestsTable } from '../live-meeting/tables';
import { scopeOf, type Scope, type Viewer } from '../sync/access';

/** Roles asked by default: every member and chair of the organisation. */
export const OPINION_ROLES = WRITTEN_OPINION_RECIPIENT_ROLES;

interface RecipientRow {
  request_id: string;
  user_id: string;
  reminded_at: string | null;
  answer: string | null;
  comment: string | null;
  answered_at: string | null;
}

async function recipientRows(db: Db, ids: string[]): Promise<RecipientRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('opinion_recipients as r')
    .leftJoin('opinion_answers as a', (j) => j.onRef('a.request_id', '=', 'r.request_id').onRef('a.user_id', '=', 'r.user_id'))
    .select(['r.request_id', 'r.user_id', 'r.reminded_at', 'a.answer', 'a.comment', 'a.answered_at'])
    .where('r.request_id', 'in', ids)
    .orderBy('r.user_id')
    .execute();
}

/** Whether the viewer sees every recipient's answer (secretariat, the instructing chair, or anyone once final). */
export const seesAllAnswers = (viewer: Viewer, r: Pick<OpinionRequestsTable, 'instructed_by' | 'status'>): boolean =>
  isSecretariat(viewer.role) || r.instructed_by === viewer.id || r.status === 'final';

/** Secretariat of the organisation, the instructing chair, and each recipient. */
export function mayViewOpinionRequest(viewer: Viewer, r: Pick<OpinionRequestsTable, 'org_id' | 'instructed_by'>, recipientIds: readonly string[]): boolean {
  if (r.org_id !== viewer.orgId) return false;
  return isSecretariat(viewer.role) || r.instructed_by === viewer.id || recipientIds.includes(viewer.id);
}

/** The requests with these ids the viewer may see, shaped for him. */
export async function loadOpinionRequests(db: Db, viewer: Viewer, ids: string[]): Promise<OpinionRequest[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('opinion_requests').selectAll().where('id', 'in', ids).orderBy('id').execute();
  const recips = await recipientRows(db, ids);
  const out: OpinionRequest[] = [];
  for (const r of rows) {
    const mine = recips.filter((x) => x.request_id === r.id);
    if (!mayViewOpinionRequest(viewer, r, mine.map((x) => x.user_id))) continue;
    const all = seesAllAnswers(viewer, r);
    const recipients: OpinionRecipient[] = mine
      .filter((x) => all || x.user_id === viewer.id)
      .map((x) => ({
        userId: x.user_id,
        answer: (x.answer as OpinionRecipient['answer']) ?? null,
        comment: x.comment ?? '',
        answeredAt: x.answered_at,
        remindedAt: x.reminded_at,
      }));
    out.push(
      OpinionRequest.parse({
        id: r.id,
        meetingId: r.meeting_id,
        title: r.title,
        question: r.question,
        attachments: attachmentsOf(r),
        instructedBy: r.instructed_by,
        sentBy: r.sent_by,
        sentAt: r.sent_at,
        deadline: r.deadline,
        silenceAsConsent: r.silence_as_consent === 1,
        status: r.status,
        recipientCount: mine.length,
        answeredCount: mine.filter((x) => x.answer !== null).length,
        recipients,
        summary: r.summary_json ? OpinionSummary.parse(JSON.parse(r.summary_json)) : null,
        summarySha256: r.summary_sha256,
        summarySize: r.summary_size,
        revision: r.revision,
        updatedAt: r.updated_at,
      }),
    );
  }
  return out;
}

/** Private scopes a request's changes go to: the secretariat, the instructing chair, every recipient. */
export async function opinionScopes(db: Db, requestId: string): Promise<Scope[]> {
  const req = await db.selectFrom('opinion_requests').select(['org_id', 'instructed_by']).where('id', '=', requestId).executeTakeFirstOrThrow();
  // Its secretariat by membership too (a city member may be a district's secretary).
  const staff = await secretariatOf(db, req.org_id);
  const recips = await db.selectFrom('opinion_recipients').select('user_id').where('request_id', '=', requestId).execute();
  const ids = [...staff, ...recips.map((r) => r.user_id), ...(req.instructed_by ? [req.instructed_by] : [])];
  return [...new Set(ids)].map(scopeOf.user);
}
