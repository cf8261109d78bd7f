/**
 * The renderer writes a date, a time and a date with its weekday without Intl (its first
 * formatter costs the first screen the loading of the browser's locale data): the text must be
 * what Intl writes for the same options in Vietnam time, in both languages, at the day
 * boundaries of Hanoi and on every weekday.
 */
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, formatWeekdayDate } from '../../renderer/src/format';
import { VIETNAM_TIME_ZONE } from '../../shared/time/vietnam-time';

const INTL_LOCALE = { vi: 'vi-VN', en: 'en-GB' } as const;
const intl = (locale: 'vi' | 'en', options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: VIETNAM_TIME_ZONE, ...options });

/** Every hour of two weeks around a month and year end (16:59/17:00 UTC are Hanoi's midnight), and a leap day. */
const INSTANTS = [
  ...Array.from({ length: 14 * 24 }, (_, i) => Date.UTC(2026, 11, 25, 0, 59) + i * 3_600_000),
  ...Array.from({ length: 14 * 24 }, (_, i) => Date.UTC(2026, 11, 25, 0, 0) + i * 3_600_000),
  Date.parse('2028-02-28T17:00:00Z'),
  Date.parse('2028-02-29T16:59:59.999Z'),
];

describe('display formats without Intl', () => {
  for (const locale of ['vi', 'en'] as const) {
    it(`match Intl's text in ${locale}`, () => {
      const date = intl(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
      const weekdayDate = intl(locale, { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' });
      const time = intl(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      for (const ms of INSTANTS) {
        for (const v of [ms, new Date(ms), new Date(ms).toISOString()]) {
          expect(formatDate(v, locale)).toBe(date.format(ms));
          expect(formatWeekdayDate(v, locale)).toBe(weekdayDate.format(ms));
          expect(formatTime(v, locale)).toBe(time.format(ms));
        }
      }
    });
  }

  it('write the Vietnamese weekday and a 24-hour clock', () => {
    expect(formatWeekdayDate('2026-12-04T02:05:00Z', 'vi')).toBe('Thứ Sáu, 04/12/2026');
    expect(formatWeekdayDate('2026-12-05T17:00:00Z', 'en')).toBe('Sunday, 06/12/2026');
    expect(formatTime('2026-12-04T16:59:00Z', 'vi')).toBe('23:59');
    expect(formatDateTime('2026-12-04T02:05:00Z', 'en')).toBe(intl('en', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse('2026-12-04T02:05:00Z')));
  });
});
