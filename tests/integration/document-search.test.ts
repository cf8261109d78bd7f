/**
 * Search across cached documents, end to end: the REAL server with the demo committee, real
 * client services that sync, prefetch and extract the text of the Vietnamese demo PDFs with
 * pdf.js (Node legacy build) into SQLite FTS5; then queries without diacritics, grouping by
 * meeting and document, reading positions, and the index following documents out of the cache.
 */
import crypto from 'node:crypto';
import { openClientCacheFile } from './helpers/client-cache-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { foldVietnamese } from '../../shared/text/fold';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { httpLogin, httpPullAll, httpPush, materialize } from './helpers/server-api';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

/** pdf.js' legacy build replaces JSON.stringify where it is loaded: it must only ever load in a worker thread. */
const originalStringify = JSON.stringify;
let server: Awaited<ReturnType<typeof startServer>>;
let client: ClientServices;
let clientDir = '';
/** `pendingDocuments` of every `search.indexed` event, in order. */
const indexedEvents: number[] = [];

async function call<M extends BridgeMethodName>(method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(client.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value as BridgeOutput<M>;
}

/** A member of today's demo meeting (whose documents are prefetched, hence indexed). */
function todaysMember() {
  const today = demoContent.meetings.find((m) => m.dayOffset === 0 && m.status !== 'draft' && m.agenda.some((a) => a.documents.length > 0))!;
  const member = demoContent.users.find((u) => u.role === 'member' && today.participants.some((p) => p.userKey === u.key && p.role === 'member'))!;
  return { username: member.username, meetingTitle: today.title };
}

const DE_AN_TITLE = 'Đề án phát triển mạng lưới giao thông công cộng đô thị giai đoạn 2026 - 2035, tầm nhìn đến năm 2045';

/** Reads the client's cache file directly (a second connection; WAL lets it read alongside). */
function cacheRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = openClientCacheFile(clientDir, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  clientDir = tempDir();
  client = await createClientServices({
    dataDir: clientDir,
    defaultServerUrl: server.url,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: 'test',
    retry: { initialMs: 100, maxMs: 500 },
  });
  client.on('search.indexed', (e) => indexedEvents.push(e.pendingDocuments));
  await call('session.login', { username: todaysMember().username, password: demoContent.password });
});

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

describe('search across cached documents', () => {
  it('"de an" finds the Đề án, grouped by meeting and document, with pages and a highlighted snippet', async () => {
    const results = await waitFor(
      async () => {
        const r = await call('search.query', { query: 'de an' });
        return r.groups.some((g) => g.documents.some((d) => d.title === DE_AN_TITLE)) && r.pendingDocuments === 0 ? r : null;
      },
      // A failure bound only: the reader runs at low priority, and a busy machine slows it a lot.
      240_000,
      'the Đề án to be indexed',
    );
    const meeting = results.groups.find((g) => g.documents.some((d) => d.title === DE_AN_TITLE))!;
    expect(meeting.title).toBe(todaysMember().meetingTitle);
    const doc = meeting.documents.find((d) => d.title === DE_AN_TITLE)!;
    expect(doc.pages.length).toBeGreaterThanOrEqual(1);
    expect(doc.pages.map((p) => p.page)).toEqual([...doc.pages.map((p) => p.page)].sort((a, b) => a - b));
    const first = doc.pages[0];
    const hits = first.snippet.filter((s) => s.hit).map((s) => s.text.normalize('NFC'));
    expect(hits.length).toBeGreaterThan(0);
    // The snippet shows the original text with its diacritics; the hit folds back to the query.
    for (const h of hits) expect(foldVietnamese(h)).toBe('de an');
    expect(hits.some((h) => h === 'Đề án')).toBe(true);
    // Every document appears once per meeting, every meeting once.
    expect(new Set(results.groups.map((g) => g.meetingId)).size).toBe(results.groups.length);
    for (const g of results.groups) expect(new Set(g.documents.map((d) => d.documentId)).size).toBe(g.documents.length);
    expect(JSON.stringify).toBe(originalStringify);
  }, 300_000);

  it('tells an open search screen each time a document becomes searchable, until none is left to read', async () => {
    await waitFor(async () => (await call('search.query', { query: 'de an' })).pendingDocuments === 0 && indexedEvents.at(-1) === 0, 240_000, 'indexing to finish');
    const indexed = cacheRows<{ n: number }>("SELECT COUNT(*) AS n FROM doc_text_status WHERE status = 'indexed'")[0].n;
    expect(indexed).toBeGreaterThan(1);
    // One event per document read (at least), so results grow on screen while a packet is read.
    expect(indexedEvents.length).toBeGreaterThanOrEqual(indexed);
    expect(indexedEvents.some((n) => n > 0)).toBe(true);
  }, 300_000);

  it('"dong y" finds "đồng ý" in several documents; upper-case and NFD queries find the same', async () => {
    const r = await call('search.query', { query: 'dong y' });
    const docs = r.groups.flatMap((g) => g.documents);
    expect(docs.length).toBeGreaterThanOrEqual(2);
    const hitTexts = docs.flatMap((d) => d.pages.flatMap((p) => p.snippet.filter((s) => s.hit).map((s) => s.text.normalize('NFC').toLowerCase())));
    expect(hitTexts).toContain('đồng ý');
    const sameDocs = (x: typeof r) => x.groups.flatMap((g) => g.documents.map((d) => `${d.documentId}:${d.pages.map((p) => p.page).join(',')}`)).sort();
    expect(sameDocs(await call('search.query', { query: 'ĐỒNG Ý' }))).toEqual(sameDocs(r));
    expect(sameDocs(await call('search.query', { query: 'đồng ý'.normalize('NFD') }))).toEqual(sameDocs(r));
  });

  it('finds nothing for words that are not there, and refuses an empty query', async () => {
    expect((await call('search.query', { query: 'khong co tu nay xyzzy' })).groups).toEqual([]);
    await expect(call('search.query', { query: '   ' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('remembers the reading position per document and user', async () => {
    const doc = (await call('search.query', { query: 'de an' })).groups.flatMap((g) => g.documents).find((d) => d.title === DE_AN_TITLE)!;
    expect(await call('reader.getPosition', { documentId: doc.documentId })).toBeNull();
    const position = { page: 2, offset: 0.25, zoom: { mode: 'manual', scale: 1.5 }, rotation: 90 };
    await call('reader.savePosition', { documentId: doc.documentId, position });
    expect(await call('reader.getPosition', { documentId: doc.documentId })).toEqual(position);
    // Another document keeps its own place: reading one never moves the other.
    const other = (await call('search.query', { query: 'de an' })).groups.flatMap((g) => g.documents).find((d) => d.documentId !== doc.documentId)!;
    expect(other, 'a second indexed document').toBeDefined();
    expect(await call('reader.getPosition', { documentId: other.documentId })).toBeNull();
    const otherPosition = { page: 1, offset: 0.5, zoom: { mode: 'fitWidth' }, rotation: 0 };
    await call('reader.savePosition', { documentId: other.documentId, position: otherPosition });
    expect(await call('reader.getPosition', { documentId: other.documentId })).toEqual(otherPosition);
    expect(await call('reader.getPosition', { documentId: doc.documentId })).toEqual(position);
    await expect(call('reader.savePosition', { documentId: crypto.randomUUID(), position })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('reader.savePosition', { documentId: doc.documentId, position: { ...position, page: 0 } })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('when a document leaves the cache, its pages leave the index', async () => {
    const sec = demoContent.users.find((u) => u.role === 'secretary')!;
    const token = (await httpLogin(server.url, sec.username, demoContent.password)).accessToken;
    const world = materialize((await httpPullAll(server.url, token)).changes);
    const doc = world.documents.find((d) => d.title === DE_AN_TITLE)!;
    expect(world.documents.filter((d) => d.sha256 === doc.sha256)).toHaveLength(1);
    expect(cacheRows('SELECT page FROM doc_text_pages WHERE sha256 = ?', doc.sha256).length).toBeGreaterThan(0);

    const pushed = await httpPush(server.url, token, [{ id: crypto.randomUUID(), kind: 'document.delete', args: { id: doc.id } }]);
    expect(pushed.results[0].status).toBe('applied');
    await waitFor(async () => {
      const r = await call('search.query', { query: 'de an' });
      return !r.groups.some((g) => g.documents.some((d) => d.documentId === doc.id));
    }, 20_000, 'the deleted document to leave the search results');
    await waitFor(() => cacheRows('SELECT page FROM doc_text_pages WHERE sha256 = ?', doc.sha256).length === 0, 10_000, 'its index rows to go');
    expect(cacheRows("SELECT 1 FROM doc_text_status WHERE sha256 = ?", doc.sha256)).toEqual([]);
    expect(cacheRows("SELECT COUNT(*) AS n FROM doc_text_fts WHERE doc_text_fts MATCH '\"tam nhin den nam 2045\"'")).toEqual([{ n: 0 }]);
  });

  it('signing out empties the index', async () => {
    expect(cacheRows<{ n: number }>('SELECT COUNT(*) AS n FROM doc_text_pages')[0].n).toBeGreaterThan(0);
    await call('session.logout');
    expect(cacheRows('SELECT COUNT(*) AS n FROM doc_text_pages')).toEqual([{ n: 0 }]);
    expect(cacheRows('SELECT COUNT(*) AS n FROM doc_text_fts')).toEqual([{ n: 0 }]);
  });
});
