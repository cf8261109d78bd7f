/** agendaItem.upsert / agendaItem.delete (secretariat): the meeting's agenda. */
import { AppError } from '../../shared/errors';
import { nextAgendaItem } from '../../shared/mutators/agenda';
import type { AgendaItemRow, MeetingRow } from '../db/schema';
import { updateDocument, writerFor } from '../documents/repository';
import { scopeOf } from '../sync/access';
import { toAgendaItem } from '../sync/rows';
import { audit, meetingOfOrg, requireOrgUser } from './lookups';
import type { CurrentRow, MeetingChangeNote, MutationArgs, MutationCtx } from './types';

type UpsertArgs = MutationArgs<'agendaItem.upsert'>;

export async function currentAgendaItem(ctx: MutationCtx, id: string): Promise<CurrentRow | null> {
  const r = await ctx.trx.selectFrom('agenda_items').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { entity: 'agendaItem', id: r.id, revision: r.revision, current: toAgendaItem(r) } : null;
}

/** The row after a save, from the shared definition the desktop's offline overlay also follows. */
export function nextAgendaItemRow(before: AgendaItemRow | undefined, a: UpsertArgs, now: string) {
  const i = nextAgendaItem(before ? toAgendaItem(before) : null, a, now);
  return {
    id: i.id,
    meeting_id: i.meetingId,
    position: i.position,
    title: i.title,
    presenter_id: i.presenterId,
    presenter_label: i.presenterLabel,
    planned_minutes: i.plannedMinutes,
    updated_at: i.updatedAt,
    presenter_agency: i.presenterAgency,
    revision: i.revision,
  };
}

export async function upsertAgendaItem(ctx: MutationCtx, a: UpsertArgs): Promise<void> {
  await meetingOfOrg(ctx, a.meetingId);
  if (a.presenterId) await requireOrgUser(ctx, a.presenterId, 'presenterId');
  const before = await ctx.trx.selectFrom('agenda_items').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'an agenda item cannot move to another meeting', { field: 'meetingId' });
  const row = nextAgendaItemRow(before, a, ctx.now);
  if (before) await ctx.trx.updateTable('agenda_items').set(row).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('agenda_items').values(row).execute();
  await ctx.rec.log('agendaItem', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'agendaItem.upsert', 'agendaItem', a.id, before ? toAgendaItem(before) : undefined, toAgendaItem(row));
}

export async function deleteAgendaItem(ctx: MutationCtx, a: MutationArgs<'agendaItem.delete'>): Promise<void> {
  const before = await ctx.trx.selectFrom('agenda_items').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'agenda item not found');
  await meetingOfOrg(ctx, before.meeting_id);
  // Its documents stay with the meeting, detached from the item.
  const docs = await ctx.trx.selectFrom('documents').selectAll().where('agenda_item_id', '=', a.id).orderBy('id').execute();
  for (const d of docs) await updateDocument(writerFor(ctx, 'agendaItem.delete'), d, { agendaItemId: null });
  await ctx.trx.deleteFrom('agenda_items').where('id', '=', a.id).execute();
  await ctx.rec.log('agendaItem', a.id, 'delete', scopeOf.meeting(before.meeting_id));
  await audit(ctx, 'agendaItem.delete', 'agendaItem', a.id, toAgendaItem(before), undefined);
}

export async function describeAgendaItemUpsert(ctx: MutationCtx, a: UpsertArgs, _meeting: MeetingRow): Promise<MeetingChangeNote | undefined> {
  const before = await ctx.trx.selectFrom('agenda_items').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (!before) return { kind: 'agendaItem.added', subject: a.title };
  const same = before.title === a.title && before.planned_minutes === a.plannedMinutes && before.presenter_label === a.presenterLabel && before.presenter_id === a.presenterId;
  // A pure reorder is not worth a line in "what changed".
  return same ? undefined : { kind: 'agendaItem.updated', subject: a.title };
}

export async function describeAgendaItemDelete(ctx: MutationCtx, a: MutationArgs<'agendaItem.delete'>): Promise<MeetingChangeNote | undefined> {
  const before = await ctx.trx.selectFrom('agenda_items').select('title').where('id', '=', a.id).executeTakeFirst();
  return before ? { kind: 'agendaItem.removed', subject: before.title } : undefined;
}
