import type { Locale } from '../../i18n';
import { translate } from '../../i18n';
import type { LegalBasis } from './rules';
import { printableCitation } from './legal-basis';
import type { Reason } from './tally';
import { vietnamDateTime } from '../../time/vietnam-time';

/** Anything with reasons to put into words: a VoteResult or a WrittenOpinionSummary. */
export interface Explainable {
  reasons: readonly Reason[];
  legalBasis: readonly LegalBasis[];
  counts?: unknown;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** "một nửa" / "half", "hai phần ba" / "two-thirds", or "3/5". */
function fractionWords(locale: Locale, numerator: number, denominator: number): string {
  const g = gcd(numerator, denominator);
  const key = `${numerator / g}/${denominator / g}`;
  const named: Record<string, string> = { '1/2': 'half', '2/3': 'twoThirds', '3/4': 'threeQuarters', '1/1': 'all' };
  return named[key] ? translate(locale, `voting.fraction.${named[key]}`) : translate(locale, 'voting.fraction.other', { numerator, denominator });
}

/** "vượt quá một nửa tổng số thành viên" / "more than half of all members". */
function rulePhrase(locale: Locale, p: Reason['params'], prefix: string): string {
  const fraction = fractionWords(locale, Number(p[`${prefix}Numerator`]), Number(p[`${prefix}Denominator`]));
  const base = translate(locale, `voting.base.${String(p.baseKind ?? 'all_members')}`);
  return translate(locale, `voting.rule.${String(p[`${prefix}Comparison`])}`, { fraction, base });
}

/** Custom label, else the default option's translated label, else the id. */
function optionLabel(locale: Locale, optionId: string, counts: unknown): string {
  const opt = Array.isArray(counts) ? (counts as { optionId: string; label?: string }[]).find((c) => c.optionId === optionId) : undefined;
  if (opt?.label) return opt.label;
  const t = translate(locale, `voting.option.${optionId}`);
  return t === `voting.option.${optionId}` ? optionId : t;
}

/** One reason as a sentence in the given language. */
export function explainReason(reason: Reason, locale: Locale, context: Pick<Explainable, 'counts'> = {}): string {
  const p = reason.params;
  const vars: Record<string, string | number> = { ...p };
  if ('ruleNumerator' in p) vars.rule = rulePhrase(locale, p, 'rule');
  if ('quorumNumerator' in p) vars.rule = rulePhrase(locale, p, 'quorum');
  if (typeof p.option === 'string') vars.option = optionLabel(locale, p.option, context.counts);
  // Vietnam time in both languages: the committee's own clock.
  if (typeof p.deadline === 'string') vars.deadline = vietnamDateTime(p.deadline);
  return translate(locale, `voting.reason.${reason.code}`, vars);
}

/**
 * The result in words, e.g. "Thông qua: 9/13 thành viên đồng ý, vượt quá một nửa tổng số
 * thành viên (7/13). … Căn cứ: …". The decisive sentence comes right after the quorum one.
 */
export function explainResult(result: Explainable, locale: Locale): string {
  const sentences = result.reasons.map((r) => explainReason(r, locale, result));
  // A citation the administrator has not configured yet is left out, never printed as a placeholder.
  const bases = [...new Set(result.legalBasis.map((b) => printableCitation(b[locale])).filter(Boolean))];
  if (bases.length > 0) sentences.push(translate(locale, 'voting.legalBasis', { basis: bases.join('; ') }));
  return sentences.join(' ');
}
