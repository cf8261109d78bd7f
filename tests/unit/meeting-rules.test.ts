import { describe, expect, it } from 'vitest';
import { agendaTimePlan, canSeeMeeting, compareMeetingsForList, meetingBucket, pickMeetingPage, type MeetingPlace } from '../../shared/rules/meetings';
import { vietnamDay } from '../../shared/time/vietnam-time';
import { foldVietnamese } from '../../shared/text/fold';
import { translate } from '../../shared/i18n';

describe('Vietnam calendar day', () => {
  it('uses UTC+07:00: 17:30Z is already the next day in Hanoi', () => {
    expect(vietnamDay('2026-11-23T16:59:00Z')).toBe('2026-11-23');
    expect(vietnamDay('2026-11-23T17:00:00Z')).toBe('2026-11-24');
  });
});

describe('meeting list buckets', () => {
  // 09:00 in Hanoi on 23 November 2026.
  const now = new Date('2026-11-23T02:00:00Z');
  const at = (startsAt: string, endsAt: string, status: 'published' | 'in_progress' | 'closed' = 'published') => ({ startsAt, endsAt, status });

  it('puts a meeting of today (Hanoi time) in "today", even one that starts just after midnight UTC+7', () => {
    expect(meetingBucket(at('2026-11-23T01:00:00Z', '2026-11-23T04:30:00Z'), now)).toBe('today');
    expect(meetingBucket(at('2026-11-22T17:30:00Z', '2026-11-22T18:00:00Z'), now)).toBe('today');
  });

  it('puts later days in "upcoming" and earlier days in "past"', () => {
    expect(meetingBucket(at('2026-11-30T01:00:00Z', '2026-11-30T04:00:00Z'), now)).toBe('upcoming');
    expect(meetingBucket(at('2026-11-09T01:00:00Z', '2026-11-09T04:00:00Z', 'closed'), now)).toBe('past');
  });

  it('keeps a meeting in progress in "today" even when planned for yesterday', () => {
    expect(meetingBucket(at('2026-11-22T01:00:00Z', '2026-11-22T04:00:00Z', 'in_progress'), now)).toBe('today');
  });

  it('moves a meeting of today that is closed and over to "past"', () => {
    expect(meetingBucket(at('2026-11-23T00:00:00Z', '2026-11-23T01:30:00Z', 'closed'), now)).toBe('past');
  });

  it('orders upcoming soonest first and past most recent first', () => {
    const a = { startsAt: '2026-11-24T01:00:00Z' };
    const b = { startsAt: '2026-11-30T01:00:00Z' };
    expect(compareMeetingsForList(a, b, 'upcoming')).toBeLessThan(0);
    expect(compareMeetingsForList(a, b, 'past')).toBeGreaterThan(0);
  });
});

describe('who sees a meeting', () => {
  it('lets the secretariat see drafts and everyone else only published meetings they take part in', () => {
    expect(canSeeMeeting('secretary', false, 'draft')).toBe(true);
    expect(canSeeMeeting('admin', false, 'published')).toBe(true);
    expect(canSeeMeeting('member', true, 'draft')).toBe(false);
    expect(canSeeMeeting('member', false, 'published')).toBe(false);
    expect(canSeeMeeting('member', true, 'published')).toBe(true);
    expect(canSeeMeeting('chair', true, 'closed')).toBe(true);
  });
});

describe('agenda time plan', () => {
  it('starts each item where the previous one ends', () => {
    expect(agendaTimePlan([{ plannedMinutes: 30 }, { plannedMinutes: 45 }, { plannedMinutes: 15 }])).toEqual([
      { startMinute: 0, endMinute: 30 },
      { startMinute: 30, endMinute: 75 },
      { startMinute: 75, endMinute: 90 },
    ]);
  });
});

describe('Vietnamese folding', () => {
  it('drops diacritics and folds đ to d', () => {
    expect(foldVietnamese('Đề án')).toBe('de an');
    expect(foldVietnamese('đồng ý')).toBe('dong y');
    expect(foldVietnamese('Tờ trình số 125/TTr-STC')).toBe('to trinh so 125/ttr-stc');
  });
  it('folds decomposed (NFD) input the same as composed input', () => {
    expect(foldVietnamese('Nghị quyết'.normalize('NFD'))).toBe(foldVietnamese('Nghị quyết'));
  });
});

describe('translate', () => {
  it('speaks Vietnamese first and fills placeholders', () => {
    expect(translate('vi', 'errors.invalid_credentials')).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(translate('en', 'errors.account_locked', { minutes: 15 })).toContain('15 minutes');
    expect(translate('vi', 'errors.account_locked', { minutes: 15 })).toContain('15 phút');
  });
});

describe('a page of the meeting list', () => {
  // 09:00 in Hanoi on 23 November 2026.
  const now = new Date('2026-11-23T02:00:00Z');
  const at = (days: number, org = 'city'): MeetingPlace => {
    const starts = new Date(now.getTime() + days * 86_400_000);
    return { id: `${org}:${days}`, startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 7_200_000).toISOString(), status: 'published', orgId: org };
  };
  // A year behind (one a day), a month ahead, two today; a district's meetings besides.
  const meetings = [...Array.from({ length: 365 }, (_, i) => at(-(i + 1))), ...Array.from({ length: 30 }, (_, i) => at(i + 1)), at(0), { ...at(0), id: 'city:0b' }, at(-2, 'district'), at(3, 'district')].reverse();

  it('every meeting of today, the soonest coming and the latest past ones up to the limits, each group counted in all', () => {
    const page = pickMeetingPage(meetings, now, { upcoming: 20, past: 20 });
    expect(page.counts).toEqual({ today: 2, upcoming: 31, past: 366 });
    expect(page.ids.today.sort()).toEqual(['city:0', 'city:0b']);
    expect(page.ids.upcoming).toHaveLength(20);
    expect(page.ids.upcoming.slice(0, 2)).toEqual(['city:1', 'city:2']);
    expect(page.ids.upcoming.slice(2, 4).sort()).toEqual(['city:3', 'district:3']);
    expect(page.ids.past[0]).toBe('city:-1');
    expect(page.ids.past.slice(1, 3).sort()).toEqual(['city:-2', 'district:-2']);
    expect(page.ids.past).toHaveLength(20);
    // The order is the list's own.
    const byId = new Map(meetings.map((m) => [m.id, m]));
    for (const b of ['upcoming', 'past'] as const) {
      const shown = page.ids[b].map((id) => byId.get(id)!);
      expect(shown).toEqual([...shown].sort((x, y) => compareMeetingsForList(x, y, b)));
      expect(shown.every((m) => meetingBucket(m, now) === b)).toBe(true);
    }
    expect(page.orgIds.sort()).toEqual(['city', 'district']);
  });

  it('one organisation, and more of the past asked than there are', () => {
    const page = pickMeetingPage(meetings, now, { upcoming: 0, past: 1_000, orgs: new Set(['district']) });
    expect(page.ids).toEqual({ today: [], upcoming: [], past: ['district:-2'] });
    expect(page.counts).toEqual({ today: 0, upcoming: 1, past: 1 });
    expect(page.orgIds.sort()).toEqual(['city', 'district']);
    // Keeping to no organisation at all (asked for one he does not prepare): an empty page.
    expect(pickMeetingPage(meetings, now, { upcoming: 10, past: 10, orgs: new Set() }).counts).toEqual({ today: 0, upcoming: 0, past: 0 });
  });
});
