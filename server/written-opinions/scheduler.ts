/**
 * The written-opinion clock, run by a server-side tick (startServer: setInterval, closed on
 * close; with several instances on one PostgreSQL database, one instance at a time runs it:
 * `exclusive`, server/cluster/jobs.ts): reminds, once, each recipient who has not answered when one working day is left,
 * and at the deadline applies the configured rule and stores the summary PDF. What is due is
 * decided by pure functions of an injected clock, so tests need not wait for real days.
 */
import {
  DEFAULT_DECISION_RULES,
  addWorkingDays,
  endOfVietnamDay,
  explainResult,
  summarizeWrittenOpinions,
  withRules,
  type DecisionRules,
  type WrittenAnswerChoice,
} from '../../shared/rules/voting';
import type { OpinionSummary } from '../../shared/written-opinions';
import { registerBlob, type BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import { ChangeRecorder, type LoggedChange } from '../sync/changelog';
import { logOpinionRequest } from './change-log';
import { attachmentsOf } from './attachments';
import { renderOpinionSummaryPdf } from './summary-pdf';
import { assignNumber } from '../secretariat/document-register';
import { recordAudit } from '../audit/record-audit';
import { loadDecisionRules } from '../rules/decision-rules';

/** Default tick interval of the server. */
export const OPINION_TICK_MS = 60_000;

/**
 * Whether a reminder is due now: the request is open, the deadline not passed, and the end of
 * the next working day reaches the deadline (i.e. one working day or less is left).
 */
export function reminderDue(r: { status: string; deadline: string }, now: Date, rules: Pick<DecisionRules, 'holidays'> = DEFAULT_DECISION_RULES): boolean {
  if (r.status !== 'open') return false;
  const deadline = Date.parse(r.deadline);
  if (now.getTime() > deadline) return false;
  return endOfVietnamDay(addWorkingDays(now, 1, rules.holidays)).getTime() >= deadline;
}

/** Whether the request should be closed and summarised now (the server's clock passed its deadline). */
export const finalDue = (r: { status: string; deadline: string }, now: Date): boolean => r.status === 'open' && now.getTime() > Date.parse(r.deadline);

/** The summary of a request at `now`, with the request's own silence-as-consent setting. */
export function summaryOf(
  r: { deadline: string; silenceAsConsent: boolean },
  members: readonly string[],
  answers: readonly { userId: string; answer: WrittenAnswerChoice; comment: string; answeredAt: string }[],
  now: Date,
  base: DecisionRules = DEFAULT_DECISION_RULES,
): OpinionSummary {
  const rules = withRules({ writtenOpinions: { silenceAsConsent: r.silenceAsConsent } }, base);
  const s = summarizeWrittenOpinions({
    answers: answers.map((a) => ({ memberId: a.userId, answer: a.answer, answeredAt: a.answeredAt, comment: a.comment })),
    members,
    deadline: r.deadline,
    now,
    rules,
  });
  return {
    passed: s.passed === true,
    counts: s.counts,
    base: s.base,
    needed: s.needed,
    explanation: { vi: explainResult(s, 'vi'), en: explainResult(s, 'en') },
    legalBasis: s.legalBasis[0],
    members: s.members.map((m) => ({ userId: m.memberId, answer: m.answer, countedAs: m.countedAs, bySilence: m.bySilence, comment: m.comment ?? '' })),
  };
}

/** One tick: sends due reminders and closes due requests; returns the change-log rows for live pokes. */
export async function runOpinionTick(db: Db, blobs: BlobStore, now: Date): Promise<LoggedChange[]> {
  const logged: LoggedChange[] = [];
  const nowIso = now.toISOString();
  const open = await db.selectFrom('opinion_requests').selectAll().where('status', '=', 'open').execute();
  for (const r of open) {
    if (finalDue(r, now)) {
      logged.push(...(await finalize(db, blobs, r.id, now)));
      continue;
    }
    if (!reminderDue(r, now, await loadDecisionRules(db, r.org_id))) continue;
    logged.push(
      ...(await db.transaction().execute(async (trx) => {
        // Recipients not reminded yet who have not answered; `reminded_at IS NULL` makes it once only.
        const due = await trx
          .selectFrom('opinion_recipients as p')
          .leftJoin('opinion_answers as a', (j) => j.onRef('a.request_id', '=', 'p.request_id').onRef('a.user_id', '=', 'p.user_id'))
          .select('p.user_id')
          .where('p.request_id', '=', r.id)
          .where('p.reminded_at', 'is', null)
          .where('a.id', 'is', null)
          .execute();
        if (due.length === 0) return [];
        const rec = new ChangeRecorder(trx, nowIso);
        const ids = due.map((d) => d.user_id);
        await trx.updateTable('opinion_recipients').set({ reminded_at: nowIso }).where('request_id', '=', r.id).where('user_id', 'in', ids).where('reminded_at', 'is', null).execute();
        await trx.updateTable('opinion_requests').set((eb) => ({ revision: eb('revision', '+', 1), updated_at: nowIso })).where('id', '=', r.id).execute();
        await logOpinionRequest(trx, rec, r.id);
        await recordAudit(trx, { userId: null, action: 'opinionRequest.remind', entity: 'opinionRequest', entityId: r.id, after: { userIds: ids }, at: nowIso });
        return rec.logged;
      })),
    );
  }
  return logged;
}

/** Applies the rule at the deadline, renders and stores the summary PDF, marks the request final. */
export async function finalize(db: Db, blobs: BlobStore, requestId: string, now: Date): Promise<LoggedChange[]> {
  const r = await db.selectFrom('opinion_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
  if (!finalDue(r, now)) return [];
  const members = (await db.selectFrom('opinion_recipients').select('user_id').where('request_id', '=', r.id).execute()).map((m) => m.user_id);
  const answers = await db.selectFrom('opinion_answers').select(['user_id', 'answer', 'comment', 'answered_at']).where('request_id', '=', r.id).execute();
  const summary = summaryOf(
    { deadline: r.deadline, silenceAsConsent: r.silence_as_consent === 1 },
    members,
    answers.map((a) => ({ userId: a.user_id, answer: a.answer as WrittenAnswerChoice, comment: a.comment, answeredAt: a.answered_at })),
    now,
    await loadDecisionRules(db, r.org_id),
  );
  const org = await db.selectFrom('organizations').select('name').where('id', '=', r.org_id).executeTakeFirstOrThrow();
  const chair = r.instructed_by ? await db.selectFrom('users').select(['full_name', 'title']).where('id', '=', r.instructed_by).executeTakeFirst() : undefined;
  const names = new Map((await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', members).execute()).map((u) => [u.id, u.full_name]));
  const nowIso = now.toISOString();
  // Issued now: its number from the register first (a tick that gets here again, here or on another
  // instance, is given the same number: one per request), so the PDF prints it.
  const number = await db.transaction().execute((trx) => assignNumber(trx, { orgId: r.org_id, type: 'BC', subject: { kind: 'opinionRequest', id: r.id }, now: nowIso, userId: null }));
  // Rendered outside the transaction (it takes a moment); answers can no longer change: the deadline passed.
  const pdf = await renderOpinionSummaryPdf({
    org,
    title: r.title,
    question: r.question,
    sentAt: r.sent_at,
    deadline: r.deadline,
    chair: chair ? { fullName: chair.full_name, title: chair.title } : null,
    attachments: attachmentsOf(r),
    summary,
    names,
    number,
  });
  const stored = await blobs.putBytes(pdf);
  return db.transaction().execute(async (trx) => {
    const rec = new ChangeRecorder(trx, nowIso);
    await registerBlob(trx, stored.sha256, stored.size, now);
    const res = await trx
      .updateTable('opinion_requests')
      .set({ status: 'final', summary_json: JSON.stringify(summary), summary_sha256: stored.sha256, summary_size: stored.size, revision: r.revision + 1, updated_at: nowIso })
      .where('id', '=', r.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return []; // another tick got there first
    await logOpinionRequest(trx, rec, r.id);
    await recordAudit(trx, {
      userId: null,
      action: 'opinionRequest.summarize',
      entity: 'opinionRequest',
      entityId: r.id,
      after: { passed: summary.passed, counts: summary.counts, summarySha256: stored.sha256 },
      at: nowIso,
    });
    return rec.logged;
  });
}

/** Starts the periodic tick; returns the stop function. Errors are reported, never thrown. */
export function startOpinionScheduler(opts: {
  db: Db;
  blobs: BlobStore;
  now: () => Date;
  notify: (changes: readonly LoggedChange[]) => void;
  onError: (e: unknown) => void;
  intervalMs?: number;
  /**
   * Runs the tick unless another instance sharing the database runs it now (default: always).
   * Reminders and summaries are marked done in the transaction that does them, so an instance
   * dying mid-tick leaves the rest to the next tick of another.
   */
  exclusive?: (run: () => Promise<void>) => Promise<boolean>;
}): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const once = () => runOpinionTick(opts.db, opts.blobs, opts.now()).then(opts.notify, opts.onError);
  const tick = () => {
    if (running) return; // never two ticks at once
    running = (opts.exclusive ? opts.exclusive(once) : once()).catch(opts.onError).finally(() => (running = null));
  };
  const timer = setInterval(tick, opts.intervalMs ?? OPINION_TICK_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
