/**
 * Quorum: a meeting may decide when at least `numerator/denominator` of its members
 * (chair and members; not guests, not the secretariat) are present. Default: two-thirds.
 */
import type { Attendance, ParticipantRole } from '../entities';
import { requiredCount } from './voting/rules';

export const DEFAULT_QUORUM = { numerator: 2, denominator: 3 } as const;

export interface QuorumStatus {
  /** Participants who count: chair and members. */
  members: number;
  present: number;
  /** Smallest number present that reaches the quorum. */
  required: number;
  reached: boolean;
}

/** Roles whose presence counts towards the quorum. */
export const countsForQuorum = (role: ParticipantRole) => role === 'chair' || role === 'member';

export function quorumStatus(
  participants: ReadonlyArray<{ role: ParticipantRole; attendance: Attendance }>,
  fraction: { numerator: number; denominator: number } = DEFAULT_QUORUM,
): QuorumStatus {
  const { numerator, denominator } = fraction;
  if (!(Number.isInteger(numerator) && Number.isInteger(denominator) && numerator >= 1 && denominator >= 1 && numerator <= denominator)) {
    throw new RangeError(`quorum must be a fraction between 1/n and 1, got ${numerator}/${denominator}`);
  }
  const counted = participants.filter((p) => countsForQuorum(p.role));
  const members = counted.length;
  const present = counted.filter((p) => p.attendance === 'present').length;
  // One quorum arithmetic for the whole app: the decision rules engine's (exact integers,
  // "at least n/d of ALL members"). An empty meeting needs nobody and reaches nothing.
  const required = members === 0 ? 0 : requiredCount({ numerator, denominator, comparison: 'at_least' }, members);
  return { members, present, required, reached: members > 0 && present >= required };
}
