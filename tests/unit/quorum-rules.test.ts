import { describe, expect, it } from 'vitest';
import { agendaFit } from '../../shared/rules/agenda';
import { draftMinutes } from '../../shared/rules/minutes-draft';
import { quorumStatus } from '../../shared/rules/quorum';

const people = (present: number, absent: number, extra: { role: 'guest' | 'secretary'; attendance: 'present' }[] = []) => [
  ...Array.from({ length: present }, () => ({ role: 'member' as const, attendance: 'present' as const })),
  ...Array.from({ length: absent }, () => ({ role: 'member' as const, attendance: 'absent' as const })),
  ...extra,
];

describe('quorum', () => {
  it('defaults to two-thirds of the members, rounding up, without floating-point slips', () => {
    expect(quorumStatus(people(6, 3))).toEqual({ members: 9, present: 6, required: 6, reached: true });
    expect(quorumStatus(people(5, 4))).toMatchObject({ required: 6, reached: false });
    expect(quorumStatus(people(7, 3))).toMatchObject({ members: 10, required: 7, reached: true });
    expect(quorumStatus(people(2, 2))).toMatchObject({ required: 3, reached: false });
  });

  it('counts chair and members only: guests and the secretariat do not make a quorum', () => {
    const s = quorumStatus(people(1, 2, [{ role: 'guest', attendance: 'present' }, { role: 'secretary', attendance: 'present' }]));
    expect(s).toEqual({ members: 3, present: 1, required: 2, reached: false });
  });

  it('is configurable (e.g. half) and never reached with nobody to count', () => {
    expect(quorumStatus(people(2, 2), { numerator: 1, denominator: 2 })).toMatchObject({ required: 2, reached: true });
    expect(quorumStatus([])).toEqual({ members: 0, present: 0, required: 0, reached: false });
    expect(() => quorumStatus(people(1, 1), { numerator: 3, denominator: 2 })).toThrow(RangeError);
  });
});

describe('agenda time plan', () => {
  it('flags (does not refuse) a plan that overflows the meeting', () => {
    const fit = agendaFit([{ plannedMinutes: 60 }, { plannedMinutes: 90 }], '2026-11-23T01:00:00.000Z', '2026-11-23T03:00:00.000Z');
    expect(fit).toMatchObject({ plannedMinutes: 150, meetingMinutes: 120, overflowMinutes: 30 });
    expect(fit.slots.map((s) => s.overflows)).toEqual([false, true]);
    expect(agendaFit([{ plannedMinutes: 30 }], '2026-11-23T01:00:00.000Z', '2026-11-23T03:00:00.000Z').overflowMinutes).toBe(0);
  });
});

describe('minutes draft', () => {
  it('is prefilled from the agenda and attendance, with room for vote results', () => {
    const text = draftMinutes({
      title: 'Phiên họp thường kỳ',
      when: '08:00 23/11/2026',
      location: 'Phòng họp số 1',
      chairName: 'Trần Quốc Hưng',
      participants: [
        { name: 'Lê Văn An', attendance: 'present', delegateName: '' },
        { name: 'Phạm Thị Bình', attendance: 'absent', delegateName: 'Ngô Văn Cường' },
      ],
      agenda: [{ title: 'Tờ trình dự toán', presenter: 'Sở Tài chính' }],
      voteLines: ['Biểu quyết: 9/9 tán thành.'],
    });
    expect(text).toContain('Có mặt (1): Lê Văn An.');
    expect(text).toContain('Vắng mặt (1): Phạm Thị Bình (ủy quyền Ngô Văn Cường).');
    expect(text).toContain('Nội dung 1: Tờ trình dự toán - trình bày: Sở Tài chính.');
    expect(text).toContain('Biểu quyết: 9/9 tán thành.');
  });
});
