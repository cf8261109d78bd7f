/**
 * Vietnamese-aware folding for search: lower case, no diacritics, and "đ" -> "d" (which
 * Unicode decomposition and SQLite's remove_diacritics leave alone). "Đề án" -> "de an".
 * Compatibility characters fold to their plain form too (the "ﬁ" ligature to "fi", full-width
 * digits to digits), since the reader and the index read PDF text as pdf.js gives it, unnormalized.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}
