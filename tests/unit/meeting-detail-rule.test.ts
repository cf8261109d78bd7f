/**
 * A meeting's detail from its two parts (head, documents), and which cache changes re-read which
 * part on the meeting screen (shared/rules/meeting-detail.ts).
 */
import { describe, expect, it } from 'vitest';
import type { LocalDocument, MeetingHead } from '../../shared/bridge';
import { changesMeetingDocuments, changesMeetingExtras, changesMeetingHead, changesMeetingList, composeMeetingDetail } from '../../shared/rules/meeting-detail';
import { SYNC_ENTITY_NAMES } from '../../shared/sync/entity-registry';

const MEETING = '7f0c2a52-1111-4c1e-9d5e-000000000001';
const OTHER = '7f0c2a52-1111-4c1e-9d5e-000000000002';
const item = (id: string, position: number) => ({ item: { id, position, title: `Nội dung ${position}` }, presenter: null });
const doc = (id: string, agendaItemId: string | null) => ({ id, agendaItemId, title: `Tài liệu ${id}` }) as unknown as LocalDocument;
const head = { meeting: { id: MEETING }, participants: [], agenda: [item('a', 1), item('b', 2)] } as unknown as MeetingHead;

describe('composeMeetingDetail', () => {
  it('puts each document under its agenda item, in the order given, and the rest with the meeting', () => {
    const detail = composeMeetingDetail(head, [doc('1', 'b'), doc('2', null), doc('3', 'a'), doc('4', 'b'), doc('5', 'gone')]);
    expect(detail.agenda.map((a) => [a.item.id, a.documents.map((d) => d.id)])).toEqual([
      ['a', ['3']],
      ['b', ['1', '4']],
    ]);
    // A document of an item the head does not have (deleted, or not read yet) still shows.
    expect(detail.documents.map((d) => d.id)).toEqual(['2', '5']);
    expect(detail.meeting).toBe(head.meeting);
  });

  it('gives every agenda item a list, empty when it has no document', () => {
    expect(composeMeetingDetail(head, []).agenda.map((a) => a.documents)).toEqual([[], []]);
  });
});

describe('which part of the meeting screen a change re-reads', () => {
  const change = (entities: string[], meetingIds: string[] = [MEETING]) => ({ entities, meetingIds });

  it('an agenda item renamed: the agenda, not the documents', () => {
    // What the pull of a rename says (the item and the meeting's change log).
    const renamed = change(['agendaItem', 'meetingChange']);
    expect(changesMeetingHead(renamed, MEETING)).toBe(true);
    expect(changesMeetingDocuments(renamed, MEETING)).toBe(false);
  });

  it('a document opened, or its file downloaded: the documents; a new document: both (the meeting counts them)', () => {
    expect(changesMeetingHead(change(['documentView']), MEETING)).toBe(false);
    expect(changesMeetingDocuments(change(['documentView']), MEETING)).toBe(true);
    expect(changesMeetingHead(change(['document']), MEETING)).toBe(true);
    expect(changesMeetingDocuments(change(['document']), MEETING)).toBe(true);
  });

  it("the meeting itself: both (its end decides how long its documents stay on the device)", () => {
    expect(changesMeetingHead(change(['meeting']), MEETING)).toBe(true);
    expect(changesMeetingDocuments(change(['meeting']), MEETING)).toBe(true);
  });

  it('annotations, notices, signing, minutes: neither', () => {
    for (const kind of ['annotation', 'notice', 'signatureRequest', 'minutes', 'task', 'presentation']) {
      expect(changesMeetingHead(change([kind]), MEETING), kind).toBe(false);
      expect(changesMeetingDocuments(change([kind]), MEETING), kind).toBe(false);
    }
  });

  it("another meeting's change: neither; a change of no meeting in particular, of no named kind, or of a kind unknown here: both", () => {
    expect(changesMeetingHead(change(['agendaItem', 'document'], [OTHER]), MEETING)).toBe(false);
    expect(changesMeetingDocuments(change(['agendaItem', 'document'], [OTHER]), MEETING)).toBe(false);
    for (const c of [change(['document'], []), change([]), change(['somethingNew'])]) {
      expect(changesMeetingHead(c, MEETING)).toBe(true);
      expect(changesMeetingDocuments(c, MEETING)).toBe(true);
    }
  });

  it('every kind the sync registry knows is placed (the registry and the rule agree)', () => {
    // A kind missing from the rule would count as unknown and re-read everything: not wrong, but
    // the type checker is what makes the rule name each one; this checks the names match.
    for (const kind of SYNC_ENTITY_NAMES) {
      const both = changesMeetingHead(change([kind]), MEETING) && changesMeetingDocuments(change([kind]), MEETING);
      if (!['organization', 'meeting', 'document'].includes(kind)) expect(both, kind).toBe(false);
    }
  });

  it('the meeting list: re-read for what its cards count and name, not for a document opened, a note or a notice', () => {
    for (const kind of ['meeting', 'participant', 'agendaItem', 'document', 'user', 'organization']) expect(changesMeetingList(change([kind])), kind).toBe(true);
    for (const kind of ['documentView', 'annotation', 'notice', 'meetingChange', 'signatureRequest', 'opinionRequest']) expect(changesMeetingList(change([kind])), kind).toBe(false);
    expect(changesMeetingList(change([]))).toBe(true);
    expect(changesMeetingList(change(['somethingNew']))).toBe(true);
  });

  it("the attendance panel: its log, versions, minutes, tasks and seats, not a document opened, a note or an agenda item alone", () => {
    for (const kind of ['meeting', 'participant', 'user', 'organization', 'meetingChange', 'documentVersion', 'minutes', 'task']) expect(changesMeetingExtras(change([kind]), MEETING), kind).toBe(true);
    for (const kind of ['documentView', 'annotation', 'document', 'agendaItem', 'notice', 'presentation']) expect(changesMeetingExtras(change([kind]), MEETING), kind).toBe(false);
    expect(changesMeetingExtras(change(['participant'], ['another-meeting']), MEETING)).toBe(false);
    expect(changesMeetingExtras(change([]), MEETING)).toBe(true);
    expect(changesMeetingExtras(change(['somethingNew']), MEETING)).toBe(true);
  });
});
