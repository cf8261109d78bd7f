/**
 * Votes (biểu quyết): open, cast, close, and the view clients see. The server's clock decides
 * (a ballot after `closes_at` is refused even if the close timer has not run yet).
 *
 * Secret ballots: the turnout row ("member X voted in vote V") and the ballot are written in
 * one transaction, the ballot only sealed by the vote's ballot box (`ballot-box.ts`, where the
 * design and its argument are), so no copy of the files links the two. The voter keeps the
 * receipt and finds it, after the close, in the published list of counted ballots (receipt
 * order). Secret ballots never enter the audit log, the logs or the applied-mutations table;
 * replay protection keeps only the request id.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { CastBallotRequest, CastBallotResponse, CountedReceipt, LiveVote, NamedBallot, OpenVoteInput } from '../../shared/live-meeting';
import { AppError } from '../../shared/errors';
import { DEFAULT_VOTE_OPTIONS, VoteOptions, VoteResult, checkBallot, evaluateQuorum, tallyVote, type VoteOption } from '../../shared/rules/voting';
import type { Db } from '../db/open';
import type { MeetingRow, UserRow } from '../db/schema';
import type { VotesTable } from './tables';
import { canSeeMeetingId, viewerOf } from '../sync/access';
import { meetingRoll, rulesFor } from './roll';
import { recordAudit } from '../audit/record-audit';
import { ballotBoxOf, type BallotBox } from './ballot-box';
import { assignNumber, registeredNumber } from '../secretariat/document-register';
import { documentSymbol } from '../../shared/document-register';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 random bits as "XXXX-XXXX-XXXX-XXXX" (Crockford base 32: no I, L, O, U to misread). */
export function newReceiptCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

async function audit(trx: Db, userId: string | null, action: string, entityId: string, before: unknown, after: unknown, at: string): Promise<void> {
  await recordAudit(trx, { userId, action, entity: 'vote', entityId, before, after, at });
}

export const optionsOf = (v: Pick<VotesTable, 'options_json'>): VoteOption[] => VoteOptions.parse(JSON.parse(v.options_json));

export async function openVote(trx: Db, user: UserRow, meeting: MeetingRow, currentItemId: string | null, input: OpenVoteInput, now: string, box?: BallotBox): Promise<string> {
  if (meeting.status === 'closed') throw new AppError('meeting_closed', 'the meeting is closed');
  const already = await trx.selectFrom('votes').select('id').where('meeting_id', '=', meeting.id).where('status', '=', 'open').executeTakeFirst();
  if (already) throw new AppError('vote_already_open', 'close the open vote first', { voteId: already.id });
  const rules = await rulesFor(trx, meeting);
  const kind = input.kind ?? rules.ballot.default;
  if (kind === 'secret' && !rules.ballot.allowSecret) throw new AppError('validation_failed', 'secret ballots are not allowed', { field: 'kind' });
  // No quorum: refused, unless the rules let the chair open it with a reason recorded with the result.
  const quorum = evaluateQuorum(await meetingRoll(trx, meeting.id), rules);
  const mayOverride = rules.quorum.openWithoutQuorum === 'chair_with_reason';
  if (!quorum.met && (!mayOverride || !input.quorumOverrideReason))
    throw new AppError('vote_no_quorum', `quorum not met: ${quorum.present}/${quorum.total} present, ${quorum.required} required`, {
      present: quorum.present,
      required: quorum.required,
      total: quorum.total,
      mayOverride,
    });
  const quorumOverrideReason = quorum.met ? null : input.quorumOverrideReason!;
  const agendaItemId = input.agendaItemId === undefined ? currentItemId : input.agendaItemId;
  if (agendaItemId) {
    const item = await trx.selectFrom('agenda_items').select('id').where('id', '=', agendaItemId).where('meeting_id', '=', meeting.id).executeTakeFirst();
    if (!item) throw new AppError('validation_failed', 'no such agenda item in this meeting', { field: 'agendaItemId' });
  }
  const id = randomUUID();
  const row: VotesTable = {
    id,
    meeting_id: meeting.id,
    agenda_item_id: agendaItemId,
    question: input.question,
    options_json: JSON.stringify(input.options ?? DEFAULT_VOTE_OPTIONS),
    kind,
    allow_change: (input.allowChange ?? rules.ballot.allowChangeBeforeClose) ? 1 : 0,
    live_count: (input.liveCount ?? rules.ballot.liveCountWhileOpen) ? 1 : 0,
    status: 'open',
    opened_by: user.id,
    opened_at: now,
    closes_at: input.durationSeconds ? new Date(Date.parse(now) + input.durationSeconds * 1000).toISOString() : null,
    closed_at: null,
    closed_by: null,
    result_json: null,
    document_id: null,
    quorum_override_reason: quorumOverrideReason,
  };
  await trx.insertInto('votes').values(row).execute();
  if (kind === 'secret') await (box ?? (await ballotBoxOf(trx))).prepare(trx, id);
  await audit(trx, user.id, 'vote.open', id, undefined, { meetingId: meeting.id, agendaItemId, question: row.question, kind, options: JSON.parse(row.options_json), closesAt: row.closes_at, ...(quorumOverrideReason ? { quorumOverride: { reason: quorumOverrideReason, present: quorum.present, required: quorum.required } } : {}) }, now);
  return id;
}

export interface CastOutcome {
  response: CastBallotResponse;
  meetingId: string;
  /** The vote's timer had run out: the caller closes it now. */
  overdue?: boolean;
}

/** One ballot, exactly once; every refusal is an AppError with a translated code. */
export async function castBallot(trx: Db, user: UserRow, voteId: string, req: CastBallotRequest, now: string, box?: BallotBox): Promise<CastOutcome> {
  const vote = await trx.selectFrom('votes').selectAll().where('id', '=', voteId).executeTakeFirst();
  if (!vote) throw new AppError('not_found', 'vote not found');
  const meeting = await trx.selectFrom('meetings').selectAll().where('id', '=', vote.meeting_id).executeTakeFirstOrThrow();
  const roll = await meetingRoll(trx, meeting.id);
  // Someone outside the meeting learns nothing about the vote (not even that it exists), unless he is a delegate in it.
  if (!(await canSeeMeetingId(trx, viewerOf(user), meeting.id)) && !roll.delegations.some((d) => d.delegateId === user.id))
    throw new AppError('not_found', 'vote not found');
  if (await trx.selectFrom('vote_requests').select('request_id').where('request_id', '=', req.requestId).executeTakeFirst())
    throw new AppError('duplicate_request', 'this request was already received', { requestId: req.requestId });
  if (vote.status !== 'open') throw new AppError('vote_closed', 'the vote is closed', { voteId });
  if (vote.closes_at && Date.parse(now) >= Date.parse(vote.closes_at)) {
    const e = new AppError('vote_closed', 'the vote closed at its deadline', { voteId, closesAt: vote.closes_at });
    (e as AppError & { overdue?: boolean }).overdue = true;
    throw e;
  }
  const options = optionsOf(vote);
  const memberId = req.memberId ?? user.id;
  const refusal = checkBallot({ memberId, castBy: user.id, optionId: req.optionId }, { ...roll, options, rules: await rulesFor(trx, meeting) });
  if (refusal === 'unknown_option') throw new AppError('validation_failed', 'no such option', { field: 'optionId' });
  if (refusal === 'not_present') throw new AppError('vote_not_present', 'check in first');
  if (refusal) throw new AppError('vote_not_eligible', `may not vote: ${refusal}`, { reason: refusal });

  let receipt: string | null = null;
  if (vote.kind === 'open') {
    const existing = await trx.selectFrom('open_ballots').selectAll().where('vote_id', '=', voteId).where('member_id', '=', memberId).executeTakeFirst();
    if (existing && !vote.allow_change) throw new AppError('already_voted', 'one ballot per member');
    if (existing)
      await trx.updateTable('open_ballots').set({ option_id: req.optionId, cast_by: user.id, cast_at: now }).where('vote_id', '=', voteId).where('member_id', '=', memberId).execute();
    else await trx.insertInto('open_ballots').values({ vote_id: voteId, member_id: memberId, cast_by: user.id, option_id: req.optionId, cast_at: now }).execute();
  } else {
    const ballots = box ?? (await ballotBoxOf(trx));
    const voted = await trx.selectFrom('vote_turnout').select('member_id').where('vote_id', '=', voteId).where('member_id', '=', memberId).executeTakeFirst();
    if (voted) {
      // A change needs the receipt of the ballot being replaced: only its holder knows it.
      if (!vote.allow_change || !req.replacesReceipt) throw new AppError('already_voted', 'one ballot per member');
      if (!(await ballots.replace(trx, voteId, { receipt: req.replacesReceipt, optionId: req.optionId })) && !(await replaceUnsealed(trx, voteId, req.replacesReceipt, req.optionId)))
        throw new AppError('validation_failed', 'unknown receipt', { field: 'replacesReceipt' });
      receipt = req.replacesReceipt;
    } else {
      receipt = newReceiptCode();
      await trx.insertInto('vote_turnout').values({ vote_id: voteId, member_id: memberId, cast_by: user.id }).execute();
      await ballots.seal(trx, voteId, { receipt, optionId: req.optionId });
    }
  }
  await trx.insertInto('vote_requests').values({ request_id: req.requestId, vote_id: voteId }).execute();
  return { response: { voteId, memberId, receipt }, meetingId: meeting.id };
}

/** A ballot of a secret vote that was open when sealing came in: stored plainly, changed in place. */
async function replaceUnsealed(trx: Db, voteId: string, receipt: string, optionId: string): Promise<boolean> {
  const r = await trx.updateTable('secret_ballots').set({ option_id: optionId }).where('vote_id', '=', voteId).where('receipt', '=', receipt).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Secret vote: opens the sealed ballots and publishes them as counted, in receipt order (random,
 * so not the order of casting); returns every counted ballot of the vote.
 */
async function countSecretBallots(trx: Db, voteId: string, box: BallotBox | undefined): Promise<{ optionId: string }[]> {
  const opened = await (box ?? (await ballotBoxOf(trx))).openAtClose(trx, voteId);
  if (opened.length) await trx.insertInto('secret_ballots').values(opened.map((b) => ({ vote_id: voteId, receipt: b.receipt, option_id: b.optionId }))).execute();
  return (await trx.selectFrom('secret_ballots').select('option_id').where('vote_id', '=', voteId).orderBy('receipt').execute()).map((b) => ({ optionId: b.option_id }));
}

/** Closes an open vote: tally with attendance at this moment, result immutable from now on. */
export async function closeVote(trx: Db, voteId: string, closedBy: string | null, now: string, box?: BallotBox): Promise<{ meetingId: string; result: VoteResult } | null> {
  const vote = await trx.selectFrom('votes').selectAll().where('id', '=', voteId).executeTakeFirst();
  if (!vote || vote.status !== 'open') return null;
  const meeting = await trx.selectFrom('meetings').selectAll().where('id', '=', vote.meeting_id).executeTakeFirstOrThrow();
  const roll = await meetingRoll(trx, meeting.id);
  const options = optionsOf(vote);
  const secret = vote.kind === 'secret';
  const ballots = secret
    ? await countSecretBallots(trx, voteId, box)
    : (await trx.selectFrom('open_ballots').selectAll().where('vote_id', '=', voteId).orderBy('cast_at').execute()).map((b) => ({ optionId: b.option_id, memberId: b.member_id, castBy: b.cast_by }));
  const turnout = secret ? (await trx.selectFrom('vote_turnout').selectAll().where('vote_id', '=', voteId).execute()).map((t) => ({ memberId: t.member_id, castBy: t.cast_by })) : undefined;
  const result = tallyVote({ ...roll, kind: secret ? 'secret' : 'open', options, ballots, turnout, chairId: meeting.chair_id, rules: await rulesFor(trx, meeting) });
  await trx
    .updateTable('votes')
    .set({ status: 'closed', closed_at: now, closed_by: closedBy, result_json: JSON.stringify(result) })
    .where('id', '=', voteId)
    .where('status', '=', 'open')
    .execute();
  await audit(trx, closedBy, 'vote.close', voteId, undefined, {
    meetingId: meeting.id,
    question: vote.question,
    kind: vote.kind,
    outcome: result.outcome,
    counts: result.counts.map((c) => ({ optionId: c.optionId, count: c.count })),
    quorum: result.quorum,
    // Open votes are named; a secret vote's audit holds only the turnout count.
    ...(secret ? { voters: turnout!.length } : { ballots }),
    byTimer: closedBy === null,
  }, now);
  // The close issues the result: it takes its number in the register now, with the count.
  await assignNumber(trx, { orgId: meeting.org_id, type: 'KQ', subject: { kind: 'vote', id: voteId }, now, userId: closedBy });
  return { meetingId: meeting.id, result };
}

/** The vote as every participant sees it (nothing of a secret vote beyond turnout and counted receipts). */
export async function voteView(db: Db, v: VotesTable): Promise<LiveVote> {
  const secret = v.kind === 'secret';
  const closed = v.status === 'closed';
  const turnout = secret
    ? (await db.selectFrom('vote_turnout').select('member_id').where('vote_id', '=', v.id).execute()).map((r) => r.member_id)
    : (await db.selectFrom('open_ballots').select('member_id').where('vote_id', '=', v.id).orderBy('member_id').execute()).map((r) => r.member_id);
  const result = v.result_json ? VoteResult.parse(JSON.parse(v.result_json)) : null;
  let counts: LiveVote['counts'] = null;
  let namedBallots: NamedBallot[] | null = null;
  let receipts: CountedReceipt[] | null = null;
  if (closed && result) counts = result.counts.map((c) => ({ optionId: c.optionId, count: c.count }));
  else if (!secret && v.live_count) {
    const rows = await db.selectFrom('open_ballots').select(['option_id', (eb) => eb.fn.countAll<number>().as('n')]).where('vote_id', '=', v.id).groupBy('option_id').execute();
    const by = new Map(rows.map((r) => [r.option_id, Number(r.n)]));
    counts = optionsOf(v).map((o) => ({ optionId: o.id, count: by.get(o.id) ?? 0 }));
  }
  if (closed && !secret)
    namedBallots = (await db.selectFrom('open_ballots').select(['member_id', 'cast_by', 'option_id']).where('vote_id', '=', v.id).orderBy('member_id').execute()).map((b) => ({
      memberId: b.member_id,
      castBy: b.cast_by,
      optionId: b.option_id,
    }));
  if (closed && secret)
    receipts = (await db.selectFrom('secret_ballots').select(['receipt', 'option_id']).where('vote_id', '=', v.id).orderBy('receipt').execute()).map((b) => ({ receipt: b.receipt, optionId: b.option_id }));
  return {
    id: v.id,
    agendaItemId: v.agenda_item_id,
    question: v.question,
    options: optionsOf(v),
    kind: secret ? 'secret' : 'open',
    allowChange: v.allow_change === 1,
    liveCount: v.live_count === 1,
    status: closed ? 'closed' : 'open',
    openedAt: v.opened_at,
    closesAt: v.closes_at,
    closedAt: v.closed_at,
    turnout: [...turnout].sort(),
    counts,
    result,
    namedBallots,
    receipts,
    documentId: v.document_id,
    quorumOverrideReason: v.quorum_override_reason ?? null,
    documentNumber: closed ? await registeredSymbol(db, v.id) : null,
  };
}

async function registeredSymbol(db: Db, voteId: string): Promise<string | null> {
  const n = await registeredNumber(db, 'KQ', { kind: 'vote', id: voteId });
  return n ? documentSymbol(n) : null;
}
