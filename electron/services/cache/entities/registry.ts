/**
 * Every synced entity's place in the desktop cache, keyed by the shared entity registry
 * (shared/sync/entity-registry.ts): an entity the server can send but the cache does not know
 * fails the type check here.
 */
import type { Change, ChangeOf, EntityOf, SyncEntityName } from '../../../../shared/sync/entity-registry';
import { DocumentVersion, MeetingChange, Minutes, Notice, Task } from '../../../../shared/secretariat';
import { Annotation, Presentation } from '../../../../shared/annotations';
import { OrgSigningSettings, SignatureRequest } from '../../../../shared/signing-workflow';
import { OpinionRequest } from '../../../../shared/written-opinions';
import { applySecretariatChange } from '../../secretariat/cache-rows';
import { applyAnnotationChange } from '../../annotations/cache-rows';
import { applySigningChange } from '../../signing/cache-rows';
import { applyOpinionChange } from '../../written-opinions/cache-rows';
import type { CacheDb, CacheEntity, Touched } from './cache-entity';
import { agendaItemEntity, documentEntity, documentViewEntity, meetingEntity, organizationEntity, participantEntity, userEntity } from './meeting-tree';

type Parse<N extends SyncEntityName> = (v: unknown) => EntityOf<N>;
const rows = <N extends SyncEntityName>(db: CacheDb, sql: string, parse: Parse<N>, ...args: unknown[]): EntityOf<N>[] =>
  (db.prepare(sql).all(...args) as { data: string }[]).map((r) => parse(JSON.parse(r.data)));

/** An entity kept by a capability module's own apply function, read back from `table` by `key`. */
function capabilityRows<N extends SyncEntityName>(opts: {
  tables: readonly string[];
  apply: (db: CacheDb, c: Change, meetingIds: Set<string>) => boolean;
  parse: Parse<N>;
  get: string;
  ofMeeting?: string;
}): CacheEntity<N> {
  return {
    tables: opts.tables,
    apply: (db, c: ChangeOf<N>, touched: Touched) => void opts.apply(db, c as Change, touched.meetingIds),
    get: (db, id) => rows(db, opts.get, opts.parse, id)[0] ?? null,
    ofMeeting: (db, meetingId) => (opts.ofMeeting ? rows(db, opts.ofMeeting, opts.parse, meetingId) : []),
  };
}

/** The secretariat's entities share one table keyed (entity, id). */
const secretariatRow = <N extends 'documentVersion' | 'meetingChange' | 'notice' | 'minutes' | 'task'>(entity: N, parse: Parse<N>) =>
  capabilityRows<N>({
    tables: ['secretariat_rows'],
    apply: applySecretariatChange,
    parse,
    get: `SELECT data FROM secretariat_rows WHERE entity = '${entity}' AND id = ?`,
    ofMeeting: `SELECT data FROM secretariat_rows WHERE entity = '${entity}' AND meeting_id = ?`,
  });

export const CACHE_ENTITIES: { readonly [N in SyncEntityName]: CacheEntity<N> } = {
  organization: organizationEntity,
  user: userEntity,
  meeting: meetingEntity,
  participant: participantEntity,
  agendaItem: agendaItemEntity,
  document: documentEntity,
  documentView: documentViewEntity,
  documentVersion: secretariatRow('documentVersion', (v) => DocumentVersion.parse(v)),
  meetingChange: secretariatRow('meetingChange', (v) => MeetingChange.parse(v)),
  minutes: secretariatRow('minutes', (v) => Minutes.parse(v)),
  task: secretariatRow('task', (v) => Task.parse(v)),
  notice: secretariatRow('notice', (v) => Notice.parse(v)),
  annotation: capabilityRows<'annotation'>({
    tables: ['annotations'],
    apply: applyAnnotationChange,
    parse: (v) => Annotation.parse(v),
    get: 'SELECT data FROM annotations WHERE id = ?',
    ofMeeting: 'SELECT data FROM annotations WHERE meeting_id = ?',
  }),
  presentation: capabilityRows<'presentation'>({
    tables: ['presentations'],
    apply: applyAnnotationChange,
    parse: (v) => Presentation.parse(v),
    get: 'SELECT data FROM presentations WHERE meeting_id = ?',
    ofMeeting: 'SELECT data FROM presentations WHERE meeting_id = ?',
  }),
  signatureRequest: capabilityRows<'signatureRequest'>({
    tables: ['signature_requests'],
    apply: applySigningChange,
    parse: (v) => SignatureRequest.parse(v),
    get: 'SELECT data FROM signature_requests WHERE id = ?',
    ofMeeting: 'SELECT data FROM signature_requests WHERE meeting_id = ?',
  }),
  orgSigningSettings: capabilityRows<'orgSigningSettings'>({
    tables: ['org_signing_settings'],
    apply: applySigningChange,
    parse: (v) => OrgSigningSettings.parse(v),
    get: 'SELECT data FROM org_signing_settings WHERE id = ?',
  }),
  opinionRequest: capabilityRows<'opinionRequest'>({
    tables: ['opinion_requests'],
    apply: (db, c) => applyOpinionChange(db, c),
    parse: (v) => OpinionRequest.parse(v),
    get: 'SELECT data FROM opinion_requests WHERE id = ?',
  }),
};

/** Every table holding synced rows (emptied together when the cache starts over). */
export const SYNCED_TABLES: readonly string[] = [...new Set(Object.values(CACHE_ENTITIES).flatMap((e) => [...e.tables]))];

export const cacheEntity = <N extends SyncEntityName>(name: N): CacheEntity<N> => CACHE_ENTITIES[name] as CacheEntity<N>;

/** Applies one pulled change through its entity's cache handler. */
export function applyChange(db: CacheDb, c: Change, touched: Touched): void {
  (CACHE_ENTITIES[c.entity] as CacheEntity<SyncEntityName>).apply(db, c as ChangeOf<SyncEntityName>, touched);
}
