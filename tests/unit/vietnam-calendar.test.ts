import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isoWeekday, monthWeeks, startOfMonth, startOfWeek, vietnamDay, weekDays } from '../../shared/time/vietnam-time';
import { dayGridMove } from '../../shared/time/day-grid-keys';

describe('calendar pages in Vietnam time (weeks start on Monday)', () => {
  it('numbers the weekdays Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });

  it('starts a week on its Monday, also across a month and a year', () => {
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
    expect(startOfWeek('2026-11-30')).toBe('2026-11-30');
    expect(weekDays('2027-01-01')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('puts a meeting late on Sunday evening UTC on Monday in Vietnam', () => {
    // 2026-11-29T18:00Z is 01:00 on Monday 30 November in Vietnam: the new week's first day.
    const day = vietnamDay('2026-11-29T18:00:00Z');
    expect(day).toBe('2026-11-30');
    expect(startOfWeek(day)).toBe('2026-11-30');
  });

  it('moves by months keeping the day inside the month', () => {
    expect(startOfMonth('2026-12-17')).toBe('2026-12-01');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-31', -2)).toBe('2025-11-30');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('covers a month with whole Monday-to-Sunday weeks', () => {
    const december = monthWeeks('2026-12-17');
    expect(december).toHaveLength(5);
    expect(december[0][0]).toBe('2026-11-30');
    expect(december[4][6]).toBe('2027-01-03');
    // February 2027 starts on a Monday and has exactly four weeks.
    expect(monthWeeks('2027-02-10')).toHaveLength(4);
    // August 2026 starts on a Saturday and needs six rows.
    const august = monthWeeks('2026-08-01');
    expect(august).toHaveLength(6);
    expect(august[0][0]).toBe('2026-07-27');
    expect(august[5][6]).toBe('2026-09-06');
  });
});

describe('keyboard moves over a calendar grid (the date popup and the meeting calendar share them)', () => {
  const byMonth = (day: string, by: 1 | -1) => addMonths(day, by);
  it('moves a day, a week, to the week ends across months, and a page as the grid says', () => {
    // Tuesday 1 December 2026.
    expect(dayGridMove('ArrowLeft', '2026-12-01', byMonth)).toBe('2026-11-30');
    expect(dayGridMove('ArrowRight', '2026-12-01', byMonth)).toBe('2026-12-02');
    expect(dayGridMove('ArrowUp', '2026-12-01', byMonth)).toBe('2026-11-24');
    expect(dayGridMove('ArrowDown', '2026-12-29', byMonth)).toBe('2027-01-05');
    expect(dayGridMove('Home', '2026-12-01', byMonth)).toBe('2026-11-30');
    expect(dayGridMove('End', '2026-12-01', byMonth)).toBe('2026-12-06');
    expect(dayGridMove('PageUp', '2026-12-31', byMonth)).toBe(addMonths('2026-12-31', -1));
    expect(dayGridMove('PageDown', '2026-12-01', (d, by) => addDays(d, 7 * by))).toBe('2026-12-08');
    expect(dayGridMove('Enter', '2026-12-01', byMonth)).toBeNull();
  });
});
