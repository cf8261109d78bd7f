/**
 * The fewest letters (any script, so Vietnamese with its tones) a page must carry to count as
 * having text: fewer is a scan, or page numbers and stamps. The server's recognition job and the
 * desktop's search index decide the same way.
 */
export const MIN_PAGE_LETTERS = 3;

/**
 * Whether `text` holds at least `n` letters. Stops at the n-th: a text-heavy page has thousands,
 * and collecting them all (match with /g) for every page of a packet held the thread for tens of
 * milliseconds.
 */
export function hasAtLeastLetters(text: string, n = MIN_PAGE_LETTERS): boolean {
  if (n <= 0) return true;
  let found = 0;
  for (const _ of text.matchAll(/\p{L}/gu)) if (++found >= n) return true;
  return false;
}
