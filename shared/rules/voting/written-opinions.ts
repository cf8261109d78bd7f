import { z } from 'zod';
import { lazySchema } from '../../lazy-schema';
import type { MemberId } from './quorum';
import type { DecisionRules, LegalBasis } from './rules';
import { requiredCount } from './rules';
import type { Reason } from './tally';

/** A member's answer to a written opinion request (phiếu lấy ý kiến). */
export const WrittenAnswerChoice = lazySchema(() => z.enum(['agree', 'disagree', 'other']));
export type WrittenAnswerChoice = z.infer<typeof WrittenAnswerChoice>;

export interface WrittenAnswer {
  memberId: MemberId;
  answer: WrittenAnswerChoice;
  /** When the server received it (the server's clock decides lateness). */
  answeredAt: Date | string;
  comment?: string;
}

export interface MemberOpinion {
  memberId: MemberId;
  /** What the member answered on time, or null. */
  answer: WrittenAnswerChoice | null;
  /** How it is counted: an unanswered member counts as agreeing once the deadline passed, when configured. */
  countedAs: WrittenAnswerChoice | 'none';
  bySilence: boolean;
  comment?: string;
}

export interface WrittenOpinionSummary {
  /** The deadline has passed: the result no longer changes. */
  final: boolean;
  /** Null while answers may still come. */
  passed: boolean | null;
  deadline: string;
  counts: { agree: number; disagree: number; other: number; noAnswer: number; agreeBySilence: number };
  members: MemberOpinion[];
  base: number;
  needed: number;
  /** Answers not counted: after the deadline, or from someone who is not a member. */
  ignored: { memberId: MemberId; reason: 'late' | 'not_eligible' }[];
  reasons: Reason[];
  legalBasis: LegalBasis[];
}

const ms = (d: Date | string) => (typeof d === 'string' ? Date.parse(d) : d.getTime());

/**
 * Summarises a written opinion request. Before the deadline it reports progress; at the
 * deadline it applies the rule: agreement of the configured share of ALL members, silence
 * counting as agreement when configured. A member's latest on-time answer counts.
 */
export function summarizeWrittenOpinions(input: {
  answers: readonly WrittenAnswer[];
  members: readonly MemberId[];
  deadline: Date | string;
  now: Date | string;
  rules: DecisionRules;
}): WrittenOpinionSummary {
  const { rules } = input;
  const deadline = ms(input.deadline);
  const final = ms(input.now) > deadline;
  const members = [...new Set(input.members)];
  const memberSet = new Set(members);
  const latest = new Map<MemberId, WrittenAnswer>();
  const ignored: WrittenOpinionSummary['ignored'] = [];
  for (const a of input.answers) {
    if (!memberSet.has(a.memberId)) ignored.push({ memberId: a.memberId, reason: 'not_eligible' });
    else if (ms(a.answeredAt) > deadline) ignored.push({ memberId: a.memberId, reason: 'late' });
    else {
      const prev = latest.get(a.memberId);
      if (!prev || ms(a.answeredAt) >= ms(prev.answeredAt)) latest.set(a.memberId, a);
    }
  }
  const silence = final && rules.writtenOpinions.silenceAsConsent;
  const opinions: MemberOpinion[] = members.map((memberId) => {
    const a = latest.get(memberId);
    if (a) return { memberId, answer: a.answer, countedAs: a.answer, bySilence: false, ...(a.comment ? { comment: a.comment } : {}) };
    return { memberId, answer: null, countedAs: silence ? 'agree' : 'none', bySilence: silence };
  });
  const n = (c: MemberOpinion['countedAs']) => opinions.filter((o) => o.countedAs === c && !o.bySilence).length;
  const noAnswer = opinions.filter((o) => o.answer === null).length;
  const agreeBySilence = opinions.filter((o) => o.bySilence).length;
  const counts = { agree: n('agree'), disagree: n('disagree'), other: n('other'), noAnswer, agreeBySilence };
  const fraction = rules.writtenOpinions.fraction;
  const needed = requiredCount(fraction, members.length);
  const agreeing = counts.agree + agreeBySilence;
  const reasons: Reason[] = [];
  const rule = { ruleNumerator: fraction.numerator, ruleDenominator: fraction.denominator, ruleComparison: fraction.comparison, baseKind: 'all_members' };
  let passed: boolean | null = null;
  if (!final) {
    reasons.push({ code: 'writtenOpen', params: { answered: members.length - noAnswer, total: members.length, deadline: new Date(deadline).toISOString() } });
  } else {
    if (noAnswer > 0) reasons.push({ code: silence ? 'silenceCounted' : 'silenceNotCounted', params: { count: noAnswer } });
    passed = agreeing >= needed;
    reasons.push({ code: passed ? 'passed' : 'failed', params: { count: agreeing, base: members.length, needed, ...rule } });
  }
  const late = ignored.filter((i) => i.reason === 'late').length;
  if (late > 0) reasons.push({ code: 'late', params: { count: late } });
  return {
    final,
    passed,
    deadline: new Date(deadline).toISOString(),
    counts,
    members: opinions,
    base: members.length,
    needed,
    ignored,
    reasons,
    legalBasis: [rules.writtenOpinions.legalBasis],
  };
}
