/**
 * The organisation's register of outgoing documents (sổ văn bản đi): each issued document gets
 * the next number of its type in the year of issuance, printed under Decree 30/2020/NĐ-CP's
 * "Số, ký hiệu" form: "Số: 12/GM-UBND" (number / type code - issuer code). Numbers are never
 * reused; a paper not issued yet prints "Dự thảo" instead of a number.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** Type codes of Decree 30's appendix III: Giấy mời, Biên bản, Báo cáo (a written opinion request's summary); KQ for a vote's result. */
export const OutgoingDocumentType = lazySchema(() => z.enum(['GM', 'BB', 'KQ', 'BC']));
export type OutgoingDocumentType = z.infer<typeof OutgoingDocumentType>;

export const RegisteredNumber = lazySchema(() => z.object({
  type: OutgoingDocumentType,
  year: z.number().int().min(2000).max(9999),
  number: z.number().int().min(1),
  /** The issuer's code after the type, e.g. "UBND". */
  issuerCode: z.string().min(1).max(40),
}));
export type RegisteredNumber = z.infer<typeof RegisteredNumber>;

/** What a paper not yet issued prints where the number goes. */
export const DRAFT_MARK = 'Dự thảo';

/**
 * The issuer's abbreviation: "Ủy ban nhân dân thành phố Huế" → "UBND", "Hội đồng nhân dân …" →
 * "HĐND", otherwise the initials of the body's name before its place ("Sở Tài chính" → "STC").
 */
export function issuerCode(orgName: string): string {
  const name = orgName.normalize('NFC').trim();
  if (/^(ủy|uỷ) ban nhân dân/iu.test(name) || /^ubnd\b/iu.test(name)) return 'UBND';
  if (/^hội đồng nhân dân/iu.test(name) || /^hđnd\b/iu.test(name)) return 'HĐND';
  const body = name.split(/\s+(?:thành phố|tỉnh|quận|huyện|thị xã|xã|phường)\s+/iu)[0];
  const initials = body
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toLocaleUpperCase('vi'))
    .join('');
  return initials || 'UBND';
}

/** "12/GM-UBND". */
export function documentSymbol(n: RegisteredNumber): string {
  return `${n.number}/${n.type}-${n.issuerCode}`;
}

/** The heading line: "Số: 12/GM-UBND", or "Dự thảo" while the paper has no number. */
export function numberLine(n: RegisteredNumber | null): string {
  return n ? `Số: ${documentSymbol(n)}` : DRAFT_MARK;
}
