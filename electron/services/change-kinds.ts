/**
 * Which background work a change of the cache starts, by the kinds of data it touched (the names
 * of the sync registry, shared/sync/entity-registry.ts, as `data.changed` carries them). The work
 * after a change then follows what changed: an agenda item renamed in a meeting of 2,000
 * documents starts no pass over the 2,000 documents.
 */
import type { SyncEntityName } from '../../shared/api';
import { touchesKinds } from '../../shared/rules/cache-changes';

/** Only documents, their meetings' dates and status, and the organisation's policy decide what expires. */
const RETENTION_INPUTS: readonly SyncEntityName[] = ['document', 'meeting', 'organization'];

/**
 * Kinds the text index and what runs after its passes (annotations carried to a new version, a
 * new version's changes prepared) never read. Anything else, a kind not named here included,
 * starts a pass: a pass looks at every cached document.
 */
const NOT_INDEXING_INPUTS: ReadonlySet<string> = new Set<SyncEntityName>([
  'agendaItem',
  'participant',
  'user',
  'documentView',
  'meetingChange',
  'minutes',
  'task',
  'notice',
  'presentation',
  'signatureRequest',
  'orgSigningSettings',
  'opinionRequest',
]);

/** Does a change of these kinds start a retention check? (A change naming no kind, or a kind not known, may be any.) */
export function startsRetention(entities: readonly string[]): boolean {
  return touchesKinds({ entities, meetingIds: [] }, RETENTION_INPUTS);
}

/** Does a change of these kinds start a text indexing pass? (A change naming no kind may be any.) */
export function startsIndexing(entities: readonly string[]): boolean {
  return entities.length === 0 || entities.some((e) => !NOT_INDEXING_INPUTS.has(e));
}
