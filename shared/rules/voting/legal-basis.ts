/**
 * A citation still holding the defaults' placeholder ("… (cấu hình theo quy chế: quản trị viên
 * điền điều, khoản cụ thể)") names no article: it must never reach a result, on screen or on
 * paper. Citations are "; "-separated; the unconfigured ones are left out, and a basis with
 * nothing left is not printed at all. The rules screen lists them so the administrator fills them in.
 */
import type { DecisionRules, LegalBasis } from './rules';

/** Words only the defaults' placeholder citations contain (both languages). */
const PLACEHOLDER = /cấu hình theo quy chế|\(configurable:/iu;

export function isUnconfiguredCitation(citation: string): boolean {
  return PLACEHOLDER.test(citation.normalize('NFC'));
}

/** The citation without its unconfigured parts; "" when none is left. */
export function printableCitation(citation: string): string {
  return citation
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c && !isUnconfiguredCitation(c))
    .join('; ');
}

/** The rule groups whose legal basis still holds a placeholder, in the order of the rules. */
export function unconfiguredLegalBases(rules: DecisionRules): Array<'quorum' | 'majority' | 'tie' | 'ballot' | 'delegation' | 'writtenOpinions'> {
  const groups = ['quorum', 'majority', 'tie', 'ballot', 'delegation', 'writtenOpinions'] as const;
  return groups.filter((g) => {
    const b: LegalBasis = rules[g].legalBasis;
    return isUnconfiguredCitation(b.vi) || isUnconfiguredCitation(b.en);
  });
}
