import { VIETNAM_UTC_OFFSET_MINUTES } from '../meetings';

const DAY_MS = 86_400_000;
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * 60_000;

const toMs = (d: Date | string) => (typeof d === 'string' ? Date.parse(d) : d.getTime());
/** Day number (days since 1970-01-01) of the Vietnam calendar day containing the instant. */
const vnDayNumber = (ms: number) => Math.floor((ms + OFFSET_MS) / DAY_MS);
const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Whether a Vietnam calendar day ("YYYY-MM-DD") is a working day: not Saturday, Sunday or a listed holiday. */
export function isWorkingDay(day: string, holidays: Iterable<string> = []): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  for (const h of holidays) if (h === day) return false;
  return true;
}

/**
 * The instant `n` working days after `date`, at the same wall-clock time in Vietnam
 * (UTC+7, no daylight saving, so whole days keep the clock time). Counting starts the day
 * after `date`; Saturday, Sunday and the given holidays ("YYYY-MM-DD") are skipped.
 */
export function addWorkingDays(date: Date | string, n: number, holidays: Iterable<string> = []): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  const start = toMs(date);
  const off = new Set(holidays);
  let day = vnDayNumber(start);
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDay(dayString(day), off)) left -= 1;
  }
  return new Date(start + (day - vnDayNumber(start)) * DAY_MS);
}

/** The last instant (23:59:59.999 Vietnam time) of the Vietnam day containing `date`. */
export function endOfVietnamDay(date: Date | string): Date {
  return new Date((vnDayNumber(toMs(date)) + 1) * DAY_MS - OFFSET_MS - 1);
}

/** Deadline of a written opinion request sent at `sentAt`: the end of the n-th working day after it. */
export function writtenOpinionDeadline(sentAt: Date | string, rules: { writtenOpinions: { deadlineWorkingDays: number }; holidays: readonly string[] }): Date {
  return endOfVietnamDay(addWorkingDays(sentAt, rules.writtenOpinions.deadlineWorkingDays, rules.holidays));
}
