/**
 * The one place the renderer builds a mutation for the outbox: a typed kind and its args, with
 * a fresh client id (the server applies each id at most once, so a resend is harmless).
 * Screens never write `{ id, kind, args }` by hand; the wire types are imported here only.
 */
import type { MutationInput, MutationKind } from '../../shared/api';

export type { MutationInput, MutationKind };

/** What a client sends as the args of mutation `K` (fields with server defaults may be left out). */
export type MutationArgsInput<K extends MutationKind> = Extract<MutationInput, { kind: K }>['args'];

export function mutation<K extends MutationKind>(kind: K, args: MutationArgsInput<K>): MutationInput {
  // TypeScript cannot narrow a union by a generic K; `args` is already checked against K above.
  return { id: crypto.randomUUID(), kind, args } as MutationInput;
}
