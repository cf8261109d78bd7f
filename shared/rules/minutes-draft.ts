/**
 * The minutes editor's starting text: prefilled from the agenda and attendance.
 * Vote results come in through `voteLines`, one paragraph per vote.
 */
import type { Attendance } from '../entities';

export interface MinutesDraftInput {
  title: string;
  /** "08:00 ngày 23/11/2026" style, already formatted by the caller. */
  when: string;
  location: string;
  chairName: string | null;
  participants: ReadonlyArray<{ name: string; attendance: Attendance; delegateName: string }>;
  agenda: ReadonlyArray<{ title: string; presenter: string }>;
  voteLines?: readonly string[];
}

export function draftMinutes(input: MinutesDraftInput): string {
  const present = input.participants.filter((p) => p.attendance === 'present');
  const absent = input.participants.filter((p) => p.attendance === 'absent');
  const lines: string[] = [
    `Thời gian: ${input.when}. Địa điểm: ${input.location || '…'}.`,
    `Chủ trì: ${input.chairName ?? '…'}.`,
    `Có mặt (${present.length}): ${present.map((p) => p.name).join(', ') || '…'}.`,
  ];
  if (absent.length) lines.push(`Vắng mặt (${absent.length}): ${absent.map((p) => (p.delegateName ? `${p.name} (ủy quyền ${p.delegateName})` : p.name)).join(', ')}.`);
  input.agenda.forEach((a, i) => {
    lines.push(`Nội dung ${i + 1}: ${a.title}${a.presenter ? ` - trình bày: ${a.presenter}` : ''}.`);
    lines.push('Ý kiến thảo luận: …');
  });
  for (const v of input.voteLines ?? []) lines.push(v);
  return lines.join('\n');
}
