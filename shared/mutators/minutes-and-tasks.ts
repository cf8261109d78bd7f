/** After the meeting: minutes (biên bản), conclusions with their tasks ("5 rõ"), and notices read. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { Id } from '../ids';
import { Minutes, Task } from '../secretariat';
import { BaseRevision } from './revision';
import { defineMutator, nextRevision, remove, upsert } from './define';

export const MinutesInput = z.object({ id: Id, meetingId: Id, body: z.string().max(200_000), conclusions: z.string().max(100_000), ...BaseRevision });
export type MinutesInput = z.output<typeof MinutesInput>;

/** One minutes row per meeting, whoever started it: a save keeps the existing row's id. */
export function nextMinutes(prev: Minutes | null, a: MinutesInput, now: string): Minutes {
  return {
    id: prev?.id ?? a.id,
    meetingId: a.meetingId,
    body: a.body,
    conclusions: a.conclusions,
    documentId: prev?.documentId ?? null,
    revision: nextRevision(prev),
    updatedAt: now,
  };
}

export const TaskInput = lazySchema(() => Task.omit({ revision: true, updatedAt: true }).extend(BaseRevision));
export type TaskInput = z.output<typeof TaskInput>;

export function nextTask(prev: Task | null, a: TaskInput, now: string): Task {
  const { baseRevision: _decidedOn, ...fields } = a;
  return { ...fields, revision: nextRevision(prev), updatedAt: now };
}

export const minutesAndTaskMutators = [
  defineMutator({
    kind: 'minutes.save',
    args: MinutesInput,
    access: 'secretariat',
    effect: (a, read, ctx) => [upsert('minutes', nextMinutes(read.ofMeeting('minutes', a.meetingId)[0] ?? null, a, ctx.now))],
  }),
  /**
   * Renders the minutes PDF and stores it as (a new version of) the meeting's minutes document.
   * `issue`: the minutes are issued, so they take their number in the register of outgoing
   * documents (kept by later exports); until then the PDF reads "Dự thảo".
   */
  defineMutator({ kind: 'minutes.exportPdf', args: z.object({ meetingId: Id, issue: z.boolean().optional() }), access: 'secretariat' }),
  defineMutator({
    kind: 'task.upsert',
    args: TaskInput,
    access: 'secretariat',
    effect: (a, read, ctx) => [upsert('task', nextTask(read.get('task', a.id), a, ctx.now))],
  }),
  defineMutator({ kind: 'task.delete', args: z.object({ id: Id, ...BaseRevision }), access: 'secretariat', effect: (a) => [remove('task', a.id)] }),
  defineMutator({ kind: 'notice.markRead', args: z.object({ id: Id }), access: 'signedIn' }),
] as const;
