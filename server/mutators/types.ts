/**
 * The shape of a server mutator: what one mutation kind needs from the push engine
 * (server/sync/push.ts) and from the shared steps run around it (server/mutators/run.ts).
 */
import type { Mutation } from '../../shared/api';
import type { MeetingChangeKind } from '../../shared/secretariat';
import type { MeetingRow } from '../db/schema';
import type { Db } from '../db/open';
import type { MutationArgs, MutationCtx, PrepareCtx } from '../sync/mutation-context';

export type { MutationArgs, MutationCtx, PrepareCtx };
export type MutationKind = Mutation['kind'];

/** The row a save was based on, as it is now: a stale save is answered with it. */
export interface CurrentRow {
  entity: string;
  id: string;
  revision: number;
  current: unknown;
}

/** One line of "what changed" in a published meeting. */
export interface MeetingChangeNote {
  kind: MeetingChangeKind;
  subject: string;
}

export interface ServerMutator<K extends MutationKind> {
  /**
   * The meeting the mutation writes to. Opting in means: refused once that meeting is closed
   * (guards.ts), and listed in its "what changed" when `change` says how (meeting-changes.ts).
   */
  meeting?: (ctx: MutationCtx, args: MutationArgs<K>) => Promise<string | null>;
  /**
   * The organisation a mutation without a `meeting` acts in (a document's, a request's): the
   * caller's role there decides (server/organisations/mutation-org.ts). Neither: his home
   * organisation, or the one his request names.
   */
  org?: (db: Db, args: MutationArgs<K>) => Promise<string | null>;
  /**
   * The row the caller's `baseRevision` refers to. Opting in means: a save decided on another
   * revision is refused with `conflict` and the row as it is now (guards.ts).
   */
  current?: MutationArgs<K> extends { baseRevision?: number } ? (ctx: MutationCtx, args: MutationArgs<K>) => Promise<CurrentRow | null> : never;
  /** What members of the (published) meeting read in "what changed"; read before the write. */
  change?: (ctx: MutationCtx, args: MutationArgs<K>, meeting: MeetingRow) => Promise<MeetingChangeNote | undefined>;
  /**
   * Slow work done before the transaction, e.g. checking an uploaded PDF in a worker thread: no
   * other request waits on the database meanwhile. An AppError refuses the mutation. `apply`
   * finds the result in `ctx.prepared` and re-checks, in the transaction, what it relied on.
   */
  prepare?: (ctx: PrepareCtx, args: MutationArgs<K>) => Promise<unknown>;
  /** Validates and writes, inside the push transaction; an AppError rolls everything back. */
  apply: (ctx: MutationCtx, args: MutationArgs<K>) => Promise<void>;
}
