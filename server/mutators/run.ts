/**
 * Runs one mutation through its server mutator, inside the push transaction:
 * role → closed meeting → stale revision → describe "what changed" → handler → record it.
 */
import type { Mutation } from '../../shared/api';
import type { MutationCtx, PrepareCtx } from '../sync/mutation-context';
import { maySend } from '../../shared/mutators';
import { refuseClosedMeeting, refuseStaleRevision, requireRole, targetMeeting } from './guards';
import { listsChanges, recordMeetingChange } from './meeting-changes';
import { SERVER_MUTATORS } from './registry';
import type { CurrentRow, MutationArgs, MutationKind, ServerMutator } from './types';

/** The mutator's work before the transaction (see ServerMutator.prepare); undefined when it has none. */
export async function prepareMutation(ctx: PrepareCtx, m: Mutation): Promise<unknown> {
  const prepare = SERVER_MUTATORS[m.kind].prepare as ((ctx: PrepareCtx, args: unknown) => Promise<unknown>) | undefined;
  if (!prepare) return undefined;
  if (!maySend(m.kind, ctx.viewer.role)) return undefined; // refused by run() with the usual answer
  return prepare(ctx, m.args);
}

export async function runMutation(ctx: MutationCtx, m: Mutation): Promise<void> {
  await run(ctx, m.kind, SERVER_MUTATORS[m.kind] as ServerMutator<typeof m.kind>, m.args);
}

async function run<K extends MutationKind>(ctx: MutationCtx, kind: K, mutator: ServerMutator<K>, args: MutationArgs<K>): Promise<void> {
  requireRole(ctx, kind);
  const meetingId = mutator.meeting ? await mutator.meeting(ctx, args) : null;
  const meeting = await targetMeeting(ctx, meetingId);
  refuseClosedMeeting(ctx, meeting);
  const base = (args as { baseRevision?: number }).baseRevision;
  // `current` exists only on kinds whose arguments carry a baseRevision (see its type).
  const current = mutator.current as ((ctx: MutationCtx, args: MutationArgs<K>) => Promise<CurrentRow | null>) | undefined;
  if (current && base !== undefined) refuseStaleRevision(base, await current(ctx, args));
  const change = mutator.change && listsChanges(ctx, meeting) ? await mutator.change(ctx, args, meeting) : undefined;
  await mutator.apply(ctx, args);
  if (change && meetingId) await recordMeetingChange(ctx, meetingId, change);
}
