/**
 * A message kept on screen (a validation hint, a refusal) is stored as what it means — a
 * catalogue key or the error itself — and put into words when drawn, so switching the language
 * re-renders it in the new one instead of leaving the old language's sentence behind.
 */
import type { TFunction } from 'i18next';
import { errorText } from '../errors';

export type UiMessage = { key: string; values?: Record<string, string | number> } | { error: unknown };

export const keyMessage = (key: string, values?: Record<string, string | number>): UiMessage => ({ key, values });
export const errorMessage = (error: unknown): UiMessage => ({ error });

export function messageText(t: TFunction, m: UiMessage): string {
  return 'key' in m ? t(m.key, m.values ?? {}) : errorText(t, m.error);
}
