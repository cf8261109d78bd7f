/** Typed builders for the secretariat's mutations, so a screen says what it does (`meetingMutations.publish(id, rev)`). */
import { mutation, type MutationArgsInput, type MutationInput } from '../mutations';

export type { MutationInput };
export type MeetingUpsertArgs = MutationArgsInput<'meeting.upsert'>;
export type AgendaItemUpsertArgs = MutationArgsInput<'agendaItem.upsert'>;
export type DocumentUpsertArgs = MutationArgsInput<'document.upsert'>;
export type TaskUpsertArgs = MutationArgsInput<'task.upsert'>;

export const meetingMutations = {
  upsert: (args: MeetingUpsertArgs) => mutation('meeting.upsert', args),
  publish: (meetingId: string, baseRevision?: number) => mutation('meeting.publish', { meetingId, baseRevision }),
  start: (meetingId: string, baseRevision?: number) => mutation('meeting.start', { meetingId, baseRevision }),
  close: (meetingId: string, baseRevision?: number) => mutation('meeting.close', { meetingId, baseRevision }),
};

export const participantMutations = {
  upsert: (args: MutationArgsInput<'participant.upsert'>) => mutation('participant.upsert', args),
  remove: (id: string, baseRevision?: number) => mutation('participant.delete', { id, baseRevision }),
  setAttendance: (args: MutationArgsInput<'participant.setAttendance'>) => mutation('participant.setAttendance', args),
};

export const agendaItemMutations = {
  upsert: (args: AgendaItemUpsertArgs) => mutation('agendaItem.upsert', args),
  remove: (id: string, baseRevision?: number) => mutation('agendaItem.delete', { id, baseRevision }),
};

export const documentMutations = {
  upsert: (args: DocumentUpsertArgs) => mutation('document.upsert', args),
  remove: (id: string, baseRevision?: number) => mutation('document.delete', { id, baseRevision }),
};

export const minutesMutations = {
  save: (args: MutationArgsInput<'minutes.save'>) => mutation('minutes.save', args),
  exportPdf: (meetingId: string, issue?: boolean) => mutation('minutes.exportPdf', issue ? { meetingId, issue } : { meetingId }),
};

export const taskMutations = {
  upsert: (args: TaskUpsertArgs) => mutation('task.upsert', args),
};

export const noticeMutations = {
  markRead: (id: string) => mutation('notice.markRead', { id }),
};
