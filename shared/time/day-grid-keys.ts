/**
 * Where a key moves the focused day of a Monday-first calendar grid (the ARIA date grid
 * pattern): arrows a day or a week, Home / End the week's Monday / Sunday, PageUp / PageDown the
 * previous / next page (a month for a date picker, the shown week or month for a calendar).
 */
import { addDays, isoWeekday } from './vietnam-time';

/** The same place one page earlier (-1) or later (+1). */
export type PageStep = (day: string, by: 1 | -1) => string;

/** The day `key` moves the focus to from `day`, or null when the key is not a move. */
export function dayGridMove(key: string, day: string, page: PageStep): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(day, -1);
    case 'ArrowRight':
      return addDays(day, 1);
    case 'ArrowUp':
      return addDays(day, -7);
    case 'ArrowDown':
      return addDays(day, 7);
    case 'Home':
      return addDays(day, 1 - isoWeekday(day));
    case 'End':
      return addDays(day, 7 - isoWeekday(day));
    case 'PageUp':
      return page(day, -1);
    case 'PageDown':
      return page(day, 1);
    default:
      return null;
  }
}
