import type { DecisionRules } from './rules';
import { requiredCount } from './rules';

/** Member ids are user ids (UUIDs in practice); the engine only compares them. */
export type MemberId = string;

/** A member who cannot attend lets someone else (a deputy, another member) vote in his place. */
export interface Delegation {
  memberId: MemberId;
  delegateId: MemberId;
}

export interface VoterRoll {
  /** ALL members of the committee who hold a vote (the base of "all members"). */
  eligibleMembers: readonly MemberId[];
  /** Users present (members and delegates), e.g. checked in to the live meeting. */
  present: readonly MemberId[];
  delegations?: readonly Delegation[];
}

export interface QuorumResult {
  met: boolean;
  /** Members counted as present. */
  present: number;
  /** Members needed. */
  required: number;
  /** All members. */
  total: number;
  /** Members represented by a present delegate (counted in `present` only when the rules say so). */
  representedByDelegate: number;
}

/**
 * Who may vote for whom: the first delegation listed per eligible member, when the rules
 * allow delegation at all. A member who delegated may still vote himself if he comes; the
 * first ballot cast for him counts and any other is refused (one ballot per member).
 */
export function delegateByMember(a: VoterRoll, rules: DecisionRules): Map<MemberId, MemberId> {
  const out = new Map<MemberId, MemberId>();
  if (!rules.delegation.allowed) return out;
  const eligible = new Set(a.eligibleMembers);
  for (const d of a.delegations ?? []) {
    if (eligible.has(d.memberId) && d.delegateId !== d.memberId && !out.has(d.memberId)) out.set(d.memberId, d.delegateId);
  }
  return out;
}

/** Absent members whose delegate is present: they are represented in the room. */
export function activeDelegations(a: VoterRoll, rules: DecisionRules): Map<MemberId, MemberId> {
  const present = new Set(a.present);
  const out = new Map<MemberId, MemberId>();
  for (const [m, d] of delegateByMember(a, rules)) if (!present.has(m) && present.has(d)) out.set(m, d);
  return out;
}

/** Members who can have a ballot counted right now: present themselves or through a present delegate. */
export function representedMembers(a: VoterRoll, rules: DecisionRules): Set<MemberId> {
  const present = new Set(a.present);
  const out = new Set(a.eligibleMembers.filter((m) => present.has(m)));
  for (const m of activeDelegations(a, rules).keys()) out.add(m);
  return out;
}

/** The members a user may cast a ballot for now: himself (if a present member) and those who delegated to him. */
export function votingRightsOf(userId: MemberId, a: VoterRoll, rules: DecisionRules): MemberId[] {
  if (!a.present.includes(userId)) return [];
  const out = a.eligibleMembers.includes(userId) ? [userId] : [];
  for (const [m, d] of delegateByMember(a, rules)) if (d === userId && m !== userId) out.push(m);
  return out;
}

/**
 * Whether the meeting may decide: at least the configured share of ALL members present
 * (two-thirds by default). shared/rules/quorum.ts (the attendance screen's quorum) uses the
 * same `requiredCount`, so there is one quorum arithmetic.
 */
export function evaluateQuorum(a: VoterRoll, rules: DecisionRules): QuorumResult {
  const eligible = [...new Set(a.eligibleMembers)];
  const presentSet = new Set(a.present);
  const inPerson = eligible.filter((m) => presentSet.has(m)).length;
  const representedByDelegate = activeDelegations({ ...a, eligibleMembers: eligible }, rules).size;
  const present = inPerson + (rules.quorum.delegatesCountAsPresent ? representedByDelegate : 0);
  const required = requiredCount(rules.quorum.fraction, eligible.length);
  return { met: eligible.length > 0 && present >= required, present, required, total: eligible.length, representedByDelegate };
}
