/**
 * Which cache changes a read depends on. The services' `data.changed` names the kinds of synced
 * data a change touched (shared/sync/entity-registry.ts) and the meetings; a screen reads again
 * only when its read shows one of those kinds. A change naming no kind, or a kind the registry
 * does not know (a local change named otherwise), may touch anything.
 */
import type { SyncEntityName } from '../sync/entity-registry';

/** What a `data.changed` event says (shared/bridge.ts BridgeEvents). */
export interface CacheChange {
  entities: readonly string[];
  meetingIds: readonly string[];
}

/** Every kind (a Record: a kind added to the registry does not compile until it is listed). Not the registry itself: that carries every schema, and this runs in the renderer's first screen. */
const KINDS: Record<SyncEntityName, true> = {
  organization: true,
  user: true,
  meeting: true,
  participant: true,
  agendaItem: true,
  document: true,
  documentView: true,
  documentVersion: true,
  meetingChange: true,
  minutes: true,
  task: true,
  notice: true,
  annotation: true,
  presentation: true,
  signatureRequest: true,
  orgSigningSettings: true,
  opinionRequest: true,
};

export const isKnownKind = (kind: string): kind is SyncEntityName => Object.prototype.hasOwnProperty.call(KINDS, kind);

/** Does this change name one of these kinds (or none, or one not known: any)? */
export function touchesKinds(change: CacheChange, kinds: readonly SyncEntityName[]): boolean {
  return change.entities.length === 0 || change.entities.some((e) => !isKnownKind(e) || kinds.includes(e));
}

/**
 * Does this change alter what `opinions.list` / `opinions.get` answer? A request's view is the
 * request with the names of the people it names; this user's answer, queued or refused, is
 * announced as a change of the request (or, a refusal, of anything).
 */
export const changesOpinions = (change: CacheChange): boolean => touchesKinds(change, ['opinionRequest', 'user']);
