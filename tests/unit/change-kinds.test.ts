/** The background work a change of the client cache starts, by the kinds it touched (electron/services/change-kinds.ts). */
import { describe, expect, it } from 'vitest';
import { startsIndexing, startsRetention } from '../../electron/services/change-kinds';
import { SYNC_ENTITY_NAMES } from '../../shared/sync/entity-registry';

describe('what a change of the cache starts', () => {
  it('an agenda item renamed (the item and the meeting change log): no indexing pass, no retention check', () => {
    expect(startsIndexing(['agendaItem', 'meetingChange'])).toBe(false);
    expect(startsRetention(['agendaItem', 'meetingChange'])).toBe(false);
  });

  it('a document (new, a new version, its file downloaded or removed): an indexing pass and a retention check', () => {
    expect(startsIndexing(['document'])).toBe(true);
    expect(startsRetention(['document'])).toBe(true);
    expect(startsIndexing(['agendaItem', 'document'])).toBe(true);
  });

  it("an annotation from the user's other device: a pass (it may be carried to an indexed new version)", () => {
    expect(startsIndexing(['annotation'])).toBe(true);
  });

  it('the sign-in snapshot (every kind), a change naming no kind, a kind not known here: a pass', () => {
    expect(startsIndexing([...SYNC_ENTITY_NAMES])).toBe(true);
    expect(startsIndexing([])).toBe(true);
    expect(startsIndexing(['somethingNew'])).toBe(true);
    // A retention check too: a refused edit of unknown kinds is announced as any kind.
    expect(startsRetention([])).toBe(true);
    expect(startsRetention(['somethingNew'])).toBe(true);
  });

  it('opening a document, notices, signing and written opinions: no pass', () => {
    for (const kind of ['documentView', 'notice', 'signatureRequest', 'orgSigningSettings', 'opinionRequest', 'minutes', 'task', 'presentation', 'participant', 'user']) {
      expect(startsIndexing([kind]), kind).toBe(false);
    }
  });

  it('of the kinds the sync registry knows, only documents and their versions, meetings, organisations and annotations start a pass', () => {
    expect(SYNC_ENTITY_NAMES.filter((k) => startsIndexing([k])).sort()).toEqual(['annotation', 'document', 'documentVersion', 'meeting', 'organization']);
  });
});
