/**
 * Bridge handlers of the secretariat (meetings, notices, attendance, uploads), registered in the
 * services facade (electron/services/index.ts) with one spread.
 */
import type { MutationResult } from '../../../shared/api';
import { roleInOrganisation } from '../../../shared/organisations';
import { API_PATHS } from '../../../shared/api';
import { UserProfile } from '../../../shared/entities';
import { AppError } from '../../../shared/errors';
import { isAppError } from '../../../shared/app-error';
import { OcrStatus, ocrStatusPath } from '../../../shared/ocr';
import { vietnamDay } from '../../../shared/time/vietnam-time';
import { quorumStatus } from '../../../shared/rules/quorum';
import { AuditResponse, SECRETARIAT_PATHS } from '../../../shared/secretariat';
import { auditQueryString } from '../../../shared/audit';
import type { BridgeHandlers } from '../../../shared/bridge';
import type { NoticeView, SecretariatBridgeMethods } from '../../../shared/secretariat-bridge';
import type { ApiClient } from '../api/api-client';
import { errorFromResponse } from '../api/http';
import type { BlobCache } from '../blobs/blob-cache';
import type { CacheDb } from '../cache/open-cache';
import type { OutboxStore } from '../cache/outbox-store';
import type { SyncedStore } from '../cache/synced-store';
import type { SyncEngine } from '../sync/sync-engine';
import type { SyncStatusHolder } from '../sync/sync-status';
import { SecretariatRows } from './cache-rows';
import type { PendingOverlay } from './pending-overlay';
import type { UploadQueue } from './uploads';

export interface SecretariatDeps {
  db: CacheDb;
  synced: SyncedStore;
  outbox: OutboxStore;
  blobs: BlobCache;
  status: SyncStatusHolder;
  uploads: UploadQueue;
  /** Refusals the sync engine reported, by mutation id (kept for the submit answer). */
  rejections: Map<string, NonNullable<MutationResult['error']>>;
  /** Queued edits laid over the synced rows (shown offline before the server confirms). */
  overlay: PendingOverlay;
  session: () => { api: ApiClient; engine: SyncEngine; userId: string };
  /** The organisation the organisation-wide screens act on (the header's switcher). */
  activeOrgId: () => string;
  documentUrl: (sha256: string) => string;
  dataChanged: (entities: string[], meetingIds: string[]) => void;
  now: () => Date;
}

type Handlers = Pick<BridgeHandlers, keyof typeof SecretariatBridgeMethods>;

/**
 * The user's notices as the screens show them, each with its meeting's title (one query for the
 * titles); `unreadOnly`: those he has not read (the desktop notifier's unread invitations).
 */
export function noticeViews(db: CacheDb, synced: SyncedStore, userId: string, unreadOnly = false): NoticeView[] {
  const meetings = synced.meetingNames();
  return new SecretariatRows(db).notices(userId, unreadOnly).map((n) => ({ ...n, meetingTitle: meetings.get(n.meetingId)?.title ?? null }));
}

export function secretariatHandlers(d: SecretariatDeps): Handlers {
  const rows = new SecretariatRows(d.db);
  const meetingTitle = (id: string) => d.synced.getMeeting(id)?.title ?? null;
  /** A meeting's log is its organisation's; the whole log, the active organisation's. */
  const orgOf = (meetingId: string | undefined) => {
    const orgId = meetingId ? d.synced.getMeeting(meetingId)?.orgId : undefined;
    return orgId ? { orgId } : ('active' as const);
  };

  return {
    'secretariat.submit': async ({ mutations }) => {
      const s = d.session();
      // Stored first: nothing the secretary did is lost if the network is gone.
      d.db.transaction(() => mutations.forEach((m) => d.outbox.add(m)))();
      d.status.update({ pendingMutations: d.outbox.count() });
      await s.engine.syncNow();
      const stillQueued = d.db.prepare('SELECT 1 FROM outbox WHERE mutation_id = ?');
      // Offline: the screens re-read and show the queued edits (see PendingOverlay).
      const queued = mutations.filter((m) => stillQueued.get(m.id));
      if (queued.length) d.dataChanged(d.overlay.entitiesOf(queued), d.overlay.meetingIdsOf(queued));
      return {
        results: mutations.map((m) => {
          const error = d.rejections.get(m.id);
          if (error) {
            d.rejections.delete(m.id);
            return { id: m.id, status: 'rejected' as const, error };
          }
          return { id: m.id, status: stillQueued.get(m.id) ? ('queued' as const) : ('applied' as const) };
        }),
      };
    },

    'secretariat.users': async ({ orgId }) => {
      d.session();
      const all = (d.db.prepare('SELECT data FROM users').all() as { data: string }[]).map((r) => UserProfile.parse(JSON.parse(r.data)));
      // In one organisation: its people, each with his role there.
      const people = orgId === undefined ? all : all.flatMap((u) => {
        const role = roleInOrganisation(u, orgId);
        return role ? [{ ...u, role }] : [];
      });
      return people.sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
    },

    'secretariat.tasks': async () => {
      d.session();
      const today = vietnamDay(d.now());
      // The active organisation's tasks (a task of a meeting not on this device is kept).
      const org = d.activeOrgId();
      const meetings = d.synced.meetingNames();
      return rows
        .tasks()
        .filter((t) => (meetings.get(t.meetingId)?.orgId ?? org) === org)
        .map((t) => ({ ...t, meetingTitle: meetings.get(t.meetingId)?.title ?? null, overdue: t.status === 'open' && t.deadline < today }));
    },

    'secretariat.ocrStatus': async ({ sha256 }) => {
      const { api } = d.session();
      try {
        return await api.json(ocrStatusPath(sha256), OcrStatus);
      } catch (e) {
        if (isAppError(e) && e.code === 'not_found') return null;
        throw e;
      }
    },

    'secretariat.audit': async (query) => {
      const { api } = d.session();
      return api.json(`${SECRETARIAT_PATHS.audit}${auditQueryString(query)}`, AuditResponse, { org: orgOf(query.meetingId) });
    },

    'secretariat.auditCsv': async (filter) => {
      const { api } = d.session();
      const res = await api.fetchAuthorized(`${SECRETARIAT_PATHS.auditCsv}${auditQueryString(filter)}`, { headers: { accept: 'text/csv' }, org: orgOf(filter.meetingId) });
      if (!res.ok) throw await errorFromResponse(res);
      return { fileName: `nhat-ky-${vietnamDay(d.now())}.csv`, text: await res.text() };
    },

    'secretariat.archive': async ({ meetingId }) => {
      const { api } = d.session();
      const res = await api.fetchAuthorized(SECRETARIAT_PATHS.archive(meetingId), { headers: { accept: 'application/zip' }, timeoutMs: 10 * 60_000, org: orgOf(meetingId) });
      if (!res.ok) throw await errorFromResponse(res);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'luu-tru.zip';
      return { fileName: name, base64: Buffer.from(await res.arrayBuffer()).toString('base64') };
    },

    'meetings.extras': async ({ id }) => {
      const me = d.session().userId;
      return d.overlay.view(() => {
        const meeting = d.synced.getMeeting(id);
        if (!meeting) throw new AppError('not_found', 'meeting not found');
        const participants = d.synced.meetingHead(id, me)?.participants.map((p) => p.participant) ?? [];
        return {
          meetingId: id,
          changes: rows.changes(id),
          versions: rows.versions(id),
          minutes: rows.minutes(id),
          tasks: rows.tasks(id),
          quorum: quorumStatus(participants, { numerator: meeting.quorumNumerator, denominator: meeting.quorumDenominator }),
          myParticipant: participants.find((p) => p.userId === me) ?? null,
        };
      });
    },

    'notices.list': async () => noticeViews(d.db, d.synced, d.session().userId),

    'notices.unreadCount': async () => rows.unreadNotices(d.session().userId),

    'notices.open': async ({ id }) => {
      const s = d.session();
      const n = rows.notice(id);
      if (!n || n.userId !== s.userId || !n.sha256 || n.size === null) throw new AppError('not_found', 'notice not found');
      await d.blobs.ensure(n.sha256, n.size, (sha, headers) =>
        s.api.fetchAuthorized(API_PATHS.blob(sha), { headers: { accept: 'application/pdf', ...headers }, timeoutMs: 10 * 60_000 }),
      );
      return { notice: { ...n, meetingTitle: meetingTitle(n.meetingId) }, url: d.documentUrl(n.sha256) };
    },
  };
}
