/**
 * The organisation a mutation acts in, so the caller's role THERE decides (a chair of one
 * committee is a plain member of another). Found from what the arguments name; a row that does
 * not exist names none (the handler then answers not_found in the caller's home organisation).
 */
import type { Mutation } from '../../shared/api';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import { SERVER_MUTATORS } from '../mutators/registry';
import type { MutationCtx, ServerMutator } from '../mutators/types';
import { asMemberOf } from './membership';
import { orgOfMeeting } from './org-of';

/**
 * The account as a member of the organisation the mutation acts in: its meeting's (or, for a new
 * meeting, the one it names), else what its `org` finds. Not a member there, or nothing found:
 * the account as it is (its home organisation), where the handlers refuse another's rows.
 */
export async function memberForMutation(db: Db, user: UserRow, m: Mutation): Promise<UserRow> {
  const mutator = SERVER_MUTATORS[m.kind] as ServerMutator<typeof m.kind>;
  const args = m.args as never;
  let orgId: string | null = null;
  if (mutator.meeting) {
    // The lookups a `meeting` makes read rows only: the database stands in for the transaction.
    const meetingId = await mutator.meeting({ trx: db } as MutationCtx, args);
    orgId = meetingId ? await orgOfMeeting(db, meetingId) : null;
    if (!orgId && m.kind === 'meeting.upsert') orgId = m.args.orgId ?? null;
  } else if (mutator.org) {
    orgId = await mutator.org(db, args);
  }
  return (orgId && (await asMemberOf(db, user, orgId))) || user;
}
