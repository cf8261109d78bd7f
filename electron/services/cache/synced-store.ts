/**
 * The synced part of the cache: entity rows received from the server, the pull cursor, and
 * the read models the UI asks for (MeetingSummary, MeetingHead, LocalDocument).
 */
import type { Change } from '../../../shared/api';
import {
  AgendaItem,
  Document,
  DocumentView,
  Meeting,
  Organization,
  Participant,
  UserProfile,
} from '../../../shared/entities';
import type { LocalDocument, MeetingHead, MeetingSummary } from '../../../shared/bridge';
import type { MeetingPlace } from '../../../shared/rules/meetings';
import type { CacheDb } from './open-cache';
import { inProtocolOrder } from '../../../shared/rules/participant-order';
import { lazyVietnameseCollator } from '../../../shared/text/vietnamese-collation';
import { roleInOrganisation } from '../../../shared/organisations';
import { SigningRows } from '../signing/cache-rows';
import { OpinionRows } from '../written-opinions/cache-rows';
import { applyChange, SYNCED_TABLES } from './entities/registry';

/** Vietnamese alphabetical order; one collator for every sort (a locale argument per comparison builds one each time), made when first needed. */
const viOrder = lazyVietnameseCollator();
const byViTitle = (a: { title: string }, b: { title: string }) => viOrder().compare(a.title, b.title);

/** What an applied page touched, for the `data.changed` event. */
export interface TouchedData {
  entities: string[];
  meetingIds: string[];
  /** Blobs referenced before this page by documents that this page removed or replaced. */
  releasedSha256: string[];
}


export class SyncedStore {
  /**
   * Each meeting's documents, parsed and in title order, kept until a change to one of them
   * (or to the meeting) is applied: reading a meeting of a thousand documents again after an
   * unrelated change costs no parse and no sort. Reads inside a transaction (the pending
   * overlay's, rolled back afterwards) are never kept.
   */
  private readonly documentsByMeeting = new Map<string, readonly Document[]>();

  constructor(private readonly db: CacheDb) {}

  getCursor(): string {
    return (this.db.prepare('SELECT cursor FROM sync_state WHERE id = 1').get() as { cursor: string }).cursor;
  }

  getLastSyncAt(): string | null {
    return (this.db.prepare('SELECT last_sync_at FROM sync_state WHERE id = 1').get() as { last_sync_at: string | null })
      .last_sync_at;
  }

  getOwner(): string | null {
    return (this.db.prepare('SELECT owner FROM sync_state WHERE id = 1').get() as { owner: string | null }).owner;
  }

  setOwner(owner: string): void {
    this.db.prepare('UPDATE sync_state SET owner = ? WHERE id = 1').run(owner);
  }

  markSynced(at: string): void {
    this.db.prepare('UPDATE sync_state SET last_sync_at = ? WHERE id = 1').run(at);
  }

  /**
   * Applies one pull page and stores its cursor in ONE transaction: after a crash the cache
   * holds either the whole page with its cursor, or neither.
   */
  applyPullPage(changes: readonly Change[], cursor: string, opts: { replaceAll?: boolean } = {}): TouchedData {
    const entities = new Set<string>();
    const meetingIds = new Set<string>();
    const released = new Set<string>();
    this.db.transaction(() => {
      // A fresh snapshot's first page replaces everything in the same transaction, so readers
      // never see an empty cache in between.
      if (opts.replaceAll) {
        for (const r of this.db.prepare('SELECT DISTINCT sha256 FROM documents').all() as { sha256: string }[]) released.add(r.sha256);
        this.resetSynced();
      }
      const touched = { meetingIds, released };
      for (const c of changes) {
        entities.add(c.entity);
        this.forgetDocumentsTouchedBy(c);
        applyChange(this.db, c, touched);
      }
      this.db.prepare('UPDATE sync_state SET cursor = ? WHERE id = 1').run(cursor);
    })();
    return { entities: [...entities], meetingIds: [...meetingIds], releasedSha256: [...released] };
  }

  /**
   * Forgets every synced row and the cursor (after 410 cursor_expired, or another account).
   * The outbox and blob files are kept: pending writes must survive, blobs are re-used.
   */
  resetSynced(): void {
    this.documentsByMeeting.clear();
    this.db.transaction(() => {
      for (const t of SYNCED_TABLES) this.db.prepare(`DELETE FROM ${t}`).run();
      this.db.prepare(`UPDATE sync_state SET cursor = '' WHERE id = 1`).run();
    })();
  }

  // ---- local writes ---------------------------------------------------------------------

  /** Records a view at once (before the server confirms) so the UI shows it offline. */
  recordProvisionalView(view: DocumentView, mutationId: string): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO document_views (id, user_id, document_id, version, data, provisional_mutation_id) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(view.id, view.userId, view.documentId, view.version, JSON.stringify(view), mutationId);
  }

  dropProvisionalView(mutationId: string): void {
    this.db.prepare('DELETE FROM document_views WHERE provisional_mutation_id = ?').run(mutationId);
  }

  // ---- reads ----------------------------------------------------------------------------

  getDocument(id: string): Document | null {
    const row = this.db.prepare('SELECT data FROM documents WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? Document.parse(JSON.parse(row.data)) : null;
  }

  /** Whether any cached document references the blob (a blob nobody may see is not served). */
  isBlobReferenced(sha256: string): boolean {
    if (this.db.prepare('SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined) return true;
    // Older versions and invitations ("Giấy mời") are readable too.
    if (this.db.prepare('SELECT 1 FROM secretariat_rows WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined) return true;
    // Revisions of a signature request (the signer may not be in the meeting).
    if (new SigningRows(this.db).references(sha256)) return true;
    // Attachments and summaries of written opinion requests.
    return new OpinionRows(this.db).references(sha256);
  }

  allDocumentSha256(): Set<string> {
    return new Set(
      (this.db.prepare('SELECT sha256 FROM documents UNION SELECT sha256 FROM secretariat_rows WHERE sha256 IS NOT NULL UNION SELECT current_sha256 FROM signature_requests UNION SELECT sha256 FROM signing_local').all() as { sha256: string }[]).map(
        (r) => r.sha256,
      ).concat(new OpinionRows(this.db).allSha256()), // Written opinion files
    );
  }

  getMeeting(id: string): Meeting | null {
    const row = this.db.prepare('SELECT data FROM meetings WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? Meeting.parse(JSON.parse(row.data)) : null;
  }

  /** Every meeting, or those starting within [from, to) (julianday: instants with an offset other than Z compare by time too). */
  listMeetings(starting?: { from: Date; to: Date }): Meeting[] {
    const rows = starting
      ? this.db.prepare('SELECT data FROM meetings WHERE julianday(starts_at) >= julianday(?) AND julianday(starts_at) < julianday(?) ORDER BY starts_at').all(starting.from.toISOString(), starting.to.toISOString())
      : this.db.prepare('SELECT data FROM meetings ORDER BY starts_at').all();
    return (rows as { data: string }[]).map((r) => Meeting.parse(JSON.parse(r.data)));
  }

  /** Of these meetings (null: all), those not closed. */
  openMeetingIds(ids: readonly string[] | null): string[] {
    if (ids === null) return (this.db.prepare("SELECT id FROM meetings WHERE status != 'closed'").all() as { id: string }[]).map((r) => r.id);
    const open = this.db.prepare("SELECT 1 FROM meetings WHERE id = ? AND status != 'closed'");
    return ids.filter((id) => open.get(id) !== undefined);
  }

  /**
   * The meetings in session, and those published to start within a day and a half of `now` (so
   * surely every one of today, Vietnam time), with this user's seat: the few a vote may open in.
   */
  meetingsNear(now: Date, myUserId: string): Pick<MeetingSummary, 'id' | 'status' | 'startsAt' | 'myRole'>[] {
    const margin = 36 * 3600_000;
    // julianday: instants with an offset other than Z compare by time too.
    const rows = this.db
      .prepare("SELECT data FROM meetings WHERE status = 'in_progress' OR (status = 'published' AND julianday(starts_at) BETWEEN julianday(?) AND julianday(?))")
      .all(new Date(now.getTime() - margin).toISOString(), new Date(now.getTime() + margin).toISOString()) as { data: string }[];
    const seat = this.db.prepare('SELECT data FROM participants WHERE meeting_id = ? AND user_id = ?');
    return rows.map((r) => {
      const m = Meeting.parse(JSON.parse(r.data));
      const mine = seat.get(m.id, myUserId) as { data: string } | undefined;
      return { id: m.id, status: m.status, startsAt: m.startsAt, myRole: seatRole(mine?.data) };
    });
  }

  /** The documents of these meetings, each meeting's in title order (read-only rows). */
  documentsOfMeetings(meetingIds: readonly string[]): Document[] {
    return meetingIds.flatMap((id) => this.documentsOfMeeting(id));
  }

  private documentsOfMeeting(meetingId: string): readonly Document[] {
    const kept = this.documentsByMeeting.get(meetingId);
    if (kept) return kept;
    const docs = (this.db.prepare('SELECT data FROM documents WHERE meeting_id = ?').all(meetingId) as { data: string }[])
      .map((r) => Object.freeze(Document.parse(JSON.parse(r.data))))
      .sort(byViTitle);
    if (!this.db.inTransaction) this.documentsByMeeting.set(meetingId, docs);
    return docs;
  }

  /** A document's old and new meeting, or a meeting itself (a delete takes its documents along). */
  private forgetDocumentsTouchedBy(c: Change): void {
    if (this.documentsByMeeting.size === 0) return;
    if (c.entity === 'meeting') this.documentsByMeeting.delete(c.id);
    if (c.entity !== 'document') return;
    const old = this.db.prepare('SELECT meeting_id FROM documents WHERE id = ?').get(c.id) as { meeting_id: string } | undefined;
    if (old) this.documentsByMeeting.delete(old.meeting_id);
    if (c.op === 'upsert') this.documentsByMeeting.delete(c.data.meetingId);
  }

  getOrganization(): Organization | null {
    const row = this.db.prepare('SELECT data FROM organization LIMIT 1').get() as { data: string } | undefined;
    return row ? Organization.parse(JSON.parse(row.data)) : null;
  }

  /** Every organisation the user belongs to (synced). */
  organisations(): Organization[] {
    return (this.db.prepare('SELECT data FROM organization').all() as { data: string }[]).map((r) => Organization.parse(JSON.parse(r.data)));
  }

  /** A synced profile (with its memberships), or null. */
  getUser(id: string): UserProfile | null {
    const row = this.db.prepare('SELECT data FROM users WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? UserProfile.parse(JSON.parse(row.data)) : null;
  }

  private usersById(): Map<string, UserProfile> {
    const rows = this.db.prepare('SELECT data FROM users').all() as { data: string }[];
    return new Map(rows.map((r) => UserProfile.parse(JSON.parse(r.data))).map((u) => [u.id, u]));
  }

  /**
   * What the list needs of every meeting to place it (shared/rules/meetings.ts pickMeetingPage),
   * read by SQLite from each row without parsing it here: a page of the list then parses the
   * meetings it shows only.
   */
  meetingPlaces(): MeetingPlace[] {
    return this.db
      .prepare("SELECT id, starts_at AS startsAt, json_extract(data, '$.endsAt') AS endsAt, status, json_extract(data, '$.orgId') AS orgId FROM meetings")
      .all() as MeetingPlace[];
  }

  /**
   * Every meeting's title and organisation by id, read by SQLite from the rows: for lists that
   * name the meeting of each entry (notices, tasks), one query rather than a parsed meeting each.
   */
  meetingNames(): Map<string, { title: string; orgId: string }> {
    const rows = this.db.prepare("SELECT id, json_extract(data, '$.title') AS title, json_extract(data, '$.orgId') AS orgId FROM meetings").all() as { id: string; title: string; orgId: string }[];
    return new Map(rows.map((r) => [r.id, { title: r.title, orgId: r.orgId }]));
  }

  /**
   * These meetings' summaries, in the order given (an id not in the cache is left out): what a
   * page of the list shows.
   */
  meetingSummariesOf(ids: readonly string[], myUserId: string): MeetingSummary[] {
    if (ids.length === 0) return [];
    const users = this.usersById();
    const orgs = this.organisationNames();
    const read = this.db.prepare('SELECT data FROM meetings WHERE id = ?');
    return ids.flatMap((id) => {
      const row = read.get(id) as { data: string } | undefined;
      return row ? [this.summarize(Meeting.parse(JSON.parse(row.data)), myUserId, users, orgs)] : [];
    });
  }

  /**
   * Every meeting with its counts and this user's seat: one query per count for all meetings (a
   * year of meetings is ~1,000: four queries each took ~80 ms at each read of the list).
   */
  meetingSummaries(myUserId: string, starting?: { from: Date; to: Date }): MeetingSummary[] {
    const users = this.usersById();
    const orgs = this.organisationNames();
    const counts = (table: string) =>
      new Map((this.db.prepare(`SELECT meeting_id AS id, COUNT(*) AS n FROM ${table} GROUP BY meeting_id`).all() as { id: string; n: number }[]).map((r) => [r.id, r.n]));
    const participants = counts('participants');
    const items = counts('agenda_items');
    const documents = counts('documents');
    const seats = new Map(
      (this.db.prepare('SELECT meeting_id AS id, data FROM participants WHERE user_id = ?').all(myUserId) as { id: string; data: string }[]).map((r) => [r.id, r.data]),
    );
    return this.listMeetings(starting).map((m) =>
      this.summary(m, {
        participantCount: participants.get(m.id) ?? 0,
        agendaItemCount: items.get(m.id) ?? 0,
        documentCount: documents.get(m.id) ?? 0,
        myRole: seatRole(seats.get(m.id)),
      }, users, orgs),
    );
  }

  /** Every organisation the user belongs to, by id (the short name). */
  organisationNames(): Map<string, string> {
    const rows = this.db.prepare('SELECT data FROM organization').all() as { data: string }[];
    return new Map(rows.map((r) => Organization.parse(JSON.parse(r.data))).map((o) => [o.id, o.shortName]));
  }

  /** One meeting's summary (its counts and this user's seat read for it alone). */
  private summarize(m: Meeting, myUserId: string, users: Map<string, UserProfile>, orgs = this.organisationNames()): MeetingSummary {
    const count = (table: string) =>
      (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE meeting_id = ?`).get(m.id) as { n: number }).n;
    const mine = this.db.prepare('SELECT data FROM participants WHERE meeting_id = ? AND user_id = ?').get(m.id, myUserId) as
      | { data: string }
      | undefined;
    return this.summary(m, {
      participantCount: count('participants'),
      agendaItemCount: count('agenda_items'),
      documentCount: count('documents'),
      myRole: seatRole(mine?.data),
    }, users, orgs);
  }

  private summary(
    m: Meeting,
    local: Pick<MeetingSummary, 'participantCount' | 'agendaItemCount' | 'documentCount' | 'myRole'>,
    users: Map<string, UserProfile>,
    orgs: Map<string, string>,
  ): MeetingSummary {
    return {
      ...m,
      ...local,
      chairName: m.chairId ? (users.get(m.chairId)?.fullName ?? null) : null,
      organisationName: orgs.get(m.orgId) ?? null,
    };
  }

  /** The meeting, its participants and its agenda, without documents (see MeetingHead); null if unknown. */
  meetingHead(meetingId: string, myUserId: string): MeetingHead | null {
    const meeting = this.getMeeting(meetingId);
    if (!meeting) return null;
    const users = this.usersById();
    const participants = (this.db.prepare('SELECT data FROM participants WHERE meeting_id = ?').all(meetingId) as { data: string }[])
      .map((r) => Participant.parse(JSON.parse(r.data)))
      .map((participant) => ({ participant, user: inOrganisation(users.get(participant.userId) ?? null, meeting.orgId) }));
    const items = (
      this.db.prepare('SELECT data FROM agenda_items WHERE meeting_id = ? ORDER BY position, id').all(meetingId) as { data: string }[]
    ).map((r) => AgendaItem.parse(JSON.parse(r.data)));
    return {
      meeting: this.summarize(meeting, myUserId, users),
      participants: inProtocolOrder(participants, (p) => ({ role: p.participant.role, fullName: p.user?.fullName ?? '', title: p.user?.title ?? '' })),
      agenda: items.map((item) => ({ item, presenter: item.presenterId ? (users.get(item.presenterId) ?? null) : null })),
    };
  }

  /** Every document of the meeting with this user's local state (files cached, versions opened). */
  meetingDocuments(meetingId: string, myUserId: string, isCached: (d: Document) => boolean): LocalDocument[] {
    // One query for the views of every document of the meeting (not one per document).
    const viewed = new Map(
      (
        this.db
          .prepare('SELECT v.document_id AS id, MAX(v.version) AS v FROM document_views v JOIN documents d ON d.id = v.document_id WHERE d.meeting_id = ? AND v.user_id = ? GROUP BY v.document_id')
          .all(meetingId, myUserId) as { id: string; v: number }[]
      ).map((r) => [r.id, r.v]),
    );
    return this.documentsOfMeeting(meetingId).map((d) => ({ ...d, cached: isCached(d), viewedVersion: viewed.get(d.id) ?? null }));
  }

  localDocument(d: Document, myUserId: string, cached: boolean): LocalDocument {
    const row = this.db
      .prepare('SELECT MAX(version) AS v FROM document_views WHERE document_id = ? AND user_id = ?')
      .get(d.id, myUserId) as { v: number | null };
    return { ...d, cached, viewedVersion: row.v };
  }
}

/** The role of a participant row (the user's seat in a meeting), or null without one. */
function seatRole(data: string | undefined): MeetingSummary['myRole'] {
  return data === undefined ? null : Participant.parse(JSON.parse(data)).role;
}

/** A profile as the directory shows it in one organisation: his role there (not his home one). */
function inOrganisation(u: UserProfile | null, orgId: string): UserProfile | null {
  if (!u) return null;
  const role = roleInOrganisation(u, orgId);
  return role && role !== u.role ? { ...u, role } : u;
}
