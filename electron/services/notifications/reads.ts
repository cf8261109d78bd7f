/**
 * What the notifier reads again after a change, by the kinds of data the change touched: an
 * agenda item renamed reads nothing, a notice the notices, a document its meeting's documents.
 * Reading every list after every change cost ~110 ms a change with a year of meetings (1,000)
 * in the cache; each list is read whole only at an account's first check.
 */
import type { SyncEntityName } from '../../../shared/api';
import { isKnownKind } from '../../../shared/rules/cache-changes';

/** The lists a check reads; `documents`: of these meetings (new versions), or of every meeting not closed. */
export interface NotifierReads {
  notices: boolean;
  opinions: boolean;
  signatures: boolean;
  /** Meetings in session now or published for today (the live sockets that bring votes). */
  meetings: boolean;
  documents: ReadonlySet<string> | 'all' | null;
}

export const READ_NOTHING: NotifierReads = { notices: false, opinions: false, signatures: false, meetings: false, documents: null };
export const READ_ALL: NotifierReads = { notices: true, opinions: true, signatures: true, meetings: true, documents: 'all' };

type List = 'notices' | 'opinions' | 'signatures' | 'meetings' | 'documents';

/**
 * Which lists each kind changes (a Record: a new kind in the sync registry does not compile until
 * it is placed here). Invitations come as notices; who may vote where follows the meetings, the
 * seats and the account's role; new versions are documents.
 */
const LISTS_OF: Record<SyncEntityName, readonly List[]> = {
  organization: [],
  user: ['meetings'],
  meeting: ['meetings'],
  participant: ['meetings'],
  agendaItem: [],
  document: ['documents'],
  documentView: [],
  documentVersion: [],
  meetingChange: [],
  minutes: [],
  task: [],
  notice: ['notices'],
  annotation: [],
  presentation: [],
  signatureRequest: ['signatures'],
  orgSigningSettings: [],
  opinionRequest: ['opinions'],
};

/** What to read after a `data.changed`; a change naming no kind, or a kind not known here, reads everything. */
export function readsAfterChange(entities: readonly string[], meetingIds: readonly string[]): NotifierReads {
  if (entities.length === 0 || entities.some((e) => !isKnownKind(e))) return READ_ALL;
  const lists = new Set(entities.flatMap((e) => (isKnownKind(e) ? LISTS_OF[e] : [])));
  return {
    notices: lists.has('notices'),
    opinions: lists.has('opinions'),
    signatures: lists.has('signatures'),
    meetings: lists.has('meetings'),
    documents: !lists.has('documents') ? null : meetingIds.length === 0 ? 'all' : new Set(meetingIds),
  };
}

/** Both reads in one (changes that came while a check ran, or a failed check's reads kept for the next). */
export function mergeReads(a: NotifierReads, b: NotifierReads): NotifierReads {
  const documents = a.documents === 'all' || b.documents === 'all' ? 'all' : a.documents || b.documents ? new Set([...(a.documents ?? []), ...(b.documents ?? [])]) : null;
  return {
    notices: a.notices || b.notices,
    opinions: a.opinions || b.opinions,
    signatures: a.signatures || b.signatures,
    meetings: a.meetings || b.meetings,
    documents,
  };
}

export function readsNothing(r: NotifierReads): boolean {
  return !r.notices && !r.opinions && !r.signatures && !r.meetings && r.documents === null;
}
