/** Dates, times and sizes for display: always Vietnam time, in the current UI language. */
import type { TFunction } from 'i18next';
import type { Locale } from '../../shared/i18n/locales';
import { VIETNAM_TIME_ZONE } from '../../shared/time/vietnam-time';

const INTL_LOCALE: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, kind: 'date' | 'time' | 'dateTime' | 'weekdayDate'): Intl.DateTimeFormat {
  const key = `${locale}:${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { timeZone: VIETNAM_TIME_ZONE };
    if (kind !== 'time') Object.assign(options, { day: '2-digit', month: '2-digit', year: 'numeric' });
    if (kind === 'weekdayDate') options.weekday = 'long';
    if (kind === 'time' || kind === 'dateTime') Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], options);
    cache.set(key, f);
  }
  return f;
}

const toDate = (v: string | Date | number) => (v instanceof Date ? v : new Date(v));

export const formatDate = (v: string | Date | number, locale: Locale) => formatter(locale, 'date').format(toDate(v));
export const formatWeekdayDate = (v: string | Date | number, locale: Locale) => formatter(locale, 'weekdayDate').format(toDate(v));
export const formatTime = (v: string | Date | number, locale: Locale) => formatter(locale, 'time').format(toDate(v));
export const formatDateTime = (v: string | Date | number, locale: Locale) => formatter(locale, 'dateTime').format(toDate(v));

/** "1,2 MB" / "1.2 MB": a size in the reader's own number format. */
export function formatSize(bytes: number, locale: Locale, t: TFunction): string {
  const nf = (max: number) => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: max });
  if (bytes < 1024) return t('size.bytes', { value: nf(0).format(bytes) });
  if (bytes < 1024 * 1024) return t('size.kilobytes', { value: nf(0).format(Math.round(bytes / 1024)) });
  return t('size.megabytes', { value: nf(1).format(bytes / (1024 * 1024)) });
}

/** Instant `minutes` after `start`. */
export function addMinutes(start: string, minutes: number): Date {
  return new Date(Date.parse(start) + minutes * 60_000);
}
