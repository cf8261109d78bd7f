/**
 * The one Vietnam-time module (shared/time/vietnam-time.ts) at the edges that matter: the last
 * minute of a day in Hanoi (23:59) and the first (00:00), which are 16:59 and 17:00 UTC of the
 * day before; month, year and leap-day boundaries; working days across a weekend that starts
 * on Friday evening UTC. The fixed-offset arithmetic must agree with Intl's Asia/Ho_Chi_Minh
 * (what the renderer formats with) and must not depend on the computer's own time zone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  endOfVietnamDay,
  fromVietnamLocal,
  isoVietnam,
  isWorkingDay,
  startOfVietnamDay,
  toVietnamLocal,
  VIETNAM_TIME_ZONE,
  vietnamDate,
  vietnamDateTime,
  vietnamDay,
  vietnamInstant,
  vietnamParts,
  vietnamTime,
} from '../../shared/time/vietnam-time';
import { writtenOpinionDeadline } from '../../shared/rules/voting';
import { DEFAULT_DECISION_RULES } from '../../shared/rules/voting';

/** 23:59 and 00:00 in Hanoi on Monday 23 → Tuesday 24 November 2026. */
const LAST_MINUTE = '2026-11-23T16:59:00.000Z';
const LAST_MS = '2026-11-23T16:59:59.999Z';
const MIDNIGHT = '2026-11-23T17:00:00.000Z';

describe('a Vietnam day ends at 17:00 UTC', () => {
  it('23:59 Hanoi is still the day, 00:00 is the next one', () => {
    expect(vietnamDay(LAST_MINUTE)).toBe('2026-11-23');
    expect(vietnamDay(LAST_MS)).toBe('2026-11-23');
    expect(vietnamDay(MIDNIGHT)).toBe('2026-11-24');
    expect(vietnamTime(LAST_MINUTE)).toBe('23:59');
    expect(vietnamTime(MIDNIGHT)).toBe('00:00');
    expect(vietnamDate(LAST_MINUTE)).toBe('23/11/2026');
    expect(vietnamDate(MIDNIGHT)).toBe('24/11/2026');
    expect(vietnamDateTime(LAST_MINUTE)).toBe('23/11/2026 23:59');
    expect(vietnamDateTime(MIDNIGHT)).toBe('24/11/2026 00:00');
    expect(isoVietnam(LAST_MINUTE)).toBe('2026-11-23T23:59:00+07:00');
    expect(isoVietnam(MIDNIGHT)).toBe('2026-11-24T00:00:00+07:00');
    expect(vietnamParts(LAST_MINUTE)).toEqual({ year: 2026, month: 11, day: 23, hour: 23, minute: 59, second: 0, weekday: 1 });
    expect(vietnamParts(MIDNIGHT)).toEqual({ year: 2026, month: 11, day: 24, hour: 0, minute: 0, second: 0, weekday: 2 });
  });

  it('accepts Dates, ISO strings with any offset and epoch milliseconds alike', () => {
    expect(vietnamDay(new Date(MIDNIGHT))).toBe('2026-11-24');
    expect(vietnamDay(Date.parse(MIDNIGHT))).toBe('2026-11-24');
    expect(vietnamDay('2026-11-24T00:00:00+07:00')).toBe('2026-11-24');
    expect(vietnamDay('2026-11-23T23:59:00+07:00')).toBe('2026-11-23');
    expect(() => vietnamDay('not a date')).toThrow(RangeError);
  });

  it('crosses months, years and the leap day at Hanoi midnight', () => {
    expect(vietnamDay('2026-12-31T16:59:59Z')).toBe('2026-12-31');
    expect(vietnamDay('2026-12-31T17:00:00Z')).toBe('2027-01-01');
    expect(vietnamDate('2026-12-31T17:00:00Z')).toBe('01/01/2027');
    expect(vietnamDay('2028-02-28T17:00:00Z')).toBe('2028-02-29');
    expect(vietnamDay('2027-02-28T17:00:00Z')).toBe('2027-03-01');
  });

  it('the start and end of a Vietnam day', () => {
    expect(startOfVietnamDay(LAST_MINUTE).toISOString()).toBe('2026-11-22T17:00:00.000Z');
    expect(endOfVietnamDay(LAST_MINUTE).toISOString()).toBe(LAST_MS);
    expect(startOfVietnamDay(MIDNIGHT).toISOString()).toBe(MIDNIGHT);
    expect(endOfVietnamDay(MIDNIGHT).toISOString()).toBe('2026-11-24T16:59:59.999Z');
  });
});

describe('wall-clock times to instants', () => {
  it('reads Vietnam wall-clock times, both sides of midnight', () => {
    expect(vietnamInstant('2026-11-23', '23:59').toISOString()).toBe(LAST_MINUTE);
    expect(vietnamInstant('2026-11-24', '00:00').toISOString()).toBe(MIDNIGHT);
    expect(vietnamInstant('2026-11-24').toISOString()).toBe(MIDNIGHT);
    expect(vietnamInstant('2027-01-01', '00:00').toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(vietnamInstant('2026-11-24', '8:05:30').toISOString()).toBe('2026-11-24T01:05:30.000Z');
  });

  it('refuses what is not a day or a time of day', () => {
    for (const [day, clock] of [
      ['2026-11-24', '24:00'],
      ['2026-11-24', '12:60'],
      ['2026-11-24', 'noon'],
      ['2026-02-30', '08:00'],
      ['2026-13-01', '08:00'],
      ['24/11/2026', '08:00'],
    ])
      expect(() => vietnamInstant(day, clock), `${day} ${clock}`).toThrow(RangeError);
  });

  it('round-trips <input type="datetime-local"> values at 23:59 and 00:00', () => {
    expect(toVietnamLocal(LAST_MINUTE)).toBe('2026-11-23T23:59');
    expect(toVietnamLocal(MIDNIGHT)).toBe('2026-11-24T00:00');
    expect(fromVietnamLocal('2026-11-23T23:59')).toBe(LAST_MINUTE);
    expect(fromVietnamLocal('2026-11-24T00:00')).toBe(MIDNIGHT);
    expect(fromVietnamLocal(toVietnamLocal('2026-06-01T03:30:00Z'))).toBe('2026-06-01T03:30:00.000Z');
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-24', 0)).toBe('2026-11-24');
  });
});

describe('working days', () => {
  it('Saturday and Sunday in Hanoi are not working days, nor listed holidays', () => {
    expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-30', ['2026-11-30'])).toBe(false);
  });

  it('counts from the Vietnam day: Friday 23:59 and Saturday 00:00 in Hanoi both land on Monday', () => {
    const friday2359 = vietnamInstant('2026-11-27', '23:59'); // 16:59Z, still Friday in UTC too
    const saturday0000 = vietnamInstant('2026-11-28', '00:00'); // 17:00Z, still Friday in UTC
    expect(addWorkingDays(friday2359, 1).toISOString()).toBe(vietnamInstant('2026-11-30', '23:59').toISOString());
    expect(addWorkingDays(saturday0000, 1).toISOString()).toBe(vietnamInstant('2026-11-30', '00:00').toISOString());
    // Thursday 23:59 + 1 is Friday; Friday 00:00 + 1 is Monday.
    expect(vietnamDay(addWorkingDays(vietnamInstant('2026-11-26', '23:59'), 1))).toBe('2026-11-27');
    expect(vietnamDay(addWorkingDays(vietnamInstant('2026-11-27', '00:00'), 1))).toBe('2026-11-30');
  });

  it('a written opinion sent at 23:59 or 00:00 ends at 23:59:59.999 Hanoi of the 5th working day after', () => {
    expect(DEFAULT_DECISION_RULES.writtenOpinions.deadlineWorkingDays).toBe(5);
    // Sent Monday 23 at 23:59 → Tue, Wed, Thu, Fri, Mon 30. One minute later it is Tuesday 24 → Tuesday 1 December.
    expect(writtenOpinionDeadline(LAST_MINUTE, DEFAULT_DECISION_RULES).toISOString()).toBe('2026-11-30T16:59:59.999Z');
    expect(writtenOpinionDeadline(MIDNIGHT, DEFAULT_DECISION_RULES).toISOString()).toBe('2026-12-01T16:59:59.999Z');
  });
});

describe('agreement with Intl and independence from the host time zone', () => {
  const instants = [LAST_MINUTE, LAST_MS, MIDNIGHT, '2026-12-31T16:59:00Z', '2026-12-31T17:00:00Z', '2028-02-28T17:00:00Z', '2026-06-15T05:30:00Z'];

  it('the fixed offset gives the day and clock Intl gives for Asia/Ho_Chi_Minh', () => {
    const intl = new Intl.DateTimeFormat('en-US', {
      timeZone: VIETNAM_TIME_ZONE,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    for (const at of instants) {
      const p = Object.fromEntries(intl.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
      expect(vietnamParts(at), at).toEqual({
        year: Number(p.year),
        month: Number(p.month),
        day: Number(p.day),
        hour: Number(p.hour),
        minute: Number(p.minute),
        second: Number(p.second),
        weekday: weekdays.indexOf(p.weekday),
      });
    }
  });

  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('answers the same on a computer set to New York or Tokyo', () => {
    process.env.TZ = 'UTC';
    const inUtc = instants.map((at) => [vietnamDay(at), vietnamDateTime(at), toVietnamLocal(at), fromVietnamLocal(toVietnamLocal(at))]);
    for (const tz of ['America/New_York', 'Asia/Tokyo']) {
      process.env.TZ = tz;
      expect(new Date(MIDNIGHT).getTimezoneOffset()).not.toBe(0); // the host zone really changed
      expect(instants.map((at) => [vietnamDay(at), vietnamDateTime(at), toVietnamLocal(at), fromVietnamLocal(toVietnamLocal(at))])).toEqual(inUtc);
    }
  });
});
