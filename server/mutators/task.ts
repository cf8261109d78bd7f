/** task.upsert / task.delete (secretariat): the follow-up tasks the meeting assigned. */
import type { Selectable } from 'kysely';
import { AppError } from '../../shared/errors';
import { nextTask } from '../../shared/mutators/minutes-and-tasks';
import type { TasksTable } from '../db/schema';
import { toTask } from '../secretariat/rows';
import { scopeOf } from '../sync/access';
import { audit, meetingOfOrg } from './lookups';
import type { CurrentRow, MutationArgs, MutationCtx } from './types';

export async function currentTask(ctx: MutationCtx, id: string): Promise<CurrentRow | null> {
  const r = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { entity: 'task', id: r.id, revision: r.revision, current: toTask(r) } : null;
}

/** The row after a save, from the shared definition the desktop's offline overlay also follows. */
export function nextTaskRow(before: Selectable<TasksTable> | undefined, a: MutationArgs<'task.upsert'>, now: string) {
  const t = nextTask(before ? toTask(before) : null, a, now);
  return {
    id: t.id,
    meeting_id: t.meetingId,
    title: t.title,
    agency: t.agency,
    assignee: t.assignee,
    deadline: t.deadline,
    expected_result: t.expectedResult,
    follower: t.follower,
    status: t.status,
    revision: t.revision,
    updated_at: t.updatedAt,
  };
}

export async function upsertTask(ctx: MutationCtx, a: MutationArgs<'task.upsert'>): Promise<void> {
  await meetingOfOrg(ctx, a.meetingId);
  const before = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (before && before.meeting_id !== a.meetingId) throw new AppError('validation_failed', 'a task cannot move to another meeting', { field: 'meetingId' });
  const row = nextTaskRow(before, a, ctx.now);
  if (before) await ctx.trx.updateTable('tasks').set(row).where('id', '=', a.id).execute();
  else await ctx.trx.insertInto('tasks').values(row).execute();
  await ctx.rec.log('task', a.id, 'upsert', scopeOf.meeting(a.meetingId));
  await audit(ctx, 'task.upsert', 'task', a.id, before ? toTask(before) : undefined, toTask(row));
}

export async function deleteTask(ctx: MutationCtx, a: MutationArgs<'task.delete'>): Promise<void> {
  const before = await ctx.trx.selectFrom('tasks').selectAll().where('id', '=', a.id).executeTakeFirst();
  if (!before) throw new AppError('not_found', 'task not found');
  await meetingOfOrg(ctx, before.meeting_id);
  await ctx.trx.deleteFrom('tasks').where('id', '=', a.id).execute();
  await ctx.rec.log('task', a.id, 'delete', scopeOf.meeting(before.meeting_id));
  await audit(ctx, 'task.delete', 'task', a.id, toTask(before), undefined);
}
