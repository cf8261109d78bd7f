/** task.upsert / task.delete (secretariat): the follow-up tasks the meeting assigned. */
import { AppError } from '../../shared/errors';
import { toTask } from '../secretariat/rows';
import { scopeOf } from '../sync/access';
import { audit, meetingOfOrg } from './lookups';
import type { CurrentRow, MutationArgs, MutationCtx } from './types';

export async function currentTask(ctx: MutationCtx, id: string): Promise<CurrentRow | null> {
  const r = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { entity: 'task', id: r.id, revision: r.revision, current: toTask(r) } : null;
}

/** The columns a save sets (the revision is counted by the caller). */
export function nextTaskColumns(a: MutationArgs<'task.upsert'>, now: string) {
  return {
    title: a.title,
    agency: a.agency,
    assignee: a.assignee,
    deadline: a.deadline,
    expected_result: a.expectedResult,
    follower: a.follower,
    status: a.status,
    updated_at: now,
  };
}

export async function upsertTask(ctx: MutationCtx, a: MutationArgs<'task.upsert'>): Promise<void> {
  await meetingOfOrg(ctx, a.meetingId);
  const before = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'a task cannot move to another meeting', { field: 'meetingId' });
  const row = nextTaskColumns(a, ctx.now);
  if (before) await ctx.trx.updateTable('tasks').set({ ...row, revision: before.revision + 1 }).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('tasks').values({ id: a.id, meeting_id: a.meetingId, ...row }).execute();
  const after = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
  await ctx.rec.log('task', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'task.upsert', 'task', a.id, before ? toTask(before) : undefined, toTask(after));
}

export async function deleteTask(ctx: MutationCtx, a: MutationArgs<'task.delete'>): Promise<void> {
  const before = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'task not found');
  await meetingOfOrg(ctx, before.meeting_id);
  await ctx.trx.deleteFrom('tasks').where('id', '=', a.id).execute();
  await ctx.rec.log('task', a.id, 'delete', scopeOf.meeting(before.meeting_id));
  await audit(ctx, 'task.delete', 'task', a.id, toTask(before), undefined);
}
