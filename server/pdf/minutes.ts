/** The minutes "Biên bản" PDF, ready to be sent for signature. */
import { numberLine, type RegisteredNumber } from '../../shared/document-register';
import type { Meeting, Participant, UserProfile } from '../../shared/entities';
import type { Minutes, Task } from '../../shared/secretariat';
import { MEETING_KIND_VI, renderOfficialPdf, vietnamDate } from './official-document';

/**
 * Paragraphs describing the vote results of the meeting, inserted after the minutes body
 * (server/live-meeting/vote-pdf.ts provides them; without it the minutes have none).
 */
export type MinutesVoteSection = (meetingId: string) => Promise<string[]>;
export const noVoteResults: MinutesVoteSection = async () => [];

export interface MinutesPdfInput {
  org: { name: string };
  meeting: Meeting;
  minutes: Minutes;
  chair: UserProfile | null;
  secretary: UserProfile;
  participants: { participant: Participant; user: UserProfile | null }[];
  tasks: Task[];
  voteResults: string[];
  issuedAt: Date;
  /** Its number in the register of outgoing documents; null (not issued yet) prints "Dự thảo". */
  registered: RegisteredNumber | null;
}

const ATTENDANCE_VI = { present: 'có mặt', absent: 'vắng mặt', unknown: 'chưa điểm danh' } as const;

export function renderMinutesPdf(input: MinutesPdfInput): Promise<Uint8Array> {
  const { meeting: m, minutes } = input;
  const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const paragraphs: string[] = [`Về ${MEETING_KIND_VI[m.kind]}: ${m.title}, ngày ${vietnamDate(m.startsAt)}.`];
  paragraphs.push('THÀNH PHẦN VÀ ĐIỂM DANH');
  for (const { participant, user } of input.participants) {
    const name = user ? user.fullName : 'Đại biểu';
    const deputy = participant.delegateName ? `, ủy quyền cho ${participant.delegateName}` : '';
    paragraphs.push(`- ${name}${user?.title ? ` (${user.title})` : ''}: ${ATTENDANCE_VI[participant.attendance]}${deputy}.`);
  }
  paragraphs.push('DIỄN BIẾN CUỘC HỌP');
  paragraphs.push(...lines(minutes.body));
  if (input.voteResults.length) {
    paragraphs.push('KẾT QUẢ BIỂU QUYẾT');
    paragraphs.push(...input.voteResults);
  }
  if (minutes.conclusions.trim()) {
    paragraphs.push('KẾT LUẬN CỦA CHỦ TRÌ');
    paragraphs.push(...lines(minutes.conclusions));
  }
  if (input.tasks.length) {
    paragraphs.push('PHÂN CÔNG NHIỆM VỤ');
    input.tasks.forEach((t, i) =>
      paragraphs.push(
        `${i + 1}) ${t.title} - Cơ quan chủ trì: ${t.agency}; người thực hiện: ${t.assignee || 'chưa phân công'}; thời hạn: ${t.deadline.split('-').reverse().join('/')}; kết quả: ${t.expectedResult || 'chưa xác định'}; theo dõi: ${t.follower || 'Văn phòng'}.`,
      ),
    );
  }
  paragraphs.push(`Biên bản do ${input.secretary.fullName} ghi, gồm các nội dung trên.`);
  return renderOfficialPdf(
    {
      title: 'BIÊN BẢN CUỘC HỌP',
      fileName: 'bien-ban.pdf',
      classification: 'internal',
      number: numberLine(input.registered),
      issuer: input.org.name,
      parentIssuer: '',
      paragraphs,
      signer: { authority: 'CHỦ TRÌ CUỘC HỌP', position: input.chair?.title || 'CHỦ TỊCH', name: input.chair?.fullName ?? '' },
      recipients: [`Thư ký: ${input.secretary.fullName};`, 'Lưu: VT.'],
    },
    input.org,
    { issuedAt: input.issuedAt },
  );
}
