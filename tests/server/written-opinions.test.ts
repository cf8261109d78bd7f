/**
 * Written opinions between meetings (phiếu lấy ý kiến) against a real server whose clock the
 * test moves: sending reaches each member by live poke and pull, answers are applied once, a
 * late answer is refused by the server's clock, the reminder tick reminds non-answerers exactly
 * once, and at the deadline the summary applies silence-as-consent (on and off) and stores a
 * Vietnamese PDF the recipients can download (checked with pdftotext).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveMessage, type MutationInput, type PushResponse } from '../../shared/api';
import type { OpinionRequest } from '../../shared/written-opinions';
import { FsBlobStore } from '../../server/blobs/fs-store';
import { runOpinionTick, reminderDue } from '../../server/written-opinions/scheduler';
import { renderOpinionSummaryPdf } from '../../server/written-opinions/summary-pdf';
import { tool } from '../helpers/tool';
import { waitFor } from '../helpers/wait-for';
import { call, makePdf, pullAll, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

type Committee = Awaited<ReturnType<typeof seedCommittee>>;

// Monday 23 Nov 2026, 09:00 in Vietnam: 5 working days → Monday 30 Nov, 23:59:59.999 (Vietnam).
const SENT = new Date('2026-11-23T02:00:00.000Z');
const DEADLINE = '2026-11-30T16:59:59.999Z';
const clock = { now: SENT };

async function requestsOf(s: TestServer, token: string): Promise<OpinionRequest[]> {
  const { changes } = await pullAll(s.url, token);
  return changes.flatMap((c) => (c.entity === 'opinionRequest' && c.op === 'upsert' ? [c.data] : []));
}

describe('written opinions on the server', () => {
  let s: TestServer;
  let c: Committee;
  let blobs: FsBlobStore;

  beforeAll(async () => {
    s = await startTestServer({ now: () => clock.now, accessTokenTtlSeconds: 60 * 24 * 3600, opinionTickMs: 3_600_000 });
    c = await seedCommittee(s);
    blobs = new FsBlobStore(join(s.dataDir, 'blobs'), s.dataDir);
    await blobs.init();
  });
  afterAll(async () => s?.stop());

  const send = (id: string, extra: Partial<Extract<MutationInput, { kind: 'opinionRequest.send' }>['args']> = {}): MutationInput => ({
    id: randomUUID(),
    kind: 'opinionRequest.send',
    args: { id, title: 'Điều chỉnh dự toán ngân sách', question: 'Đồng ý điều chỉnh dự toán theo tờ trình của Sở Tài chính?', instructedBy: c.users.chutich.id, ...extra },
  });
  const answer = (requestId: string, a: 'agree' | 'disagree' | 'other', comment = ''): MutationInput => ({
    id: randomUUID(),
    kind: 'opinion.answer',
    args: { requestId, answer: a, comment },
  });

  it('refuses a request not sent by the secretariat or not instructed by a chair', async () => {
    const byMember = await call<PushResponse>(s.url, 'POST', '/api/sync/push', { token: c.users.an.token, body: { mutations: [send(randomUUID())] } });
    expect(byMember.body.results[0].error?.code).toBe('forbidden');
    const noChair = await call<PushResponse>(s.url, 'POST', '/api/sync/push', {
      token: c.users.thuky.token,
      body: { mutations: [send(randomUUID(), { instructedBy: c.users.an.id })] },
    });
    expect(noChair.body.results[0].error?.code).toBe('validation_failed');
  });

  const reqSilence = randomUUID();
  const reqStrict = randomUUID();
  const extraPdf = makePdf('Phu luc du toan');

  it('sends to every member (default deadline: 5 working days), who gets a poke and the request with its documents', async () => {
    const ws = new WebSocket(s.url.replace(/^http/, 'ws') + '/api/live', { headers: { authorization: `Bearer ${c.users.chi.token}` } });
    const messages: LiveMessage[] = [];
    ws.on('message', (d) => messages.push(LiveMessage.parse(JSON.parse(String(d)))));
    await new Promise((r) => ws.once('open', r));
    await waitFor(() => messages.some((m) => m.type === 'hello'));

    const pdf = await extraPdf;
    expect((await uploadPdf(s.url, c.users.thuky.token, pdf)).status).toBe(201);
    await pushOk(
      s.url,
      c.users.thuky.token,
      send(reqSilence, { meetingId: c.meetingA, attachments: [{ documentId: c.docA }, { sha256: sha256Hex(pdf), fileName: 'phu-luc.pdf', title: 'Phụ lục dự toán' }] }),
    );
    // "chi" takes part in no meeting, yet is asked (every member of the committee) and poked privately.
    await waitFor(() => messages.some((m) => m.type === 'poke' && m.scope === `user:${c.users.chi.id}`));
    ws.close();

    const [mine] = await requestsOf(s, c.users.chi.token);
    expect(mine).toMatchObject({ id: reqSilence, deadline: DEADLINE, silenceAsConsent: true, status: 'open', recipientCount: 4, instructedBy: c.users.chutich.id });
    // Chair "chutich" and members an, binh, chi; the secretary is not asked. A member sees only his own row.
    expect(mine.recipients.map((r) => r.userId)).toEqual([c.users.chi.id]);
    expect(mine.attachments.map((a) => a.title)).toEqual(['Tờ trình', 'Phụ lục dự toán']);
    // He may read both documents, though he takes part in no meeting.
    for (const a of mine.attachments) expect((await call(s.url, 'GET', `/api/blobs/${a.sha256}`, { token: c.users.chi.token })).status).toBe(200);

    const [all] = await requestsOf(s, c.users.thuky.token);
    expect(all.recipients.map((r) => r.userId).sort()).toEqual([c.users.an.id, c.users.binh.id, c.users.chi.id, c.users.chutich.id].sort());
    // The instructing chair (a chair is asked too) follows every answer.
    const [theirs] = await requestsOf(s, c.users.chutich.token);
    expect(theirs.recipients).toHaveLength(4);
  });

  it('applies an answer exactly once; a resend answers "duplicate"', async () => {
    const m = answer(reqSilence, 'disagree', 'Cần làm rõ nguồn vốn');
    await pushOk(s.url, c.users.an.token, m);
    const again = await pushOk(s.url, c.users.an.token, m);
    expect(again.results[0]).toMatchObject({ status: 'applied', duplicate: true });
    const [r] = await requestsOf(s, c.users.an.token);
    expect(r.recipients).toEqual([expect.objectContaining({ userId: c.users.an.id, answer: 'disagree', comment: 'Cần làm rõ nguồn vốn' })]);
    expect(r.answeredCount).toBe(1);
    // Somebody not asked cannot answer (and does not learn that the request exists).
    const other = await pushOk(s.url, c.users.thuky.token, send(reqStrict, { silenceAsConsent: false, recipientIds: [c.users.an.id, c.users.binh.id] }));
    expect(other.results[0].status).toBe('applied');
    const chi = await call<PushResponse>(s.url, 'POST', '/api/sync/push', { token: c.users.chi.token, body: { mutations: [answer(reqStrict, 'agree')] } });
    expect(chi.body.results[0].error?.code).toBe('not_found');
    expect((await requestsOf(s, c.users.chi.token)).map((r) => r.id)).toEqual([reqSilence]);
  });

  it('reminds each member who has not answered exactly once, one working day before the deadline', async () => {
    await pushOk(s.url, c.users.binh.token, answer(reqStrict, 'agree'));
    // Friday 27 Nov: 1 working day (Monday) left? No: Friday → Monday is the next working day, the last one.
    expect(reminderDue({ status: 'open', deadline: DEADLINE }, new Date('2026-11-26T03:00:00Z'))).toBe(false); // Thursday
    expect(reminderDue({ status: 'open', deadline: DEADLINE }, new Date('2026-11-27T03:00:00Z'))).toBe(true); // Friday
    expect(await runOpinionTick(s.db, blobs, new Date('2026-11-26T03:00:00Z'))).toEqual([]);

    const friday = new Date('2026-11-27T03:00:00Z');
    const first = await runOpinionTick(s.db, blobs, friday);
    expect(first.length).toBeGreaterThan(0);
    const again = await runOpinionTick(s.db, blobs, new Date('2026-11-27T05:00:00Z'));
    expect(again).toEqual([]);

    const [all] = (await requestsOf(s, c.users.thuky.token)).filter((r) => r.id === reqSilence);
    const reminded = all.recipients.filter((r) => r.remindedAt !== null).map((r) => r.userId).sort();
    // "an" answered: not reminded; the others once, at Friday's tick.
    expect(reminded).toEqual([c.users.binh.id, c.users.chi.id, c.users.chutich.id].sort());
    expect(all.recipients.find((r) => r.userId === c.users.binh.id)?.remindedAt).toBe(friday.toISOString());
    const [strict] = (await requestsOf(s, c.users.thuky.token)).filter((r) => r.id === reqStrict);
    expect(strict.recipients.find((r) => r.userId === c.users.binh.id)?.remindedAt).toBeNull(); // answered
    expect(strict.recipients.find((r) => r.userId === c.users.an.id)?.remindedAt).toBe(friday.toISOString());
    const audit = await s.db.selectFrom('audit_log').select('after_json').where('action', '=', 'opinionRequest.remind').execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses an answer that reaches the server after the deadline, with a translated message', async () => {
    clock.now = new Date('2026-12-01T01:00:00Z');
    const late = await call<PushResponse>(s.url, 'POST', '/api/sync/push', {
      token: c.users.binh.token,
      headers: { 'accept-language': 'vi' },
      body: { mutations: [answer(reqSilence, 'agree')] },
    });
    expect(late.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'opinion_deadline_passed' } });
    expect(late.body.results[0].error?.message).toContain('quá hạn');
  });

  it('at the deadline applies silence-as-consent (on) and stores a Vietnamese summary PDF', async () => {
    await runOpinionTick(s.db, blobs, clock.now);
    const [r] = (await requestsOf(s, c.users.chi.token)).filter((x) => x.id === reqSilence);
    expect(r.status).toBe('final');
    // Once final every recipient sees every answer.
    expect(r.recipients.length).toBe(r.recipientCount);
    const s1 = r.summary!;
    // an disagreed; the other members did not answer and count as agreeing.
    expect(s1.counts).toMatchObject({ agree: 0, disagree: 1, noAnswer: r.recipientCount - 1, agreeBySilence: r.recipientCount - 1 });
    expect(s1.passed).toBe(true);
    expect(s1.explanation.vi.length).toBeGreaterThan(10);

    const pdf = await call(s.url, 'GET', `/api/blobs/${r.summarySha256}`, { token: c.users.chi.token });
    expect(pdf.status).toBe(200);
    const file = join(s.dataDir, 'summary.pdf');
    writeFileSync(file, Buffer.from(await (await fetch(`${s.url}/api/blobs/${r.summarySha256}`, { headers: { authorization: `Bearer ${c.users.chi.token}` } })).arrayBuffer()));
    const text = (await tool('pdftotext', [file, '-'])).toString('utf8').normalize('NFC').replace(/\s+/g, ' ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('TỔNG HỢP KẾT QUẢ LẤY Ý KIẾN');
    expect(text).toContain('Lê Văn An: Không đồng ý (ý kiến: Cần làm rõ nguồn vốn)');
    expect(text).toContain('Đỗ Minh Chi: không trả lời — được tính là đồng ý');
    expect(text).toContain('ĐƯỢC THÔNG QUA');
    const fonts = (await tool('pdffonts', [file])).toString('utf8');
    expect(fonts).toMatch(/Liberation.*yes/);
    // Its number from the register of outgoing documents, given when it was issued at the deadline.
    const given = await s.db.selectFrom('document_register').select(['number', 'year', 'issuer_code']).where('doc_type', '=', 'BC').where('subject_kind', '=', 'opinionRequest').where('subject_id', '=', reqSilence).executeTakeFirstOrThrow();
    expect(text).toContain(`Số: ${given.number}/BC-${given.issuer_code}`);
    expect(text).not.toMatch(/Số:\s+\//);
    // The other request summarised in the same tick has a number of its own.
    const all = await s.db.selectFrom('document_register').select('number').where('doc_type', '=', 'BC').where('year', '=', given.year).execute();
    expect(all.map((x) => x.number).sort()).toEqual([1, 2]);
    // A summary not issued yet reads "Dự thảo" where the number goes.
    const draft = join(s.dataDir, 'draft.pdf');
    writeFileSync(draft, await renderOpinionSummaryPdf({ org: { name: 'Ủy ban nhân dân thành phố' }, title: 'Dự thảo', question: 'Đồng ý?', sentAt: SENT.toISOString(), deadline: SENT.toISOString(), chair: null, attachments: [], summary: s1, names: new Map(), number: null }));
    const draftText = (await tool('pdftotext', [draft, '-'])).toString('utf8').normalize('NFC');
    expect(draftText).toContain('Dự thảo');
    expect(draftText).not.toContain('Số:');
  });

  it('without silence-as-consent, no answer is not counted and the request fails', async () => {
    const [r] = (await requestsOf(s, c.users.an.token)).filter((x) => x.id === reqStrict);
    expect(r.status).toBe('final');
    // binh agreed, an said nothing: 1 of 2 is not more than half.
    expect(r.summary).toMatchObject({ passed: false, counts: { agree: 1, noAnswer: 1, agreeBySilence: 0 } });
    expect(r.summary!.members.find((m) => m.userId === c.users.an.id)).toMatchObject({ answer: null, countedAs: 'none', bySilence: false });
    // Not asked: no access to its summary.
    expect((await call(s.url, 'GET', `/api/blobs/${r.summarySha256}`, { token: c.users.chi.token })).status).not.toBe(200);
  });
});

describe('the server runs the written-opinion tick by itself', () => {
  it('summarises a request once its deadline passed, and stops the tick on close', async () => {
    const at = { now: SENT };
    const s = await startTestServer({ now: () => at.now, accessTokenTtlSeconds: 60 * 24 * 3600, opinionTickMs: 50 });
    try {
      const c = await seedCommittee(s);
      const id = randomUUID();
      await pushOk(s.url, c.users.thuky.token, {
        id: randomUUID(),
        kind: 'opinionRequest.send',
        args: { id, title: 'Lấy ý kiến', question: 'Đồng ý?', instructedBy: c.users.chutich.id, deadline: '2026-11-24T10:00:00.000Z' },
      });
      at.now = new Date('2026-11-24T10:00:01.000Z');
      const statusOf = async () => (await s.db.selectFrom('opinion_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
      await expect.poll(statusOf).toBe('final');
    } finally {
      await s.stop();
    }
  });
});
