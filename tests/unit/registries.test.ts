/**
 * The registries are the one place a mutation kind or a synced entity is declared; each side
 * keys its own half by them. These checks catch a declaration one side forgot at run time too
 * (the type checker catches it at build time where the maps are typed).
 */
import { describe, expect, it } from 'vitest';
import { MUTATION_KINDS, MUTATORS, Mutation, maySend, mutatorOf } from '../../shared/mutators';
import { Change, ENTITY_REGISTRY, SYNC_ENTITY_NAMES } from '../../shared/sync/entity-registry';
import { CACHE_ENTITIES, SYNCED_TABLES } from '../../electron/services/cache/entities/registry';

describe('entity registry', () => {
  it('every entity is known to the desktop cache, and the cache knows no other', () => {
    expect(Object.keys(CACHE_ENTITIES).sort()).toEqual([...SYNC_ENTITY_NAMES].sort());
  });

  it('names are unique and the snapshot order puts parents first', () => {
    expect(new Set(SYNC_ENTITY_NAMES).size).toBe(SYNC_ENTITY_NAMES.length);
    const at = (n: string) => SYNC_ENTITY_NAMES.indexOf(n as never);
    expect(at('organization')).toBeLessThan(at('meeting'));
    expect(at('meeting')).toBeLessThan(at('participant'));
    expect(at('meeting')).toBeLessThan(at('document'));
    expect(at('document')).toBeLessThan(at('documentVersion'));
    expect(at('document')).toBeLessThan(at('annotation'));
  });

  it('the Change schema accepts an upsert and a delete of every entity, and refuses an unknown one', () => {
    for (const def of ENTITY_REGISTRY) {
      expect(Change.safeParse({ entity: def.name, id: crypto.randomUUID(), op: 'delete' }).success).toBe(true);
      // An upsert without its row is not a change of that entity.
      expect(Change.safeParse({ entity: def.name, id: crypto.randomUUID(), op: 'upsert' }).success).toBe(false);
    }
    expect(Change.safeParse({ entity: 'ballot', id: crypto.randomUUID(), op: 'delete' }).success).toBe(false);
  });

  it('the cache empties every synced table on a re-snapshot, including the capabilities\' tables', () => {
    expect(SYNCED_TABLES).toEqual(expect.arrayContaining(['meetings', 'documents', 'secretariat_rows', 'annotations', 'signature_requests', 'opinion_requests']));
  });
});

describe('mutator registry', () => {
  it('kinds are unique and each is reachable by name', () => {
    expect(new Set(MUTATION_KINDS).size).toBe(MUTATION_KINDS.length);
    for (const k of MUTATION_KINDS) expect(mutatorOf(k).kind).toBe(k);
  });

  it('the wire schema accepts each kind by its own args only', () => {
    const meeting = {
      id: crypto.randomUUID(),
      title: 'Họp thường kỳ',
      startsAt: '2026-12-03T01:00:00.000Z',
      endsAt: '2026-12-03T04:00:00.000Z',
      location: 'Phòng họp số 1',
      status: 'draft',
      chairId: null,
    };
    expect(Mutation.safeParse({ id: crypto.randomUUID(), kind: 'meeting.upsert', args: meeting }).success).toBe(true);
    expect(Mutation.safeParse({ id: crypto.randomUUID(), kind: 'meeting.publish', args: meeting }).success).toBe(false);
    expect(Mutation.safeParse({ id: crypto.randomUUID(), kind: 'meeting.explode', args: {} }).success).toBe(false);
  });

  it('only the secretariat may send the secretariat\'s kinds; members still send their own', () => {
    expect(maySend('meeting.upsert', 'member')).toBe(false);
    expect(maySend('meeting.upsert', 'secretary')).toBe(true);
    expect(maySend('participant.setAttendance', 'member')).toBe(true);
    expect(maySend('opinion.answer', 'member')).toBe(true);
    expect(MUTATORS.filter((m) => m.access === 'secretariat').length).toBeGreaterThan(10);
  });
});

describe('server pull registry', () => {
  it('every entity has its pull (scan and visibility rule) on the server', async () => {
    const { SERVER_ENTITIES } = await import('../../server/sync/entities/registry');
    expect(Object.keys(SERVER_ENTITIES).sort()).toEqual([...SYNC_ENTITY_NAMES].sort());
    for (const e of Object.values(SERVER_ENTITIES)) {
      expect(typeof e.scan).toBe('function');
      expect(typeof e.load).toBe('function');
    }
  });
});

describe('server mutator registry', () => {
  it('every declared mutation kind has its server handler, and the server handles no undeclared kind', async () => {
    const { SERVER_MUTATORS } = await import('../../server/mutators/registry');
    expect(Object.keys(SERVER_MUTATORS).sort()).toEqual([...MUTATION_KINDS].sort());
    for (const m of Object.values(SERVER_MUTATORS)) expect(typeof m.apply).toBe('function');
  });

  it('the server derives a saved row as the desktop predicts it (one shared definition)', async () => {
    const { nextMeetingRow } = await import('../../server/mutators/meeting-upsert');
    const { nextMeeting } = await import('../../shared/mutators/meetings');
    const args = {
      id: crypto.randomUUID(),
      title: 'Họp chuyên đề',
      startsAt: '2026-12-10T01:00:00.000Z',
      endsAt: '2026-12-10T04:00:00.000Z',
      location: 'Phòng họp số 2',
      status: 'draft' as const,
      chairId: null,
      hostAgency: 'Sở Xây dựng',
    };
    const predicted = nextMeeting(null, args, 'org-1', '2026-12-03T00:00:00.000Z');
    const row = nextMeetingRow(undefined, args, 'org-1', '2026-12-03T00:00:00.000Z');
    expect(row).toMatchObject({ revision: predicted.revision, kind: predicted.kind, host_agency: 'Sở Xây dựng', quorum_numerator: predicted.quorumNumerator });
    const again = nextMeetingRow({ ...row, published_at: null } as never, { ...args, title: 'Họp chuyên đề (sửa)' }, 'org-1', '2026-12-03T01:00:00.000Z');
    expect(again.revision).toBe(2);
    expect(again.host_agency).toBe('Sở Xây dựng');
  });
});
