import { describe, expect, it } from 'vitest';
import {
  AT_LEAST_TWO_THIRDS,
  DEFAULT_DECISION_RULES,
  DEFAULT_VOTE_OPTIONS,
  DecisionRules,
  VoteOptions,
  VoteResult,
  addWorkingDays,
  checkBallot,
  evaluateQuorum,
  explainResult,
  mayBeDeputy,
  summarizeWrittenOpinions,
  tallyVote,
  votingRightsOf,
  withRules,
  withMeetingQuorum,
  writtenOpinionDeadline,
  type Ballot,
  type TallyInput,
  type VoteOption,
} from '../../shared/rules/voting';

/** A committee of `n` members; the chair is the first. */
const committee = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'chair' : `m${i}`));
const C13 = committee(13);
const C12 = committee(12);

/** Ballots: `for` members agree, `against` disagree, `abstain` abstain, in that order. */
function ballots(members: readonly string[], f: number, a: number, ab = 0): Ballot[] {
  const choice = (i: number) => (i < f ? 'agree' : i < f + a ? 'disagree' : 'abstain');
  return members.slice(0, f + a + ab).map((m, i) => ({ memberId: m, optionId: choice(i) }));
}

function tally(over: Partial<TallyInput> & { ballots: Ballot[] }): VoteResult {
  const eligibleMembers = over.eligibleMembers ?? C13;
  const result = tallyVote({
    kind: 'open',
    options: DEFAULT_VOTE_OPTIONS,
    eligibleMembers,
    present: eligibleMembers,
    delegations: [],
    chairId: 'chair',
    rules: DEFAULT_DECISION_RULES,
    ...over,
  });
  // Every result is a valid VoteResult that the server can store and send as is.
  return VoteResult.parse(result);
}

const vi = (r: VoteResult) => explainResult(r, 'vi');
const en = (r: VoteResult) => explainResult(r, 'en');

describe('decision rules configuration', () => {
  it('defaults: two-thirds quorum of all members, more than half of all members, chair side on ties, 5 working days, silence as consent', () => {
    const r = DecisionRules.parse(DEFAULT_DECISION_RULES);
    expect(r.quorum.fraction).toEqual({ numerator: 2, denominator: 3, comparison: 'at_least' });
    expect(r.majority).toMatchObject({ fraction: { numerator: 1, denominator: 2, comparison: 'more_than' }, base: 'all_members' });
    expect(r.tie.rule).toBe('chair_side');
    expect(r.ballot).toMatchObject({ default: 'open', allowSecret: true });
    expect(r.writtenOpinions).toMatchObject({ deadlineWorkingDays: 5, silenceAsConsent: true });
  });

  it('writes the legal basis next to every rule, naming the 2025 law and marking the regulation as configurable', () => {
    for (const group of ['quorum', 'majority', 'tie', 'ballot', 'delegation', 'writtenOpinions'] as const) {
      const basis = DEFAULT_DECISION_RULES[group].legalBasis;
      expect(basis.vi, group).toMatch(/Quy chế làm việc của UBND \(cấu hình/);
      expect(basis.en, group).toMatch(/configurable/);
    }
    expect(DEFAULT_DECISION_RULES.majority.legalBasis.vi).toContain('72/2025/QH15');
    expect(JSON.stringify(DEFAULT_DECISION_RULES)).not.toContain('77/2015');
  });

  it('refuses a threshold that is not a majority, a fraction above one, and an empty citation', () => {
    const atLeastHalf = { ...DEFAULT_DECISION_RULES, majority: { ...DEFAULT_DECISION_RULES.majority, fraction: { numerator: 1, denominator: 2, comparison: 'at_least' } } };
    expect(DecisionRules.safeParse(atLeastHalf).success).toBe(false);
    expect(() => withRules({ quorum: { fraction: { numerator: 4, denominator: 3, comparison: 'at_least' } } })).toThrow();
    expect(() => withRules({ tie: { legalBasis: { vi: ' ', en: 'x' } } })).toThrow();
    expect(withRules({ majority: { fraction: AT_LEAST_TWO_THIRDS } }).majority.fraction).toEqual(AT_LEAST_TWO_THIRDS);
  });

  it('accepts the default options and custom proposals, refuses ambiguous option sets', () => {
    expect(VoteOptions.safeParse(DEFAULT_VOTE_OPTIONS).success).toBe(true);
    expect(VoteOptions.safeParse([{ id: 'a', label: 'Phương án A', meaning: 'choice' }, { id: 'b', label: 'Phương án B', meaning: 'choice' }]).success).toBe(true);
    expect(VoteOptions.safeParse([{ id: 'a', meaning: 'for' }, { id: 'a', meaning: 'against' }]).success).toBe(false);
    expect(VoteOptions.safeParse([{ id: 'x', meaning: 'for' }, { id: 'y', label: 'B', meaning: 'choice' }, { id: 'z', label: 'C', meaning: 'choice' }]).success).toBe(false);
  });
});

describe('quorum', () => {
  it.each([
    { present: 8, met: false },
    { present: 9, met: true },
    { present: 13, met: true },
  ])('$present of 13 present → met=$met (two-thirds of ALL members = 9)', ({ present, met }) => {
    const q = evaluateQuorum({ eligibleMembers: C13, present: C13.slice(0, present) }, DEFAULT_DECISION_RULES);
    expect(q).toMatchObject({ met, present, required: 9, total: 13 });
  });

  it('counts people who are not members (guests, secretaries) for nothing', () => {
    const q = evaluateQuorum({ eligibleMembers: C13, present: [...C13.slice(0, 8), 'guest', 'secretary'] }, DEFAULT_DECISION_RULES);
    expect(q.met).toBe(false);
    expect(q.present).toBe(8);
  });

  it('counts absent members represented by a delegate only when configured', () => {
    const a = { eligibleMembers: C13, present: [...C13.slice(0, 8), 'deputy9'], delegations: [{ memberId: 'm9', delegateId: 'deputy9' }] };
    expect(evaluateQuorum(a, DEFAULT_DECISION_RULES)).toMatchObject({ met: false, present: 8, representedByDelegate: 1 });
    expect(evaluateQuorum(a, withRules({ quorum: { delegatesCountAsPresent: true } }))).toMatchObject({ met: true, present: 9 });
  });
});

describe('tallyVote: table of cases', () => {
  const twoThirds = withRules({ majority: { fraction: AT_LEAST_TWO_THIRDS } });
  const ofPresent = withRules({ majority: { base: 'present' } });
  const tieFails = withRules({ tie: { rule: 'fails' } });
  // Chair (index 0) votes first; for a tie with the chair against, the chair sits among the "against" voters.
  const chairAgainst = (f: number, a: number): Ballot[] => ballots([...C12.slice(1, f + 1), 'chair', ...C12.slice(f + 1)], f, a);

  const cases: { name: string; input: Partial<TallyInput> & { ballots: Ballot[] }; outcome: VoteResult['outcome']; needed?: number; tieBrokenByChair?: boolean; vi?: string; en?: string }[] = [
    {
      name: 'quorum missing: 8 of 13 present, even unanimous',
      input: { present: C13.slice(0, 8), ballots: ballots(C13, 8, 0) },
      outcome: 'no_quorum',
      vi: 'Không đủ điều kiện biểu quyết: chỉ 8/13 thành viên có mặt, cần đạt ít nhất hai phần ba tổng số thành viên (9/13).',
      en: 'No quorum: only 8/13 members present; at least two-thirds of all members must be present (9/13).',
    },
    {
      name: 'more than half of all members: 9/13 agree',
      input: { ballots: ballots(C13, 9, 3, 1) },
      outcome: 'passed',
      needed: 7,
      vi: 'Thông qua: 9/13 thành viên đồng ý, vượt quá một nửa tổng số thành viên (7/13).',
      en: 'Adopted: 9/13 members agreed, more than half of all members (7/13).',
    },
    {
      name: 'exact half is not more than half: 6/12 agree, 5 against, 1 abstains',
      input: { eligibleMembers: C12, ballots: ballots(C12, 6, 5, 1) },
      outcome: 'failed',
      needed: 7,
      vi: 'Không thông qua: 6/12 thành viên đồng ý, không vượt quá một nửa tổng số thành viên (cần 7/12).',
      en: 'Not adopted: 6/12 members agreed, which is not more than half of all members (7/12 needed).',
    },
    {
      name: 'majority of those voting is not enough: 6 for, 2 against of 13',
      input: { ballots: ballots(C13, 6, 2) },
      outcome: 'failed',
      needed: 7,
    },
    {
      name: 'tie 6–6 with the chair for → adopted',
      input: { eligibleMembers: C12, ballots: ballots(C12, 6, 6) },
      outcome: 'passed',
      tieBrokenByChair: true,
      vi: 'Thông qua: số phiếu đồng ý và không đồng ý ngang nhau (6–6); Chủ tọa biểu quyết đồng ý nên quyết định theo ý kiến của Chủ tọa.',
      en: 'Adopted: votes for and against are tied (6–6); the chair voted for, so the chair’s side decides.',
    },
    {
      name: 'tie 6–6 with the chair against → not adopted',
      input: { eligibleMembers: C12, ballots: chairAgainst(6, 6) },
      outcome: 'failed',
      tieBrokenByChair: true,
      vi: 'Không thông qua: số phiếu đồng ý và không đồng ý ngang nhau (6–6); Chủ tọa biểu quyết không đồng ý nên quyết định theo ý kiến của Chủ tọa.',
    },
    {
      name: 'tie with the chair abstaining → not adopted, no side to follow',
      input: { ballots: [...ballots(C13.slice(1), 6, 6), { memberId: 'chair', optionId: 'abstain' }] },
      outcome: 'failed',
      tieBrokenByChair: false,
      vi: 'Không thông qua: số phiếu ngang nhau (6) và Chủ tọa không biểu quyết cho bên nào.',
    },
    {
      name: 'tie under the alternative rule "a tie fails", even with the chair for',
      input: { eligibleMembers: C12, ballots: ballots(C12, 6, 6), rules: tieFails },
      outcome: 'failed',
      tieBrokenByChair: false,
      en: 'Not adopted: the votes are tied (6); under the configured rule a tie is not adopted.',
    },
    {
      name: 'two-thirds rule: 8/13 is not enough',
      input: { ballots: ballots(C13, 8, 5), rules: twoThirds },
      outcome: 'failed',
      needed: 9,
      vi: 'Không thông qua: 8/13 thành viên đồng ý, không đạt ít nhất hai phần ba tổng số thành viên (cần 9/13).',
    },
    {
      name: 'two-thirds rule: 9/13 is enough',
      input: { ballots: ballots(C13, 9, 4), rules: twoThirds },
      outcome: 'passed',
      needed: 9,
      vi: 'Thông qua: 9/13 thành viên đồng ý, đạt ít nhất hai phần ba tổng số thành viên (9/13).',
      en: 'Adopted: 9/13 members agreed, at least two-thirds of all members (9/13).',
    },
    {
      name: 'base "of those present": 6 of 10 present agree → adopted (fails against all 13)',
      input: { present: C13.slice(0, 10), ballots: ballots(C13, 6, 4), rules: ofPresent },
      outcome: 'passed',
      needed: 6,
      vi: 'Thông qua: 6/10 thành viên đồng ý, vượt quá một nửa số thành viên có mặt (6/10).',
      en: 'Adopted: 6/10 members agreed, more than half of the members present (6/10).',
    },
    {
      name: 'same ballots against all members → not adopted',
      input: { present: C13.slice(0, 10), ballots: ballots(C13, 6, 4) },
      outcome: 'failed',
      needed: 7,
    },
    {
      name: 'abstentions count as not agreeing: 7 for, 2 against, 4 abstain of 13',
      input: { ballots: ballots(C13, 7, 2, 4) },
      outcome: 'passed',
      needed: 7,
      vi: '4 thành viên không biểu quyết.',
      en: '4 members abstained.',
    },
    {
      name: 'a secret ballot tie cannot follow the chair: his choice is unknown',
      input: { kind: 'secret', eligibleMembers: C12, ballots: ballots(C12, 6, 6).map((b) => ({ optionId: b.optionId })), turnout: C12.map((m) => ({ memberId: m, castBy: m })) },
      outcome: 'failed',
      tieBrokenByChair: false,
      vi: 'trong bỏ phiếu kín không xác định được ý kiến của Chủ tọa',
    },
    {
      name: 'a secret ballot counts anonymous ballots against the turnout',
      input: { kind: 'secret', ballots: ballots(C13, 8, 5).map((b) => ({ optionId: b.optionId })), turnout: C13.map((m) => ({ memberId: m, castBy: m })) },
      outcome: 'passed',
      needed: 7,
    },
    {
      name: 'a secret ballot with more ballots than voters is invalid',
      input: { kind: 'secret', ballots: ballots(C13, 10, 0).map((b) => ({ optionId: b.optionId })), turnout: C13.slice(0, 9).map((m) => ({ memberId: m, castBy: m })) },
      outcome: 'invalid',
      en: 'Invalid result: there are 10 ballots but only 9 valid voters.',
    },
  ];

  it.each(cases)('$name', ({ input, outcome, needed, tieBrokenByChair, vi: viText, en: enText }) => {
    const r = tally(input);
    expect(r.outcome).toBe(outcome);
    expect(r.passed).toBe(outcome === 'passed');
    expect(r.winningOptionId).toBe(outcome === 'passed' ? 'agree' : null);
    if (needed !== undefined) expect(r.threshold.needed).toBe(needed);
    if (tieBrokenByChair !== undefined) {
      expect(r.tie).toBe(true);
      expect(r.tieBrokenByChair).toBe(tieBrokenByChair);
    }
    if (viText) expect(vi(r)).toContain(viText);
    if (enText) expect(en(r)).toContain(enText);
  });

  it('quotes the legal basis of the rules applied, in words, in both languages', () => {
    const r = tally({ ballots: ballots(C13, 9, 4) });
    expect(r.legalBasis).toEqual([DEFAULT_DECISION_RULES.quorum.legalBasis, DEFAULT_DECISION_RULES.majority.legalBasis]);
    expect(vi(r)).toBe(
      'Đủ điều kiện biểu quyết: 13/13 thành viên có mặt, đạt ít nhất hai phần ba tổng số thành viên (9/13). ' +
        'Thông qua: 9/13 thành viên đồng ý, vượt quá một nửa tổng số thành viên (7/13). ' +
        // The regulation's article is not configured in the defaults: only the law is cited.
        'Căn cứ: Luật Tổ chức chính quyền địa phương số 72/2025/QH15.',
    );
    expect(vi(r)).not.toContain('cấu hình theo quy chế');
    expect(en(r)).not.toContain('configurable');
    expect(en(r)).toMatch(/^Quorum met: 13\/13 members present, at least two-thirds of all members \(9\/13\)\. Adopted: 9\/13 members agreed, more than half of all members \(7\/13\)\. Legal basis: Law on Organisation of Local Government No\. 72\/2025\/QH15/);
    // A tie adds the tie rule's basis.
    const tie = tally({ eligibleMembers: C12, ballots: ballots(C12, 6, 6) });
    expect(tie.legalBasis).toContainEqual(DEFAULT_DECISION_RULES.tie.legalBasis);
  });

  it('counts per option, including the options nobody chose', () => {
    const r = tally({ ballots: ballots(C13, 9, 3, 1) });
    expect(r.counts.map((c) => [c.optionId, c.count])).toEqual([['agree', 9], ['disagree', 3], ['abstain', 1]]);
    expect(tally({ ballots: ballots(C13, 9, 0) }).counts.map((c) => c.count)).toEqual([9, 0, 0]);
  });
});

describe('delegates vote in place of members who delegated: one ballot per member', () => {
  // m9 and m10 are away and delegated to their deputies; 9 members are present in person.
  const present = [...C13.slice(0, 9), 'deputy9', 'deputy10'];
  const delegations = [
    { memberId: 'm9', delegateId: 'deputy9' },
    { memberId: 'm10', delegateId: 'deputy10' },
  ];
  const attendance = { eligibleMembers: C13, present, delegations };

  it('a delegate may vote for the member who delegated, and only for him', () => {
    expect(votingRightsOf('deputy9', attendance, DEFAULT_DECISION_RULES)).toEqual(['m9']);
    expect(votingRightsOf('m1', attendance, DEFAULT_DECISION_RULES)).toEqual(['m1']);
    expect(votingRightsOf('guest', { ...attendance, present: [...present, 'guest'] }, DEFAULT_DECISION_RULES)).toEqual([]);
    expect(checkBallot({ memberId: 'm9', castBy: 'deputy9' }, { ...attendance, rules: DEFAULT_DECISION_RULES })).toBeNull();
    expect(checkBallot({ memberId: 'm10', castBy: 'deputy9' }, { ...attendance, rules: DEFAULT_DECISION_RULES })).toBe('not_delegated');
    expect(checkBallot({ memberId: 'deputy9', castBy: 'deputy9' }, { ...attendance, rules: DEFAULT_DECISION_RULES })).toBe('not_eligible');
  });

  it('counts delegates\' ballots once and refuses doubles, impostors and self-appointed ballots', () => {
    const r = tally({
      ...attendance,
      ballots: [
        ...ballots(C13.slice(0, 5), 5, 0), // chair, m1..m4 agree
        { memberId: 'm9', castBy: 'deputy9', optionId: 'agree' },
        { memberId: 'm10', castBy: 'deputy10', optionId: 'agree' },
        { memberId: 'm9', castBy: 'deputy9', optionId: 'disagree' }, // second ballot for m9
        { memberId: 'm11', castBy: 'deputy10', optionId: 'agree' }, // m11 did not delegate
        { memberId: 'deputy9', optionId: 'agree' }, // the delegate is not a member
      ],
    });
    expect(r.counts.find((c) => c.optionId === 'agree')!.count).toBe(7);
    expect(r.ballotsCounted).toBe(7);
    expect(r.castByDelegate).toBe(2);
    expect(r.rejected.map((x) => x.reason)).toEqual(['duplicate', 'not_delegated', 'not_eligible']);
    expect(r.passed).toBe(true);
    expect(vi(r)).toContain('2 phiếu do người được ủy quyền bỏ thay thành viên vắng mặt.');
    expect(vi(r)).toContain('3 phiếu không hợp lệ không được tính.');
  });

  it('a member who came after all votes himself; his delegate\'s later ballot is a double', () => {
    const r = tally({
      eligibleMembers: C13,
      present: [...C13, 'deputy9'],
      delegations,
      ballots: [...ballots(C13, 7, 0), { memberId: 'm6', castBy: 'deputy9', optionId: 'disagree' }, { memberId: 'm9', optionId: 'agree' }, { memberId: 'm9', castBy: 'deputy9', optionId: 'disagree' }],
    });
    expect(r.counts.map((c) => c.count)).toEqual([8, 0, 0]);
    expect(r.rejected.map((x) => x.reason)).toEqual(['not_delegated', 'duplicate']);
  });

  it('refuses delegates\' ballots when the rules do not allow delegation', () => {
    const r = tally({ ...attendance, rules: withRules({ delegation: { allowed: false } }), ballots: [{ memberId: 'm9', castBy: 'deputy9', optionId: 'agree' }] });
    expect(r.ballotsCounted).toBe(0);
    expect(r.rejected).toEqual([{ memberId: 'm9', castBy: 'deputy9', optionId: 'agree', reason: 'not_delegated' }]);
  });
});

describe('non-eligible ballots are ignored and reported', () => {
  it.each([
    { name: 'a guest', ballot: { memberId: 'guest', optionId: 'agree' }, reason: 'not_eligible' },
    { name: 'an absent member', ballot: { memberId: 'm12', optionId: 'agree' }, reason: 'not_present' },
    { name: 'an unknown option', ballot: { memberId: 'm1', optionId: 'maybe' }, reason: 'unknown_option' },
    { name: 'a ballot without a voter', ballot: { optionId: 'agree' }, reason: 'not_eligible' },
  ])('$name → $reason', ({ ballot, reason }) => {
    const r = tally({ present: [...C13.slice(0, 12), 'guest'], ballots: [...ballots(C13.slice(2), 7, 0), ballot] });
    expect(r.ballotsCounted).toBe(7);
    expect(r.rejected).toEqual([{ ...ballot, castBy: ballot.memberId, reason }]);
    expect(en(r)).toContain('1 invalid ballots were not counted.');
  });
});

describe('custom options (a choice between proposals)', () => {
  const options: VoteOption[] = [
    { id: 'a', label: 'Phương án A', meaning: 'choice' },
    { id: 'b', label: 'Phương án B', meaning: 'choice' },
    { id: 'c', label: 'Phương án C', meaning: 'choice' },
    { id: 'abstain', meaning: 'abstain' },
  ];
  const cast = (spec: Record<string, number>): Ballot[] => {
    const out: Ballot[] = [];
    let i = 0;
    for (const [optionId, n] of Object.entries(spec)) for (let k = 0; k < n; k++) out.push({ memberId: C13[i++]!, optionId });
    return out;
  };

  it('adopts the proposal chosen by more than half of all members', () => {
    const r = tally({ options, ballots: cast({ b: 7, a: 4, c: 2 }) });
    expect(r).toMatchObject({ passed: true, winningOptionId: 'b' });
    expect(vi(r)).toContain('Thông qua phương án “Phương án B”: 7/13 thành viên chọn, vượt quá một nửa tổng số thành viên (7/13).');
  });

  it('adopts nothing when no proposal reaches the threshold, and says which led', () => {
    const r = tally({ options, ballots: cast({ a: 6, b: 4, c: 3 }) });
    expect(r).toMatchObject({ passed: false, winningOptionId: null, tie: false });
    expect(en(r)).toContain('Not adopted: no option was chosen by more than half of all members (7/13 needed); “Phương án A” had the most votes with 6/13.');
  });

  it('breaks a tie between the leading proposals on the chair\'s side', () => {
    // The chair (first voter) chooses b.
    const r = tally({ options, ballots: cast({ b: 5, a: 5, c: 2, abstain: 1 }) });
    expect(r).toMatchObject({ passed: true, winningOptionId: 'b', tie: true, tieBrokenByChair: true });
    expect(vi(r)).toContain('Thông qua phương án “Phương án B”: các phương án nhiều phiếu nhất ngang nhau (5 phiếu mỗi phương án); Chủ tọa chọn phương án này.');
  });
});

describe('written opinions (phiếu lấy ý kiến)', () => {
  const members = committee(7);
  // Sent Thursday 19 November 2026, 10:00 Hanoi time.
  const sentAt = '2026-11-19T03:00:00Z';
  const deadline = writtenOpinionDeadline(sentAt, DEFAULT_DECISION_RULES);
  const answers = [
    { memberId: 'chair', answer: 'agree' as const, answeredAt: '2026-11-20T02:00:00Z' },
    { memberId: 'm1', answer: 'agree' as const, answeredAt: '2026-11-20T03:00:00Z' },
    { memberId: 'm2', answer: 'agree' as const, answeredAt: '2026-11-23T03:00:00Z' },
    { memberId: 'm3', answer: 'disagree' as const, answeredAt: '2026-11-23T04:00:00Z', comment: 'Cần thêm số liệu' },
  ];
  const after = new Date(deadline.getTime() + 1);

  it('gives 5 working days, skipping the weekend: Thursday → end of next Thursday (Hanoi time)', () => {
    expect(deadline.toISOString()).toBe('2026-11-26T16:59:59.999Z');
    // A holiday in between pushes it one more working day.
    expect(writtenOpinionDeadline(sentAt, withRules({ holidays: ['2026-11-24'] })).toISOString()).toBe('2026-11-27T16:59:59.999Z');
  });

  it('silence counts as agreement when configured: 3 agree + 3 silent of 7 → adopted', () => {
    const s = summarizeWrittenOpinions({ answers, members, deadline, now: after, rules: DEFAULT_DECISION_RULES });
    expect(s).toMatchObject({ final: true, passed: true, needed: 4, counts: { agree: 3, disagree: 1, other: 0, noAnswer: 3, agreeBySilence: 3 } });
    expect(s.members.find((m) => m.memberId === 'm6')).toMatchObject({ answer: null, countedAs: 'agree', bySilence: true });
    expect(s.members.find((m) => m.memberId === 'm3')).toMatchObject({ answer: 'disagree', comment: 'Cần thêm số liệu' });
    expect(explainResult(s, 'vi')).toContain('3 thành viên không trả lời đến hạn được tính là đồng ý theo quy chế. Thông qua: 6/7 thành viên đồng ý, vượt quá một nửa tổng số thành viên (4/7).');
    expect(explainResult(s, 'en')).toContain('3 members did not answer by the deadline and are counted as agreeing under the regulation. Adopted: 6/7 members agreed, more than half of all members (4/7).');
  });

  it('silence does not count when switched off: 3 agree of 7 → not adopted', () => {
    const s = summarizeWrittenOpinions({ answers, members, deadline, now: after, rules: withRules({ writtenOpinions: { silenceAsConsent: false } }) });
    expect(s).toMatchObject({ final: true, passed: false, counts: { agree: 3, noAnswer: 3, agreeBySilence: 0 } });
    expect(explainResult(s, 'vi')).toContain('Không thông qua: 3/7 thành viên đồng ý, không vượt quá một nửa tổng số thành viên (cần 4/7).');
  });

  it('before the deadline nothing is decided and silence is not yet consent', () => {
    const s = summarizeWrittenOpinions({ answers, members, deadline, now: '2026-11-24T03:00:00Z', rules: DEFAULT_DECISION_RULES });
    expect(s).toMatchObject({ final: false, passed: null, counts: { agreeBySilence: 0, noAnswer: 3 } });
    expect(explainResult(s, 'vi')).toContain('Đang lấy ý kiến: 4/7 thành viên đã trả lời; hạn trả lời 26/11/2026 23:59.');
    expect(explainResult(s, 'en')).toContain('Collecting opinions: 4/7 members have answered; deadline 26/11/2026 23:59.');
  });

  it('ignores late answers and non-members; a member\'s latest on-time answer counts', () => {
    const s = summarizeWrittenOpinions({
      answers: [
        ...answers,
        { memberId: 'm4', answer: 'disagree', answeredAt: '2026-11-26T17:00:00Z' }, // 00:00 Friday in Hanoi: late
        { memberId: 'outsider', answer: 'agree', answeredAt: '2026-11-20T03:00:00Z' },
        { memberId: 'm3', answer: 'agree', answeredAt: '2026-11-25T03:00:00Z' }, // m3 changed his mind in time
      ],
      members,
      deadline,
      now: after,
      rules: withRules({ writtenOpinions: { silenceAsConsent: false } }),
    });
    expect(s.ignored).toEqual([
      { memberId: 'm4', reason: 'late' },
      { memberId: 'outsider', reason: 'not_eligible' },
    ]);
    expect(s).toMatchObject({ passed: true, counts: { agree: 4, disagree: 0, noAnswer: 3 } });
    expect(explainResult(s, 'en')).toContain('1 answers sent after the deadline were not counted.');
  });
});

describe('addWorkingDays (Vietnam time)', () => {
  it.each([
    { from: '2026-11-20T02:00:00Z', n: 1, to: '2026-11-23T02:00:00Z', why: 'Friday + 1 → Monday' },
    { from: '2026-11-21T02:00:00Z', n: 1, to: '2026-11-23T02:00:00Z', why: 'Saturday + 1 → Monday' },
    { from: '2026-11-19T03:00:00Z', n: 5, to: '2026-11-26T03:00:00Z', why: 'Thursday + 5 → next Thursday' },
    { from: '2026-11-19T03:00:00Z', n: 0, to: '2026-11-19T03:00:00Z', why: 'zero days' },
    // 23:30 Friday in Hanoi is 16:30Z Friday; 17:30Z Friday is already Saturday in Hanoi.
    { from: '2026-11-20T16:30:00Z', n: 1, to: '2026-11-23T16:30:00Z', why: 'late Friday evening (Hanoi) + 1 → Monday' },
    { from: '2026-11-20T17:30:00Z', n: 1, to: '2026-11-22T17:30:00Z', why: 'Saturday 00:30 in Hanoi + 1 → Monday (Hanoi)' },
  ])('$why', ({ from, n, to }) => {
    expect(addWorkingDays(from, n).toISOString()).toBe(new Date(to).toISOString());
  });

  it('skips configured holidays (e.g. Tết) and refuses a negative count', () => {
    const tet = ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'];
    // Thursday 4 February 2027 + 1 working day with Tết the following week → Monday 15 February.
    expect(addWorkingDays('2027-02-04T03:00:00Z', 1, tet).toISOString()).toBe('2027-02-15T03:00:00.000Z');
    expect(() => addWorkingDays('2027-02-04T03:00:00Z', -1)).toThrow(RangeError);
  });
});

describe('withMeetingQuorum', () => {
  it('uses the quorum the meeting was convened with (the secretariat stores it on the meeting)', () => {
    const rules = withMeetingQuorum(DEFAULT_DECISION_RULES, { quorumNumerator: 1, quorumDenominator: 2 });
    expect(evaluateQuorum({ eligibleMembers: C13, present: C13.slice(0, 7) }, rules)).toMatchObject({ met: true, required: 7 });
    expect(rules.majority).toEqual(DEFAULT_DECISION_RULES.majority);
    expect(explainResult(tally({ present: C13.slice(0, 6), ballots: [], rules }), 'vi')).toContain('cần đạt ít nhất một nửa tổng số thành viên (7/13)');
  });
});

describe('who may be a voting deputy', () => {
  const member = { self: false, deputyVotesInMeeting: true, approvedByChair: false };
  const outsider = { self: false, deputyVotesInMeeting: false, approvedByChair: false };
  it('by default: another member of the meeting, or anyone the chair approves; never oneself', () => {
    expect(mayBeDeputy(DEFAULT_DECISION_RULES, member)).toBe(true);
    expect(mayBeDeputy(DEFAULT_DECISION_RULES, outsider)).toBe(false);
    expect(mayBeDeputy(DEFAULT_DECISION_RULES, { ...outsider, approvedByChair: true })).toBe(true);
    expect(mayBeDeputy(DEFAULT_DECISION_RULES, { ...member, self: true, approvedByChair: true })).toBe(false);
  });
  it('"meeting_member": only another member of the meeting, even with the chair\'s approval', () => {
    const strict = withRules({ delegation: { deputies: 'meeting_member' } });
    expect(mayBeDeputy(strict, member)).toBe(true);
    expect(mayBeDeputy(strict, { ...outsider, approvedByChair: true })).toBe(false);
  });
  it('rules stored before the deputy rule existed read with the default', () => {
    const { deputies: _omitted, ...older } = DEFAULT_DECISION_RULES.delegation;
    expect(DecisionRules.parse({ ...DEFAULT_DECISION_RULES, delegation: older }).delegation.deputies).toBe('meeting_member_or_chair_approved');
  });
});
