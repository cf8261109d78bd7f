/** Turns a failed bridge call into a sentence for the user, in the current language. */
import type { TFunction } from 'i18next';
import { toUiError } from './bridge';

/**
 * Minutes left on a lockout: from `details.retryAfterSeconds` when the bridge passes details,
 * otherwise read from the message ("... 15 minutes", "... 900 seconds", "15 phút").
 */
export function lockoutMinutes(message: string, details?: Record<string, unknown>): number | null {
  const seconds = details?.retryAfterSeconds;
  if (typeof seconds === 'number' && seconds > 0) return Math.max(1, Math.ceil(seconds / 60));
  const minutes = details?.minutes ?? details?.retryAfterMinutes;
  if (typeof minutes === 'number' && minutes > 0) return Math.ceil(minutes);
  const m = /(\d+)\s*(minutes?|mins?|phút|seconds?|secs?|giây)/i.exec(message);
  if (!m || !(Number(m[1]) > 0)) return null;
  const n = Number(m[1]);
  return /^(sec|giây)/i.test(m[2]) ? Math.max(1, Math.ceil(n / 60)) : n;
}

export function errorText(t: TFunction, e: unknown): string {
  const err = toUiError(e);
  if (err.code === 'account_locked') {
    const minutes = lockoutMinutes(err.message, err.details);
    return minutes === null ? t('login.lockedNoTime') : t('errors.account_locked', { minutes });
  }
  if (err.code === 'login_throttled') {
    const seconds = err.details?.retryAfterSeconds;
    return typeof seconds === 'number' ? t('errors.login_throttled', { seconds }) : t('errors.rate_limited');
  }
  if (err.code === 'office_conversion_failed') {
    const reason = err.details?.reason;
    if (reason === 'password_protected' || reason === 'unreadable' || reason === 'timeout' || reason === 'empty')
      return t(`officeConversion.${reason}`, { fileName: String(err.details?.fileName ?? '') });
  }
  return t(`errors.${err.code}`);
}
