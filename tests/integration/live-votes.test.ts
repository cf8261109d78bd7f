/**
 * Live meeting and votes against a real server (SQLite file or PostgreSQL, real sockets): concurrent ballots,
 * exactly-once, refusals with translated messages, the secret-ballot storage, reconnects, a
 * restart, the speaker queue, the result PDF and the minutes.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveMeetingState } from '../../shared/live-meeting';
import { LIVE_MEETING_PATHS } from '../../shared/live-meeting';
import { tool } from '../helpers/tool';
import { call, DIALECTS, pushOk, startTestServer, type TestServer } from '../server/helpers';
import { ballot, command, seedLiveCommittee, StateWatcher } from './helpers/live-committee';

const servers: TestServer[] = [];
const watchers: StateWatcher[] = [];
afterEach(async () => {
  for (const w of watchers.splice(0)) w.close();
  for (const s of servers.splice(0)) await s.stop();
});

async function serverOn(opts: Parameters<typeof startTestServer>[0] = {}) {
  // 30+ sign-ins from one address in a few seconds: lift the login rate limit for the test.
  const s = await startTestServer({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, ...opts });
  servers.push(s);
  return s;
}

function watch(s: TestServer, token: string, meetingId: string) {
  const w = new StateWatcher(s.url, token, meetingId);
  watchers.push(w);
  return w;
}

async function openVote(s: TestServer, token: string, meetingId: string, vote: Record<string, unknown>): Promise<LiveMeetingState> {
  const r = await command(s, token, meetingId, { type: 'vote.open', vote: { question: 'Thông qua Tờ trình về dự toán ngân sách năm 2027?', ...vote } as never });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function pdfText(s: TestServer, sha256: string): Promise<string> {
  const file = join(s.dataDir, 'blobs', sha256.slice(0, 2), sha256);
  return (await tool('pdftotext', ['-layout', file, '-'])).toString('utf8');
}

/** The stored rows of a table, read directly as someone with the database would. */
const rowsOf = async (s: TestServer, table: string, voteId?: string) =>
  (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ${voteId ? sql`WHERE vote_id = ${voteId}` : sql``}`.execute(s.db)).rows;

async function columnsOf(s: TestServer, table: string): Promise<string[]> {
  const { rows } =
    s.dialect === 'postgres'
      ? await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`.execute(s.db)
      : await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(s.db);
  return rows.map((r) => r.name).sort();
}

describe.each(DIALECTS)('votes on the live channel (%s)', (dialect) => {
  const server = (opts: Parameters<typeof startTestServer>[0] = {}) => serverOn({ dialect, ...opts });
  it('30 members vote at once on an open vote: the tally is exact and every watcher sees it', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 30);
    const chairWatch = watch(s, c.chair.token, c.meetingId);
    const memberWatch = watch(s, c.members[0].token, c.meetingId);
    await Promise.all([chairWatch.opened, memberWatch.opened]);
    const opened = await openVote(s, c.chair.token, c.meetingId, {});
    const voteId = opened.vote!.id;
    expect(opened.vote).toMatchObject({ status: 'open', kind: 'open', turnout: [] });

    // 18 agree, 8 disagree, 4 abstain, all at once; the chair agrees too (19 of 31).
    const choice = (i: number) => (i < 18 ? 'agree' : i < 26 ? 'disagree' : 'abstain');
    const replies = await Promise.all([
      ...c.members.map((m, i) => ballot(s, m.token, voteId, { optionId: choice(i) })),
      ballot(s, c.chair.token, voteId, { optionId: 'agree' }),
    ]);
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    expect(replies.every((r) => r.body.receipt === null)).toBe(true);
    // Live count while open (the default rules show it).
    const live = await memberWatch.until((st) => st.vote?.turnout.length === 31);
    expect(live.vote!.counts).toEqual([
      { optionId: 'agree', count: 19 },
      { optionId: 'disagree', count: 8 },
      { optionId: 'abstain', count: 4 },
    ]);
    expect(live.vote!.namedBallots).toBeNull();

    const closed = await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId });
    expect(closed.status).toBe(200);
    const result = closed.body.vote!.result!;
    expect(result.outcome).toBe('passed');
    expect(result.counts.map((x) => x.count)).toEqual([19, 8, 4]);
    expect(result.quorum).toMatchObject({ met: true, present: 31, total: 31 });
    // Everyone sees the same result and, for an open vote, who voted what.
    const seenByMember = await memberWatch.until((st) => st.vote?.status === 'closed' && st.vote.documentId !== null);
    const seenByChair = await chairWatch.until((st) => st.vote?.status === 'closed' && st.vote.documentId !== null);
    expect(seenByMember.vote!.result).toEqual(result);
    expect(seenByChair.vote!.result).toEqual(result);
    expect(seenByMember.vote!.namedBallots).toHaveLength(31);
    expect(seenByMember.vote!.namedBallots!.find((b) => b.memberId === c.members[20].id)?.optionId).toBe('disagree');

    // Immutable once closed: a late ballot is refused with a translated message.
    const late = await ballot(s, c.members[0].token, voteId, { optionId: 'disagree' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('vote_closed');
    expect(late.body.error.message).toContain('Cuộc biểu quyết đã kết thúc');
    const again = await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId });
    expect(again.body.error.code).toBe('vote_closed');
    const stored = await s.db.selectFrom('votes').select('result_json').where('id', '=', voteId).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.result_json!)).toEqual(result);

    // Recorded in the audit log, and exported as a Vietnamese PDF with the named list.
    const audit = await s.db.selectFrom('audit_log').selectAll().where('entity_id', '=', voteId).execute();
    // The close also gave the result its number in the register of outgoing documents.
    expect(audit.map((a) => a.action).sort()).toEqual(['documentRegister.assign', 'vote.close', 'vote.open']);
    const doc = await s.db.selectFrom('documents').selectAll().where('id', '=', seenByMember.vote!.documentId!).executeTakeFirstOrThrow();
    expect(doc.meeting_id).toBe(c.meetingId);
    const text = await pdfText(s, doc.sha256);
    expect(text).toContain('KẾT QUẢ BIỂU QUYẾT');
    expect(text).toContain('THÔNG QUA');
    expect(text).toContain('DANH SÁCH BIỂU QUYẾT');
    expect(text).toContain(c.members[20].fullName);
    expect(text).toContain('Không đồng ý');
  });

  it('refuses replayed requests, second ballots, non-participants, absent members and unknown options', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 4);
    // Member 3 is recorded absent.
    await pushOk(s.url, c.secretary.token, { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: c.members[3].participantId, attendance: 'absent' } });
    const voteId = (await openVote(s, c.chair.token, c.meetingId, {})).vote!.id;
    const requestId = randomUUID();
    const first = await ballot(s, c.members[0].token, voteId, { optionId: 'agree', requestId });
    expect(first.status).toBe(200);
    const replay = await ballot(s, c.members[0].token, voteId, { optionId: 'agree', requestId });
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('duplicate_request');
    const second = await ballot(s, c.members[0].token, voteId, { optionId: 'disagree' });
    expect(second.body.error.code).toBe('already_voted');
    const en = await call(s.url, 'POST', LIVE_MEETING_PATHS.ballots(voteId), { token: c.members[0].token, body: { requestId: randomUUID(), optionId: 'disagree' }, headers: { 'accept-language': 'en' } });
    expect(en.body.error.message).toBe('You have already voted; each member votes once.');
    expect((await ballot(s, c.outsider.token, voteId, { optionId: 'agree' })).status).toBe(404);
    const absent = await ballot(s, c.members[3].token, voteId, { optionId: 'agree' });
    expect(absent.body.error.code).toBe('vote_not_present');
    const secretary = await ballot(s, c.secretary.token, voteId, { optionId: 'agree' });
    expect(secretary.body.error.code).toBe('vote_not_eligible');
    expect((await ballot(s, c.members[1].token, voteId, { optionId: 'maybe' })).body.error.code).toBe('validation_failed');
    // Voting for someone who did not delegate to you.
    expect((await ballot(s, c.members[1].token, voteId, { optionId: 'agree', memberId: c.members[2].id })).body.error.code).toBe('vote_not_eligible');
    // Members may not run the meeting.
    expect((await command(s, c.members[1].token, c.meetingId, { type: 'vote.close', voteId })).body.error.code).toBe('forbidden');
    // A second vote cannot open while one is open.
    expect((await command(s, c.chair.token, c.meetingId, { type: 'vote.open', vote: { question: 'Khác?' } })).body.error.code).toBe('vote_already_open');
    const state = (await call<LiveMeetingState>(s.url, 'GET', LIVE_MEETING_PATHS.state(c.meetingId), { token: c.members[0].token })).body;
    expect(state.vote!.turnout).toEqual([c.members[0].id]);
    expect((await call(s.url, 'GET', LIVE_MEETING_PATHS.state(c.meetingId), { token: c.outsider.token })).status).toBe(404);
  });

  it('a delegate votes in place of the absent member who delegated; a change before close when the vote allows it', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 4);
    const [a, b, , d] = c.members;
    // Member d is absent and delegated to member a (recorded by the secretariat).
    await pushOk(
      s.url,
      c.secretary.token,
      { id: randomUUID(), kind: 'participant.upsert', args: { id: d.participantId, meetingId: c.meetingId, userId: d.id, role: 'member', delegateUserId: a.id, delegateName: a.fullName } },
      { id: randomUUID(), kind: 'participant.setAttendance', args: { participantId: d.participantId, attendance: 'absent' } },
    );
    const voteId = (await openVote(s, c.chair.token, c.meetingId, { allowChange: true })).vote!.id;
    expect((await ballot(s, a.token, voteId, { optionId: 'agree', memberId: d.id })).status).toBe(200);
    expect((await ballot(s, b.token, voteId, { optionId: 'agree' })).status).toBe(200);
    expect((await ballot(s, b.token, voteId, { optionId: 'disagree' })).status).toBe(200);
    const closed = await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId });
    const v = closed.body.vote!;
    expect(v.namedBallots).toContainEqual({ memberId: d.id, castBy: a.id, optionId: 'agree' });
    expect(v.namedBallots).toContainEqual({ memberId: b.id, castBy: b.id, optionId: 'disagree' });
    expect(v.result!.castByDelegate).toBe(1);
  });

  it("secret ballot: the stored ballots cannot be joined back to voters, and each voter finds his receipt in the published list", async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 30);
    const voteId = (await openVote(s, c.chair.token, c.meetingId, { kind: 'secret' })).vote!.id;
    const choice = (i: number) => (i % 3 === 0 ? 'disagree' : 'agree');
    const replies = await Promise.all(c.members.map((m, i) => ballot(s, m.token, voteId, { optionId: choice(i) })));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const receipts = replies.map((r) => r.body.receipt as string);
    expect(new Set(receipts).size).toBe(30);

    // While open: who voted is shown, what was chosen is not (no running count for secret votes).
    const open = (await call<LiveMeetingState>(s.url, 'GET', LIVE_MEETING_PATHS.state(c.meetingId), { token: c.members[0].token })).body;
    expect(open.vote!.turnout).toHaveLength(30);
    expect(open.vote!.counts).toBeNull();
    expect(open.vote!.receipts).toBeNull();

    // Inspect the stored rows directly, as someone with the database would.
    expect(await columnsOf(s, 'sealed_ballots')).toEqual(['sealed', 'slot', 'vote_id']);
    expect(await columnsOf(s, 'ballot_keys')).toEqual(['vote_id', 'wrapped']);
    expect(await columnsOf(s, 'vote_turnout')).toEqual(['cast_by', 'member_id', 'vote_id']);
    expect(await columnsOf(s, 'vote_requests')).toEqual(['request_id', 'vote_id']);
    if (s.dialect === 'sqlite') {
      // No hidden rowid recording insertion order anywhere a ballot or a voter is (the file itself).
      const raw = new BetterSqlite3(join(s.dataDir, 'ecabinet.sqlite'), { readonly: true });
      try {
        for (const t of ['sealed_ballots', 'ballot_keys', 'secret_ballots', 'vote_turnout', 'vote_requests']) {
          expect(() => raw.prepare(`SELECT rowid FROM ${t}`).all(), t).toThrow(/no such column/);
          expect((raw.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(t) as { sql: string }).sql).toMatch(/WITHOUT ROWID/);
        }
        // Turnout is stored in member-id order, not casting order (PostgreSQL's heap keeps casting
        // order: there only the seals, not their order, protect the choice).
        const turnoutRows = raw.prepare('SELECT * FROM vote_turnout WHERE vote_id = ?').all(voteId) as { member_id: string }[];
        expect(turnoutRows.map((r) => r.member_id)).toEqual([...turnoutRows.map((r) => r.member_id)].sort());
      } finally {
        raw.close();
      }
    }
    // While the vote is open, ballots exist only sealed: one seal per voter, all of one length.
    expect(await rowsOf(s, 'secret_ballots', voteId)).toEqual([]);
    const ballotRows = (await rowsOf(s, 'sealed_ballots', voteId)) as { slot: Buffer; sealed: Buffer }[];
    expect(ballotRows).toHaveLength(30);
    expect(new Set(ballotRows.map((r) => r.sealed.length)).size).toBe(1);
    for (const r of ballotRows) for (const receipt of receipts) expect(r.sealed.includes(receipt) || r.slot.includes(receipt)).toBe(false);
    // Nothing anywhere else ties a user to a receipt or a secret choice.
    const everywhere = JSON.stringify(await Promise.all(['audit_log', 'applied_mutations', 'change_log', 'vote_turnout', 'vote_requests'].map((t) => rowsOf(s, t))));
    for (const receipt of receipts) expect(everywhere).not.toContain(receipt);

    const closed = (await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId })).body.vote!;
    expect(closed.result!.counts.find((x) => x.optionId === 'agree')!.count).toBe(20);
    expect(closed.result!.counts.find((x) => x.optionId === 'disagree')!.count).toBe(10);
    expect(closed.namedBallots).toBeNull();
    // Each voter confirms his ballot is in the published list of counted ballots, with his choice.
    for (const [i, receipt] of receipts.entries()) expect(closed.receipts).toContainEqual({ receipt, optionId: choice(i) });
    // The seals and the vote's ballot key are gone once the ballots are counted.
    expect(await s.db.selectFrom('sealed_ballots').select('slot').where('vote_id', '=', voteId).execute()).toEqual([]);
    expect(await s.db.selectFrom('ballot_keys').select('vote_id').where('vote_id', '=', voteId).execute()).toEqual([]);
    if (s.dialect === 'postgres') {
      // PostgreSQL's heap keeps insertion order: the counted list went in at the close, in receipt
      // order, in one transaction (one xmin), so neither its tuples' places nor their xmin follow the casting.
      const heap = (await sql<{ receipt: string; xmin: string }>`SELECT receipt, xmin::text AS xmin FROM secret_ballots WHERE vote_id = ${voteId} ORDER BY ctid`.execute(s.db)).rows;
      expect(heap.map((r) => r.receipt)).toEqual([...receipts].sort());
      expect(new Set(heap.map((r) => r.xmin)).size).toBe(1);
    }
    const audit = await s.db.selectFrom('audit_log').select('after_json').where('entity_id', '=', voteId).where('action', '=', 'vote.close').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ voters: 30 });
    expect(audit.after_json).not.toContain(c.members[0].id);
  });

  it('a client that drops mid-vote gets the current state at once when it reconnects', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 6);
    const voteId = (await openVote(s, c.chair.token, c.meetingId, {})).vote!.id;
    const first = watch(s, c.members[5].token, c.meetingId);
    await first.until((st) => st.vote?.id === voteId);
    first.close();
    // While it is away: four ballots and a move to the next item.
    for (const m of c.members.slice(0, 4)) expect((await ballot(s, m.token, voteId, { optionId: 'agree' })).status).toBe(200);
    expect((await command(s, c.chair.token, c.meetingId, { type: 'item.next' })).status).toBe(200);
    const again = watch(s, c.members[5].token, c.meetingId);
    await again.opened;
    const st = await again.until(() => true);
    expect(again.messages).toBe(1);
    expect(st.vote!.turnout).toHaveLength(4);
    expect(st.currentItemId).toBe(c.items[1]);
  });
});

describe('timers, restarts and the speaker queue', () => {
  const server = serverOn;
  it("closes a vote by the server's clock, refuses ballots after it, and keeps the meeting state across a restart", async () => {
    let clock = Date.parse('2026-11-23T02:00:00.000Z');
    const now = () => new Date(clock);
    const s = await server({ now });
    const c = await seedLiveCommittee(s, 4);
    await command(s, c.chair.token, c.meetingId, { type: 'item.goto', agendaItemId: c.items[2] });
    const voteId = (await openVote(s, c.chair.token, c.meetingId, { durationSeconds: 60 })).vote!.id;
    expect((await ballot(s, c.members[0].token, voteId, { optionId: 'agree' })).status).toBe(200);

    // Restart on the same data: the current item and the open vote are still there.
    await s.close();
    const s2 = await startTestServer({ dataDir: s.dataDir, now, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    servers.splice(servers.indexOf(s), 1, s2);
    const state = (await call<LiveMeetingState>(s2.url, 'GET', LIVE_MEETING_PATHS.state(c.meetingId), { token: c.members[1].token })).body;
    expect(state.currentItemId).toBe(c.items[2]);
    expect(state.vote).toMatchObject({ id: voteId, status: 'open', turnout: [c.members[0].id] });
    expect(state.vote!.closesAt).toBe('2026-11-23T02:01:00.000Z');

    // 61 seconds later by the server's clock: refused even before any timer ran, and closed.
    clock += 61_000;
    const late = await ballot(s2, c.members[1].token, voteId, { optionId: 'agree' });
    expect(late.body.error.code).toBe('vote_closed');
    const after = (await call<LiveMeetingState>(s2.url, 'GET', LIVE_MEETING_PATHS.state(c.meetingId), { token: c.members[1].token })).body;
    expect(after.vote).toMatchObject({ status: 'closed', closedAt: '2026-11-23T02:01:01.000Z' });
    expect(after.vote!.result!.counts.find((x) => x.optionId === 'agree')!.count).toBe(1);
  });

  it('the timer closes the vote by itself (server-side) and everyone sees the result', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 3);
    const w = watch(s, c.members[2].token, c.meetingId);
    const voteId = (await openVote(s, c.chair.token, c.meetingId, { durationSeconds: 10 })).vote!.id;
    for (const m of c.members) await ballot(s, m.token, voteId, { optionId: 'agree' });
    // Nobody closes it: the server's own timer does, 10 s after opening.
    const started = Date.now();
    const closed = w.until((st) => st.vote?.status === 'closed', 20_000);
    await closed;
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await closed).vote!.result!.outcome).toBe('passed');
  });

  it('speaker queue: members ask to speak, the chair grants, reorders and removes; a timer everyone sees', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 4);
    const [a, b, d] = c.members;
    const w = watch(s, b.token, c.meetingId);
    for (const m of [a, b, d]) expect((await command(s, m.token, c.meetingId, { type: 'speaker.request' })).status).toBe(200);
    // Asking twice keeps one place.
    await command(s, a.token, c.meetingId, { type: 'speaker.request' });
    let st = (await command(s, c.chair.token, c.meetingId, { type: 'speaker.setDefault', seconds: 300 })).body;
    expect(st.speakers.map((x) => x.userId)).toEqual([a.id, b.id, d.id]);
    expect(st.speakers.every((x) => x.agendaItemId === c.items[0] && x.status === 'waiting')).toBe(true);
    // Members cannot grant.
    expect((await command(s, a.token, c.meetingId, { type: 'speaker.grant', requestId: st.speakers[0].id })).body.error.code).toBe('forbidden');
    st = (await command(s, c.chair.token, c.meetingId, { type: 'speaker.move', requestId: st.speakers[2].id, toIndex: 0 })).body;
    expect(st.speakers.map((x) => x.userId)).toEqual([d.id, a.id, b.id]);
    st = (await command(s, c.chair.token, c.meetingId, { type: 'speaker.grant', requestId: st.speakers[0].id })).body;
    expect(st.speakers[0]).toMatchObject({ userId: d.id, status: 'speaking', durationSeconds: 600 });
    expect(Date.parse(st.speakers[0].startedAt!)).toBeLessThanOrEqual(Date.parse(st.serverTime));
    st = (await command(s, c.chair.token, c.meetingId, { type: 'speaker.remove', requestId: st.speakers[1].id })).body;
    expect(st.speakers.map((x) => x.userId)).toEqual([d.id, b.id]);
    // A new request gets the configured default (5 minutes).
    st = (await command(s, c.members[3].token, c.meetingId, { type: 'speaker.request' })).body;
    expect(st.speakers.at(-1)).toMatchObject({ userId: c.members[3].id, durationSeconds: 300 });
    // The watcher's state once it has the new request (an earlier frame also held three: d, a and b waiting).
    const seen = await w.until((x) => x.speakers.some((sp) => sp.userId === c.members[3].id));
    expect(seen.speakers).toHaveLength(3);
    expect(seen.speakers[0]).toMatchObject({ userId: d.id, status: 'speaking' });
    // The chair moves on clearing the list: the speaker's turn ends, the next item has its own (empty) queue.
    st = (await command(s, c.chair.token, c.meetingId, { type: 'item.next', speakers: 'clear' })).body;
    expect(st.currentItemId).toBe(c.items[1]);
    expect(st.speakers).toEqual([]);
  });

  it('vote results go into the minutes PDF (their vote section)', async () => {
    const s = await server();
    const c = await seedLiveCommittee(s, 3);
    const voteId = (await openVote(s, c.chair.token, c.meetingId, { question: 'Thông qua Đề án chỉnh trang đô thị?' })).vote!.id;
    for (const m of c.members) await ballot(s, m.token, voteId, { optionId: 'agree' });
    await command(s, c.chair.token, c.meetingId, { type: 'vote.close', voteId });
    await pushOk(
      s.url,
      c.secretary.token,
      { id: randomUUID(), kind: 'minutes.save', args: { id: randomUUID(), meetingId: c.meetingId, body: 'Cuộc họp diễn ra theo chương trình.', conclusions: '' } },
      { id: randomUUID(), kind: 'minutes.exportPdf', args: { meetingId: c.meetingId } },
    );
    const minutes = await s.db.selectFrom('minutes').select('document_id').where('meeting_id', '=', c.meetingId).executeTakeFirstOrThrow();
    const doc = await s.db.selectFrom('documents').select('sha256').where('id', '=', minutes.document_id!).executeTakeFirstOrThrow();
    const text = await pdfText(s, doc.sha256);
    expect(text).toContain('KẾT QUẢ BIỂU QUYẾT');
    expect(text).toContain('Đề án chỉnh trang đô thị');
    expect(text).toMatch(/Thông\s+qua/);
  });
});
