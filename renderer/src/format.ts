/**
 * Dates, times and sizes for display: always Vietnam time, in the current UI language.
 *
 * A date, a time and a date with its weekday are written here from the fixed-offset arithmetic of
 * shared/time (the same text Intl writes for vi-VN and en-GB: tests/unit/display-format.test.ts),
 * not by Intl: the first Intl formatter a page makes loads the browser's locale data, 40–130 ms
 * of the first screen (the meeting list) on a small machine. A date with its time, and sizes,
 * keep Intl (their word order and separators follow the language).
 */
import type { TFunction } from 'i18next';
import type { Locale } from '../../shared/i18n/locales';
import { VIETNAM_TIME_ZONE, vietnamDate, vietnamParts, vietnamTime } from '../../shared/time/vietnam-time';

const INTL_LOCALE: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormatter(locale: Locale): Intl.DateTimeFormat {
  let f = cache.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      timeZone: VIETNAM_TIME_ZONE,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    cache.set(locale, f);
  }
  return f;
}

/** Weekday names as Intl writes them (`weekday: 'long'`), Sunday first. */
const WEEKDAYS: Record<Locale, readonly string[]> = {
  vi: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

const toDate = (v: string | Date | number) => (v instanceof Date ? v : new Date(v));

/** "04/12/2026" in both languages. */
export const formatDate = (v: string | Date | number, _locale: Locale) => vietnamDate(toDate(v));
/** "Thứ Sáu, 04/12/2026" / "Friday, 04/12/2026". */
export const formatWeekdayDate = (v: string | Date | number, locale: Locale) => {
  const d = toDate(v);
  return `${WEEKDAYS[locale][vietnamParts(d).weekday]}, ${vietnamDate(d)}`;
};
/** "09:05" (24-hour) in both languages. */
export const formatTime = (v: string | Date | number, _locale: Locale) => vietnamTime(toDate(v));
export const formatDateTime = (v: string | Date | number, locale: Locale) => dateTimeFormatter(locale).format(toDate(v));

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
