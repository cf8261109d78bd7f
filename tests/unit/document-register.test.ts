/** The "Số, ký hiệu" line of Decree 30/2020/NĐ-CP as the register prints it, and the issuer's code. */
import { describe, expect, it } from 'vitest';
import { issuerCode, numberLine } from '../../shared/document-register';
import { printableCitation, unconfiguredLegalBases, DEFAULT_DECISION_RULES } from '../../shared/rules/voting';

describe('document numbers', () => {
  it('abbreviates the issuing body as Decree 30 does', () => {
    expect(issuerCode('Ủy ban nhân dân thành phố Hà Nội')).toBe('UBND');
    expect(issuerCode('Uỷ ban nhân dân tỉnh Thừa Thiên Huế')).toBe('UBND');
    expect(issuerCode('Hội đồng nhân dân thành phố Huế')).toBe('HĐND');
    expect(issuerCode('Sở Tài chính thành phố Hà Nội')).toBe('STC');
  });

  it('prints "Số: n/TYPE-ISSUER", and "Dự thảo" for a paper without a number', () => {
    expect(numberLine({ type: 'GM', year: 2026, number: 12, issuerCode: 'UBND' })).toBe('Số: 12/GM-UBND');
    expect(numberLine({ type: 'BB', year: 2026, number: 3, issuerCode: 'UBND' })).toBe('Số: 3/BB-UBND');
    expect(numberLine(null)).toBe('Dự thảo');
  });
});

describe('legal bases', () => {
  it('leaves out the placeholder citations of the defaults and names the groups still to configure', () => {
    expect(printableCitation(DEFAULT_DECISION_RULES.quorum.legalBasis.vi)).toBe('Luật Tổ chức chính quyền địa phương số 72/2025/QH15');
    expect(printableCitation(DEFAULT_DECISION_RULES.ballot.legalBasis.vi)).toBe('');
    expect(printableCitation(DEFAULT_DECISION_RULES.ballot.legalBasis.en)).toBe('');
    expect(printableCitation('Điều 5 Quy chế làm việc; Điều 7 Quy chế làm việc')).toBe('Điều 5 Quy chế làm việc; Điều 7 Quy chế làm việc');
    expect(unconfiguredLegalBases(DEFAULT_DECISION_RULES)).toEqual(['quorum', 'majority', 'tie', 'ballot', 'delegation', 'writtenOpinions']);
  });
});
