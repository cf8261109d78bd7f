/**
 * Which cache changes a screen reads again on (shared/rules/cache-changes.ts): the kinds it shows,
 * and any change that names no kind or a kind the registry does not know.
 */
import { describe, expect, it } from 'vitest';
import { changesOpinions, isKnownKind, touchesKinds } from '../../shared/rules/cache-changes';
import { SYNC_ENTITY_NAMES } from '../../shared/sync/entity-registry';

const change = (...entities: string[]) => ({ entities, meetingIds: [] });

describe('cache changes by kind', () => {
  it('knows every kind of the sync registry, and nothing else', () => {
    for (const kind of SYNC_ENTITY_NAMES) expect(isKnownKind(kind), kind).toBe(true);
    expect(isKnownKind('toString')).toBe(false);
    expect(isKnownKind('vote')).toBe(false);
  });

  it('a change is read again on when it names a kind shown, none, or one not known', () => {
    expect(touchesKinds(change('notice'), ['notice', 'meeting'])).toBe(true);
    expect(touchesKinds(change('agendaItem', 'meeting'), ['notice', 'meeting'])).toBe(true);
    expect(touchesKinds(change(), ['notice'])).toBe(true);
    expect(touchesKinds(change('somethingNew'), ['notice'])).toBe(true);
    expect(touchesKinds(change('agendaItem', 'documentView'), ['notice', 'meeting'])).toBe(false);
  });

  it('written opinions: the requests and the names they show, not an agenda item renamed or a document read', () => {
    expect(changesOpinions(change('opinionRequest'))).toBe(true);
    expect(changesOpinions(change('user'))).toBe(true);
    expect(changesOpinions(change())).toBe(true);
    for (const kind of ['agendaItem', 'document', 'documentView', 'annotation', 'notice', 'meeting']) expect(changesOpinions(change(kind)), kind).toBe(false);
  });
});
