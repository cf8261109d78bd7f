/**
 * The summary of a written opinion request as a Vietnamese PDF ("Tổng hợp kết quả lấy ý kiến
 * bằng văn bản"): national heading, embedded font (server/pdf/official-document.ts), each
 * member's answer, and "không trả lời — được tính là đồng ý" where silence counted. Issued at the
 * deadline with the next "BC" number of the register of outgoing documents ("Số: 4/BC-UBND").
 */
import { numberLine, type RegisteredNumber } from '../../shared/document-register';
import type { OpinionSummary } from '../../shared/written-opinions';
import { renderOfficialPdf, vietnamDate, vietnamTime } from '../pdf/official-document';

const ANSWER_VI = { agree: 'Đồng ý', disagree: 'Không đồng ý', other: 'Ý kiến khác' } as const;

export interface SummaryPdfInput {
  org: { name: string };
  title: string;
  question: string;
  sentAt: string;
  deadline: string;
  chair: { fullName: string; title: string } | null;
  attachments: { title: string }[];
  summary: OpinionSummary;
  /** Full names by user id. */
  names: ReadonlyMap<string, string>;
  /** Its number in the register of outgoing documents, given at issuance; null: a draft ("Dự thảo"). */
  number: RegisteredNumber | null;
}

/** What the PDF says about one member's answer. */
export function memberLineVi(m: OpinionSummary['members'][number]): string {
  if (m.answer) return `${ANSWER_VI[m.answer]}${m.comment ? ` (ý kiến: ${m.comment})` : ''}`;
  return m.bySilence ? 'không trả lời — được tính là đồng ý' : 'không trả lời — không được tính';
}

export function renderOpinionSummaryPdf(input: SummaryPdfInput): Promise<Uint8Array> {
  const s = input.summary;
  const paragraphs: string[] = [
    `Thực hiện chỉ đạo của ${input.chair ? `${input.chair.title || 'Chủ tịch'} ${input.chair.fullName}` : 'Chủ tịch UBND'}, ngày ${vietnamDate(input.sentAt)} Văn phòng đã gửi phiếu lấy ý kiến các thành viên về: ${input.title}.`,
    `Nội dung xin ý kiến: ${input.question}`,
    `Thời hạn trả lời: ${vietnamTime(input.deadline)} ngày ${vietnamDate(input.deadline)}.`,
  ];
  if (input.attachments.length) paragraphs.push(`Tài liệu kèm theo: ${input.attachments.map((a) => a.title).join('; ')}.`);
  paragraphs.push('KẾT QUẢ TỔNG HỢP');
  paragraphs.push(
    `Tổng số thành viên được lấy ý kiến: ${s.base}. Đồng ý: ${s.counts.agree}; không đồng ý: ${s.counts.disagree}; ý kiến khác: ${s.counts.other}; không trả lời: ${s.counts.noAnswer}${s.counts.agreeBySilence ? ` (được tính là đồng ý: ${s.counts.agreeBySilence})` : ''}.`,
  );
  paragraphs.push(`Kết quả: ${s.passed ? 'ĐƯỢC THÔNG QUA' : 'KHÔNG ĐƯỢC THÔNG QUA'}.`);
  paragraphs.push(s.explanation.vi);
  paragraphs.push('Ý KIẾN CỦA TỪNG THÀNH VIÊN');
  const rows = s.members.map((m) => ({ name: input.names.get(m.userId) ?? m.userId, line: memberLineVi(m) }));
  rows.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  rows.forEach((r, i) => paragraphs.push(`${i + 1}. ${r.name}: ${r.line}.`));
  return renderOfficialPdf(
    {
      title: 'TỔNG HỢP KẾT QUẢ LẤY Ý KIẾN THÀNH VIÊN BẰNG VĂN BẢN',
      fileName: 'tong-hop-y-kien.pdf',
      classification: 'internal',
      number: numberLine(input.number),
      issuer: input.org.name,
      parentIssuer: '',
      paragraphs,
      signer: { authority: 'TL. CHỦ TỊCH', position: 'CHÁNH VĂN PHÒNG', name: '' },
      recipients: ['Chủ tịch, các Phó Chủ tịch UBND;', 'Các thành viên UBND;', 'Lưu: VT.'],
    },
    input.org,
    { issuedAt: new Date(input.deadline) },
  );
}
