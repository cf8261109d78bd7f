/**
 * The result of a vote as a Vietnamese PDF ("Kết quả biểu quyết"), stored as a document of the
 * meeting so it can be read by participants and sent for signature; and the paragraphs the
 * minutes print about each vote.
 */
import { randomUUID } from 'node:crypto';
import { translate } from '../../shared/i18n';
import { explainResult, VoteResult, type VoteOption } from '../../shared/rules/voting';
import type { BlobStore } from '../blobs/store';
import { registerBlob } from '../blobs/store';
import type { Db } from '../db/open';
import { renderOfficialPdf, vietnamDate, vietnamTime } from '../pdf/official-document';
import { createDocument } from '../documents/repository';
import type { ChangeRecorder } from '../sync/changelog';
import type { VotesTable } from './tables';
import { optionsOf } from './votes';
import { numberLine } from '../../shared/document-register';
import { registeredNumber } from '../secretariat/document-register';

const label = (o: VoteOption) => o.label ?? translate('vi', `voting.option.${o.id}`);
const OUTCOME_VI: Record<string, string> = { passed: 'THÔNG QUA', failed: 'KHÔNG THÔNG QUA', no_quorum: 'KHÔNG ĐỦ ĐIỀU KIỆN BIỂU QUYẾT', invalid: 'KẾT QUẢ KHÔNG HỢP LỆ' };

async function resultParagraphs(db: Db, v: VotesTable, withBallots: boolean): Promise<string[]> {
  const result = VoteResult.parse(JSON.parse(v.result_json!));
  const options = optionsOf(v);
  const out: string[] = [];
  out.push(`Nội dung biểu quyết: ${v.question}`);
  out.push(`Hình thức: ${translate('vi', `voting.ballotKind.${v.kind}`)}; thời gian: ${vietnamTime(v.opened_at)}–${vietnamTime(v.closed_at!)} ngày ${vietnamDate(v.opened_at)}.`);
  if (v.quorum_override_reason)
    out.push(`Chủ tọa mở biểu quyết khi chưa đủ số thành viên có mặt theo quy định; lý do: ${v.quorum_override_reason.replace(/[.\s]+$/u, '')}.`);
  out.push(`Kết quả: ${OUTCOME_VI[result.outcome] ?? result.outcome}.`);
  out.push(result.counts.map((c) => `${label(options.find((o) => o.id === c.optionId)!)}: ${c.count}`).join('; ') + '.');
  out.push(explainResult(result, 'vi'));
  if (!withBallots) return out;
  if (v.kind === 'open') {
    out.push('DANH SÁCH BIỂU QUYẾT');
    const ballots = await db
      .selectFrom('open_ballots')
      .innerJoin('users as m', 'm.id', 'open_ballots.member_id')
      .innerJoin('users as c', 'c.id', 'open_ballots.cast_by')
      .select(['m.full_name as member', 'c.full_name as castBy', 'open_ballots.member_id', 'open_ballots.cast_by', 'open_ballots.option_id'])
      .where('open_ballots.vote_id', '=', v.id)
      .execute();
    ballots.sort((a, b) => a.member.localeCompare(b.member, 'vi'));
    ballots.forEach((b, i) => {
      const o = options.find((x) => x.id === b.option_id);
      const deputy = b.cast_by !== b.member_id ? ` (do ${b.castBy} biểu quyết thay theo ủy quyền)` : '';
      out.push(`${i + 1}. ${b.member}: ${o ? label(o) : b.option_id}${deputy}.`);
    });
  } else {
    out.push('DANH SÁCH PHIẾU ĐƯỢC KIỂM (THEO MÃ BIÊN NHẬN)');
    const ballots = await db.selectFrom('secret_ballots').select(['receipt', 'option_id']).where('vote_id', '=', v.id).orderBy('receipt').execute();
    for (const b of ballots) {
      const o = options.find((x) => x.id === b.option_id);
      out.push(`${b.receipt}: ${o ? label(o) : b.option_id}`);
    }
  }
  return out;
}

export async function renderVotePdf(db: Db, voteId: string): Promise<Uint8Array> {
  const v = await db.selectFrom('votes').selectAll().where('id', '=', voteId).executeTakeFirstOrThrow();
  const meeting = await db.selectFrom('meetings').selectAll().where('id', '=', v.meeting_id).executeTakeFirstOrThrow();
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', meeting.org_id).executeTakeFirstOrThrow();
  const chair = meeting.chair_id ? await db.selectFrom('users').select(['full_name', 'title']).where('id', '=', meeting.chair_id).executeTakeFirst() : undefined;
  const item = v.agenda_item_id ? await db.selectFrom('agenda_items').select('title').where('id', '=', v.agenda_item_id).executeTakeFirst() : undefined;
  const paragraphs = [`Tại ${meeting.title}, ngày ${vietnamDate(meeting.starts_at)}${item ? `, nội dung: ${item.title}` : ''}.`, ...(await resultParagraphs(db, v, true))];
  return renderOfficialPdf(
    {
      title: 'KẾT QUẢ BIỂU QUYẾT',
      fileName: 'ket-qua-bieu-quyet.pdf',
      classification: 'internal',
      number: numberLine(await registeredNumber(db, 'KQ', { kind: 'vote', id: voteId })),
      issuer: org.name,
      parentIssuer: '',
      paragraphs,
      signer: { authority: 'CHỦ TRÌ CUỘC HỌP', position: chair?.title || 'CHỦ TỊCH', name: chair?.full_name ?? '' },
      recipients: ['Các thành viên UBND;', 'Lưu: VT.'],
    },
    org,
    { issuedAt: new Date(v.closed_at!) },
  );
}

/** Stores the PDF and adds it to the meeting's documents (a new document per vote). */
export async function attachVotePdf(trx: Db, blobs: BlobStore, rec: ChangeRecorder, voteId: string, bytes: Uint8Array, now: string, userId: string | null): Promise<string> {
  const v = await trx.selectFrom('votes').selectAll().where('id', '=', voteId).executeTakeFirstOrThrow();
  if (v.document_id) return v.document_id;
  const stored = await blobs.putBytes(bytes);
  await registerBlob(trx, stored.sha256, stored.size, new Date(now));
  const doc = await createDocument(
    { trx, rec, now, userId, action: 'vote.resultPdf' },
    {
      id: randomUUID(),
      meetingId: v.meeting_id,
      agendaItemId: v.agenda_item_id,
      title: `Kết quả biểu quyết: ${v.question}`.slice(0, 500),
      classification: 'internal',
      file: { ...stored, fileName: 'ket-qua-bieu-quyet.pdf' },
    },
  );
  await trx.updateTable('votes').set({ document_id: doc.id }).where('id', '=', voteId).execute();
  return doc.id;
}

/** What the minutes print about the votes: one block of paragraphs per closed vote, in order. */
export async function minutesVoteParagraphs(db: Db, meetingId: string): Promise<string[]> {
  const votes = await db.selectFrom('votes').selectAll().where('meeting_id', '=', meetingId).where('status', '=', 'closed').orderBy('closed_at').execute();
  const out: string[] = [];
  for (const [i, v] of votes.entries()) {
    const [first, ...rest] = await resultParagraphs(db, v, false);
    out.push(`${i + 1}) ${first}`, ...rest);
  }
  return out;
}
