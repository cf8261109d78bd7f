/** presentation.set (the chair, a presenter of the meeting or the secretariat): shows a page on everyone's screen. */
import { AppError } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import type { Db } from '../db/open';
import { canSeeMeetingId, scopeOf, type Viewer } from '../sync/access';
import { audit } from './lookups';
import type { MutationArgs, MutationCtx } from './types';

/** May this user drive the meeting's shared screen? Chair, a presenter of an agenda item, or the secretariat. */
export async function mayPresent(trx: Db, viewer: Viewer, meetingId: string): Promise<boolean> {
  if (isSecretariat(viewer.role)) return true;
  const meeting = await trx.selectFrom('meetings').select('chair_id').where('id', '=', meetingId).executeTakeFirst();
  if (!meeting) return false;
  if (meeting.chair_id === viewer.id) return true;
  const chair = await trx.selectFrom('participants').select('id').where('meeting_id', '=', meetingId).where('user_id', '=', viewer.id).where('role', '=', 'chair').executeTakeFirst();
  if (chair) return true;
  const presenter = await trx.selectFrom('agenda_items').select('id').where('meeting_id', '=', meetingId).where('presenter_id', '=', viewer.id).executeTakeFirst();
  return presenter !== undefined;
}

export async function setPresentation(ctx: MutationCtx, a: MutationArgs<'presentation.set'>): Promise<void> {
  const meeting = await ctx.trx.selectFrom('meetings').selectAll().where('id', '=', a.meetingId).executeTakeFirst();
  if (!meeting || meeting.org_id !== ctx.viewer.orgId || !(await canSeeMeetingId(ctx.trx, ctx.viewer, meeting.id)))
    throw new AppError('not_found', 'meeting not found', { entity: 'meeting', id: a.meetingId });
  if (meeting.status === 'closed') throw new AppError('meeting_closed', 'the meeting is closed and archived', { meetingId: meeting.id });
  if (meeting.status === 'draft') throw new AppError('forbidden', 'the meeting is not published yet');
  if (!(await mayPresent(ctx.trx, ctx.viewer, meeting.id))) throw new AppError('forbidden', 'only the chair or a presenter may present');
  if (a.documentId) {
    const doc = await ctx.trx.selectFrom('documents').select(['meeting_id']).where('id', '=', a.documentId).executeTakeFirst();
    if (!doc || doc.meeting_id !== meeting.id) throw new AppError('validation_failed', 'the document is not in this meeting', { field: 'documentId' });
  }
  const row = { meeting_id: meeting.id, document_id: a.documentId, page: a.page, presenter_id: a.documentId ? ctx.user.id : null, updated_at: ctx.now };
  const before = await ctx.trx.selectFrom('presentations').select('meeting_id').where('meeting_id', '=', meeting.id).executeTakeFirst();
  if (before) await ctx.trx.updateTable('presentations').set(row).where('meeting_id', '=', meeting.id).execute();
  else await ctx.trx.insertInto('presentations').values(row).execute();
  await ctx.rec.log('presentation', meeting.id, 'upsert', scopeOf.meeting(meeting.id));
  await audit(ctx, 'presentation.set', 'presentation', meeting.id, undefined, { documentId: a.documentId, page: a.page });
}
