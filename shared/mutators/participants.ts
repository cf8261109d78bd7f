/** Who takes part in a meeting, in which role, and who attends (or sends a deputy). */
import { z } from 'zod';
import { Attendance, Participant, ParticipantRole } from '../entities';
import { Id } from '../ids';
import { BaseRevision } from './revision';
import { defineMutator, nextRevision, remove, upsert } from './define';

export const ParticipantInput = z.object({
  id: Id,
  meetingId: Id,
  userId: Id,
  role: ParticipantRole,
  delegateName: z.string().max(200).optional(),
  delegateUserId: Id.nullable().optional(),
  ...BaseRevision,
});
export type ParticipantInput = z.output<typeof ParticipantInput>;

export function nextParticipant(prev: Participant | null, a: ParticipantInput): Participant {
  return {
    attendance: prev?.attendance ?? 'unknown',
    checkedInAt: prev?.checkedInAt ?? null,
    checkedInBy: prev?.checkedInBy ?? null,
    id: a.id,
    meetingId: a.meetingId,
    userId: a.userId,
    role: a.role,
    delegateName: a.delegateName ?? prev?.delegateName ?? '',
    delegateUserId: a.delegateUserId !== undefined ? a.delegateUserId : (prev?.delegateUserId ?? null),
    revision: nextRevision(prev),
  };
}

export const AttendanceInput = z.object({
  participantId: Id,
  attendance: Attendance,
  delegateName: z.string().max(200).optional(),
  delegateUserId: Id.nullable().optional(),
});
export type AttendanceInput = z.output<typeof AttendanceInput>;

/** The participant after attendance is recorded: check-in time kept while he stays present. */
export function withAttendance(prev: Participant, a: AttendanceInput, byUserId: string | null, now: string): Participant {
  const present = a.attendance === 'present';
  const stillPresent = present && prev.attendance === 'present';
  // Who recorded it last, present or absent.
  return {
    ...prev,
    attendance: a.attendance,
    checkedInAt: present ? (stillPresent ? prev.checkedInAt : now) : null,
    checkedInBy: a.attendance === 'unknown' ? null : byUserId,
    delegateName: a.delegateName ?? prev.delegateName,
    delegateUserId: a.delegateUserId !== undefined ? a.delegateUserId : prev.delegateUserId,
    revision: nextRevision(prev),
  };
}

export const participantMutators = [
  defineMutator({
    kind: 'participant.upsert',
    args: ParticipantInput,
    access: 'secretariat',
    effect: (a, read) => [upsert('participant', nextParticipant(read.get('participant', a.id), a))],
  }),
  defineMutator({
    kind: 'participant.delete',
    args: z.object({ id: Id, ...BaseRevision }),
    access: 'secretariat',
    effect: (a) => [remove('participant', a.id)],
  }),
  /**
   * The secretariat records anyone's attendance and delegation. A member, on his own row only,
   * checks himself in (present) or names his deputy (absent + a user of the organization or a
   * free-text name for a deputy without an account; unknown + empty to withdraw it).
   */
  defineMutator({
    kind: 'participant.setAttendance',
    args: AttendanceInput,
    access: 'signedIn',
    effect: (a, read, ctx) => {
      const prev = read.get('participant', a.participantId);
      return prev ? [upsert('participant', withAttendance(prev, a, ctx.userId, ctx.now))] : [];
    },
  }),
] as const;
