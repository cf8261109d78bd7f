/**
 * A word's Vietnamese spelling with the place of its tone mark made irrelevant: "hoà" (old
 * style) and "hòa" (new style), NFC and NFD, upper and lower case give the same key, while a
 * different tone or vowel ("tăng" / "tầng", "tang" / "táng") does not. Search folding drops
 * all diacritics, which is right for finding but would hide such a change between two versions.
 */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

export function toneKey(word: string): string {
  const decomposed = word.normalize('NFKD').toLowerCase();
  const tones = decomposed.match(TONE_MARKS)?.join('') ?? '';
  return decomposed.replace(TONE_MARKS, '').normalize('NFC') + tones;
}
