import { z } from 'zod';
import { lazySchema } from '../../lazy-schema';

/**
 * The committee's decision rules, as configuration (not constants): the law changed in 2025
 * (Law 77/2015/QH13 on Organisation of Local Government was replaced by the Law on
 * Organisation of Local Government No. 72/2025/QH15) and each People's Committee details
 * them in its own working regulation (Quy chế làm việc). Every rule carries its legal basis
 * so a result can quote it; the administrator replaces the citation with the exact article
 * of the regulation in force (we do not guess article numbers).
 */

/** The citation shown next to a rule and quoted in results; Vietnamese first, English for the English UI. */
export const LegalBasis = lazySchema(() => z.object({
  vi: z.string().trim().min(1).max(1000),
  en: z.string().trim().min(1).max(1000),
}));
export type LegalBasis = z.infer<typeof LegalBasis>;

/**
 * A share of a base: "more than 1/2" or "at least 2/3". Integers so the arithmetic is exact
 * (no 0.6666 rounding): k passes `more_than p/q of n` iff k·q > n·p.
 */
export const Fraction = lazySchema(() => z
  .object({
    numerator: z.number().int().min(1).max(100),
    denominator: z.number().int().min(1).max(100),
    comparison: z.enum(['more_than', 'at_least']),
  })
  .refine((f) => f.numerator <= f.denominator, { message: 'a fraction of a base cannot exceed 1' }));
export type Fraction = z.infer<typeof Fraction>;

/** Whom a decision threshold is counted against. */
export const ThresholdBase = lazySchema(() => z.enum(['all_members', 'present']));
export type ThresholdBase = z.infer<typeof ThresholdBase>;

/**
 * A decision threshold must be a majority: at most one side (or option) can ever reach it.
 * "At least half" is refused because two sides could both reach it.
 */
const MajorityFraction = lazySchema(() => Fraction.refine(
  (f) => (f.comparison === 'more_than' ? 2 * f.numerator >= f.denominator : 2 * f.numerator > f.denominator),
  { message: 'a decision threshold must be a majority: more than half or stricter' },
));

export const BallotKind = lazySchema(() => z.enum(['open', 'secret']));
export type BallotKind = z.infer<typeof BallotKind>;

/** "YYYY-MM-DD" calendar day in Vietnam. */
export const VietnamDay = lazySchema(() => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD'));

/**
 * Who may be a member's voting deputy. `meeting_member`: only another voting member (chair or
 * member) of the same meeting. `meeting_member_or_chair_approved`: that, or anyone of the
 * organisation the chair of the meeting approves (the chair, or the secretariat on his
 * instruction, records the delegation; a member alone cannot).
 */
export const DeputyRule = lazySchema(() => z.enum(['meeting_member', 'meeting_member_or_chair_approved']));
export type DeputyRule = z.infer<typeof DeputyRule>;

export const DecisionRules = lazySchema(() => z.object({
  /** Human name of this rule set, e.g. "Quy chế làm việc UBND thành phố (2025)". */
  name: z.string().trim().min(1).max(300),
  /** When may the committee decide at all: share of ALL members present. */
  quorum: z.object({
    fraction: Fraction,
    /** Whether a delegate present in place of an absent member makes that member count as present. */
    delegatesCountAsPresent: z.boolean(),
    /**
     * Opening a vote while the quorum is not met: refused, or allowed to the chair with a reason
     * that is recorded and printed with the result (rules stored before this existed get the latter).
     */
    openWithoutQuorum: z.enum(['refuse', 'chair_with_reason']).default('chair_with_reason'),
    legalBasis: LegalBasis,
  }),
  /** How many "for" votes a decision needs, and out of whom. */
  majority: z.object({
    fraction: MajorityFraction,
    base: ThresholdBase,
    legalBasis: LegalBasis,
  }),
  /** What happens when for and against (or the leading options) are equal. */
  tie: z.object({
    rule: z.enum(['chair_side', 'fails']),
    legalBasis: LegalBasis,
  }),
  /** Open or secret ballot, proposed by the chair for each vote. */
  ballot: z.object({
    default: BallotKind,
    allowSecret: z.boolean(),
    /** Open votes: whether the running count is visible while the vote is open. */
    liveCountWhileOpen: z.boolean(),
    /** Default for a new vote: may a member change his choice before it closes. */
    allowChangeBeforeClose: z.boolean(),
    legalBasis: LegalBasis,
  }),
  /** A delegate votes in place of a member who delegated (one ballot per member). */
  delegation: z.object({
    allowed: z.boolean(),
    /** Who may be named voting deputy (rules stored before this existed get the default). */
    deputies: DeputyRule.default('meeting_member_or_chair_approved'),
    legalBasis: LegalBasis,
  }),
  /** Written opinions between meetings (phiếu lấy ý kiến). Counted against all members. */
  writtenOpinions: z.object({
    deadlineWorkingDays: z.number().int().min(1).max(60),
    /** No answer by the deadline counts as agreement. */
    silenceAsConsent: z.boolean(),
    fraction: MajorityFraction,
    legalBasis: LegalBasis,
  }),
  /** Public holidays (Vietnam days) skipped when counting working days; Saturday and Sunday always are. */
  holidays: z.array(VietnamDay).max(500),
}));
export type DecisionRules = z.infer<typeof DecisionRules>;

const LAW_2025_VI = 'Luật Tổ chức chính quyền địa phương số 72/2025/QH15';
const LAW_2025_EN = 'Law on Organisation of Local Government No. 72/2025/QH15';
const REGULATION_VI = 'Quy chế làm việc của UBND (cấu hình theo quy chế: quản trị viên điền điều, khoản cụ thể)';
const REGULATION_EN = "People's Committee working regulation (configurable: the administrator fills in the exact article)";

/** The defaults: the rules as the issue states them; every citation is marked as configurable. */
export const DEFAULT_DECISION_RULES: DecisionRules = {
  name: 'Mặc định theo Luật Tổ chức chính quyền địa phương 2025 và Quy chế làm việc của UBND',
  quorum: {
    fraction: { numerator: 2, denominator: 3, comparison: 'at_least' },
    delegatesCountAsPresent: false,
    openWithoutQuorum: 'chair_with_reason',
    legalBasis: {
      vi: `${LAW_2025_VI}; ${REGULATION_VI}`,
      en: `${LAW_2025_EN}; ${REGULATION_EN}`,
    },
  },
  majority: {
    fraction: { numerator: 1, denominator: 2, comparison: 'more_than' },
    base: 'all_members',
    legalBasis: {
      vi: `${LAW_2025_VI}; ${REGULATION_VI}`,
      en: `${LAW_2025_EN}; ${REGULATION_EN}`,
    },
  },
  tie: {
    rule: 'chair_side',
    legalBasis: {
      vi: `${LAW_2025_VI}; ${REGULATION_VI}`,
      en: `${LAW_2025_EN}; ${REGULATION_EN}`,
    },
  },
  ballot: {
    default: 'open',
    allowSecret: true,
    liveCountWhileOpen: true,
    allowChangeBeforeClose: false,
    legalBasis: { vi: `Theo ${REGULATION_VI}`, en: `Under the ${REGULATION_EN}` },
  },
  delegation: {
    allowed: true,
    deputies: 'meeting_member_or_chair_approved',
    legalBasis: { vi: `Theo ${REGULATION_VI}`, en: `Under the ${REGULATION_EN}` },
  },
  writtenOpinions: {
    deadlineWorkingDays: 5,
    silenceAsConsent: true,
    fraction: { numerator: 1, denominator: 2, comparison: 'more_than' },
    legalBasis: { vi: `Theo ${REGULATION_VI}`, en: `Under the ${REGULATION_EN}` },
  },
  holidays: [],
};

/** Common alternative thresholds, for the settings screen and tests. */
export const MORE_THAN_HALF: Fraction = { numerator: 1, denominator: 2, comparison: 'more_than' };
export const AT_LEAST_TWO_THIRDS: Fraction = { numerator: 2, denominator: 3, comparison: 'at_least' };

/** Rules with a few fields replaced (deep for the rule groups), validated. */
export function withRules(overrides: {
  [K in keyof DecisionRules]?: DecisionRules[K] extends object[] ? DecisionRules[K] : DecisionRules[K] extends object ? Partial<DecisionRules[K]> : DecisionRules[K];
}, base: DecisionRules = DEFAULT_DECISION_RULES): DecisionRules {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    const current = (base as Record<string, unknown>)[k];
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && typeof current === 'object' ? { ...(current as object), ...v } : v;
  }
  return DecisionRules.parse(out);
}

/** Smallest count k of a base of n that satisfies the fraction (exact integer arithmetic). */
export function requiredCount(f: Fraction, n: number): number {
  const p = f.numerator * n;
  const k = f.comparison === 'more_than' ? Math.floor(p / f.denominator) + 1 : Math.ceil(p / f.denominator);
  // Nothing can be decided by nobody: an empty base still needs one.
  return Math.max(1, k);
}

/**
 * The rules with the quorum a meeting was convened with (the secretariat stores it on the meeting as
 * quorumNumerator/quorumDenominator, two-thirds by default): "at least" that share of ALL members.
 */
export function withMeetingQuorum(rules: DecisionRules, meeting: { quorumNumerator: number; quorumDenominator: number }): DecisionRules {
  return withRules({ quorum: { fraction: { numerator: meeting.quorumNumerator, denominator: meeting.quorumDenominator, comparison: 'at_least' } } }, rules);
}
