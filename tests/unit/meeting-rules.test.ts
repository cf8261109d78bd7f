import { describe, expect, it } from 'vitest';
import { agendaTimePlan, canSeeMeeting, compareMeetingsForList, meetingBucket } from '../../shared/rules/meetings';
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
