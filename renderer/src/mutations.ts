/**
 * The one place the renderer builds a mutation for the outbox: a typed kind and its args, with
 * a fresh client id (the server applies each id at most once, so a resend is harmless). The
 * kinds and their args are declared once in shared/mutators/; screens never write
 * `{ id, kind, args }` by hand.
 */
import { newMutation, type MutationArgsInput, type MutationInput, type MutationKind } from '../../shared/mutators';

export type { MutationArgsInput, MutationInput, MutationKind };

export function mutation<K extends MutationKind>(kind: K, args: MutationArgsInput<K>): MutationInput {
  return newMutation(kind, args);
}
