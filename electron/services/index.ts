/**
 * The desktop client services facade: one instance per data folder, used identically by the
 * Electron main process and the browser-mode host. Everything the renderer may do goes through
 * `handlers` (wrap calls with `dispatchBridgeCall`); events arrive through `on`.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { BridgeEventName, BridgeEventPayload, BridgeHandlers, LocalDocument, SessionInfo } from '../../shared/bridge';
import type { Meeting } from '../../shared/entities';
import { composeMeetingDetail } from '../../shared/rules/meeting-detail';
import { membershipsOfProfile } from '../../shared/organisations';
import { AppError } from '../../shared/errors';
import { Sha256 } from '../../shared/ids';
import type { Mutation } from '../../shared/api';
import type { UploadedFile } from '../../shared/secretariat-bridge';
import { ApiClient, login as loginRequest } from './api/api-client';
import { type FetchFn, normalizeServerUrl } from './api/http';
import { BlobCache } from './blobs/blob-cache';
import { openCache, truncateWal } from './cache/open-cache';
import { loadOrCreateFileCacheKey, loadOrCreateSealedCacheKey } from './crypto/cache-key';
import { OutboxStore, type RejectedMutation } from './cache/outbox-store';
import { SyncedStore } from './cache/synced-store';
import { startsIndexing, startsRetention } from './change-kinds';
import { BridgeEventHub } from './events';
import { FileKeySecretProtector, type SecretProtector } from './session/secret-protector';
import { SessionStore, type StoredSession } from './session/session-store';
import { wipeAccountData } from './session/remote-wipe';
import { ActiveOrganisationFile } from './session/active-organisation';
import type { SessionEndedReason } from './api/api-client';
import type { BackoffOptions } from './sync/backoff';
import { SyncEngine } from './sync/sync-engine';
import { IDLE_DOWNLOAD, SyncStatusHolder } from './sync/sync-status';
import { readerHandlers } from './reader-handlers';
import { DocumentFiles } from './documents/document-files';
import { noticeViews, secretariatHandlers } from './secretariat/handlers';
import { UploadQueue, type ImportedFileSource } from './secretariat/uploads';
import { PendingOverlay } from './secretariat/pending-overlay';
import { TextIndex } from './search/text-index';
import { serverOcrText } from './search/ocr-text';
import { OcrWordStore } from './search/ocr-words';
import { TextIndexer } from './search/text-indexer';
import { RetentionSweeper } from './retention/retention-sweeper';
import { annotationService } from './annotations/handlers';
import { liveMeetingHandlers } from './live-meeting/handlers';
import { MeetingSocket } from './live-meeting/meeting-socket';
import { signingHandlers } from './signing/handlers';
import { writtenOpinionHandlers } from './written-opinions/handlers';
import { adminHandlers } from './admin/handlers';
import { versionDiffService } from './versions/version-diffs';
import { desktopNotifier } from './notifications/notifier';
import { FirstScreenGate } from './first-screen';
import { SYNC_ENTITY_NAMES } from '../../shared/sync/entity-registry';
import { isSecretariat, pickMeetingPage } from '../../shared/rules/meetings';
import { addDays, vietnamInstant } from '../../shared/time/vietnam-time';

import { dispatchBridgeCall } from './bridge-dispatch';

export { dispatchBridgeCall };
export { FileKeySecretProtector, type SecretProtector } from './session/secret-protector';
export type { ImportedFileSource } from './secretariat/uploads';

export interface ClientServicesOptions {
  dataDir: string;
  defaultServerUrl: string;
  /** Protects tokens and the cache key at rest; defaults to FileKeySecretProtector (key file in dataDir) and a cache key file. */
  protector?: SecretProtector;
  /** URL the viewer loads a blob from (custom protocol in Electron, same-origin path in browser mode). */
  documentUrl: (sha256: string) => string;
  mode: 'electron' | 'browser';
  version: string;
  now?: () => Date;
  /** Periodic pull interval while idle (default 60 s). */
  periodicPullMs?: number;
  /** How often the retention policy is checked as time passes (default 10 min). */
  retentionCheckMs?: number;
  /** Retry backoff for sync and the live socket (default 1 s → 60 s). */
  retry?: BackoffOptions;
  /** Shown in the account's session list on the server (default: the computer's host name). */
  deviceName?: string;
  /** HTTP implementation; tests inject faults here. Defaults to the global fetch. */
  fetch?: FetchFn;
  /**
   * Whether the documents of today's and upcoming meetings are downloaded (and so indexed) ahead,
   * for reading offline; default true, as the app always runs. Only tests turn it off, for a
   * person who opens no document in the test: a download and a pdf.js read of every document,
   * per person, that nothing looks at. A document the person opens is still downloaded then.
   */
  prefetchDocuments?: boolean;
  /**
   * Hold a resumed session's sync and the search indexer until the first screen has been answered
   * (see FirstScreenGate), at the latest this long after the start. Default: no wait.
   */
  backgroundAfterFirstScreenMs?: number;
  /**
   * With `backgroundAfterFirstScreenMs`: how long after the first meeting list's answer the
   * background starts (the window is drawing it meanwhile). Default 0: at once.
   */
  backgroundAfterListMs?: number;
}

export interface ClientServices {
  handlers: BridgeHandlers;
  on<E extends BridgeEventName>(event: E, l: (p: BridgeEventPayload<E>) => void): () => void;
  /** Verified local path of a blob, for the custom protocol / host route; null if not cached or not visible. */
  blobFile(sha256: string): Promise<string | null>;
  /**
   * A file the user picked, by path (never as bytes over the bridge): copied in while hashing,
   * queued, sent now if online. Only the shells call this, never the renderer directly.
   */
  importUpload(source: ImportedFileSource): Promise<UploadedFile>;
  /** Mutations the server refused (kept for reporting, never re-sent). */
  rejectedMutations(): RejectedMutation[];
  close(): Promise<void>;
}

interface ActiveSession {
  stored: StoredSession;
  api: ApiClient;
  engine: SyncEngine;
}


export async function createClientServices(opts: ClientServicesOptions): Promise<ClientServices> {
  const now = opts.now ?? (() => new Date());
  const fetchFn: FetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
  const defaultServerUrl = normalizeServerUrl(opts.defaultServerUrl);
  // The cache is encrypted: with a key the OS keychain seals when the shell has one, else a 0600 key file.
  const cacheKey = opts.protector ? await loadOrCreateSealedCacheKey(opts.dataDir, opts.protector) : loadOrCreateFileCacheKey(opts.dataDir);
  const db = openCache(opts.dataDir, cacheKey);
  const synced = new SyncedStore(db);
  const outbox = new OutboxStore(db, now);
  const blobs = new BlobCache(opts.dataDir, db, now);
  const sessions = new SessionStore(db, opts.protector ?? new FileKeySecretProtector(opts.dataDir));
  const activeOrgs = new ActiveOrganisationFile(opts.dataDir);
  const hub = new BridgeEventHub();
  // Search index of cached documents' text: kept in step on every data change (see TextIndexer).
  const textIndex = new TextIndex(db, now);
  // Scanned pages take the server's recognised text (OCR), asked for by content hash.
  const ocrWords = new OcrWordStore(db);
  const textIndexer = new TextIndexer(textIndex, synced, blobs, undefined, serverOcrText(() => active?.api ?? null), true);
  const status = new SyncStatusHolder(
    { state: 'offline', lastSyncAt: synced.getLastSyncAt(), lastError: null, pendingMutations: outbox.count(), download: IDLE_DOWNLOAD, offlineReady: null },
    (s) => hub.emit('sync.status', s),
  );
  let active: ActiveSession | null = null;
  let closed = false;
  // Files queued for upload, and the server's refusals kept for `secretariat.submit`.
  const uploads = new UploadQueue(db, opts.dataDir, fetchFn, now);
  const rejections = new Map<string, NonNullable<import('../../shared/api').MutationResult['error']>>();
  // The secretariat's queued edits, shown on top of the synced rows until the server answers.
  const overlay = new PendingOverlay(db, synced, outbox, now, () => active?.stored.user.id ?? null);

  // The live meeting socket and ballots (electron/services/live-meeting/).
  const live = liveMeetingHandlers({
    db,
    session: () => {
      const s = requireSession();
      return { api: s.api, userId: s.stored.user.id };
    },
    emit: (event, payload) => hub.emit(event, payload),
  });

  // The retention policy: documents past their date leave the device (files and search text).
  const retention = new RetentionSweeper({
    db,
    synced,
    blobs,
    textIndex,
    now,
    onRemoved: (meetingIds) => hub.emit('data.changed', { entities: ['document'], meetingIds }),
  });

  /** A meeting's documents as this user's desktop knows them, each with when it leaves the device. */
  const meetingDocuments = (meeting: Meeting, me: string): LocalDocument[] => {
    const documents = synced.meetingDocuments(meeting.id, me, (d) => blobs.isCached(d.sha256));
    // The answer's own objects: their retention is set in place.
    retention.setRetention(meeting, documents);
    return documents;
  };

  const dataChanged = (entities: string[], meetingIds: string[]) => {
    hub.emit('data.changed', { entities: [...new Set(entities)], meetingIds: [...new Set(meetingIds)] });
    if (startsIndexing(entities)) textIndexer.schedule();
    if (startsRetention(entities)) retention.schedule();
  };

  // Private annotations; carried forward to a new version in the background once its text is indexed.
  const annotations = annotationService({
    db,
    synced,
    outbox,
    blobs,
    status,
    session: () => {
      const s = requireSession();
      return { engine: s.engine, userId: s.stored.user.id };
    },
    dataChanged,
    now,
  });
  textIndexer.onAfterPass(() => void annotations.carryForwardAll());

  // What changed between versions; computed ahead for unread new versions once their text is indexed.
  const versionDiffs = versionDiffService({
    db,
    synced,
    blobs,
    session: () => {
      const s = requireSession();
      return { engine: s.engine, userId: s.stored.user.id };
    },
    assertMayDownload: (doc) => retention.assertMayDownload(doc),
    dataChanged,
    scheduleIndexing: () => textIndexer.schedule(),
  });
  textIndexer.onAfterPass(() => void versionDiffs.prepareUnread());
  textIndexer.onTextRead((sha, pages) => versionDiffs.textRead(sha, pages));
  textIndexer.onIndexChanged(() => hub.emit('search.indexed', { pendingDocuments: textIndexer.pendingCount() }));

  /** A resumed session's sync and the indexer's first pass wait for the first screen's answer. */
  const gate = new FirstScreenGate(opts.backgroundAfterFirstScreenMs ?? null, opts.backgroundAfterListMs ?? 0);

  /** `deferred`: the engine starts once the first screen is answered (a session resumed at start). */
  function startSession(stored: StoredSession, deferred = false): void {
    const api: ApiClient = new ApiClient(stored, {
      fetch: fetchFn,
      now,
      onTokens: async (s) => {
        if (active?.api === api) {
          active.stored = s;
          await sessions.save(s);
        }
      },
      onSessionRevoked: (reason) => endSession(api, reason),
      activeOrgId: () => {
        const a = active;
        return a?.api === api ? activeOrgIdOf(a.stored) : null;
      },
    });
    const engine = new SyncEngine({
      api,
      synced,
      outbox,
      blobs,
      status,
      now,
      periodicPullMs: opts.periodicPullMs ?? 60_000,
      backoff: opts.retry,
      onDataChanged: (c) => dataChanged(c.entities, c.meetingIds),
      onSignedOut: () => endSession(api, 'unauthenticated'),
      beforePush: () => uploads.flush(api),
      onMutationRejected: (r) => {
        if (r.error) rejections.set(r.id, r.error);
      },
      touchedBy: (m) => ({ entities: overlay.entitiesOf([m]), meetingIds: overlay.meetingIdsOf([m]) }),
      prefetch: opts.prefetchDocuments ?? true,
    });
    active = { stored, api, engine };
    if (!deferred) return engine.start();
    // Ended, replaced or closed meanwhile: that engine never starts.
    gate.whenOpen(() => {
      if (active?.engine === engine && !closed) engine.start();
    });
  }

  /** The server refused the session: forget it locally and tell the UI; a revoked device also erases the account's data. */
  function endSession(api: ApiClient, reason: SessionEndedReason): void {
    if (active?.api !== api) return;
    live.stop();
    active.engine.stop();
    active = null;
    sessions.clear();
    retention.reset();
    if (reason === 'device_revoked') {
      wipeAccountData({ db, dataDir: opts.dataDir, outbox, wipeSynced: wipeCache });
      status.update({ pendingMutations: 0, download: IDLE_DOWNLOAD, offlineReady: null });
    }
    status.update({ state: 'offline' });
    hub.emit('session.ended', { reason });
  }

  function requireSession(): ActiveSession {
    if (!active) throw new AppError('not_signed_in', 'not signed in');
    return active;
  }

  /**
   * The session as the screens see it: his organisations and his role in each, from his synced
   * profile once it is here (it follows a new membership at the next sync), else from sign-in.
   */
  const info = (s: StoredSession): SessionInfo => {
    const synced_ = synced.getUser(s.user.id);
    const me = synced_?.memberships?.length ? synced_ : s.user;
    const orgs = new Map(synced.organisations().map((o) => [o.id, o]));
    orgs.set(s.organization.id, orgs.get(s.organization.id) ?? s.organization);
    const memberships = membershipsOfProfile({ orgId: s.user.orgId, role: me.role, memberships: me.memberships })
      .filter((m) => orgs.has(m.orgId))
      .map((m) => ({ orgId: m.orgId, role: m.role, name: orgs.get(m.orgId)!.name, shortName: orgs.get(m.orgId)!.shortName }));
    return { user: s.user, organization: s.organization, serverUrl: s.serverUrl, memberships, activeOrgId: activeOrgIdOf(s, memberships) };
  };

  /**
   * The organisation his organisation-wide screens act on: the one he chose on this device while
   * he still belongs to it, else his home one.
   */
  function activeOrgIdOf(s: StoredSession, memberships = info(s).memberships): string {
    const chosen = activeOrgs.get(s.serverUrl, s.user.id);
    return chosen && memberships.some((m) => m.orgId === chosen) ? chosen : s.organization.id;
  }

  /** Forgets everything synced and every blob: confidential documents must not outlive their reader's session. */
  function wipeCache(): void {
    synced.resetSynced();
    db.prepare('UPDATE sync_state SET last_sync_at = NULL WHERE id = 1').run();
    blobs.clearAll();
    textIndex.clear();
    versionDiffs.forget();
    // The deleted rows' frames must not linger in the log.
    truncateWal(db);
    status.update({ lastSyncAt: null });
    // Every kind: notices, opinions, signing, annotations… went too.
    dataChanged([...SYNC_ENTITY_NAMES], []);
  }

  const documentFiles = new DocumentFiles({ api: () => requireSession().api, getDocument: (id) => synced.getDocument(id), blobs, documentUrl: opts.documentUrl, ocrWords });

  // Desktop notifications from what sync and the live meeting bring; the shells show them.
  const notifier = desktopNotifier({
    dataDir: opts.dataDir,
    userId: () => active?.stored.user.id ?? null,
    synced: () => status.get().lastSyncAt !== null,
    read: async (what) => {
      const me = requireSession().stored.user;
      const [opinions, signatures] = await Promise.all([what.opinions ? handlers['opinions.list']({}) : undefined, what.signatures ? handlers['signing.requests']({}) : undefined]);
      // Unread ones only: what an invitation's notification is about (a year of read invitations is ~900).
      const notices = what.notices ? noticeViews(db, synced, me.id, true) : undefined;
      // New versions matter while the meeting is still ahead or running, not in closed ones.
      const documents = what.documents === null ? undefined : synced.documentsOfMeetings(synced.openMeetingIds(what.documents === 'all' ? null : [...what.documents]));
      const meetings = what.meetings ? synced.meetingsNear(now(), me.id) : undefined;
      return { notices, opinions, signatures, documents, meetings, accountRole: me.role };
    },
    openMeetingSocket: (meetingId, onState, onEnded) => {
      const { api } = requireSession();
      return new MeetingSocket({ meetingId, serverUrl: () => api.serverUrl, accessToken: () => api.accessToken(), refreshToken: () => api.refresh(), onState, onConnection: () => undefined, onEnded });
    },
    now,
    on: (event, l) => hub.on(event, l),
    emit: (n) => hub.emit('notification.show', n),
  });

  /** The capabilities' bridge methods: one entry each (the registries hold their mutations and entities). */
  const capabilities = [
    { name: 'notifications', handlers: notifier.handlers },
    // A converted document's original office file, the recognised words of scanned pages.
    { name: 'document-files', handlers: documentFiles.handlers },

    { name: 'live-meeting', handlers: live.handlers },

    // Accounts, devices and retention, for the administrator (online only).
    { name: 'admin', handlers: adminHandlers({ api: () => requireSession().api }) },

    { name: 'reader', handlers: readerHandlers({ db, synced, index: textIndex, indexer: textIndexer, userId: () => requireSession().stored.user.id, now }) },

    // Private annotations, export with notes, follow the presenter.
    { name: 'annotations', handlers: annotations.handlers },

    // What changed between two versions of a document.
    { name: 'versions', handlers: versionDiffs.handlers },

    // Written opinions between meetings, phiếu lấy ý kiến.
    {
      name: 'written-opinions',
      handlers: writtenOpinionHandlers({
        db,
        outbox,
        blobs,
        status,
        session: () => {
          const s = requireSession();
          return { engine: s.engine, userId: s.stored.user.id, role: s.stored.user.role };
        },
        active: () => {
          const session = info(requireSession().stored);
          const m = session.memberships.find((x) => x.orgId === session.activeOrgId);
          return { orgId: session.activeOrgId ?? session.organization.id, role: m?.role ?? session.user.role };
        },
        documentUrl: opts.documentUrl,
        dataChanged,
        now,
      }),
    },

    // Signing workflow (trình ký), keys, verification.
    {
      name: 'signing',
      handlers: signingHandlers({
        db,
        dataDir: opts.dataDir,
        synced,
        outbox,
        blobs,
        status,
        uploads,
        session: () => {
          const s = requireSession();
          return { api: s.api, engine: s.engine, userId: s.stored.user.id, role: s.stored.user.role };
        },
        documentUrl: opts.documentUrl,
        dataChanged,
        now,
      }),
    },

    {
      name: 'secretariat',
      handlers: secretariatHandlers({
        db,
        synced,
        outbox,
        blobs,
        status,
        uploads,
        rejections,
        overlay,
        session: () => {
          const s = requireSession();
          return { api: s.api, engine: s.engine, userId: s.stored.user.id };
        },
        activeOrgId: () => activeOrgIdOf(requireSession().stored),
        documentUrl: opts.documentUrl,
        dataChanged,
        now,
      }),
    },
  ] as const;

  const unwatched: BridgeHandlers = {
    'app.info': async () => ({ mode: opts.mode, version: opts.version, defaultServerUrl }),

    'session.current': async () => (active ? info(active.stored) : null),

    'session.login': async ({ serverUrl, username, password }) => {
      const url = serverUrl ? normalizeServerUrl(serverUrl) : defaultServerUrl;
      const stored = await loginRequest(fetchFn, url, { username, password, deviceName: opts.deviceName ?? os.hostname(), platform: `${process.platform} ${process.arch}` });
      if (active) {
        const previous = active;
        active = null;
        previous.engine.stop();
        await previous.api.logout().catch(() => undefined);
      }
      // Another account (or server) on this machine starts from an empty cache and outbox.
      const owner = `${url} ${stored.user.id}`;
      if (synced.getOwner() !== owner) {
        outbox.clearAll();
        wipeCache();
        synced.setOwner(owner);
        status.update({ pendingMutations: 0 });
      }
      await sessions.save(stored);
      startSession(stored);
      return info(stored);
    },

    'session.logout': async () => {
      const current = active;
      live.stop();
      if (current) {
        active = null;
        current.engine.stop();
        await current.engine.settle();
        // Best effort: offline we still sign out locally; the refresh token then expires on its own.
        await current.api.logout().catch(() => undefined);
      }
      sessions.clear();
      retention.reset();
      // Pending mutations stay for this owner's next sign-in; cached data and documents go.
      wipeCache();
      status.update({ state: 'offline', lastError: null, download: IDLE_DOWNLOAD, offlineReady: null });
      if (current) hub.emit('session.ended', { reason: null });
      return { ok: true as const };
    },

    'session.setActiveOrganisation': async ({ orgId }) => {
      const { stored } = requireSession();
      if (!info(stored).memberships.some((m) => m.orgId === orgId)) throw new AppError('forbidden', 'not a member of this organisation');
      activeOrgs.set(stored.serverUrl, stored.user.id, orgId);
      return info(stored);
    },

    'meetings.list': async ({ from, to }) => {
      const me = requireSession().stored.user.id;
      // Vietnam days: from the first one's 00:00 to the day after the last one's.
      const starting = from || to ? { from: from ? vietnamInstant(from) : new Date('0001-01-01T00:00:00Z'), to: to ? vietnamInstant(addDays(to, 1)) : new Date('9999-12-31T00:00:00Z') } : undefined;
      return overlay.view(() => synced.meetingSummaries(me, starting));
    },

    'meetings.page': async ({ upcoming, past, orgId, preparing }) => {
      const { stored } = requireSession();
      const me = stored.user.id;
      // The organisations whose meetings he prepares (the secretariat's home), and/or the one chosen.
      const prepared = preparing ? info(stored).memberships.filter((m) => isSecretariat(m.role)).map((m) => m.orgId) : null;
      const orgs = orgId ? new Set(!prepared || prepared.includes(orgId) ? [orgId] : []) : prepared ? new Set(prepared) : undefined;
      return overlay.view(() => {
        const page = pickMeetingPage(synced.meetingPlaces(), now(), { upcoming, past, orgs });
        const names = synced.organisationNames();
        // One read of the page's meetings (and of the people and organisations they name).
        const summaries = new Map(synced.meetingSummariesOf([...page.ids.today, ...page.ids.upcoming, ...page.ids.past], me).map((m) => [m.id, m]));
        const of = (ids: string[]) => ids.flatMap((id) => summaries.get(id) ?? []);
        return {
          today: of(page.ids.today),
          upcoming: of(page.ids.upcoming),
          past: of(page.ids.past),
          counts: page.counts,
          organisations: page.orgIds.map((id) => ({ id, name: names.get(id) ?? id })),
        };
      });
    },

    'meetings.get': async ({ id }) => {
      const me = requireSession().stored.user.id;
      const detail = overlay.view(() => {
        const head = synced.meetingHead(id, me);
        return head && composeMeetingDetail(head, meetingDocuments(head.meeting, me));
      });
      if (!detail) throw new AppError('not_found', 'meeting not found');
      return detail;
    },

    'meetings.head': async ({ id }) => {
      const me = requireSession().stored.user.id;
      const head = overlay.view(() => synced.meetingHead(id, me));
      if (!head) throw new AppError('not_found', 'meeting not found');
      return head;
    },

    'meetings.documents': async ({ id }) => {
      const me = requireSession().stored.user.id;
      const documents = overlay.view(() => {
        const meeting = synced.getMeeting(id);
        return meeting && meetingDocuments(meeting, me);
      });
      if (!documents) throw new AppError('not_found', 'meeting not found');
      return documents;
    },

    'documents.open': async ({ id }) => {
      const s = requireSession();
      const doc = synced.getDocument(id);
      if (!doc) throw new AppError('not_found', 'document not found');
      const wasCached = blobs.isCached(doc.sha256);
      if (!wasCached) retention.assertMayDownload(doc);
      // A document past its retention date, opened again as the policy permits: read now, removed at the next start.
      if (!wasCached && retention.retentionOf(doc)?.removed) retention.allowReading(doc.sha256);
      await blobs.ensure(doc.sha256, doc.size, s.engine.fetchBlob);
      if (!wasCached) dataChanged(['document'], [doc.meetingId]);
      return { document: retention.decorate(synced.localDocument(doc, s.stored.user.id, true)), url: opts.documentUrl(doc.sha256) };
    },

    'documents.markViewed': async ({ id }) => {
      const s = requireSession();
      const doc = synced.getDocument(id);
      if (!doc) throw new AppError('not_found', 'document not found');
      const me = s.stored.user.id;
      if ((synced.localDocument(doc, me, false).viewedVersion ?? 0) >= doc.version) return { ok: true as const };
      const mutation: Mutation = {
        id: crypto.randomUUID(),
        kind: 'document.markViewed',
        args: { documentId: doc.id, version: doc.version },
      };
      // The outbox entry and its local effect are written together: both or neither.
      db.transaction(() => {
        synced.recordProvisionalView(
          { id: crypto.randomUUID(), userId: me, documentId: doc.id, version: doc.version, viewedAt: now().toISOString() },
          mutation.id,
        );
        outbox.add(mutation);
      })();
      status.update({ pendingMutations: outbox.count() });
      dataChanged(['documentView'], [doc.meetingId]);
      s.engine.requestSync();
      return { ok: true as const };
    },

    'sync.status': async () => status.get(),

    'sync.now': async () => requireSession().engine.syncNow(),

    ...mergeHandlers(capabilities),
  };
  const handlers = gate.watch(unwatched);

  const resumed = await sessions.load();
  if (resumed) startSession(resumed, true);
  // While the window loads, the first screen's reads are run once ahead (see FirstScreenGate.warm).
  if (resumed && !gate.isOpen) void gate.warm(unwatched, dispatchBridgeCall).catch(() => undefined);
  gate.whenOpen(() => {
    if (closed) return;
    textIndexer.schedule();
    // The retention pass reads every meeting and document of the cache: after the first screen
    // too. Any other method opens the gate first, so no document is read before the pass.
    retention.start(opts.retentionCheckMs);
  });

  return {
    handlers,
    on: (event, l) => hub.on(event, l),
    async blobFile(sha256) {
      // A document's file is no first-screen read: the background starts (the retention pass first).
      gate.open();
      if (!active || !Sha256.safeParse(sha256).success) return null;
      if (!synced.isBlobReferenced(sha256) && !documentFiles.mayServe(sha256)) return null;
      return blobs.verifiedPath(sha256);
    },
    importUpload: (source) => uploads.importFile(requireSession().api, source, (p) => hub.emit('uploads.progress', { ...p, fileName: source.fileName })),
    rejectedMutations: () => outbox.rejected(),
    async close() {
      if (closed) return;
      closed = true;
      gate.close();
      const current = active;
      active = null;
      if (current) {
        current.engine.stop();
        await current.engine.settle();
      }
      live.stop();
      retention.stop();
      notifier.stop();
      await notifier.settle();
      hub.clear();
      await textIndexer.stop();
      db.close();
    },
  };
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every capability's handlers in one object, typed as all of them together (a missing method fails the type check). */
function mergeHandlers<T extends readonly { name: string; handlers: object }[]>(capabilities: T): UnionToIntersection<T[number]['handlers']> {
  return Object.assign({}, ...capabilities.map((c) => c.handlers)) as UnionToIntersection<T[number]['handlers']>;
}
