/**
 * Vietnamese-aware folding for search: lower case, no diacritics, and "đ" -> "d" (which
 * Unicode decomposition and SQLite's remove_diacritics leave alone). "Đề án" -> "de an".
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}
