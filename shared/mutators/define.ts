/**
 * What a mutation kind is, declared once in shared/: the shape of its arguments, who may send
 * it, and (for what the desktop shows before the server answers) its effect on the synced
 * entities. The server runs the kind's handler from server/mutators/registry.ts; the desktop's
 * optimistic overlay runs `effect` over its cache; the renderer builds mutations with
 * `newMutation()`.
 */
import type { z } from 'zod';
import type { Role } from '../entities';
import { isSecretariat } from '../rules/meetings';
import type { ChangeOf, EntityOf, SyncEntityName, Change } from '../sync/entity-registry';

/**
 * Who may send the kind at all. `secretariat`: secretary or admin accounts. `signedIn`: any
 * account; the server then decides with the data (his own row, the chair of that meeting, the
 * signer whose turn it is).
 */
export type MutatorAccess = 'secretariat' | 'signedIn';

/** The synced rows an effect may read: the desktop's cache (plus the effects queued before). */
export interface EntityReader {
  get<N extends SyncEntityName>(entity: N, id: string): EntityOf<N> | null;
  /** Rows of one meeting, e.g. its minutes. */
  ofMeeting<N extends SyncEntityName>(entity: N, meetingId: string): EntityOf<N>[];
}

export interface EffectContext {
  /** ISO time the mutation was made (the server stamps its own time when it applies it). */
  now: string;
  /** The signed-in user (who makes the mutation), when known. */
  userId: string | null;
  /** The signed-in user's organisation, when known. */
  orgId: string | null;
  /** Size of a file the user queued for upload, by content hash (a document added offline). */
  queuedUploadSize(sha256: string): number | null;
}

export interface MutatorDef<K extends string = string, A extends z.ZodType = z.ZodType> {
  readonly kind: K;
  readonly args: A;
  readonly access: MutatorAccess;
  /**
   * The rows the server will most likely send back once it applies the mutation; the desktop
   * shows them while the mutation waits in the outbox. Returns [] when it cannot tell (e.g. a row
   * it never had): the server's answer will show. Absent: nothing changes until the server answers.
   */
  readonly effect?: (args: z.output<A>, read: EntityReader, ctx: EffectContext) => Change[];
}

export const defineMutator = <K extends string, A extends z.ZodType>(def: MutatorDef<K, A>): MutatorDef<K, A> => def;

/** Whether a user with `role` may send a mutation of this kind at all. */
export const roleMaySend = (access: MutatorAccess, role: Role): boolean => access === 'signedIn' || isSecretariat(role);

/** The revision a row gets when it is saved: the server and the desktop's guess agree on it. */
export const nextRevision = (prev: { revision: number } | null | undefined): number => (prev ? prev.revision + 1 : 1);

export const upsert = <N extends SyncEntityName>(entity: N, data: EntityOf<N> & { id: string }): Change => ({ entity, id: data.id, op: 'upsert', data }) as ChangeOf<N> as Change;
export const remove = <N extends SyncEntityName>(entity: N, id: string): Change => ({ entity, id, op: 'delete' }) as ChangeOf<N> as Change;
