/**
 * Quorum (issue 3): a meeting may decide when at least `numerator/denominator` of its members
 * (chair and members; not guests, not the secretariat) are present. Default: two-thirds.
 */
import type { Attendance, ParticipantRole } from '../entities';

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
  // Integer arithmetic: ceil(members * n / d) without floating-point error (9 * 2/3 = 6, not 6.000…1).
  const required = Math.floor((members * numerator + denominator - 1) / denominator);
  return { members, present, required, reached: members > 0 && present >= required };
}
