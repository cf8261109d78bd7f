/**
 * Official records and the rules behind votes, on a real server (SQLite file, real PDFs read
 * back with pdftotext): the register of outgoing documents numbers the invitation, the issued
 * minutes and each vote's result, never twice; drafts say "Dự thảo"; a citation the administrator
 * has not configured never prints, and he edits the rules over HTTP (the app's rules screen);
 * a vote without quorum is refused unless the chair gives a reason, which the result shows;
 * moving to the next item keeps the speaker queue unless the chair clears it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DECISION_RULES_PATH, type DecisionRulesResponse } from '../../shared/decision-rules-admin';
import type { LiveMeetingState } from '../../shared/live-meeting';
import { addUser } from '../../server/index';
import { tool } from '../helpers/tool';
import { waitFor } from '../helpers/wait-for';
import { call, login, PASSWORD, pushOk, startTestServer, type TestServer } from '../server/helpers';
import { command, seedLiveCommittee, type LiveCommittee } from './helpers/live-committee';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function server() {
  const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  servers.push(s);
  return s;
}

async function pdfText(s: TestServer, sha256: string): Promise<string> {
  const file = join(s.dataDir, 'blobs', sha256.slice(0, 2), sha256);
  return (await tool('pdftotext', ['-layout', file, '-'])).toString('utf8');
}

async function invitationText(s: TestServer, meetingId: string): Promise<string> {
  const notice = await s.db.selectFrom('notices').select('sha256').where('meeting_id', '=', meetingId).where('kind', '=', 'invitation').executeTakeFirstOrThrow();
  return pdfText(s, notice.sha256!);
}

async function minutesText(s: TestServer, meetingId: string): Promise<string> {
  const m = await s.db.selectFrom('minutes').select('document_id').where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
  const doc = await s.db.selectFrom('documents').select('sha256').where('id', '=', m.document_id!).executeTakeFirstOrThrow();
  return pdfText(s, doc.sha256);
}

/** Opens a vote (with a reason if given), closes it, and returns the closed vote and its PDF's text. */
async function voteAndClose(s: TestServer, c: LiveCommittee, question: string, reason?: string) {
  const opened = await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question, ...(reason ? { quorumOverrideReason: reason } : {}) } });
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  const voteId = opened.body.vote!.id;
  expect((await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId })).status).toBe(200);
  const doc = await waitFor(() => s.db.selectFrom('votes').innerJoin('documents', 'documents.id', 'votes.document_id').select('documents.sha256').where('votes.id', '=', voteId).executeTakeFirst());
  const state = (await call<LiveMeetingState>(s.url, 'GET', `/api/meetings/${c.meetingId}/live`, { token: c.members[0].token })).body;
  return { vote: state.vote!, text: await pdfText(s, doc.sha256) };
}

async function admin(s: TestServer): Promise<string> {
  await addUser(s.dataDir, { username: 'quantri', role: 'admin', fullName: 'Lê Văn Quản Trị', password: PASSWORD });
  return (await login(s.url, 'quantri')).accessToken;
}

describe('the register of outgoing documents (sổ văn bản đi)', () => {
  it('numbers each invitation, the issued minutes and each vote result per type and year; drafts say "Dự thảo"; every number is audited and never given twice', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 3);
    // Publishing issued the invitation with the year's first GM number.
    const invitation = await invitationText(s, c.meetingId);
    expect(invitation).toContain('Số: 1/GM-UBND');
    expect(invitation).not.toMatch(/Số:\s+\//u);

    // A second meeting's invitation takes the next number.
    const second = randomUUID();
    await pushOk(s.url, c.secretary.token, {
      id: randomUUID(),
      kind: 'meeting.upsert',
      args: { id: second, title: 'Phiên họp chuyên đề', startsAt: '2026-11-25T01:00:00.000Z', endsAt: '2026-11-25T04:00:00.000Z', location: 'Phòng họp số 2', status: 'draft', chairId: c.chair.id },
    });
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId: second, userId: c.chair.id, role: 'chair' } });
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'meeting.publish', args: { meetingId: second } });
    expect(await invitationText(s, second)).toContain('Số: 2/GM-UBND');

    // Minutes exported as a draft say so, with no blank number.
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'minutes.save', args: { id: randomUUID(), meetingId: c.meetingId, body: 'Cuộc họp thảo luận dự toán.', conclusions: 'Thống nhất thông qua.' } });
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'minutes.exportPdf', args: { meetingId: c.meetingId } });
    const draft = await minutesText(s, c.meetingId);
    expect(draft).toContain('Dự thảo');
    expect(draft).not.toMatch(/Số:\s*\/BB/u);
    // Draft minutes cannot go out for signature: they would be signed without a number.
    const minutesDoc = (await s.db.selectFrom('minutes').select('document_id').where('meeting_id', '=', c.meetingId).executeTakeFirstOrThrow()).document_id!;
    const sendForSignature = () => ({ id: randomUUID(), kind: 'signatureRequest.create' as const, args: { id: randomUUID(), documentId: minutesDoc, steps: [{ id: randomUUID(), userId: c.chair.id, role: 'signer' as const }] } });
    const early = await call(s.url, 'POST', '/api/sync/push', { token: c.secretary.token, body: { mutations: [sendForSignature()] } });
    expect(early.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'document_not_numbered' } });
    // Issued: the next BB number; exported again later, the same number.
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'minutes.exportPdf', args: { meetingId: c.meetingId, issue: true } });
    expect(await minutesText(s, c.meetingId)).toContain('Số: 1/BB-UBND');
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'minutes.save', args: { id: randomUUID(), meetingId: c.meetingId, body: 'Cuộc họp thảo luận dự toán (sửa).', conclusions: 'Thống nhất thông qua.', baseRevision: 1 } });
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'minutes.exportPdf', args: { meetingId: c.meetingId, issue: true } });
    const reissued = await minutesText(s, c.meetingId);
    expect(reissued).toContain('Số: 1/BB-UBND');
    expect(reissued).not.toContain('Dự thảo');
    await pushOk(s.url, c.secretary.token, sendForSignature());

    // Each closed vote's result gets its own KQ number, shown to participants too.
    const first = await voteAndClose(s, c, 'Thông qua dự toán?');
    expect(first.text).toContain('Số: 1/KQ-UBND');
    expect(first.vote.documentNumber).toBe('1/KQ-UBND');
    const next = await voteAndClose(s, c, 'Thông qua đề án?');
    expect(next.text).toContain('Số: 2/KQ-UBND');

    // Audited, once per number; and the register holds each number once.
    const audit = await s.db.selectFrom('audit_log').select(['entity', 'after_json']).where('action', '=', 'documentRegister.assign').orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.after_json!).symbol)).toEqual(['1/GM-UBND', '2/GM-UBND', '1/BB-UBND', '1/KQ-UBND', '2/KQ-UBND']);
    const org = (await s.db.selectFrom('users').select('org_id').where('id', '=', c.chair.id).executeTakeFirstOrThrow()).org_id;
    await expect(
      s.db
        .insertInto('document_register')
        .values({ id: randomUUID(), org_id: org, doc_type: 'GM', year: 2026, number: 2, issuer_code: 'UBND', subject_kind: 'meeting', subject_id: randomUUID(), issued_at: new Date().toISOString(), issued_by: null })
        .execute(),
    ).rejects.toThrow(/UNIQUE/);
  }, 120_000);
});

describe('legal basis: an unconfigured article never prints; the administrator edits the rules', () => {
  it('leaves the placeholder out of the result on screen and in the PDF, warns the admin, and prints his article once he sets it', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 2);
    const before = await voteAndClose(s, c, 'Thông qua tờ trình?');
    expect(before.text).not.toContain('cấu hình theo quy chế');
    expect(before.text).toContain('72/2025/QH15');
    expect(JSON.stringify(before.vote)).toContain('cấu hình theo quy chế'); // stored as configured, left out when printed
    const { explainResult } = await import('../../shared/rules/voting');
    expect(explainResult(before.vote.result!, 'vi')).not.toContain('cấu hình theo quy chế');
    expect(explainResult(before.vote.result!, 'en')).not.toContain('configurable');

    // The rules screen's route: admin only, warns about every placeholder.
    expect((await call(s.url, 'GET', DECISION_RULES_PATH, { token: c.chair.token })).status).toBe(403);
    const token = await admin(s);
    const shown = await call<DecisionRulesResponse>(s.url, 'GET', DECISION_RULES_PATH, { token });
    expect(shown.status).toBe(200);
    expect(shown.body.unconfigured).toEqual(['quorum', 'majority', 'tie', 'ballot', 'delegation', 'writtenOpinions']);

    // Invalid rules are refused with a coded error, nothing stored (the CLI's schema).
    const bad = { ...shown.body.rules, majority: { ...shown.body.rules.majority, fraction: { numerator: 1, denominator: 2, comparison: 'at_least' } } };
    const refused = await call(s.url, 'PUT', DECISION_RULES_PATH, { token, body: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');

    const basis = { vi: 'Điều 12 Quy chế làm việc của UBND thành phố ban hành kèm theo Quyết định số 15/2025/QĐ-UBND', en: 'Article 12 of the working regulation (Decision No. 15/2025/QĐ-UBND)' };
    const rules = shown.body.rules;
    const configured = { ...rules, quorum: { ...rules.quorum, legalBasis: basis }, majority: { ...rules.majority, legalBasis: basis } };
    const saved = await call<DecisionRulesResponse>(s.url, 'PUT', DECISION_RULES_PATH, { token, body: configured });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.unconfigured).toEqual(['tie', 'ballot', 'delegation', 'writtenOpinions']);
    expect(await s.db.selectFrom('audit_log').select('id').where('action', '=', 'decisionRules.update').execute()).toHaveLength(1);

    const after = await voteAndClose(s, c, 'Thông qua đề án?');
    expect(after.text.replace(/\s+/g, ' ')).toContain('Căn cứ: Điều 12 Quy chế làm việc của UBND thành phố ban hành kèm theo Quyết định số 15/2025/QĐ-UBND');
  }, 120_000);
});

describe('opening a vote without quorum', () => {
  it('is refused with a translated reason; the chair may open it with a reason that the result shows on screen and in the PDF; rules can forbid it', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 5, { checkIn: false });
    const refused = await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Thông qua dự toán?' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('vote_no_quorum');
    expect(refused.body.error.message).toContain('Chưa đủ số thành viên có mặt');
    expect(refused.body.error).toMatchObject({ details: { present: 0, total: 6, required: 4, mayOverride: true } });
    expect(await s.db.selectFrom('votes').select('id').execute()).toEqual([]);

    const reason = 'Các thành viên vắng mặt đã gửi ý kiến bằng văn bản, cần quyết định ngay';
    const { vote, text } = await voteAndClose(s, c, 'Thông qua dự toán?', reason);
    expect(vote.quorumOverrideReason).toBe(reason);
    expect(text.replace(/\s+/g, ' ')).toContain(`Chủ tọa mở biểu quyết khi chưa đủ số thành viên có mặt theo quy định; lý do: ${reason}.`);
    const opened = await s.db.selectFrom('audit_log').select('after_json').where('action', '=', 'vote.open').executeTakeFirstOrThrow();
    expect(JSON.parse(opened.after_json!).quorumOverride).toEqual({ reason, present: 0, required: 4 });

    // Rules that refuse: even a reason does not open it.
    const token = await admin(s);
    const rules = (await call<DecisionRulesResponse>(s.url, 'GET', DECISION_RULES_PATH, { token })).body.rules;
    expect((await call(s.url, 'PUT', DECISION_RULES_PATH, { token, body: { ...rules, quorum: { ...rules.quorum, openWithoutQuorum: 'refuse' } } })).status).toBe(200);
    const forbidden = await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Thông qua đề án?', quorumOverrideReason: reason } });
    expect(forbidden.body.error).toMatchObject({ code: 'vote_no_quorum', details: { mayOverride: false } });
  }, 120_000);
});

describe('the speaker queue across agenda items', () => {
  it('moving to the next item keeps the queue and the speaker (their time included) unless the chair clears it', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 4);
    const [a, b, d] = c.members;
    for (const m of [a, b, d]) await command(s, m.token, c.meetingId, { type: 'speaker.request' });
    let st = (await command(s, c.chair.token, c.meetingId, { type: 'speaker.grant', requestId: (await command(s, c.chair.token, c.meetingId, { type: 'speaker.setDefault', seconds: 300 })).body.speakers[0].id })).body;
    expect(st.speakers.map((x) => [x.userId, x.status])).toEqual([[a.id, 'speaking'], [b.id, 'waiting'], [d.id, 'waiting']]);
    const startedAt = st.speakers[0].startedAt;

    st = (await command(s, c.chair.token, c.meetingId, { type: 'item.next' })).body;
    expect(st.currentItemId).toBe(c.items[1]);
    expect(st.speakers.map((x) => [x.userId, x.status, x.agendaItemId])).toEqual([[a.id, 'speaking', c.items[1]], [b.id, 'waiting', c.items[1]], [d.id, 'waiting', c.items[1]]]);
    expect(st.speakers[0]).toMatchObject({ startedAt, durationSeconds: 600 });

    st = (await command(s, c.chair.token, c.meetingId, { type: 'item.next', speakers: 'clear' })).body;
    expect(st.currentItemId).toBe(c.items[2]);
    expect(st.speakers).toEqual([]);
  }, 120_000);
});
