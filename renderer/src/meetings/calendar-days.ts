/** The days a calendar page shows and the meetings of each day, in Vietnam time. */
import type { MeetingSummary } from '../../../shared/bridge';
import { addDays, addMonths, monthWeeks, vietnamDay, weekDays } from '../../../shared/time/vietnam-time';

export type CalendarPeriod = 'week' | 'month';

/** Rows of seven days (Monday first) of the week or month containing `day`. */
export function calendarRows(period: CalendarPeriod, day: string): string[][] {
  return period === 'week' ? [weekDays(day)] : monthWeeks(day);
}

/** The same place one page earlier (-1) or later (+1). */
export function shiftPeriod(period: CalendarPeriod, day: string, by: 1 | -1): string {
  return period === 'week' ? addDays(day, 7 * by) : addMonths(day, by);
}

/** Meetings by the Vietnam day they start on, each day's in starting order. */
export function meetingsByDay(meetings: readonly MeetingSummary[]): Map<string, MeetingSummary[]> {
  const byDay = new Map<string, MeetingSummary[]>();
  for (const m of meetings) {
    const day = vietnamDay(m.startsAt);
    const list = byDay.get(day) ?? [];
    list.push(m);
    byDay.set(day, list);
  }
  for (const list of byDay.values()) list.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return byDay;
}
