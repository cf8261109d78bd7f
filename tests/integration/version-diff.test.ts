/**
 * "Thay đổi so với phiên bản trước" with real parts: the sync server (demo committee), real
 * client services, two real PDF versions with Vietnamese text (pdf-lib, Liberation Serif),
 * pdf.js text extraction and the search index, the comparison in its worker thread.
 * - a member who read version 1 gets, once version 2 is synced, exactly the changed paragraph,
 *   the removed and the added passage, with their pages in both versions;
 * - a member who never had version 1 gets it fetched first (pending, then ready);
 * - offline without version 1 on the device: unavailable, saying why.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeOutput } from '../../shared/bridge';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, type ClientServices } from '../../electron/services/index';
import { comparisonsRun } from '../../electron/services/versions/version-diffs';
import { callBridge as call, uploadViaBridge as upload } from './helpers/bridge';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { vietnamesePdf } from '../helpers/vietnamese-pdf';
import { ADDED, REMOVED, V1, V2 } from '../helpers/two-versions';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const clients: ClientServices[] = [];

/** A fetch that can be switched off, to play "offline". */
function switchableFetch() {
  const state = { down: false };
  const f: typeof fetch = async (input, init) => {
    if (state.down) throw new TypeError('fetch failed (simulated: network down)');
    return fetch(input, init);
  };
  return { fetch: f, state };
}

async function signedIn(username: string, fetchFn?: typeof fetch): Promise<ClientServices> {
  const c = await createClientServices({
    dataDir: tempDir(),
    defaultServerUrl: server.url,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: '0.0.0-test',
    periodicPullMs: 600_000,
    retry: { initialMs: 100, maxMs: 300 },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  clients.push(c);
  await call(c, 'session.login', { username, password: demoContent.password });
  await call(c, 'sync.now');
  return c;
}

let sec: ClientServices;
let member: ClientServices;
let meetingId = '';
const docId = crypto.randomUUID();

async function putVersion(pages: string[][], fileName: string) {
  const up = await upload(sec, fileName, await vietnamesePdf(pages));
  const r = await call(sec, 'secretariat.submit', {
    mutations: [
      {
        id: crypto.randomUUID(),
        kind: 'document.upsert',
        args: { id: docId, meetingId, agendaItemId: null, title: 'Dự thảo quyết định phê duyệt đề án', fileName, sha256: up.sha256, classification: 'internal' },
      },
    ],
  });
  for (const x of r.results) expect(x, JSON.stringify(x)).toMatchObject({ status: 'applied' });
}

/** Polls the member's changes view until it is no longer waiting. */
async function settledDiff(c: ClientServices): Promise<BridgeOutput<'versions.diff'>> {
  let last: BridgeOutput<'versions.diff'> | null = null;
  await waitFor(
    async () => {
      last = await call(c, 'versions.diff', { documentId: docId });
      return last.status !== 'pending';
    },
    60_000,
    'the comparison of the two versions',
  );
  return last!;
}

const summary = (d: BridgeOutput<'versions.diff'>) => d.changes.map((c) => ({ kind: c.kind, oldPages: c.oldPages, newPages: c.newPages, oldText: c.oldText, newText: c.newText }));

const EXPECTED = [
  { kind: 'removed', oldPages: { from: 1, to: 1 }, newPages: { from: 1, to: 1 }, oldText: REMOVED, newText: '' },
  { kind: 'changed', oldPages: { from: 2, to: 2 }, newPages: { from: 2, to: 2 }, oldText: '2030 do Sở Tài chính', newText: '2028 do Sở Kế hoạch và Đầu tư' },
  { kind: 'added', oldPages: null, newPages: { from: 3, to: 3 }, oldText: '', newText: ADDED },
];

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  sec = await signedIn('thuky');
  meetingId = (await call(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!.id;
  await putVersion(V1, 'de-an-v1.pdf');
  member = await signedIn('pct.nguyen');
  await call(member, 'documents.open', { id: docId });
  await waitFor(async () => (await call(member, 'search.query', { query: 'van ban giay' })).groups.length > 0, 60_000, 'version 1 in the text index');
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

describe('what changed between two versions of a document', () => {
  it('has nothing to compare while the document has one version', async () => {
    const d = await call(member, 'versions.diff', { documentId: docId });
    expect(d).toMatchObject({ status: 'unavailable', reason: 'no_previous', toVersion: 1, changes: [] });
  });

  it('lists exactly the changed paragraph, the removed and the added passage, with their pages', async () => {
    const before = await comparisonsRun();
    await putVersion(V2, 'de-an-v2.pdf');
    await call(member, 'sync.now');
    const d = await settledDiff(member);
    expect(d).toMatchObject({ status: 'ready', reason: null, fromVersion: 1, toVersion: 2, oldPageCount: 3, newPageCount: 3, truncated: false });
    expect(summary(d)).toEqual(EXPECTED);
    // Word by word: what was struck out and what replaced it.
    expect(d.changes[1].parts).toEqual([
      { op: 'removed', text: '2030' },
      { op: 'added', text: '2028' },
      { op: 'same', text: ' do Sở' },
      { op: 'removed', text: ' Tài chính' },
      { op: 'added', text: ' Kế hoạch và Đầu tư' },
    ]);
    // Each is marked where it is on its page of the new version; the removal where the text was.
    expect(d.changes.map((c) => c.spans.map((s) => s.page))).toEqual([[1], [2], [3]]);
    expect(d.changes[0].spans[0].start).toBe(d.changes[0].spans[0].end);
    for (const c of d.changes.slice(1)) expect(c.spans[0].end).toBeGreaterThan(c.spans[0].start);
    // Worked out in the comparison thread, not on the thread that answers the UI.
    expect(await comparisonsRun()).toBeGreaterThan(before);
  });

  it('fetches version 1 for a member who never had it, then lists the same changes', async () => {
    const other = await signedIn('pct.le');
    const first = await call(other, 'versions.diff', { documentId: docId });
    expect(first.status === 'pending' || first.status === 'ready').toBe(true);
    const d = await settledDiff(other);
    expect(d.status).toBe('ready');
    expect(summary(d)).toEqual(EXPECTED);
  });

  it('says why when version 1 is not on the device and the server cannot be reached', async () => {
    const net = switchableFetch();
    const offline = await signedIn('uyvien.taichinh', net.fetch);
    net.state.down = true;
    const d = await settledDiff(offline);
    expect(d).toMatchObject({ status: 'unavailable', reason: 'offline', changes: [] });
  });
});
