import { en } from './en';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales';
import { lookup } from './lookup';
import { vi, type Messages } from './vi';

export { DEFAULT_LOCALE, LOCALES, type Locale };
export const messages: Record<Locale, Messages> = { vi, en };
export type { Messages };

/** Looks up "a.b.c" in a catalogue and fills {{name}} placeholders; for code outside React. */
export function translate(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  return lookup(messages[locale], key, vars);
}
