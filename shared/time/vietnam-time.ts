/**
 * Vietnam time, the committee's own clock, for every layer: calendar days, wall-clock times,
 * the formats documents and forms use, and working days.
 *
 * Vietnam has one time zone, UTC+07:00, with no daylight saving (Asia/Ho_Chi_Minh has not
 * changed since 1975), so the arithmetic here is a fixed offset: no Intl, no host time zone,
 * the same answer on a server in UTC and a laptop set to anything. Where text must follow the
 * UI language (the renderer's dates), Intl is given VIETNAM_TIME_ZONE, which agrees with
 * this arithmetic (tests/unit/vietnam-time.test.ts checks both at the day boundaries).
 */

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
/** As ISO 8601 writes it. */
export const VIETNAM_UTC_OFFSET = '+07:00';

/** An instant: a Date, an ISO 8601 string, or epoch milliseconds. */
export type Instant = Date | string | number;

const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function toMs(instant: Instant): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return ms;
}

/** The instant shifted so that its UTC fields read as the wall clock in Vietnam. */
const shifted = (instant: Instant) => new Date(toMs(instant) + OFFSET_MS);

export interface VietnamParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

/** The wall clock and calendar in Vietnam at `instant`. */
export function vietnamParts(instant: Instant): VietnamParts {
  const d = shifted(instant);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** "YYYY-MM-DD" of the calendar day in Vietnam that contains `instant`. */
export function vietnamDay(instant: Instant): string {
  return shifted(instant).toISOString().slice(0, 10);
}

/** "08:30" in Vietnam time. */
export function vietnamTime(instant: Instant): string {
  return shifted(instant).toISOString().slice(11, 16);
}

/** "23/11/2026": the day as Vietnamese documents write it. */
export function vietnamDate(instant: Instant): string {
  const p = vietnamParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "23/11/2026 23:59" in Vietnam time. */
export function vietnamDateTime(instant: Instant): string {
  return `${vietnamDate(instant)} ${vietnamTime(instant)}`;
}

/** ISO 8601 with the offset written out, e.g. 2026-03-05T09:30:00+07:00. */
export function isoVietnam(instant: Instant): string {
  return `${shifted(instant).toISOString().slice(0, 19)}${VIETNAM_UTC_OFFSET}`;
}

/** "2026-11-23T08:00" in Vietnam time: the value of an <input type="datetime-local">. */
export function toVietnamLocal(instant: Instant): string {
  return shifted(instant).toISOString().slice(0, 16);
}

/** The UTC ISO string of a Vietnam wall-clock time "YYYY-MM-DDTHH:MM" (seconds optional). */
export function fromVietnamLocal(local: string): string {
  const [day, clock = ''] = local.split('T');
  return vietnamInstant(day, clock).toISOString();
}

/** The instant at wall-clock `clock` ("HH:MM" or "HH:MM:SS", default midnight) of Vietnam day `day` ("YYYY-MM-DD"). */
export function vietnamInstant(day: string, clock = '00:00'): Date {
  const d = DAY_PATTERN.exec(day);
  const c = CLOCK_PATTERN.exec(clock);
  if (!d || !c) throw new RangeError(`not a Vietnam day and time: "${day}" "${clock}"`);
  const [hour, minute, second] = [Number(c[1]), Number(c[2]), Number(c[3] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) throw new RangeError(`not a time of day: "${clock}"`);
  const at = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hour, minute, second) - OFFSET_MS);
  // Date.UTC rolls "2026-02-30" over into March: such a day does not exist.
  if (vietnamDay(at) !== day) throw new RangeError(`not a calendar day: "${day}"`);
  return at;
}

/** Days since 1970-01-01 of the Vietnam calendar day containing `instant`. */
function dayNumber(instant: Instant): number {
  return Math.floor((toMs(instant) + OFFSET_MS) / DAY_MS);
}

const dayOfNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The calendar day `n` days after (or, negative, before) `day` ("YYYY-MM-DD"). */
export function addDays(day: string, n: number): string {
  return dayOfNumber(dayNumber(vietnamInstant(day)) + n);
}

/** 00:00:00.000 Vietnam time of the day containing `instant`. */
export function startOfVietnamDay(instant: Instant): Date {
  return new Date(dayNumber(instant) * DAY_MS - OFFSET_MS);
}

/** The last instant (23:59:59.999 Vietnam time) of the day containing `instant`. */
export function endOfVietnamDay(instant: Instant): Date {
  return new Date((dayNumber(instant) + 1) * DAY_MS - OFFSET_MS - 1);
}

/** Whether a Vietnam calendar day ("YYYY-MM-DD") is a working day: not Saturday, Sunday or a listed holiday. */
export function isWorkingDay(day: string, holidays: Iterable<string> = []): boolean {
  const weekday = vietnamParts(vietnamInstant(day)).weekday;
  if (weekday === 0 || weekday === 6) return false;
  for (const h of holidays) if (h === day) return false;
  return true;
}

/**
 * The instant `n` working days after `date`, at the same wall-clock time in Vietnam (no
 * daylight saving, so whole days keep the clock time). Counting starts the day after `date`;
 * Saturday, Sunday and the given holidays ("YYYY-MM-DD") are skipped.
 */
export function addWorkingDays(date: Instant, n: number, holidays: Iterable<string> = []): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  const start = toMs(date);
  const off = new Set(holidays);
  const first = dayNumber(start);
  let day = first;
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDay(dayOfNumber(day), off)) left -= 1;
  }
  return new Date(start + (day - first) * DAY_MS);
}

/*
 * Calendar pages: weeks run Monday to Sunday, as Vietnamese calendars and offices count them.
 * Days are "YYYY-MM-DD" Vietnam calendar days throughout.
 */

/** 1 = Monday … 7 = Sunday (ISO 8601) of a Vietnam calendar day. */
export function isoWeekday(day: string): number {
  return vietnamParts(vietnamInstant(day)).weekday || 7;
}

/** The Monday that starts the week containing `day`. */
export function startOfWeek(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

/** The seven days, Monday to Sunday, of the week containing `day`. */
export function weekDays(day: string): string[] {
  const monday = startOfWeek(day);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The first day of the month containing `day`. */
export function startOfMonth(day: string): string {
  vietnamInstant(day);
  return `${day.slice(0, 8)}01`;
}

/** The same day of the month `n` months later (or earlier), kept within that month (31 March + 1 → 30 April). */
export function addMonths(day: string, n: number): string {
  const p = vietnamParts(vietnamInstant(day));
  const index = p.year * 12 + (p.month - 1) + n;
  const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(p.day, lastDay))}`;
}

/** The weeks (Monday to Sunday) that cover the month containing `day`: 4 to 6 rows of 7 days, with the neighbouring months' days that fill the first and last week. */
export function monthWeeks(day: string): string[][] {
  const first = startOfMonth(day);
  const month = first.slice(0, 7);
  const weeks: string[][] = [];
  for (let monday = startOfWeek(first); monday.slice(0, 7) <= month; monday = addDays(monday, 7)) weeks.push(weekDays(monday));
  return weeks;
}

/**
 * What a secretary types into a date field. Forms always show day/month/year and 24-hour time
 * (the committee's convention, whatever the computer's locale), and read it back leniently:
 * "4/12/2026", "04.12.2026", "04-12-2026 8:00", "04/12/2026 8h30" all mean the same.
 */
const TYPED_DAY = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;
const TYPED_DAY_TIME = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?:\s*,?\s+|\s*T\s*)(\d{1,2})\s*(?::\s*(\d{2})|[hHgG]\s*(\d{2})?)$/;

/** "2026-12-04" → "04/12/2026": a Vietnam calendar day as forms show it. */
export function formatVietnamDay(day: string): string {
  const d = DAY_PATTERN.exec(day);
  if (!d) throw new RangeError(`not a Vietnam day: "${day}"`);
  return `${d[3]}/${d[2]}/${d[1]}`;
}

/** A typed day ("dd/mm/yyyy", separators / . -) as "YYYY-MM-DD", or null if it is not a real calendar day. */
export function parseVietnamDay(text: string): string | null {
  const m = TYPED_DAY.exec(text.trim());
  if (!m) return null;
  const day = `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
  try {
    vietnamInstant(day);
    return day;
  } catch {
    return null;
  }
}

/** A typed Vietnam day and time ("dd/mm/yyyy HH:mm", also "8h30") as a UTC ISO string, or null if it is not a real moment. */
export function parseVietnamDateTime(text: string): string | null {
  const m = TYPED_DAY_TIME.exec(text.trim());
  if (!m) return null;
  const day = `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`;
  try {
    return vietnamInstant(day, `${m[4]}:${m[5] ?? m[6] ?? '00'}`).toISOString();
  } catch {
    return null;
  }
}
