/**
 * A secretary working offline (part 2), with real parts: the demo server on a port
 * that is stopped and restarted on the same data folder, and a real client-services instance.
 * - Edits queued while the server is down show at once in `meetings.get` / `meetings.extras`
 *   (a second edit of the same item builds on the first, no self-conflict), and are applied on
 *   the server when it is back.
 * - A PDF uploaded while the server is down arrives afterwards with the right sha256.
 * - A queued edit the server refuses disappears from the local view and is reported.
 */
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/api';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { openHandles } from '../helpers/open-files';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { uploadViaBridge } from './helpers/bridge';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { changesMeetingHead, changesMeetingList } from '../../shared/rules/meeting-detail';
import type { CacheChange } from '../../shared/rules/cache-changes';

type Server = Awaited<ReturnType<typeof startServer>>;

async function call<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code, details: r.error.details });
  return r.value as BridgeOutput<M>;
}

async function pdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([400, 300]).drawText(text, { x: 20, y: 150, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

const upload = uploadViaBridge;

const mid = () => crypto.randomUUID();
const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

describe('a secretary offline', () => {
  let server: Server;
  let serverDir: string;
  let port: number;
  let sec: ClientServices;
  let secDir: string;
  const meetingId = mid();
  const items = { keep: mid(), gone: mid() };
  let chairId: string;

  const submit = async (...mutations: Mutation[]) => (await call(sec, 'secretariat.submit', { mutations })).results;
  const agendaTitles = async () => (await call(sec, 'meetings.get', { id: meetingId })).agenda.map((a) => a.item.title);

  beforeAll(async () => {
    serverDir = tempDir('ecab-server-');
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port: 0, seed: 'demo', logger: false });
    port = server.port;
    sec = await createClientServices({
      dataDir: (secDir = tempDir()),
      defaultServerUrl: server.url,
      documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
      mode: 'browser',
      version: '0.0.0-test',
      periodicPullMs: 600_000,
      retry: { initialMs: 200, maxMs: 500 },
    });
    await call(sec, 'session.login', { username: 'thuky', password: demoContent.password });
    await call(sec, 'sync.now');
    chairId = (await call(sec, 'secretariat.users')).find((u) => u.role === 'chair')!.id;
    // Online: a draft with two agenda items.
    const results = await submit(
      { id: mid(), kind: 'meeting.upsert', args: { id: meetingId, title: 'Họp chuẩn bị ngoại tuyến', startsAt: '2026-12-10T01:00:00.000Z', endsAt: '2026-12-10T03:00:00.000Z', location: 'Phòng 1', status: 'draft', chairId } },
      { id: mid(), kind: 'agendaItem.upsert', args: { id: items.keep, meetingId, position: 1, title: 'Mục giữ lại', presenterId: null, presenterLabel: '', plannedMinutes: 30 } },
      { id: mid(), kind: 'agendaItem.upsert', args: { id: items.gone, meetingId, position: 2, title: 'Mục sẽ xoá', presenterId: null, presenterLabel: '', plannedMinutes: 20 } },
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });

  afterAll(async () => {
    await sec?.close();
    await server?.close();
    removeTempDirs();
  });

  it('edits queued offline show at once, build on each other, and are applied when the server is back; an upload made offline arrives intact', async () => {
    await server.close();
    const before = await call(sec, 'meetings.get', { id: meetingId });
    const keep = before.agenda.find((a) => a.item.id === items.keep)!.item;
    const gone = before.agenda.find((a) => a.item.id === items.gone)!.item;

    // Rename an item, delete another (on its revision), add a new one, retitle the meeting.
    const added = mid();
    const r1 = await submit(
      { id: mid(), kind: 'agendaItem.upsert', args: { ...keep, title: 'Mục đã sửa khi mất mạng', baseRevision: keep.revision } },
      { id: mid(), kind: 'agendaItem.delete', args: { id: gone.id, baseRevision: gone.revision } },
      { id: mid(), kind: 'agendaItem.upsert', args: { id: added, meetingId, position: 2, title: 'Mục thêm khi mất mạng', presenterId: null, presenterLabel: 'Sở Xây dựng', plannedMinutes: 15 } },
      { id: mid(), kind: 'meeting.upsert', args: { id: meetingId, title: 'Họp chuẩn bị (sửa ngoại tuyến)', startsAt: before.meeting.startsAt, endsAt: before.meeting.endsAt, location: 'Phòng 2', status: 'draft', chairId, baseRevision: before.meeting.revision } },
    );
    expect(r1.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(await agendaTitles()).toEqual(['Mục đã sửa khi mất mạng', 'Mục thêm khi mất mạng']);
    const offline = await call(sec, 'meetings.get', { id: meetingId });
    expect(offline.meeting).toMatchObject({ title: 'Họp chuẩn bị (sửa ngoại tuyến)', location: 'Phòng 2' });
    expect((await call(sec, 'meetings.list')).find((m) => m.id === meetingId)).toMatchObject({ title: 'Họp chuẩn bị (sửa ngoại tuyến)', agendaItemCount: 2 });

    // A second edit of the same item, on the revision the screen shows now: no conflict later.
    const shown = offline.agenda.find((a) => a.item.id === items.keep)!.item;
    expect(shown.revision).toBe(keep.revision + 1);
    await submit({ id: mid(), kind: 'agendaItem.upsert', args: { ...shown, plannedMinutes: 45, baseRevision: shown.revision } });
    expect((await call(sec, 'meetings.get', { id: meetingId })).agenda[0].item).toMatchObject({ title: 'Mục đã sửa khi mất mạng', plannedMinutes: 45 });

    // A PDF dropped while offline: kept on this machine, attached to the meeting, shown.
    const bytes = await pdf('To trinh soan khi mat mang');
    const file = await upload(sec, 'to-trinh-ngoai-tuyen.pdf', bytes);
    expect(file).toMatchObject({ sha256: sha256(bytes), size: bytes.byteLength, uploaded: false });
    // Waiting on disk it is sealed like the cached documents: no stretch of the PDF is in clear.
    const queued = readFileSync(path.join(secDir, 'uploads', file.sha256));
    expect(queued.includes(Buffer.from('%PDF-'))).toBe(false);
    for (let at = 0; at + 48 <= bytes.byteLength; at += 48) expect(queued.includes(Buffer.from(bytes.subarray(at, at + 48)))).toBe(false);
    // Every retry while offline tries to send it; none leaves the queued file open.
    for (let i = 0; i < 3; i++) await call(sec, 'sync.now').catch(() => undefined);
    expect(openHandles((f) => f.endsWith(`${path.sep}uploads${path.sep}${file.sha256}`))).toBe(0);
    const docId = mid();
    await submit({ id: mid(), kind: 'document.upsert', args: { id: docId, meetingId, agendaItemId: added, title: 'Tờ trình soạn khi mất mạng', fileName: file.fileName, sha256: file.sha256, classification: 'internal', allowPrint: null, allowDownload: null } });
    const withDoc = await call(sec, 'meetings.get', { id: meetingId });
    expect(withDoc.agenda.find((a) => a.item.id === added)!.documents.map((d) => [d.title, d.sha256, d.size, d.version])).toEqual([
      ['Tờ trình soạn khi mất mạng', sha256(bytes), bytes.byteLength, 1],
    ]);
    expect((await call(sec, 'sync.status')).pendingMutations).toBe(6);

    // Back online: everything reaches the server, in order, with no conflict.
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port, logger: false });
    await waitFor(async () => {
      await call(sec, 'sync.now');
      return (await call(sec, 'sync.status')).pendingMutations === 0;
    }, 20_000, 'outbox pushed');
    expect(sec.rejectedMutations()).toEqual([]);
    const rows = await server.db.selectFrom('agenda_items').select(['id', 'title', 'planned_minutes']).where('meeting_id', '=', meetingId).orderBy('position').execute();
    expect(rows).toEqual([
      { id: items.keep, title: 'Mục đã sửa khi mất mạng', planned_minutes: 45 },
      { id: added, title: 'Mục thêm khi mất mạng', planned_minutes: 15 },
    ]);
    expect(await server.db.selectFrom('meetings').select(['title', 'location']).where('id', '=', meetingId).executeTakeFirstOrThrow()).toEqual({ title: 'Họp chuẩn bị (sửa ngoại tuyến)', location: 'Phòng 2' });
    const doc = await server.db.selectFrom('documents').select(['sha256', 'size', 'agenda_item_id']).where('id', '=', docId).executeTakeFirstOrThrow();
    expect(doc).toEqual({ sha256: sha256(bytes), size: bytes.byteLength, agenda_item_id: added });
    // The server's stored bytes hash to what was dropped.
    const token = (await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thuky', password: demoContent.password }) })).json()) as { accessToken: string };
    const blob = await fetch(`${server.url}/api/blobs/${doc.sha256}`, { headers: { authorization: `Bearer ${token.accessToken}` } });
    expect(blob.status).toBe(200);
    expect(sha256(new Uint8Array(await blob.arrayBuffer()))).toBe(sha256(bytes));
    // And the local view is now the server's (same content, real revisions).
    expect(await agendaTitles()).toEqual(['Mục đã sửa khi mất mạng', 'Mục thêm khi mất mạng']);
  });

  it('a queued edit the server refuses is taken back from the local view and reported', async () => {
    const detail = await call(sec, 'meetings.get', { id: meetingId });
    await server.close();
    // Offline, the secretary publishes the meeting, forgetting it has no participants yet.
    const [queued] = await submit({ id: mid(), kind: 'meeting.publish', args: { meetingId, baseRevision: detail.meeting.revision } });
    expect(queued.status).toBe('queued');
    expect((await call(sec, 'meetings.get', { id: meetingId })).meeting.status).toBe('published');

    // What the screens hear once the refusal comes: the meeting screen and the list re-read on it.
    const changes: CacheChange[] = [];
    const off = sec.on('data.changed', (c) => changes.push(c));
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port, logger: false });
    await waitFor(async () => {
      await call(sec, 'sync.now');
      return (await call(sec, 'sync.status')).pendingMutations === 0;
    }, 20_000, 'outbox settled');
    off();
    expect(sec.rejectedMutations().map((r) => [r.mutation.kind, r.errorCode])).toEqual([['meeting.publish', 'publish_no_participants']]);
    expect(changes.some((c) => changesMeetingHead(c, meetingId))).toBe(true);
    expect(changes.some((c) => changesMeetingList(c))).toBe(true);
    // Back to what the server holds: still a draft.
    expect((await call(sec, 'meetings.get', { id: meetingId })).meeting).toMatchObject({ status: 'draft', revision: detail.meeting.revision });
  });
});
