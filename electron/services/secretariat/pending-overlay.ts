/**
 * Offline edits visible at once (issue 3): the secretariat's mutations still waiting in the
 * outbox are laid over the synced rows whenever a screen reads the cache, so the agenda a
 * secretary sees offline is the one he edited.
 *
 * Why an overlay and not writes into the synced tables: the synced rows stay exactly what the
 * server sent (a pull never has to merge with guesses), and a mutation the server refuses
 * leaves the outbox, so its local effect disappears by itself ("rolled back") — the refusal is
 * kept in rejected_mutations and the submit answer for the UI. Each read runs inside a SQLite
 * transaction that applies the queued mutations as if pulled, reads, and rolls back;
 * better-sqlite3 is synchronous, so nothing else can see the guessed rows in between.
 */
import type { Change, Mutation } from '../../../shared/api';
import { AgendaItem, Document, Meeting, Participant } from '../../../shared/entities';
import { Minutes, Task } from '../../../shared/secretariat';
import type { OutboxStore } from '../cache/outbox-store';
import type { SyncedStore } from '../cache/synced-store';
import type Database from 'better-sqlite3';

const ROLLBACK = Symbol('rollback pending overlay');

/** Mutation kinds whose effect is shown before the server confirms it. */
const OVERLAID = new Set<Mutation['kind']>([
  'meeting.upsert',
  'meeting.publish',
  'meeting.start',
  'meeting.close',
  'agendaItem.upsert',
  'agendaItem.delete',
  'participant.upsert',
  'participant.delete',
  'participant.setAttendance',
  'document.upsert',
  'document.delete',
  'minutes.save',
  'task.upsert',
  'task.delete',
]);

export class PendingOverlay {
  constructor(
    private readonly db: Database.Database,
    private readonly synced: SyncedStore,
    private readonly outbox: OutboxStore,
    private readonly now: () => Date,
  ) {}

  /** Queued mutations that change what the cache shows. */
  pending(): Mutation[] {
    return this.outbox
      .peek(10_000)
      .map((e) => e.mutation)
      .filter((m) => OVERLAID.has(m.kind));
  }

  /** Runs `read` (synchronous) against the cache with the queued mutations applied on top. */
  view<T>(read: () => T): T {
    const pending = this.pending();
    if (pending.length === 0) return read();
    let out: { value: T } | null = null;
    try {
      this.db.transaction(() => {
        const cursor = this.synced.getCursor();
        for (const m of pending) {
          const changes = this.changesOf(m);
          if (changes.length) this.synced.applyPullPage(changes, cursor);
        }
        out = { value: read() };
        throw ROLLBACK;
      })();
    } catch (e) {
      if (e !== ROLLBACK) throw e;
    }
    return (out as { value: T } | null)!.value;
  }

  /** Meetings a queued mutation touches (for `data.changed`). */
  meetingIdsOf(mutations: readonly Mutation[]): string[] {
    const ids = new Set<string>();
    for (const m of mutations) {
      const a = m.args as { meetingId?: string; id?: string; participantId?: string };
      if (a.meetingId) ids.add(a.meetingId);
      else if (m.kind === 'meeting.upsert') ids.add(m.args.id);
      else {
        const table = { 'agendaItem.delete': 'agenda_items', 'participant.delete': 'participants', 'document.delete': 'documents', 'participant.setAttendance': 'participants' }[
          m.kind as string
        ];
        const id = a.id ?? a.participantId;
        const row = table && id ? (this.db.prepare(`SELECT meeting_id FROM ${table} WHERE id = ?`).get(id) as { meeting_id: string } | undefined) : undefined;
        if (row) ids.add(row.meeting_id);
      }
    }
    return [...ids];
  }

  // ---- one mutation → the rows the server will (most likely) send back ---------------------

  private row<T>(table: string, id: string, parse: (v: unknown) => T): T | null {
    const r = this.db.prepare(`SELECT data FROM ${table} WHERE id = ?`).get(id) as { data: string } | undefined;
    return r ? parse(JSON.parse(r.data)) : null;
  }

  private secretariatRow<T>(entity: string, where: 'id' | 'meeting_id', value: string, parse: (v: unknown) => T): T | null {
    const r = this.db.prepare(`SELECT data FROM secretariat_rows WHERE entity = ? AND ${where} = ?`).get(entity, value) as { data: string } | undefined;
    return r ? parse(JSON.parse(r.data)) : null;
  }

  /** Revisions are predicted (+1 per save, as the server does) so a second offline edit's baseRevision matches. */
  private changesOf(m: Mutation): Change[] {
    try {
      return this.build(m);
    } catch {
      // A guess we cannot make (e.g. a row we never had): show the server's answer when it comes.
      return [];
    }
  }

  private build(m: Mutation): Change[] {
    const at = this.now().toISOString();
    const meeting = (id: string) => this.row('meetings', id, (v) => Meeting.parse(v));
    const withStatus = (id: string, status: Meeting['status'], from: readonly Meeting['status'][]): Change[] => {
      const prev = meeting(id);
      if (!prev || !from.includes(prev.status)) return [];
      const data = { ...prev, status, updatedAt: at, revision: prev.revision + 1, publishedAt: prev.publishedAt ?? (status === 'draft' ? null : at) };
      return [{ entity: 'meeting', id, op: 'upsert', data }];
    };
    switch (m.kind) {
      case 'meeting.upsert': {
        const a = m.args;
        const prev = meeting(a.id);
        const orgId = prev?.orgId ?? this.synced.getOrganization()?.id;
        if (!orgId) return [];
        const data = Meeting.parse({
          ...prev,
          id: a.id,
          orgId,
          title: a.title,
          startsAt: new Date(a.startsAt).toISOString(),
          endsAt: new Date(a.endsAt).toISOString(),
          location: a.location,
          status: a.status,
          chairId: a.chairId,
          updatedAt: at,
          kind: a.kind ?? prev?.kind,
          onlineLink: a.onlineLink ?? prev?.onlineLink,
          hostAgency: a.hostAgency ?? prev?.hostAgency,
          quorumNumerator: a.quorumNumerator ?? prev?.quorumNumerator,
          quorumDenominator: a.quorumDenominator ?? prev?.quorumDenominator,
          publishedAt: prev?.publishedAt ?? (a.status === 'draft' ? null : at),
          revision: prev ? prev.revision + 1 : 1,
        });
        return [{ entity: 'meeting', id: a.id, op: 'upsert', data }];
      }
      case 'meeting.publish':
        return withStatus(m.args.meetingId, 'published', ['draft']);
      case 'meeting.start':
        return withStatus(m.args.meetingId, 'in_progress', ['published']);
      case 'meeting.close':
        return withStatus(m.args.meetingId, 'closed', ['published', 'in_progress']);
      case 'agendaItem.upsert': {
        const a = m.args;
        const prev = this.row('agenda_items', a.id, (v) => AgendaItem.parse(v));
        const { baseRevision: _b, ...fields } = a;
        const data = AgendaItem.parse({ ...prev, ...fields, presenterAgency: a.presenterAgency ?? prev?.presenterAgency, updatedAt: at, revision: prev ? prev.revision + 1 : 1 });
        return [{ entity: 'agendaItem', id: a.id, op: 'upsert', data }];
      }
      case 'participant.upsert': {
        const a = m.args;
        const prev = this.row('participants', a.id, (v) => Participant.parse(v));
        const data = Participant.parse({
          ...prev,
          id: a.id,
          meetingId: a.meetingId,
          userId: a.userId,
          role: a.role,
          delegateName: a.delegateName ?? prev?.delegateName,
          delegateUserId: a.delegateUserId !== undefined ? a.delegateUserId : prev?.delegateUserId,
          revision: prev ? prev.revision + 1 : 1,
        });
        return [{ entity: 'participant', id: a.id, op: 'upsert', data }];
      }
      case 'participant.setAttendance': {
        const a = m.args;
        const prev = this.row('participants', a.participantId, (v) => Participant.parse(v));
        if (!prev) return [];
        const data: Participant = {
          ...prev,
          attendance: a.attendance,
          checkedInAt: a.attendance === 'present' ? (prev.attendance === 'present' ? prev.checkedInAt : at) : null,
          delegateName: a.delegateName ?? prev.delegateName,
          delegateUserId: a.delegateUserId !== undefined ? a.delegateUserId : prev.delegateUserId,
          revision: prev.revision + 1,
        };
        return [{ entity: 'participant', id: prev.id, op: 'upsert', data }];
      }
      case 'document.upsert': {
        const a = m.args;
        const prev = this.row('documents', a.id, (v) => Document.parse(v));
        const size = prev?.sha256 === a.sha256 ? prev.size : this.pendingUploadSize(a.sha256);
        if (size === null) return [];
        const { baseRevision: _b, readerIds, ...fields } = a;
        const data = Document.parse({
          ...prev,
          ...fields,
          size,
          mime: 'application/pdf',
          version: !prev ? 1 : prev.sha256 !== a.sha256 ? prev.version + 1 : prev.version,
          readerIds: readerIds ?? prev?.readerIds ?? [],
          updatedAt: at,
          revision: prev ? prev.revision + 1 : 1,
        });
        return [{ entity: 'document', id: a.id, op: 'upsert', data }];
      }
      case 'agendaItem.delete':
        return [{ entity: 'agendaItem', id: m.args.id, op: 'delete' }];
      case 'participant.delete':
        return [{ entity: 'participant', id: m.args.id, op: 'delete' }];
      case 'document.delete':
        return [{ entity: 'document', id: m.args.id, op: 'delete' }];
      case 'minutes.save': {
        const a = m.args;
        // One minutes row per meeting, whoever started it.
        const prev = this.secretariatRow('minutes', 'meeting_id', a.meetingId, (v) => Minutes.parse(v));
        const data = Minutes.parse({ ...prev, id: prev?.id ?? a.id, meetingId: a.meetingId, body: a.body, conclusions: a.conclusions, documentId: prev?.documentId ?? null, revision: prev ? prev.revision + 1 : 1, updatedAt: at });
        return [{ entity: 'minutes', id: data.id, op: 'upsert', data }];
      }
      case 'task.upsert': {
        const { baseRevision: _b, ...fields } = m.args;
        const prev = this.secretariatRow('task', 'id', fields.id, (v) => Task.parse(v));
        const data = Task.parse({ ...fields, revision: prev ? prev.revision + 1 : 1, updatedAt: at });
        return [{ entity: 'task', id: data.id, op: 'upsert', data }];
      }
      case 'task.delete':
        return [{ entity: 'task', id: m.args.id, op: 'delete' }];
      default:
        return [];
    }
  }

  /** Size of a file queued for upload (a new document made offline). */
  private pendingUploadSize(sha256: string): number | null {
    const r = this.db.prepare('SELECT size FROM pending_uploads WHERE sha256 = ?').get(sha256) as { size: number } | undefined;
    return r?.size ?? null;
  }
}
