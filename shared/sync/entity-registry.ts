/**
 * The synced entities, declared once. Everything that has to know "which entities exist" is
 * derived from this list: the pull `Change` schema, the server's pull (server/sync/entities/),
 * the desktop cache (electron/services/cache/entities/), change events and the re-snapshot
 * announcement. Both sides key their own half by `SyncEntityName`, so a new entry here that one
 * side does not handle fails the type check (and tests/unit/registries.test.ts).
 *
 * The order is the snapshot order: parents before children, so a client applying a snapshot
 * never sees an orphan. New entities go at the END: snapshot cursors hold an index into it.
 */
import { z } from 'zod';
import { AgendaItem, Document, DocumentView, Meeting, Organization, Participant, UserProfile } from '../entities';
import { Id } from '../ids';
import { DocumentVersion, MeetingChange, Minutes, Notice, Task } from '../secretariat';
import { Annotation, Presentation } from '../annotations';
import { OrgSigningSettings, SignatureRequest } from '../signing-workflow';
import { OpinionRequest } from '../written-opinions';

/**
 * Who an entity's rows are for, as the server decides it at read time:
 * - `organization`: every signed-in user of the organisation;
 * - `meeting`: whoever may see the meeting (participants of a published meeting, the secretariat),
 *   narrowed further where the entity says so (confidential reader lists, private annotations);
 * - `user`: one user alone (his notices, his document views);
 * - `assignment`: those the row names (signers of a request, members asked for an opinion) and the
 *   secretariat, whatever meetings they attend.
 */
export type EntityAudience = 'organization' | 'meeting' | 'user' | 'assignment';

export interface EntityDef<N extends string, S extends z.ZodType> {
  readonly name: N;
  readonly schema: S;
  readonly audience: EntityAudience;
  /** What the entity belongs to in the meeting tree, for "which meetings did this change touch". */
  readonly meetingIdOf?: (row: z.infer<S>) => string | null;
}

const entity = <N extends string, S extends z.ZodType>(def: EntityDef<N, S>): EntityDef<N, S> => def;
const byMeetingId = (r: { meetingId: string }) => r.meetingId;

export const ENTITY_REGISTRY = [
  entity({ name: 'organization', schema: Organization, audience: 'organization' }),
  entity({ name: 'user', schema: UserProfile, audience: 'organization' }),
  entity({ name: 'meeting', schema: Meeting, audience: 'meeting', meetingIdOf: (m) => m.id }),
  entity({ name: 'participant', schema: Participant, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'agendaItem', schema: AgendaItem, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'document', schema: Document, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'documentView', schema: DocumentView, audience: 'user' }),
  entity({ name: 'documentVersion', schema: DocumentVersion, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'meetingChange', schema: MeetingChange, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'minutes', schema: Minutes, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'task', schema: Task, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'notice', schema: Notice, audience: 'user', meetingIdOf: byMeetingId }),
  entity({ name: 'annotation', schema: Annotation, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'presentation', schema: Presentation, audience: 'meeting', meetingIdOf: byMeetingId }),
  entity({ name: 'signatureRequest', schema: SignatureRequest, audience: 'assignment', meetingIdOf: byMeetingId }),
  entity({ name: 'orgSigningSettings', schema: OrgSigningSettings, audience: 'organization' }),
  entity({ name: 'opinionRequest', schema: OpinionRequest, audience: 'assignment' }),
] as const;

type Registry = typeof ENTITY_REGISTRY;
export type SyncEntityName = Registry[number]['name'];
type DefOf<N extends SyncEntityName> = Extract<Registry[number], { name: N }>;
/** The row of one synced entity, as the client receives it. */
export type EntityOf<N extends SyncEntityName> = z.infer<DefOf<N>['schema']>;

/** name → row schema. */
export const SyncEntities = Object.fromEntries(ENTITY_REGISTRY.map((e) => [e.name, e.schema])) as {
  [N in SyncEntityName]: DefOf<N>['schema'];
};

/** Every entity name, in snapshot order. */
export const SYNC_ENTITY_NAMES: readonly SyncEntityName[] = ENTITY_REGISTRY.map((e) => e.name);
export const SyncEntityName = z.enum(SYNC_ENTITY_NAMES as [SyncEntityName, ...SyncEntityName[]]);

export const entityDef = <N extends SyncEntityName>(name: N): DefOf<N> => ENTITY_REGISTRY.find((e) => e.name === name) as DefOf<N>;

/** Snapshot position: parents first. */
export const entityRank = (name: SyncEntityName): number => SYNC_ENTITY_NAMES.indexOf(name);

/** The meeting a row belongs to, when it belongs to one. */
export function meetingIdOfRow<N extends SyncEntityName>(name: N, row: EntityOf<N>): string | null {
  const def = entityDef(name) as EntityDef<N, z.ZodType>;
  return def.meetingIdOf ? def.meetingIdOf(row) : null;
}

/** One change of one entity: its current row (upsert) or its removal (delete). */
export type ChangeOf<N extends SyncEntityName> =
  | { entity: N; id: string; op: 'upsert'; data: EntityOf<N> }
  | { entity: N; id: string; op: 'delete' };

/**
 * One change: the entity's current row (upsert) or its removal (delete). A delete of a
 * meeting also means: drop its participants, agenda items, documents from the cache.
 */
export type Change = { [N in SyncEntityName]: ChangeOf<N> }[SyncEntityName];

const changeSchemaOf = (def: Registry[number]) =>
  z.discriminatedUnion('op', [
    z.object({ entity: z.literal(def.name), id: Id, op: z.literal('upsert'), data: def.schema }),
    z.object({ entity: z.literal(def.name), id: Id, op: z.literal('delete') }),
  ]);

export const Change = z.union(ENTITY_REGISTRY.map(changeSchemaOf) as unknown as [ReturnType<typeof changeSchemaOf>, ...ReturnType<typeof changeSchemaOf>[]]) as unknown as z.ZodType<Change>;
