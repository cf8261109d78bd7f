import { z } from 'zod';
import { lazySchema } from '../../lazy-schema';
import type { VoteOption } from './options';
import { OptionMeaning, isMotion } from './options';
import type { VoterRoll, MemberId } from './quorum';
import { delegateByMember, evaluateQuorum, representedMembers } from './quorum';
import type { BallotKind, DecisionRules, LegalBasis } from './rules';
import { BallotKind as BallotKindSchema, Fraction, LegalBasis as LegalBasisSchema, ThresholdBase, requiredCount } from './rules';

/** A ballot as stored for an open vote: whose vote it is, who pressed the button, what was chosen. */
export interface Ballot {
  optionId: string;
  /** The member whose vote this is. Absent for secret ballots (see `turnout`). */
  memberId?: MemberId;
  /** Who cast it: the member himself (default) or his delegate. */
  castBy?: MemberId;
}

/** Secret votes store who voted separately from what was chosen; this is the "who voted" side. */
export interface TurnoutRecord {
  memberId: MemberId;
  castBy: MemberId;
}

export interface TallyInput extends VoterRoll {
  kind: BallotKind;
  options: readonly VoteOption[];
  /** In the order cast: the first valid ballot per member counts. */
  ballots: readonly Ballot[];
  /** Secret votes only: who voted (ballots carry no identity). */
  turnout?: readonly TurnoutRecord[];
  chairId: MemberId | null;
  rules: DecisionRules;
}

/** Why a ballot (or a turnout record) is not counted; the server refuses the same at cast time. */
export const BallotRejection = lazySchema(() => z.enum(['unknown_option', 'not_eligible', 'not_delegated', 'not_present', 'duplicate']));
export type BallotRejection = z.infer<typeof BallotRejection>;

/**
 * A translatable reason: `voting.reason.<code>` in the catalogues. Params hold raw facts
 * (counts, option ids, fraction parts); `explainResult` turns them into sentences.
 */
export const ReasonCode = lazySchema(() => z.enum([
  'quorumMet',
  'quorumMissing',
  'passed',
  'failed',
  'optionPassed',
  'noOptionPassed',
  'tieChairFor',
  'tieChairAgainst',
  'tieChairOption',
  'tieChairNoSide',
  'tieSecret',
  'tieFails',
  'ballotCountMismatch',
  'rejected',
  'abstained',
  'notVoted',
  'delegated',
  'silenceCounted',
  'silenceNotCounted',
  'late',
  'writtenOpen',
]));
export type ReasonCode = z.infer<typeof ReasonCode>;

export const Reason = lazySchema(() => z.object({
  code: ReasonCode,
  params: z.record(z.string(), z.union([z.string(), z.number()])),
}));
export type Reason = z.infer<typeof Reason>;

export const VoteOutcome = lazySchema(() => z.enum(['passed', 'failed', 'no_quorum', 'invalid']));

export const VoteResult = lazySchema(() => z.object({
  kind: BallotKindSchema,
  passed: z.boolean(),
  outcome: VoteOutcome,
  /** The adopted option: the `for` option of a motion, or the adopted proposal. */
  winningOptionId: z.string().nullable(),
  counts: z.array(z.object({ optionId: z.string(), label: z.string().optional(), meaning: OptionMeaning, count: z.number().int() })),
  ballotsCounted: z.number().int(),
  /** Of those counted, ballots cast by a delegate in a member's place. */
  castByDelegate: z.number().int(),
  /** Members represented (present or through a delegate) who did not vote. */
  notVoted: z.number().int(),
  rejected: z.array(z.object({ memberId: z.string().optional(), castBy: z.string().optional(), optionId: z.string().optional(), reason: BallotRejection })),
  base: z.object({ kind: ThresholdBase, size: z.number().int() }),
  threshold: z.object({ fraction: Fraction, needed: z.number().int() }),
  quorum: z.object({ met: z.boolean(), present: z.number().int(), required: z.number().int(), total: z.number().int(), fraction: Fraction }),
  tie: z.boolean(),
  /** True when the tie rule "the chair's side wins" decided the result. */
  tieBrokenByChair: z.boolean(),
  reasons: z.array(Reason),
  /** Citations of the rules applied (quorum, majority, tie when used). */
  legalBasis: z.array(LegalBasisSchema),
}));
export type VoteResult = z.infer<typeof VoteResult>;

interface CheckContext extends VoterRoll {
  options?: readonly VoteOption[];
  rules: DecisionRules;
}

/**
 * Whether `castBy` may cast a ballot for `memberId` now (null = yes). The server calls this
 * at cast time (plus its own "already voted" and "vote closed" checks); the tally applies it again.
 */
export function checkBallot(b: { memberId: MemberId; castBy: MemberId; optionId?: string }, ctx: CheckContext): BallotRejection | null {
  if (b.optionId !== undefined && ctx.options && !ctx.options.some((o) => o.id === b.optionId)) return 'unknown_option';
  if (!ctx.eligibleMembers.includes(b.memberId)) return 'not_eligible';
  if (b.castBy !== b.memberId && delegateByMember(ctx, ctx.rules).get(b.memberId) !== b.castBy) return 'not_delegated';
  if (!ctx.present.includes(b.castBy)) return 'not_present';
  return null;
}

/** Validates identities: open ballots, or the turnout of a secret vote; first valid per member wins. */
function admit<T extends { memberId?: MemberId; castBy?: MemberId; optionId?: string }>(
  items: readonly T[],
  ctx: CheckContext,
): { admitted: T[]; rejected: VoteResult['rejected']; byDelegate: number } {
  const seen = new Set<MemberId>();
  const admitted: T[] = [];
  const rejected: VoteResult['rejected'] = [];
  let byDelegate = 0;
  for (const item of items) {
    const memberId = item.memberId;
    const castBy = item.castBy ?? memberId;
    const reason =
      memberId === undefined || castBy === undefined
        ? 'not_eligible'
        : (checkBallot({ memberId, castBy, optionId: item.optionId }, ctx) ?? (seen.has(memberId) ? 'duplicate' : null));
    if (reason) {
      rejected.push({ memberId, castBy, optionId: item.optionId, reason });
      continue;
    }
    seen.add(memberId!);
    if (castBy !== memberId) byDelegate++;
    admitted.push(item);
  }
  return { admitted, rejected, byDelegate };
}

const fractionParams = (p: string, f: { numerator: number; denominator: number; comparison: string }) => ({
  [`${p}Numerator`]: f.numerator,
  [`${p}Denominator`]: f.denominator,
  [`${p}Comparison`]: f.comparison,
});

/**
 * Counts a closed vote under the rules: quorum first, then the threshold over the base,
 * then the tie rule. Pure: the same input always gives the same result, in words too.
 */
export function tallyVote(input: TallyInput): VoteResult {
  const { rules, options, kind } = input;
  const eligibleMembers = [...new Set(input.eligibleMembers)];
  const ctx: CheckContext = { eligibleMembers, present: input.present, delegations: input.delegations, options, rules };
  const quorum = evaluateQuorum(ctx, rules);
  const reasons: Reason[] = [];
  const legalBasis: LegalBasis[] = [rules.quorum.legalBasis];
  const quorumFraction = rules.quorum.fraction;
  reasons.push({
    code: quorum.met ? 'quorumMet' : 'quorumMissing',
    params: { present: quorum.present, total: quorum.total, required: quorum.required, ...fractionParams('quorum', quorumFraction), baseKind: 'all_members' },
  });

  // Identities: open ballots carry them; secret ballots are anonymous and the turnout carries them.
  const validOption = new Set(options.map((o) => o.id));
  let counted: Ballot[];
  let rejected: VoteResult['rejected'];
  let byDelegate: number;
  let mismatch = false;
  let voters = 0;
  if (kind === 'open') {
    ({ admitted: counted, rejected, byDelegate } = admit(input.ballots, ctx));
  } else {
    const t = admit(input.turnout ?? [], { ...ctx, options: undefined });
    rejected = t.rejected;
    byDelegate = t.byDelegate;
    counted = [];
    for (const b of input.ballots) {
      if (validOption.has(b.optionId)) counted.push({ optionId: b.optionId });
      else rejected.push({ optionId: b.optionId, reason: 'unknown_option' });
    }
    // More ballots than admitted voters means the box was stuffed or a voter was refused: nothing can be decided.
    voters = t.admitted.length;
    mismatch = counted.length !== voters;
  }

  const countOf = new Map(options.map((o) => [o.id, 0]));
  for (const b of counted) countOf.set(b.optionId, (countOf.get(b.optionId) ?? 0) + 1);
  const counts = options.map((o) => ({ optionId: o.id, label: o.label, meaning: o.meaning, count: countOf.get(o.id) ?? 0 }));

  const represented = representedMembers(ctx, rules);
  const baseSize = rules.majority.base === 'all_members' ? eligibleMembers.length : represented.size;
  const needed = requiredCount(rules.majority.fraction, baseSize);
  const rule = { ...fractionParams('rule', rules.majority.fraction), baseKind: rules.majority.base };
  legalBasis.push(rules.majority.legalBasis);

  const result: VoteResult = {
    kind,
    passed: false,
    outcome: 'failed',
    winningOptionId: null,
    counts,
    ballotsCounted: counted.length,
    castByDelegate: byDelegate,
    notVoted: Math.max(0, represented.size - counted.length),
    rejected,
    base: { kind: rules.majority.base, size: baseSize },
    threshold: { fraction: rules.majority.fraction, needed },
    quorum: { met: quorum.met, present: quorum.present, required: quorum.required, total: quorum.total, fraction: quorumFraction },
    tie: false,
    tieBrokenByChair: false,
    reasons,
    legalBasis,
  };
  const finish = () => {
    const abstained = counts.filter((c) => c.meaning === 'abstain').reduce((s, c) => s + c.count, 0);
    if (abstained > 0) reasons.push({ code: 'abstained', params: { count: abstained } });
    if (result.notVoted > 0) reasons.push({ code: 'notVoted', params: { count: result.notVoted } });
    if (byDelegate > 0) reasons.push({ code: 'delegated', params: { count: byDelegate } });
    if (rejected.length > 0) reasons.push({ code: 'rejected', params: { count: rejected.length } });
    return result;
  };

  if (!quorum.met) {
    result.outcome = 'no_quorum';
    return finish();
  }
  if (mismatch) {
    result.outcome = 'invalid';
    reasons.push({ code: 'ballotCountMismatch', params: { ballots: counted.length, voters } });
    return finish();
  }

  const motion = isMotion(options);
  const candidates = counts.filter((c) => c.meaning === (motion ? 'for' : 'choice')).sort((a, b) => b.count - a.count);
  const top = candidates[0]!;
  const common = { base: baseSize, needed, ...rule };
  const adopt = (optionId: string) => {
    result.passed = true;
    result.outcome = 'passed';
    result.winningOptionId = optionId;
  };

  if (top.count >= needed) {
    adopt(top.optionId);
    reasons.push(motion ? { code: 'passed', params: { count: top.count, ...common } } : { code: 'optionPassed', params: { option: top.optionId, count: top.count, ...common } });
    return finish();
  }

  // A tie: for = against on a motion, or the two leading proposals equal.
  const against = counts.filter((c) => c.meaning === 'against').reduce((s, c) => s + c.count, 0);
  const tiedSides: string[] = motion
    ? top.count > 0 && top.count === against
      ? [top.optionId, ...counts.filter((c) => c.meaning === 'against').map((c) => c.optionId)]
      : []
    : top.count > 0 && candidates[1]!.count === top.count
      ? candidates.filter((c) => c.count === top.count).map((c) => c.optionId)
      : [];
  if (tiedSides.length > 0) {
    result.tie = true;
    legalBasis.push(rules.tie.legalBasis);
    const tieCount = top.count;
    if (rules.tie.rule === 'fails') {
      reasons.push({ code: 'tieFails', params: { count: tieCount } });
      return finish();
    }
    if (kind === 'secret') {
      reasons.push({ code: 'tieSecret', params: { count: tieCount } });
      return finish();
    }
    const chairBallot = input.chairId === null ? undefined : counted.find((b) => b.memberId === input.chairId);
    const chairSide = chairBallot && tiedSides.includes(chairBallot.optionId) ? chairBallot.optionId : undefined;
    if (chairSide === undefined) {
      reasons.push({ code: 'tieChairNoSide', params: { count: tieCount } });
      return finish();
    }
    result.tieBrokenByChair = true;
    if (!motion) {
      adopt(chairSide);
      reasons.push({ code: 'tieChairOption', params: { option: chairSide, count: tieCount } });
    } else if (chairSide === top.optionId) {
      adopt(chairSide);
      reasons.push({ code: 'tieChairFor', params: { count: tieCount } });
    } else {
      reasons.push({ code: 'tieChairAgainst', params: { count: tieCount } });
    }
    return finish();
  }

  reasons.push(motion ? { code: 'failed', params: { count: top.count, ...common } } : { code: 'noOptionPassed', params: { option: top.optionId, count: top.count, ...common } });
  return finish();
}
