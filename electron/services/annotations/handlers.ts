/**
 * Bridge handlers of private annotations, "a copy with my notes" and follow the presenter
 * registered in the services facade with one spread. Every edit is written
 * to the cache and the outbox in one transaction (works offline), then pushed.
 */
import crypto from 'node:crypto';
import type { Mutation } from '../../../shared/api';
import { roleInOrganisation } from '../../../shared/organisations';
import { pageOf, positionOf, quoteOf, retarget, styleOf, toWebAnnotation, type Annotation, type WebAnnotation } from '../../../shared/annotations';
import { QUOTE_CONTEXT_CHARS, quoteAt, squeezeText } from '../../../shared/annotations-anchoring';
import type { AnnotationBridgeMethods, AnnotationView, QuoteAnchorInput } from '../../../shared/annotations-bridge';
import type { BridgeHandlers } from '../../../shared/bridge';
import { Document, Participant, UserProfile } from '../../../shared/entities';
import { AppError } from '../../../shared/errors';
import { documentPermissions } from '../../../shared/rules/documents';
import { isSecretariat } from '../../../shared/rules/meetings';
import type { BlobCache } from '../blobs/blob-cache';
import type { CacheDb } from '../cache/open-cache';
import type { OutboxStore } from '../cache/outbox-store';
import type { SyncedStore } from '../cache/synced-store';
import type { SyncEngine } from '../sync/sync-engine';
import type { SyncStatusHolder } from '../sync/sync-status';
import { findQuote, findSamePage, quadsFor, quoteContext, readPageLayouts } from './anchoring';
import { AnnotationRows, writeAnnotation } from './cache-rows';
import { OcrWordStore } from '../search/ocr-words';
import { lacksText } from '../search/ocr-text';
import { signingWorker } from '../workers/signing-client';

export interface AnnotationDeps {
  db: CacheDb;
  synced: SyncedStore;
  outbox: OutboxStore;
  blobs: BlobCache;
  status: SyncStatusHolder;
  session: () => { engine: SyncEngine; userId: string };
  dataChanged: (entities: string[], meetingIds: string[]) => void;
  now: () => Date;
}

/** Smallest side of a moved or resized note / text box (PDF points). */
const MIN_BOX_PT = 8;

type Handlers = Pick<BridgeHandlers, keyof typeof AnnotationBridgeMethods>;

export interface AnnotationService {
  handlers: Handlers;
  /**
   * Carries the signed-in user's annotations forward to the current version of every document
   * whose new version is cached and indexed: run in the background after each indexing pass,
   * so a new version arriving by sync is handled without the member opening it.
   */
  carryForwardAll: () => Promise<void>;
}

export function annotationHandlers(d: AnnotationDeps): Handlers {
  return annotationService(d).handlers;
}

export function annotationService(d: AnnotationDeps): AnnotationService {
  const rows = new AnnotationRows(d.db);
  const ocrWords = new OcrWordStore(d.db);
  const carrying = new Map<string, Promise<void>>();

  const userName = (id: string): string => {
    const r = d.db.prepare('SELECT data FROM users WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? UserProfile.parse(JSON.parse(r.data)).fullName : '';
  };
  const view = (a: Annotation): AnnotationView => ({ ...a, authorName: userName(a.userId) });

  const requireDocument = (id: string): Document => {
    const doc = d.synced.getDocument(id);
    if (!doc) throw new AppError('not_found', 'document not found', { entity: 'document', id });
    return doc;
  };

  /** The caller's own, live, private annotation. */
  const requireMine = (id: string, me: string): Annotation => {
    const a = rows.get(id);
    if (!a || a.deleted || a.sharedFromId !== null || a.userId !== me) throw new AppError('not_found', 'annotation not found', { entity: 'annotation', id });
    return a;
  };

  /** Text of a page of a blob, from the search index (null when not indexed yet). */
  const pageText = (sha256: string, page: number): string | null =>
    (d.db.prepare('SELECT original FROM doc_text_pages WHERE sha256 = ? AND page = ?').get(sha256, page) as { original: string } | undefined)?.original ?? null;

  const textIndexed = (sha256: string): boolean => d.db.prepare('SELECT 1 FROM doc_text_status WHERE sha256 = ?').get(sha256) !== undefined;

  /**
   * The quote of a new highlight and where it is on its page. The reader says where the
   * selection is (`anchor`); it is checked against the page text of the search index (the
   * same joiner) when the page is indexed. Without an anchor: the first occurrence.
   */
  function anchorOf(indexed: string | null, exact: string, anchor: QuoteAnchorInput | undefined) {
    if (indexed !== null) {
      const at = anchor ? quoteAt(indexed, anchor.start, anchor.end) : null;
      const found = at && squeezeText(at.exact) === squeezeText(exact) ? at : quoteContext(indexed, exact, anchor?.occurrence ?? 0) ?? quoteContext(indexed, exact);
      if (found) return { quote: { exact, prefix: found.prefix, suffix: found.suffix }, position: anchor ? found : null };
    }
    if (anchor) return { quote: { exact, prefix: anchor.prefix.slice(-QUOTE_CONTEXT_CHARS), suffix: anchor.suffix.slice(0, QUOTE_CONTEXT_CHARS) }, position: anchor };
    return { quote: { exact, prefix: '', suffix: '' }, position: null };
  }

  /** Local row + queued mutation, together; then push. */
  function save(a: Annotation, m: Mutation): void {
    d.db.transaction(() => {
      writeAnnotation(d.db, a, m.id);
      d.outbox.add(m);
    })();
    d.status.update({ pendingMutations: d.outbox.count() });
    d.dataChanged(['annotation'], [a.meetingId]);
    d.session().engine.requestSync();
  }

  const upsertMutation = (a: Annotation): Mutation => ({
    id: crypto.randomUUID(),
    kind: 'annotation.upsert',
    args: { id: a.id, documentId: a.documentId, annotation: a.annotation, shared: a.shared, updatedAt: a.updatedAt },
  });

  const edited = (a: Annotation, annotation: WebAnnotation, patch: Partial<Annotation> = {}): Annotation => {
    const at = d.now().toISOString();
    return { ...a, ...patch, annotation: { ...annotation, modified: at }, updatedAt: at };
  };

  /**
   * Carries the caller's annotations of older versions forward to the current one (once per
   * annotation and version): highlights where their text is found again, other kinds when their
   * page's text is unchanged. The rest stay on the old version.
   */
  async function carryForward(doc: Document, me: string): Promise<void> {
    const todo = rows
      .ofDocument(doc.id, me)
      .mine.filter((a) => a.annotation.target['ecabinet:version'] < doc.version && rows.anchoring(a.id, doc.version) === null);
    if (todo.length === 0 || !d.blobs.isCached(doc.sha256)) return;
    const file = await d.blobs.verifiedPath(doc.sha256);
    if (!file) return;
    // A scanned page's highlight lands on the words recognised there (kept with the version's
    // text, in the same transaction). Whether the text was indexed is read BEFORE the words: the
    // indexer may store both while the pages are being read below, and a scan read without its
    // words would be recorded as "not found" for good.
    const indexedBefore = textIndexed(doc.sha256);
    const words = ocrWords.get(doc.sha256);
    const layouts = await readPageLayouts(file, words);
    // A scan not indexed yet (the indexer waits for the server's recognition): its words are not
    // known, so nothing could be found on it; carried once indexed (carryForwardAll).
    if (!words && !indexedBefore && layouts.some((l) => lacksText({ original: l.text }))) return;
    let moved = 0;
    for (const a of todo) {
      const w = a.annotation;
      const page = pageOf(w);
      const quote = quoteOf(w);
      const at = d.now().toISOString();
      const to = { version: doc.version, sha256: doc.sha256 };
      let next: WebAnnotation | null = null;
      if (quote) {
        const pos = positionOf(w);
        const stored = { ...quote, position: pos ? { start: pos.start, end: pos.end, occurrence: pos['ecabinet:occurrence'] } : null };
        const hit = findQuote(layouts, stored, page, pageText(w.target['ecabinet:sha256'], page));
        const quads = hit ? quadsFor(layouts[hit.page - 1], hit.start, hit.end) : [];
        if (hit && quads.length) next = retarget(w, { ...to, page: hit.page, geometry: { quads }, quote: hit }, at);
      } else {
        const old = pageText(w.target['ecabinet:sha256'], page);
        const same = old ? findSamePage(layouts, old, page) : null;
        if (same) next = retarget(w, { ...to, page: same }, at);
      }
      const current = rows.get(a.id);
      if (!current || current.deleted || current.updatedAt !== a.updatedAt) continue; // changed meanwhile: look again next time
      if (next) {
        const carried: Annotation = { ...a, annotation: next, updatedAt: at };
        const m = upsertMutation(carried);
        d.db.transaction(() => {
          rows.recordAnchoring(a.id, doc.version, true);
          writeAnnotation(d.db, carried, m.id);
          d.outbox.add(m);
        })();
        moved++;
      } else rows.recordAnchoring(a.id, doc.version, false);
    }
    if (moved) {
      d.status.update({ pendingMutations: d.outbox.count() });
      d.dataChanged(['annotation'], [doc.meetingId]);
      d.session().engine.requestSync();
    }
  }

  function carryForwardOnce(doc: Document, me: string): Promise<void> {
    const key = `${doc.id}@${doc.version}`;
    let p = carrying.get(key);
    if (!p) {
      p = carryForward(doc, me)
        .catch((e: unknown) => console.error('[ecabinet] carrying annotations forward failed:', e))
        .finally(() => carrying.delete(key));
      carrying.set(key, p);
    }
    return p;
  }

  async function carryForwardAll(): Promise<void> {
    let me: string;
    try {
      me = d.session().userId;
    } catch {
      return; // signed out: nothing to carry
    }
    try {
      const indexed = d.db.prepare('SELECT 1 FROM doc_text_pages WHERE sha256 = ? LIMIT 1');
      for (const id of rows.documentsWithOwnAnnotations(me)) {
        if (!d.db.open) return;
        const doc = d.synced.getDocument(id);
        if (!doc || !d.blobs.isCached(doc.sha256) || indexed.get(doc.sha256) === undefined) continue;
        await carryForwardOnce(doc, me);
      }
    } catch (e) {
      if (d.db.open) console.error('[ecabinet] carrying annotations forward failed:', e);
    }
  }

  function canPresent(meetingId: string, me: string): boolean {
    const meRow = d.db.prepare('SELECT data FROM users WHERE id = ?').get(me) as { data: string } | undefined;
    const meeting = d.synced.getMeeting(meetingId);
    // The secretariat of the meeting's organisation (a secretary elsewhere is a member here).
    const role = meRow && meeting ? roleInOrganisation(UserProfile.parse(JSON.parse(meRow.data)), meeting.orgId) : null;
    if (role && isSecretariat(role)) return true;
    if (!meeting || meeting.status === 'closed' || meeting.status === 'draft') return false;
    if (meeting.chairId === me) return true;
    const p = d.db.prepare('SELECT data FROM participants WHERE meeting_id = ? AND user_id = ?').get(meetingId, me) as { data: string } | undefined;
    if (p && Participant.parse(JSON.parse(p.data)).role === 'chair') return true;
    return (d.db.prepare('SELECT data FROM agenda_items WHERE meeting_id = ?').all(meetingId) as { data: string }[]).some(
      (r) => (JSON.parse(r.data) as { presenterId: string | null }).presenterId === me,
    );
  }

  const handlers: Handlers = {
    'annotations.list': async ({ documentId }) => {
      const me = d.session().userId;
      const doc = requireDocument(documentId);
      await carryForwardOnce(doc, me);
      const { mine, shared } = rows.ofDocument(doc.id, me);
      const onVersion = (a: Annotation) => a.annotation.target['ecabinet:version'] === doc.version;
      const byPage = (x: Annotation, y: Annotation) => pageOf(x.annotation) - pageOf(y.annotation) || x.annotation.created.localeCompare(y.annotation.created);
      return {
        documentId: doc.id,
        version: doc.version,
        mine: mine.filter(onVersion).sort(byPage).map(view),
        shared: shared.filter((a) => onVersion(a) && a.userId !== me).sort(byPage).map(view),
        notCarried: mine.filter((a) => !onVersion(a)).sort(byPage).map(view),
      };
    },

    'annotations.create': async (input) => {
      const me = d.session().userId;
      const doc = requireDocument(input.documentId);
      const id = crypto.randomUUID();
      const at = d.now().toISOString();
      const { quote, position } = input.kind === 'highlight' && input.exact ? anchorOf(pageText(doc.sha256, input.page), input.exact, input.anchor) : { quote: null, position: null };
      const annotation = toWebAnnotation({
        id,
        documentId: doc.id,
        version: doc.version,
        sha256: doc.sha256,
        kind: input.kind,
        color: input.color,
        page: input.page,
        text: input.text,
        quote,
        position,
        geometry: input.kind === 'highlight' ? { quads: input.geometry.quads } : input.kind === 'ink' ? { paths: input.geometry.paths } : { rect: input.geometry.rect },
        created: at,
        modified: at,
      });
      const a: Annotation = { id, userId: me, documentId: doc.id, meetingId: doc.meetingId, annotation, shared: false, sharedFromId: null, deleted: false, revision: 1, updatedAt: at };
      save(a, upsertMutation(a));
      return view(a);
    },

    'annotations.update': async ({ id, text, color, shared, rect }) => {
      const me = d.session().userId;
      const a = requireMine(id, me);
      let w = a.annotation;
      if (rect) {
        const kind = styleOf(w).kind;
        if (kind !== 'note' && kind !== 'textbox') throw new AppError('validation_failed', 'only a note or a text box can be moved or resized', { field: 'rect' });
        const [x1, y1, x2, y2] = rect;
        // Normalised, and never smaller than a few points (it must stay clickable).
        const r: [number, number, number, number] = [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
        if (r[2] - r[0] < MIN_BOX_PT) r[2] = r[0] + MIN_BOX_PT;
        if (r[3] - r[1] < MIN_BOX_PT) r[3] = r[1] + MIN_BOX_PT;
        w = retarget(w, { version: w.target['ecabinet:version'], sha256: w.target['ecabinet:sha256'], page: pageOf(w), geometry: { rect: r } }, w.modified);
      }
      if (text !== undefined) w = { ...w, body: text ? [{ type: 'TextualBody', value: text, format: 'text/plain', purpose: 'commenting' }] : [] };
      if (color) w = { ...w, target: { ...w.target, styleClass: `kind-${styleOf(w).kind} color-${color}` } };
      const next = edited(a, w, shared === undefined ? {} : { shared });
      save(next, upsertMutation(next));
      return view(next);
    },

    'annotations.delete': async ({ id }) => {
      const me = d.session().userId;
      const a = requireMine(id, me);
      const at = d.now().toISOString();
      // A tombstone: the delete must win over older edits from another device.
      save({ ...a, deleted: true, shared: false, updatedAt: at }, { id: crypto.randomUUID(), kind: 'annotation.delete', args: { id, updatedAt: at } });
      return { ok: true as const };
    },

    'annotations.export': async ({ documentId, includeShared }) => {
      const s = d.session();
      const doc = requireDocument(documentId);
      if (!documentPermissions(doc).download) throw new AppError('forbidden', 'this document may not be downloaded', { reason: 'download_forbidden' });
      await d.blobs.ensure(doc.sha256, doc.size, s.engine.fetchBlob);
      const file = await d.blobs.verifiedPath(doc.sha256);
      if (!file) throw new AppError('blob_corrupt', 'the document is not available');
      await carryForwardOnce(doc, s.userId);
      const onVersion = (a: Annotation) => a.annotation.target['ecabinet:version'] === doc.version;
      const all = rows.ofDocument(doc.id, s.userId);
      const mine = all.mine.filter(onVersion);
      // Others' shared copies (never the caller's own copy of what he shared: his original is in `mine`).
      const others = includeShared ? all.shared.filter((a) => onVersion(a) && a.userId !== s.userId) : [];
      const list = [...mine, ...others];
      const authorNames = Object.fromEntries(list.map((a) => [a.userId, userName(a.userId)]));
      // pdf-lib off this thread, with the limits of any file from elsewhere.
      const bytes = await signingWorker().exportWithNotes(file, list, authorNames);
      const base = doc.fileName.replace(/\.pdf$/i, '');
      return { fileName: `${base} - ghi chu.pdf`, base64: Buffer.from(bytes).toString('base64'), count: list.length };
    },

    'presentation.get': async ({ meetingId }) => {
      const me = d.session().userId;
      const presentation = rows.presentation(meetingId);
      return {
        presentation,
        canPresent: canPresent(meetingId, me),
        presenterName: presentation?.presenterId ? userName(presentation.presenterId) || null : null,
      };
    },

    'presentation.set': async ({ meetingId, documentId, page }) => {
      const s = d.session();
      if (!d.synced.getMeeting(meetingId)) throw new AppError('not_found', 'meeting not found', { entity: 'meeting', id: meetingId });
      if (!canPresent(meetingId, s.userId)) throw new AppError('forbidden', 'only the chair or a presenter may present');
      s.engine.enqueue({ id: crypto.randomUUID(), kind: 'presentation.set', args: { meetingId, documentId, page } });
      return { ok: true as const };
    },
  };
  return { handlers, carryForwardAll };
}
