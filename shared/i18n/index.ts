import { en } from './en';
import { vi, type Messages } from './vi';

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];
export const DEFAULT_LOCALE: Locale = 'vi';
export const messages: Record<Locale, Messages> = { vi, en };
export type { Messages };

/** Looks up "a.b.c" in a catalogue and fills {{name}} placeholders; for code outside React. */
export function translate(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  let node: unknown = messages[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}
