/** The agenda of a meeting: items with their presenter and time slot. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { AgendaItem } from '../entities';
import { Id } from '../ids';
import { BaseRevision } from './revision';
import { defineMutator, nextRevision, remove, upsert } from './define';

export const AgendaItemInput = lazySchema(() =>
  AgendaItem.omit({ updatedAt: true, presenterAgency: true, revision: true }).extend({
    presenterAgency: z.string().max(300).optional(),
    ...BaseRevision,
  }),
);
export type AgendaItemInput = z.output<typeof AgendaItemInput>;

export function nextAgendaItem(prev: AgendaItem | null, a: AgendaItemInput, now: string): AgendaItem {
  return {
    id: a.id,
    meetingId: a.meetingId,
    position: a.position,
    title: a.title,
    presenterId: a.presenterId,
    presenterLabel: a.presenterLabel,
    plannedMinutes: a.plannedMinutes,
    updatedAt: now,
    presenterAgency: a.presenterAgency ?? prev?.presenterAgency ?? '',
    revision: nextRevision(prev),
  };
}

export const agendaMutators = [
  defineMutator({
    kind: 'agendaItem.upsert',
    args: AgendaItemInput,
    access: 'secretariat',
    effect: (a, read, ctx) => [upsert('agendaItem', nextAgendaItem(read.get('agendaItem', a.id), a, ctx.now))],
  }),
  /** Its documents stay with the meeting, detached from the item. */
  defineMutator({
    kind: 'agendaItem.delete',
    args: z.object({ id: Id, ...BaseRevision }),
    access: 'secretariat',
    effect: (a) => [remove('agendaItem', a.id)],
  }),
] as const;
