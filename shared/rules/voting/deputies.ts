/** Who may be named a member's voting deputy, by the organisation's decision rules. */
import type { DecisionRules } from './rules';

export interface DeputyNomination {
  /** The deputy is the member himself. */
  self: boolean;
  /** The deputy is a voting participant (chair or member) of the same meeting. */
  deputyVotesInMeeting: boolean;
  /** Recorded by the chair of the meeting or by the secretariat (the chair's approval), not by the member alone. */
  approvedByChair: boolean;
}

export function mayBeDeputy(rules: Pick<DecisionRules, 'delegation'>, n: DeputyNomination): boolean {
  if (n.self) return false;
  if (n.deputyVotesInMeeting) return true;
  return rules.delegation.deputies === 'meeting_member_or_chair_approved' && n.approvedByChair;
}
