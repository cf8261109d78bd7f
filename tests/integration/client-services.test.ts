/**
 * End to end: the REAL sync server (server/index.ts, demo seed) on a random port, and real
 * client-service instances in temp folders talking to it over HTTP and WebSocket.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openClientCacheFile } from './helpers/client-cache-file';
import { readDocumentFile } from '../../electron/services/crypto/blob-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEventPayload, BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { API_PATHS } from '../../shared/api';
import { composeMeetingDetail } from '../../shared/rules/meeting-detail';
import { compareMeetingsForList, meetingBucket, type MeetingBucket } from '../../shared/rules/meetings';
import { addDays, vietnamDay } from '../../shared/time/vietnam-time';
import { demoContent } from '../../server/demo/content';
import { compactChangeLog, startServer } from '../../server/index';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { httpLogin, httpPullAll, httpPush, materialize } from './helpers/server-api';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;

let serverDir = '';
let server: Server;
let port = 0;
let base = '';
const clients: ClientServices[] = [];

/** Calls a bridge method exactly as Electron / the browser host do; throws the error value. */
async function call<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value as BridgeOutput<M>;
}

/** Records every HTTP exchange of a client; can make push responses "get lost" after the server handled them. */
function recordingFetch() {
  const log: { path: string; status: number }[] = [];
  const state = { losePushResponses: false, pushesSent: 0, networkDown: false };
  const f: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (state.networkDown) throw new TypeError('fetch failed (simulated: network down)');
    const res = await fetch(input, init);
    log.push({ path: url.pathname + url.search, status: res.status });
    if (url.pathname === API_PATHS.push) {
      state.pushesSent++;
      if (state.losePushResponses) {
        await res.body?.cancel();
        throw new TypeError('fetch failed (simulated: response lost)');
      }
    }
    return res;
  };
  return { fetch: f, log, state };
}

async function client(dataDir = tempDir(), extra: Partial<Parameters<typeof createClientServices>[0]> = {}) {
  const c = await createClientServices({
    dataDir,
    defaultServerUrl: base,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: 'test',
    retry: { initialMs: 100, maxMs: 500 },
    ...extra,
  });
  clients.push(c);
  return c;
}

function nextEvent<E extends 'data.changed' | 'sync.status' | 'session.ended'>(
  c: ClientServices,
  event: E,
  match: (p: BridgeEventPayload<E>) => boolean,
  timeoutMs = 20_000,
): Promise<BridgeEventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = c.on(event, (p) => {
      if (!match(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

// The cast of the demo, derived from what the server really holds (read as the secretariat).
const password = demoContent.password;
let secretary = { username: '', token: '' };
let world: ReturnType<typeof materialize>;
let memberA = { username: '', id: '' };
let memberB = { username: '', id: '' };
let todayMeetingId = '';

beforeAll(async () => {
  serverDir = tempDir('ecab-server-');
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port: 0, seed: 'demo', logger: false });
  port = server.port;
  base = server.url;

  const sec = demoContent.users.find((u) => u.role === 'secretary')!;
  const t = await httpLogin(base, sec.username, password);
  secretary = { username: sec.username, token: t.accessToken };
  world = materialize((await httpPullAll(base, t.accessToken)).changes);

  const now = new Date();
  const visibleTo = (userId: string) =>
    new Set(
      world.meetings
        .filter((m) => m.status !== 'draft' && world.participants.some((p) => p.meetingId === m.id && p.userId === userId))
        .map((m) => m.id),
    );
  const members = world.users.filter((u) => u.role === 'member');
  // A: sees a meeting of today with documents. B: another member who misses at least one meeting A sees.
  // Prefer the member who attends the most meetings, so that someone else misses one of them.
  members.sort((x, y) => visibleTo(y.id).size - visibleTo(x.id).size);
  const a = members.find((u) =>
    [...visibleTo(u.id)].some((mid) => {
      const m = world.meetings.find((x) => x.id === mid)!;
      return meetingBucket(m, now) === 'today' && world.documents.some((d) => d.meetingId === mid);
    }),
  );
  expect(a, 'demo has a member in a meeting of today with documents').toBeTruthy();
  const seenByA = visibleTo(a!.id);
  const b = members.find((u) => u.id !== a!.id && [...seenByA].some((mid) => !visibleTo(u.id).has(mid)));
  expect(b, 'demo has a member who is not in every meeting').toBeTruthy();
  memberA = { username: a!.username, id: a!.id };
  memberB = { username: b!.username, id: b!.id };
  todayMeetingId = [...seenByA].find((mid) => {
    const m = world.meetings.find((x) => x.id === mid)!;
    return meetingBucket(m, now) === 'today' && world.documents.some((d) => d.meetingId === mid);
  })!;
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

describe('client services against the real server', () => {
  let a: ClientServices;
  let aDir = '';
  let aHttp: ReturnType<typeof recordingFetch>;
  let openedDocId = '';

  it('signs a member in, syncs, and lists today / upcoming / past meetings from the cache', async () => {
    aDir = tempDir();
    aHttp = recordingFetch();
    a = await client(aDir, { fetch: aHttp.fetch });
    expect(await call(a, 'session.current')).toBeNull();
    await expect(call(a, 'meetings.list')).rejects.toMatchObject({ code: 'not_signed_in' });

    const session = await call(a, 'session.login', { username: memberA.username, password });
    expect(session.user.id).toBe(memberA.id);
    expect(session.serverUrl).toBe(base);
    const status = await call(a, 'sync.now');
    expect(status).toMatchObject({ state: 'online', lastError: null, pendingMutations: 0 });
    expect(status.lastSyncAt).not.toBeNull();

    const list = await call(a, 'meetings.list');
    const buckets = new Set(list.map((m) => meetingBucket(m, new Date())));
    expect([...buckets].sort()).toEqual(['past', 'today', 'upcoming']);
    expect(list.every((m) => m.myRole !== null)).toBe(true);
    // Tokens never cross the bridge.
    expect(JSON.stringify(session)).not.toMatch(/token/i);
  });

  it('opens a document: downloaded, hash-verified, a real PDF, served by blobFile', async () => {
    const detail = await call(a, 'meetings.get', { id: todayMeetingId });
    const positions = detail.agenda.map((x) => x.item.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    const doc = [...detail.agenda.flatMap((x) => x.documents), ...detail.documents][0];
    const opened = await call(a, 'documents.open', { id: doc.id });
    expect(opened.url).toBe(`ecabinet-doc://blob/${doc.sha256}`);
    expect(opened.document).toMatchObject({ id: doc.id, cached: true });
    const file = await a.blobFile(doc.sha256);
    expect(file).toBe(path.join(aDir, 'blobs', doc.sha256.slice(0, 2), doc.sha256));
    const bytes = await readDocumentFile(file!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
    openedDocId = doc.id;
    expect(await a.blobFile('f'.repeat(64))).toBeNull(); // not a document this user has
  });

  it('reads a meeting in two parts, its head and its documents, that make up meetings.get; the list says what the head says', async () => {
    const list = await call(a, 'meetings.list');
    let documents = 0;
    for (const m of list) {
      const [head, docs, detail] = await Promise.all([call(a, 'meetings.head', { id: m.id }), call(a, 'meetings.documents', { id: m.id }), call(a, 'meetings.get', { id: m.id })]);
      expect(composeMeetingDetail(head, docs)).toEqual(detail);
      // The list counts every meeting's rows in one query per count; one meeting's head counts its own: the same.
      expect(m).toEqual(head.meeting);
      // The head carries no document at all.
      expect(JSON.stringify(head)).not.toContain('"sha256"');
      documents += docs.length;
    }
    expect(documents).toBeGreaterThan(0);
    const unknown = crypto.randomUUID();
    await expect(call(a, 'meetings.head', { id: unknown })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call(a, 'meetings.documents', { id: unknown })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('answers a page of the list: every meeting of today, the next and the latest ones up to the limits, each group counted in all, as the whole list says', async () => {
    const now = new Date();
    const list = await call(a, 'meetings.list');
    const group = (b: MeetingBucket) => list.filter((m) => meetingBucket(m, now) === b).sort((x, y) => compareMeetingsForList(x, y, b));
    const counts = { today: group('today').length, upcoming: group('upcoming').length, past: group('past').length };
    // The first screen's read (an empty input): MEETINGS_PAGE of each, here all of them.
    const first = await call(a, 'meetings.page', {});
    expect(first).toEqual({ today: group('today'), upcoming: group('upcoming'), past: group('past'), counts, organisations: [{ id: list[0].orgId, name: list[0].organisationName }] });
    // Fewer asked: the soonest coming one, no past one; the counts still say how many there are.
    const small = await call(a, 'meetings.page', { upcoming: 1, past: 0 });
    expect(small).toMatchObject({ today: group('today'), upcoming: group('upcoming').slice(0, 1), past: [], counts });
    // One organisation: another one's page is empty, and the filter still offers his own.
    const other = await call(a, 'meetings.page', { orgId: crypto.randomUUID() });
    expect(other).toMatchObject({ today: [], upcoming: [], past: [], counts: { today: 0, upcoming: 0, past: 0 }, organisations: first.organisations });
    expect(await call(a, 'meetings.page', { orgId: list[0].orgId })).toEqual(first);
    await expect(call(a, 'meetings.page', { past: -1 })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('answers a calendar page: the meetings starting from one Vietnam day to another, both included', async () => {
    const list = await call(a, 'meetings.list');
    const today = vietnamDay(new Date());
    const starting = (test: (day: string) => boolean) => list.filter((m) => test(vietnamDay(m.startsAt)));
    expect(starting((d) => d === today).length).toBeGreaterThan(0);
    expect(await call(a, 'meetings.list', { from: today, to: today })).toEqual(starting((d) => d === today));
    expect(await call(a, 'meetings.list', { from: addDays(today, 1) })).toEqual(starting((d) => d > today));
    expect(await call(a, 'meetings.list', { to: addDays(today, -1) })).toEqual(starting((d) => d < today));
    expect(await call(a, 'meetings.list', { from: addDays(today, 1), to: addDays(today, -1) })).toEqual([]);
    await expect(call(a, 'meetings.list', { from: '6/12/2026' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('prefetches the documents of today and upcoming meetings, not past ones', async () => {
    const list = await call(a, 'meetings.list');
    const soon = list.filter((m) => meetingBucket(m, new Date()) !== 'past');
    await waitFor(async () => {
      for (const m of soon) {
        const d = await call(a, 'meetings.get', { id: m.id });
        if (![...d.agenda.flatMap((x) => x.documents), ...d.documents].every((doc) => doc.cached)) return false;
      }
      return true;
    }, 30_000, 'prefetch of upcoming documents');
    const past = list.filter((m) => meetingBucket(m, new Date()) === 'past');
    const pastDocs = (await Promise.all(past.map((m) => call(a, 'meetings.get', { id: m.id })))).flatMap((d) => [
      ...d.agenda.flatMap((x) => x.documents),
      ...d.documents,
    ]);
    expect(pastDocs.length).toBeGreaterThan(0);
    expect(pastDocs.some((d) => !d.cached)).toBe(true);
    expect((await call(a, 'sync.status')).download).toEqual({ filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 });
    // Idle again, yet the status still says the packet is complete ("ready offline: N of N").
    const soonDocs = (await Promise.all(soon.map((m) => call(a, 'meetings.get', { id: m.id })))).flatMap((d) => [...d.agenda.flatMap((x) => x.documents), ...d.documents]);
    const distinct = new Set(soonDocs.map((d) => d.sha256)).size;
    expect(distinct).toBeGreaterThan(0);
    await waitFor(async () => (await call(a, 'sync.status')).offlineReady?.documents === distinct, undefined, 'ready offline: all');
    expect((await call(a, 'sync.status')).offlineReady).toEqual({ documents: distinct, total: distinct });
  });

  it('marks a document viewed at once, and the server confirms it', async () => {
    await call(a, 'documents.markViewed', { id: openedDocId });
    const doc = (await call(a, 'meetings.get', { id: todayMeetingId })).agenda.flatMap((x) => x.documents).concat(
      (await call(a, 'meetings.get', { id: todayMeetingId })).documents,
    ).find((d) => d.id === openedDocId)!;
    expect(doc.viewedVersion).toBe(doc.version);
    await waitFor(async () => (await call(a, 'sync.now')).pendingMutations === 0, 10_000, 'push of the view');
    const t = await httpLogin(base, memberA.username, password);
    const views = materialize((await httpPullAll(base, t.accessToken)).changes).documentViews.filter((v) => v.documentId === openedDocId);
    expect(views.map((v) => v.version)).toEqual([doc.version]);
  });

  it('never caches rows or blobs of a meeting the member does not attend', async () => {
    const bDir = tempDir();
    const b = await client(bDir);
    const downloads: { filesDone: number; filesTotal: number; bytesDone: number; bytesTotal: number }[] = [];
    b.on('sync.status', (st) => downloads.push(st.download));
    await call(b, 'session.login', { username: memberB.username, password });
    await call(b, 'sync.now');
    const hidden = world.meetings.filter((m) => !world.participants.some((p) => p.meetingId === m.id && p.userId === memberB.id) || m.status === 'draft');
    expect(hidden.length).toBeGreaterThan(0);
    const hiddenIds = new Set(hidden.map((m) => m.id));
    const hiddenDocs = world.documents.filter((d) => hiddenIds.has(d.meetingId));
    const visibleShas = new Set(world.documents.filter((d) => !hiddenIds.has(d.meetingId)).map((d) => d.sha256));

    // Wait for B's prefetch to finish, then inspect his cache files directly.
    await waitFor(async () => (await call(b, 'sync.status')).download.filesTotal === 0, 30_000, 'B prefetch idle');
    // Prefetch progress was reported: files counted up to the total, then back to idle.
    const total = Math.max(...downloads.map((d) => d.filesTotal));
    expect(total).toBeGreaterThan(0);
    expect(downloads.some((d) => d.filesTotal === total && d.filesDone === total && d.bytesDone === d.bytesTotal)).toBe(true);
    const db = openClientCacheFile(bDir, { readonly: true });
    try {
      for (const table of ['meetings', 'participants', 'agenda_items', 'documents']) {
        const col = table === 'meetings' ? 'id' : 'meeting_id';
        const rows = db.prepare(`SELECT ${col} AS m FROM ${table}`).all() as { m: string }[];
        expect(rows.filter((r) => hiddenIds.has(r.m)), table).toEqual([]);
      }
    } finally {
      db.close();
    }
    const blobRoot = path.join(bDir, 'blobs');
    const files = fs.existsSync(blobRoot) ? fs.readdirSync(blobRoot, { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f)) : [];
    for (const f of files) expect(visibleShas.has(path.basename(f)), f).toBe(true);
    if (hiddenDocs.length) await expect(call(b, 'documents.open', { id: hiddenDocs[0].id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call(b, 'meetings.get', { id: hidden[0].id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a resent push (response lost) is applied once', async () => {
    const cHttp = recordingFetch();
    const c = await client(tempDir(), { fetch: cHttp.fetch });
    await call(c, 'session.login', { username: memberA.username, password });
    await call(c, 'sync.now');
    const list = await call(c, 'meetings.list');
    const docs = (await Promise.all(list.map((m) => call(c, 'meetings.get', { id: m.id })))).flatMap((d) => [
      ...d.agenda.flatMap((x) => x.documents),
      ...d.documents,
    ]);
    const target = docs.find((d) => d.viewedVersion === null)!;
    expect(target).toBeTruthy();

    cHttp.state.losePushResponses = true;
    await call(c, 'documents.markViewed', { id: target.id });
    await waitFor(() => cHttp.state.pushesSent >= 1, 10_000, 'first push');
    const st = await waitFor(async () => {
      const s = await call(c, 'sync.status');
      return s.lastError === 'server_unreachable' ? s : null;
    }, 10_000, 'lost response noticed');
    expect(st.pendingMutations).toBe(1);
    // The server has applied it once; remember where its change log is now.
    const t = await httpLogin(base, memberA.username, password);
    const { cursor } = await httpPullAll(base, t.accessToken);

    cHttp.state.losePushResponses = false;
    const after = await waitFor(async () => {
      const s = await call(c, 'sync.now');
      return s.pendingMutations === 0 ? s : null;
    }, 10_000, 'outbox drained');
    expect(after.lastError).toBeNull();
    expect(cHttp.state.pushesSent).toBeGreaterThanOrEqual(2);
    // The resend(s) changed nothing on the server.
    const since = await httpPullAll(base, t.accessToken, cursor);
    expect(since.changes.filter((ch) => ch.entity === 'documentView')).toEqual([]);
    expect(c.rejectedMutations()).toEqual([]);

    // Offline, C marks a document viewed that the secretariat deletes meanwhile: the server
    // rejects the mutation; it leaves the outbox, is recorded, and the local view is undone.
    // Not from the closed meeting: a closed meeting is read-only, its documents cannot be deleted.
    const closedIds = new Set(list.filter((m) => m.status === 'closed').map((m) => m.id));
    const victim = docs.find((d) => d.id !== target.id && d.id !== openedDocId && d.viewedVersion === null && !closedIds.has(d.meetingId))!;
    cHttp.state.networkDown = true;
    await call(c, 'documents.markViewed', { id: victim.id });
    expect((await call(c, 'sync.now')).pendingMutations).toBe(1);
    const sec = await httpLogin(base, secretary.username, password);
    const del = await httpPush(base, sec.accessToken, [{ id: crypto.randomUUID(), kind: 'document.delete', args: { id: victim.id } }]);
    expect(del.results[0].status).toBe('applied');
    cHttp.state.networkDown = false;
    const settled = await waitFor(async () => {
      const st2 = await call(c, 'sync.now');
      return st2.pendingMutations === 0 ? st2 : null;
    }, 10_000, 'rejected mutation settled');
    expect(settled.lastError).toBeNull();
    expect(c.rejectedMutations()).toMatchObject([{ mutation: { kind: 'document.markViewed', args: { documentId: victim.id } } }]);
    await expect(call(c, 'documents.open', { id: victim.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('works offline from the cache when the server is down', async () => {
    await server.close();
    const list = await call(a, 'meetings.list');
    expect(list.length).toBeGreaterThan(0);
    const detail = await call(a, 'meetings.get', { id: todayMeetingId });
    expect(detail.meeting.id).toBe(todayMeetingId);
    const opened = await call(a, 'documents.open', { id: openedDocId });
    expect(opened.document.cached).toBe(true);
    const status = await call(a, 'sync.now');
    expect(status).toMatchObject({ state: 'offline', lastError: 'server_unreachable' });
    // Retrying while offline keeps saying "offline" (with what is ready offline): the indicator
    // does not flicker to "syncing" with every attempt, nor show it through a long timeout.
    const states: string[] = [];
    const off = a.on('sync.status', (s) => states.push(s.state));
    try {
      expect(await call(a, 'sync.now')).toMatchObject({ state: 'offline' });
    } finally {
      off();
    }
    expect(states).not.toContain('syncing');

    // A past document was never downloaded: a clear "offline" error, nothing else breaks.
    const past = list.filter((m) => meetingBucket(m, new Date()) === 'past');
    const uncached = (await Promise.all(past.map((m) => call(a, 'meetings.get', { id: m.id })))).flatMap((d) => [
      ...d.agenda.flatMap((x) => x.documents),
      ...d.documents,
    ]).find((d) => !d.cached);
    if (uncached) await expect(call(a, 'documents.open', { id: uncached.id })).rejects.toMatchObject({ code: 'offline' });

    // A write made offline waits in the outbox.
    const target = (await Promise.all(list.map((m) => call(a, 'meetings.get', { id: m.id }))))
      .flatMap((d) => [...d.agenda.flatMap((x) => x.documents), ...d.documents])
      .find((d) => d.cached && d.viewedVersion === null);
    if (target) {
      await call(a, 'documents.markViewed', { id: target.id });
      expect((await call(a, 'sync.status')).pendingMutations).toBe(1);
    }
  });

  it('reconnects when the server is back, and a secretary change arrives by live poke', async () => {
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port, logger: false });
    expect(server.port).toBe(port);
    await waitFor(async () => {
      const s = await call(a, 'sync.status');
      return s.state === 'online' && s.pendingMutations === 0 && s.lastError === null;
    }, 20_000, 'client back online with its outbox pushed');

    // Once online, only the live socket makes the client pull again: its connecting, then its
    // pokes (the periodic pull is a minute away). A first change arrives either way, and proves the
    // socket is up; the second can only arrive by poke.
    const sec = await httpLogin(base, secretary.username, password);
    const itemId = crypto.randomUUID();
    const upsertItem = (title: string) =>
      httpPush(base, sec.accessToken, [
        {
          id: crypto.randomUUID(),
          kind: 'agendaItem.upsert',
          args: { id: itemId, meetingId: todayMeetingId, position: 99, title, presenterId: null, presenterLabel: 'Văn phòng UBND', plannedMinutes: 10 },
        },
      ]);
    const itemTitle = async () => (await call(a, 'meetings.get', { id: todayMeetingId })).agenda.find((x) => x.item.id === itemId)?.item.title;
    expect((await upsertItem('Các vấn đề khác')).results[0].status).toBe('applied');
    await waitFor(async () => (await itemTitle()) === 'Các vấn đề khác', undefined, 'the first change to arrive');

    const pullsBefore = aHttp.log.filter((l) => l.path.startsWith(API_PATHS.pull)).length;
    const changed = nextEvent(a, 'data.changed', (p) => p.meetingIds.includes(todayMeetingId) && p.entities.includes('agendaItem'));
    const res = await upsertItem('Các vấn đề phát sinh');
    expect(res.results[0].status).toBe('applied');
    await changed;
    expect(aHttp.log.filter((l) => l.path.startsWith(API_PATHS.pull)).length).toBeGreaterThan(pullsBefore);
    const detail = await call(a, 'meetings.get', { id: todayMeetingId });
    expect(detail.agenda.at(-1)?.item).toMatchObject({ id: itemId, title: 'Các vấn đề phát sinh' });
  });

  it('detects a corrupted cached blob and downloads it again', async () => {
    const doc = (await call(a, 'documents.open', { id: openedDocId })).document;
    const file = (await a.blobFile(doc.sha256))!;
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(await a.blobFile(doc.sha256)).toBeNull();
    const reopened = await call(a, 'documents.open', { id: openedDocId });
    expect(reopened.document.cached).toBe(true);
    const again = await readDocumentFile((await a.blobFile(doc.sha256))!);
    expect(crypto.createHash('sha256').update(again).digest('hex')).toBe(doc.sha256);
  });

  it('an expired cursor (410) resets the cache and resyncs from a snapshot', async () => {
    const before = (await call(a, 'meetings.list')).map((m) => m.id).sort();
    // Make a change so the log has something new, then compact everything up to now.
    const sec = await httpLogin(base, secretary.username, password);
    await httpPush(base, sec.accessToken, [
      {
        id: crypto.randomUUID(),
        kind: 'agendaItem.upsert',
        args: { id: crypto.randomUUID(), meetingId: todayMeetingId, position: 100, title: 'Bế mạc', presenterId: null, presenterLabel: '', plannedMinutes: 5 },
      },
    ]);
    const { dropped } = await compactChangeLog(server.db);
    expect(dropped).toBeGreaterThan(0);
    const logStart = aHttp.log.length;
    // Every screen must re-read after a re-snapshot: signing, tasks, notices and opinions too.
    const announced = nextEvent(a, 'data.changed', (p) => p.entities.includes('organization'));
    const st = await call(a, 'sync.now');
    expect(st).toMatchObject({ state: 'online', lastError: null });
    const exchanged = aHttp.log.slice(logStart);
    expect(exchanged.some((l) => l.status === 410)).toBe(true);
    expect(exchanged.some((l) => l.path === API_PATHS.pull && l.status === 200)).toBe(true); // snapshot without cursor
    expect((await call(a, 'meetings.list')).map((m) => m.id).sort()).toEqual(before);
    expect((await announced).entities).toEqual(expect.arrayContaining(['signatureRequest', 'task', 'notice', 'opinionRequest', 'annotation']));
    const detail = await call(a, 'meetings.get', { id: todayMeetingId });
    expect(detail.agenda.some((x) => x.item.title === 'Bế mạc')).toBe(true);
    // The cached documents survived the reset.
    expect(await a.blobFile(detail.agenda.flatMap((x) => x.documents).concat(detail.documents).find((d) => d.id === openedDocId)!.sha256)).not.toBeNull();
  });

  it('resumes the stored session after a restart without asking for the password', async () => {
    await a.close();
    const again = await client(aDir);
    const s = await call(again, 'session.current');
    expect(s?.user.id).toBe(memberA.id);
    expect((await call(again, 'meetings.list')).length).toBeGreaterThan(0);
    expect(await call(again, 'sync.now')).toMatchObject({ state: 'online', lastError: null });
    // Tokens are not stored in clear text.
    const db = openClientCacheFile(aDir, { readonly: true });
    const row = db.prepare('SELECT access_token, refresh_token FROM session').get() as { access_token: string; refresh_token: string };
    db.close();
    expect(row.access_token.startsWith('fk1:')).toBe(true);
    expect(row.refresh_token.startsWith('fk1:')).toBe(true);
    a = again;
  });

  it('rejects invalid bridge input with validation_failed', async () => {
    for (const [method, input] of [
      ['meetings.get', { id: 'x' }],
      ['documents.open', {}],
      ['session.login', { serverUrl: 'not a url', username: 'u', password: 'p' }],
      ['sync.now', { force: true }],
    ] as const) {
      expect(await dispatchBridgeCall(a.handlers, method, input)).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
  });

  it('logs out: session gone, reads refused, documents removed from disk', async () => {
    const ended = nextEvent(a, 'session.ended', () => true);
    expect(await call(a, 'session.logout')).toEqual({ ok: true });
    expect(await ended).toEqual({ reason: null });
    expect(await call(a, 'session.current')).toBeNull();
    await expect(call(a, 'meetings.list')).rejects.toMatchObject({ code: 'not_signed_in' });
    const blobRoot = path.join(aDir, 'blobs');
    expect(fs.existsSync(blobRoot) ? fs.readdirSync(blobRoot, { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f)) : []).toEqual([]);
  });
});

