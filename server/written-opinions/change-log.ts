/** Where a written opinion request's changes go: the private scope of each person who sees it. */
import type { Db } from '../db/open';
import type { ChangeRecorder } from '../sync/changelog';
import { opinionScopes } from './rows';

/** Appends the request's change to every private scope that sees it (used by the mutations and the deadline tick). */
export async function logOpinionRequest(trx: Db, rec: ChangeRecorder, requestId: string): Promise<void> {
  for (const scope of await opinionScopes(trx, requestId)) await rec.log('opinionRequest', requestId, 'upsert', scope);
}
