/**
 * What a secretary types into a date field, read back in Vietnam time: day/month/year with
 * the usual separators, 24-hour time (also "8h30"), and impossible days refused.
 */
import { describe, expect, it } from 'vitest';
import { formatVietnamDay, parseVietnamDateTime, parseVietnamDay, vietnamDateTime } from '../../shared/time/vietnam-time';

describe('typed Vietnam dates', () => {
  it('reads day/month/year, never month/day', () => {
    expect(parseVietnamDay('04/12/2026')).toBe('2026-12-04');
    expect(parseVietnamDay('4/12/2026')).toBe('2026-12-04');
    expect(parseVietnamDay('04.12.2026')).toBe('2026-12-04');
    expect(parseVietnamDay(' 04-12-2026 ')).toBe('2026-12-04');
    expect(formatVietnamDay('2026-12-04')).toBe('04/12/2026');
  });

  it('refuses what is no calendar day', () => {
    for (const text of ['31/02/2026', '29/02/2026', '12/13/2026', '00/01/2026', '2026-12-04', '04/12/26', 'abc', '']) expect(parseVietnamDay(text)).toBeNull();
    expect(parseVietnamDay('29/02/2028')).toBe('2028-02-29');
  });

  it('reads a 24-hour time in Vietnam (UTC+7), whatever the host time zone', () => {
    expect(parseVietnamDateTime('04/12/2026 08:00')).toBe('2026-12-04T01:00:00.000Z');
    expect(parseVietnamDateTime('4/12/2026 8:00')).toBe('2026-12-04T01:00:00.000Z');
    expect(parseVietnamDateTime('04/12/2026 14h30')).toBe('2026-12-04T07:30:00.000Z');
    expect(parseVietnamDateTime('04/12/2026 8h')).toBe('2026-12-04T01:00:00.000Z');
    expect(parseVietnamDateTime('01/01/2027 00:30')).toBe('2026-12-31T17:30:00.000Z');
    expect(vietnamDateTime(parseVietnamDateTime('04/12/2026 23:59')!)).toBe('04/12/2026 23:59');
  });

  it('refuses impossible times and missing parts', () => {
    for (const text of ['04/12/2026 24:00', '04/12/2026 08:60', '04/12/2026 8:', '04/12/2026', '04/12/2026 08:00 AM', '31/11/2026 08:00']) {
      expect(parseVietnamDateTime(text)).toBeNull();
    }
  });
});
