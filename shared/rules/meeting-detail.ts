/**
 * A meeting's detail from its two parts, and which cache changes touch which part. The services
 * answer `meetings.get` with composeMeetingDetail; the meeting screen reads the parts apart
 * (`meetings.head`, `meetings.documents`) and composes them the same way, re-reading only the
 * part a change touches: an agenda item renamed in a meeting of 2,000 documents re-reads the
 * agenda, not the 2,000 documents.
 */
import type { LocalDocument, MeetingDetail, MeetingHead } from '../bridge';
import type { SyncEntityName } from '../sync/entity-registry';
import { isKnownKind, touchesKinds, type CacheChange } from './cache-changes';

/**
 * Each document under its agenda item, in the order given; documents of no agenda item, or of one
 * the head does not have (not synced yet, or the two parts read at different moments), with the
 * meeting-wide ones.
 */
export function composeMeetingDetail(head: MeetingHead, documents: readonly LocalDocument[]): MeetingDetail {
  const byItem = new Map<string, LocalDocument[]>();
  for (const entry of head.agenda) byItem.set(entry.item.id, []);
  const meetingWide: LocalDocument[] = [];
  for (const d of documents) {
    const list = d.agendaItemId === null ? undefined : byItem.get(d.agendaItemId);
    if (list) list.push(d);
    else meetingWide.push(d);
  }
  return {
    ...head,
    agenda: head.agenda.map((entry) => ({ ...entry, documents: byItem.get(entry.item.id)! })),
    documents: meetingWide,
  };
}

/**
 * Which part of a meeting's detail each kind of synced data is shown in (a Record: a new kind in
 * the sync registry does not compile until it is placed here). The head's meeting summary counts
 * participants, agenda items and documents, names the chair and the organisation; a document's
 * entry says whether its file is on this device and which version the user opened, and when it
 * leaves the device, which follows the meeting's end and the organisation's policy.
 */
const SHOWN_IN: Record<SyncEntityName, { head: boolean; documents: boolean }> = {
  organization: { head: true, documents: true },
  user: { head: true, documents: false },
  meeting: { head: true, documents: true },
  participant: { head: true, documents: false },
  agendaItem: { head: true, documents: false },
  document: { head: true, documents: true },
  documentView: { head: false, documents: true },
  // Shown by screens of their own (versions, changes, minutes, tasks, notices, annotations, the
  // presenter's page, signing, written opinions), not in the meeting's detail.
  documentVersion: { head: false, documents: false },
  meetingChange: { head: false, documents: false },
  minutes: { head: false, documents: false },
  task: { head: false, documents: false },
  notice: { head: false, documents: false },
  annotation: { head: false, documents: false },
  presentation: { head: false, documents: false },
  signatureRequest: { head: false, documents: false },
  orgSigningSettings: { head: false, documents: false },
  opinionRequest: { head: false, documents: false },
};

/** A kind the registry does not know (a local change named otherwise) may touch anything. */
const shownIn = (kind: string, part: 'head' | 'documents') => (isKnownKind(kind) ? SHOWN_IN[kind][part] : true);

/** A change naming no kind may be any. */
const touchesPart = (change: CacheChange, part: 'head' | 'documents') => change.entities.length === 0 || change.entities.some((e) => shownIn(e, part));

const touchesMeeting = (change: CacheChange, meetingId: string) => change.meetingIds.length === 0 || change.meetingIds.includes(meetingId);

/** Does this change alter what `meetings.head` answers for the meeting? */
export function changesMeetingHead(change: CacheChange, meetingId: string): boolean {
  return touchesMeeting(change, meetingId) && touchesPart(change, 'head');
}

/** Does this change alter what `meetings.documents` answers for the meeting? */
export function changesMeetingDocuments(change: CacheChange, meetingId: string): boolean {
  return touchesMeeting(change, meetingId) && touchesPart(change, 'documents');
}

/**
 * Does this change alter what `meetings.list` answers? A meeting's summary is the meeting with its
 * counts (participants, agenda items, documents), its chair's and organisation's names and the
 * user's seat: what its head shows.
 */
export function changesMeetingList(change: CacheChange): boolean {
  return touchesPart(change, 'head');
}

/**
 * Does this change alter what the meeting's attendance panel shows: `meetings.extras` (its log of
 * changes, document versions, minutes, tasks, the quorum and the user's seat), the organisation's
 * people and the seats that may name a deputy? Not a document read, a note or an agenda item alone.
 */
export function changesMeetingExtras(change: CacheChange, meetingId: string): boolean {
  return touchesMeeting(change, meetingId) && touchesKinds(change, ['organization', 'user', 'meeting', 'participant', 'meetingChange', 'documentVersion', 'minutes', 'task']);
}
