import { describe, expect, it } from 'vitest';
import { Change, Mutation, PullResponse } from '../../shared/api';
import { BridgeMethods } from '../../shared/bridge';

const id = '0b8f7d1e-6a43-4f5e-9d7a-3c2b1a0f9e8d';

describe('sync contracts', () => {
  it('accepts an upsert with its row and a delete without one', () => {
    const upsert = Change.parse({
      entity: 'agendaItem',
      id,
      op: 'upsert',
      data: { id, meetingId: id, position: 1, title: 'Tờ trình', presenterId: null, presenterLabel: 'Sở Tài chính', plannedMinutes: 30, updatedAt: '2026-11-23T01:00:00.000Z' },
    });
    expect(upsert.op).toBe('upsert');
    expect(Change.parse({ entity: 'meeting', id, op: 'delete' }).op).toBe('delete');
  });

  it('refuses a change whose row does not match its entity', () => {
    expect(Change.safeParse({ entity: 'meeting', id, op: 'upsert', data: { id, title: 'x' } }).success).toBe(false);
    expect(PullResponse.safeParse({ changes: [{ entity: 'password', id, op: 'delete' }], cursor: '', hasMore: false }).success).toBe(false);
  });

  it('refuses a mutation without a client id or with an unknown kind', () => {
    expect(Mutation.safeParse({ kind: 'document.markViewed', args: { documentId: id, version: 1 } }).success).toBe(false);
    expect(Mutation.safeParse({ id, kind: 'user.makeAdmin', args: {} }).success).toBe(false);
    expect(Mutation.safeParse({ id, kind: 'document.markViewed', args: { documentId: id, version: 1 } }).success).toBe(true);
  });

  it('refuses extra input on bridge methods that take none', () => {
    expect(BridgeMethods['meetings.list'].input.safeParse({ sql: 'drop table' }).success).toBe(false);
    expect(BridgeMethods['meetings.get'].input.safeParse({ id: 'not-a-uuid' }).success).toBe(false);
  });
});
