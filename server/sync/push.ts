/**
 * Push: the exactly-once engine. Each client mutation runs in its own transaction through its
 * server mutator (server/mutators/registry.ts) and is applied at most once per id: the first
 * answer, applied or refused, is remembered and returned to every resend. What a mutation
 * writes (rows, change log, audit) is the mutator's business.
 */
import type { Mutation, MutationResult } from '../../shared/api';
import { AppError, isAppError } from '../../shared/errors';
import type { Locale } from '../../shared/i18n';
import type { BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { messageFor } from '../http-errors';
import { minutesVoteParagraphs } from '../live-meeting/vote-pdf';
import { prepareMutation, runMutation } from '../mutators/run';
import { viewerOf } from './access';
import { memberForMutation } from '../organisations/mutation-org';
import { ChangeRecorder, type LoggedChange } from './changelog';

export interface PushOutcome {
  results: MutationResult[];
  /** Change-log rows committed by this push, for live pokes. */
  logged: LoggedChange[];
}

export async function push(
  db: Db,
  user: UserRow,
  mutations: Mutation[],
  now: () => Date,
  locale: Locale,
  onInternalError: (e: unknown) => void = () => {},
  extras: { blobs?: BlobStore } = {},
): Promise<PushOutcome> {
  const results: MutationResult[] = [];
  const logged: LoggedChange[] = [];
  for (const m of mutations) {
    const r = await applyOnce(db, user, m, now().toISOString(), locale, onInternalError, extras);
    results.push(r.result);
    logged.push(...r.logged);
  }
  return { results, logged };
}

async function applyOnce(
  db: Db,
  user: UserRow,
  m: Mutation,
  now: string,
  locale: Locale,
  onInternalError: (e: unknown) => void,
  extras: { blobs?: BlobStore },
): Promise<{ result: MutationResult; logged: LoggedChange[] }> {
  const rejected = (e: AppError): MutationResult => ({
    id: m.id,
    status: 'rejected',
    duplicate: false,
    // details: e.g. the current row of a `conflict`, the reasons a publish was refused.
    error: { code: e.code, message: messageFor(locale, e.code, e.details), ...(e.details ? { details: e.details } : {}) },
  });
  type Answer = { result: MutationResult; logged: LoggedChange[] };
  /** The stored first answer, or a refusal when the id belongs to somebody else. */
  const earlier = async (trx: Db): Promise<Answer | undefined> => {
    const seen = await trx.selectFrom('applied_mutations').select(['user_id', 'result_json']).where('id', '=', m.id).executeTakeFirst();
    if (!seen) return undefined;
    // Somebody else's id: never reveal or replay another user's answer.
    if (seen.user_id !== user.id) return { result: rejected(new AppError('conflict', 'mutation id used by another user')), logged: [] };
    return { result: { ...(JSON.parse(seen.result_json) as MutationResult), duplicate: true }, logged: [] };
  };
  const remember = (trx: Db, result: MutationResult) =>
    trx.insertInto('applied_mutations').values({ id: m.id, user_id: user.id, kind: m.kind, result_json: JSON.stringify(result), created_at: now }).execute();

  try {
    // A resend of an answered mutation gets the first answer without preparing it again.
    const answered = await earlier(db);
    if (answered) return answered;
    // Slow checks run before the transaction, so nobody waits on the database meanwhile.
    // Decided in the organisation the mutation acts in, by the caller's role there.
    const member = await memberForMutation(db, user, m);
    const prepared = await prepareMutation({ db, user: member, viewer: viewerOf(member), now, blobs: extras.blobs }, m);
    return await db.transaction().execute(async (trx): Promise<Answer> => {
      const seen = await earlier(trx);
      if (seen) return seen;
      const rec = new ChangeRecorder(trx, now);
      await runMutation({ trx, user: member, viewer: viewerOf(member), now, rec, blobs: extras.blobs, voteResults: (id) => minutesVoteParagraphs(trx, id), prepared }, m);
      const result: MutationResult = { id: m.id, status: 'applied', duplicate: false };
      await remember(trx, result);
      return { result, logged: rec.logged };
    });
  } catch (e) {
    if (!isAppError(e)) {
      // Unexpected failure: rolled back and not remembered, so a resend may retry.
      onInternalError(e);
      return { result: rejected(new AppError('internal', 'mutation failed')), logged: [] };
    }
    // The mutation's writes were rolled back; remember the refusal as the first answer.
    return db.transaction().execute(async (trx): Promise<Answer> => {
      const seen = await earlier(trx);
      if (seen) return seen;
      const result = rejected(e);
      await remember(trx, result);
      return { result, logged: [] };
    });
  }
}
