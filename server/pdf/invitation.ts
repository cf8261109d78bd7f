/** The invitation "Giấy mời" generated when a meeting is published. */
import { numberLine, type RegisteredNumber } from '../../shared/document-register';
import type { Meeting, Participant, UserProfile } from '../../shared/entities';
import { MEETING_KIND_VI, renderOfficialPdf, vietnamDate, vietnamTime, vietnamWeekday } from './official-document';

export interface InvitationInput {
  org: { name: string };
  meeting: Meeting;
  chair: UserProfile | null;
  participants: { participant: Participant; user: UserProfile | null }[];
  agenda: { title: string; presenter: string }[];
  /** Who publishes it (signs "TL. Chủ tịch"). */
  issuer: UserProfile;
  issuedAt: Date;
  /** Its number in the register of outgoing documents; null prints "Dự thảo". */
  registered: RegisteredNumber | null;
}

export function renderInvitationPdf(input: InvitationInput): Promise<Uint8Array> {
  const { meeting: m, org } = input;
  const paragraphs: string[] = [
    'Kính gửi: Các thành phần dự họp theo danh sách dưới đây',
    `${org.name} trân trọng kính mời dự ${MEETING_KIND_VI[m.kind]}: ${m.title}.`,
    `Thời gian: từ ${vietnamTime(m.startsAt)} đến ${vietnamTime(m.endsAt)}, ${vietnamWeekday(m.startsAt)}, ngày ${vietnamDate(m.startsAt)}.`,
  ];
  if (m.location) paragraphs.push(`Địa điểm: ${m.location}.`);
  if (m.onlineLink) paragraphs.push(`Họp trực tuyến tại: ${m.onlineLink}`);
  if (input.chair) paragraphs.push(`Chủ trì: ${input.chair.fullName}${input.chair.title ? `, ${input.chair.title}` : ''}.`);
  if (m.hostAgency) paragraphs.push(`Cơ quan chủ trì chuẩn bị nội dung: ${m.hostAgency}.`);
  if (input.agenda.length) {
    paragraphs.push('NỘI DUNG CUỘC HỌP');
    input.agenda.forEach((a, i) => paragraphs.push(`${i + 1}) ${a.title}${a.presenter ? ` (trình bày: ${a.presenter})` : ''}.`));
  }
  paragraphs.push('THÀNH PHẦN DỰ HỌP');
  for (const { participant, user } of input.participants) {
    const name = user ? `${user.fullName}${user.title ? `, ${user.title}` : ''}` : 'Đại biểu';
    paragraphs.push(`- ${name}${participant.delegateName ? ` (ủy quyền: ${participant.delegateName})` : ''}.`);
  }
  paragraphs.push(
    'Tài liệu cuộc họp được gửi trên hệ thống eCabinet. Đề nghị các đồng chí nghiên cứu trước tài liệu và bố trí thời gian dự họp đầy đủ, đúng giờ.',
  );
  return renderOfficialPdf(
    {
      title: 'GIẤY MỜI',
      fileName: 'giay-moi.pdf',
      classification: 'public',
      number: numberLine(input.registered),
      issuer: org.name,
      parentIssuer: '',
      paragraphs,
      signer: { authority: 'TL. CHỦ TỊCH', position: 'CHÁNH VĂN PHÒNG', name: input.issuer.fullName },
      recipients: ['Như thành phần mời;', 'Lưu: VT.'],
    },
    org,
    { issuedAt: input.issuedAt },
  );
}
