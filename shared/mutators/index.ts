/**
 * Every mutation kind, registered once. The wire schema (`Mutation`), the kind list and the
 * typed constructor are derived from this list; the server's handlers
 * (server/mutators/registry.ts) and the desktop's optimistic overlay read it by kind.
 * Adding a mutation: define it in the capability's file here, add its server handler, test both.
 */
import { z } from 'zod';
import type { Role } from '../entities';
import { Id } from '../ids';
import { agendaMutators } from './agenda';
import { annotationMutators } from './annotations';
import { roleMaySend, type MutatorDef } from './define';
import { documentMutators } from './documents';
import { meetingMutators } from './meetings';
import { minutesAndTaskMutators } from './minutes-and-tasks';
import { participantMutators } from './participants';
import { signingMutators } from './signing';
import { writtenOpinionMutators } from './written-opinions';

export const MUTATORS = [
  ...meetingMutators,
  ...agendaMutators,
  ...participantMutators,
  ...documentMutators,
  ...minutesAndTaskMutators,
  ...annotationMutators,
  ...signingMutators,
  ...writtenOpinionMutators,
] as const;

type AnyMutator = (typeof MUTATORS)[number];
export type MutationKind = AnyMutator['kind'];
type MutatorOf<K extends MutationKind> = Extract<AnyMutator, { kind: K }>;

/** The arguments of one kind, as the server and the overlay receive them (defaults applied). */
export type MutationArgs<K extends MutationKind> = z.output<MutatorOf<K>['args']>;
/** The arguments of one kind, as a client writes them (fields with defaults may be left out). */
export type MutationArgsInput<K extends MutationKind> = z.input<MutatorOf<K>['args']>;

/** A queued mutation: the client-generated `id` lets the server apply it exactly once. */
export type Mutation = { [K in MutationKind]: { id: string; kind: K; args: MutationArgs<K> } }[MutationKind];
/** What a client sends: fields with server-side defaults may be left out. */
export type MutationInput = { [K in MutationKind]: { id: string; kind: K; args: MutationArgsInput<K> } }[MutationKind];

const wireOf = (def: AnyMutator) => z.object({ id: Id, kind: z.literal(def.kind), args: def.args });

/**
 * A mutation is queued on the client with a client-generated `id`; the server applies each
 * id at most once and answers a resend with the first answer.
 */
export const Mutation = z.discriminatedUnion(
  'kind',
  MUTATORS.map(wireOf) as unknown as [ReturnType<typeof wireOf>, ...ReturnType<typeof wireOf>[]],
) as unknown as z.ZodType<Mutation, MutationInput>;

export const MUTATION_KINDS: readonly MutationKind[] = MUTATORS.map((m) => m.kind);

const byKind = new Map<string, AnyMutator>(MUTATORS.map((m) => [m.kind, m]));

export const mutatorOf = <K extends MutationKind>(kind: K): MutatorDef<K, MutatorOf<K>['args']> =>
  byKind.get(kind) as unknown as MutatorDef<K, MutatorOf<K>['args']>;

/** Whether an account with `role` may send this kind at all (the server checks the data after). */
export const maySend = (kind: MutationKind, role: Role): boolean => roleMaySend(mutatorOf(kind).access, role);

/** A new mutation of one kind, with a fresh client id: the only way clients build one. */
export function newMutation<K extends MutationKind>(kind: K, args: MutationArgsInput<K>, id: string = globalThis.crypto.randomUUID()): MutationInput {
  return { id, kind, args } as MutationInput;
}

export { defineMutator, nextRevision, type EffectContext, type EntityReader, type MutatorAccess, type MutatorDef } from './define';
