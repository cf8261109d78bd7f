/**
 * Private annotations with real parts: the sync server (demo committee) on a random port,
 * real client services for two devices of one member, another member and a secretary, real
 * PDFs (pdf-lib), real pdf.js text positions, qpdf and poppler reading the exported copy.
 * - round trip between the member's two devices, never to anybody else (server-enforced);
 * - offline edit and delete on one device reach the other (tombstones, last writer wins);
 * - sharing a copy with the meeting (author's name) and unsharing it;
 * - carry-forward to a new version whose text moved to another page, and the notice for the rest;
 * - "a copy with my notes": standard annotations with appearance streams; download rules;
 * - follow the presenter: the chair's page reaches the members; others may not present.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openClientCacheFile } from './helpers/client-cache-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../shared/api';
import { pageOf, geometryOf } from '../../shared/annotations';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { httpLogin, httpPullAll, httpPush } from './helpers/server-api';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { uploadViaBridge, pdfWithLines } from './helpers/bridge';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { tool } from '../helpers/tool';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const clients: ClientServices[] = [];
const dirs = new Map<ClientServices, string>();

async function call<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code, details: r.error.details });
  return r.value as BridgeOutput<M>;
}

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
  const dataDir = tempDir();
  const c = await createClientServices({
    dataDir,
    defaultServerUrl: server.url,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: '0.0.0-test',
    periodicPullMs: 600_000,
    retry: { initialMs: 100, maxMs: 300 },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  clients.push(c);
  dirs.set(c, dataDir);
  await call(c, 'session.login', { username, password: demoContent.password });
  await call(c, 'sync.now');
  return c;
}

function cacheRows<T>(c: ClientServices, sql: string, ...params: unknown[]): T[] {
  const db = openClientCacheFile(dirs.get(c)!, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const pdfOf = pdfWithLines;

const upload = uploadViaBridge;

const SENTENCE = 'The committee approves the transit plan budget.';
const DROPPED = 'This clause is removed in the next draft.';
const V1 = [['Alpha page one.', SENTENCE, DROPPED], ['Second page stays the same.']];
const V2 = [['A new introduction page.'], ['Second page stays the same.'], ['Alpha page one.', SENTENCE]];

let a1: ClientServices; // pct.nguyen, laptop
let a2: ClientServices; // pct.nguyen, second device (goes offline)
let a2net: ReturnType<typeof switchableFetch>;
let b: ClientServices; // pct.le, same meeting
let sec: ClientServices; // thuky
let meetingId = '';
const docId = crypto.randomUUID();
const fileNameV1 = 'du-thao-v1.pdf';

async function submit(c: ClientServices, mutations: unknown[]) {
  const r = await call(c, 'secretariat.submit', { mutations });
  for (const x of r.results) expect(x, JSON.stringify(x)).toMatchObject({ status: 'applied' });
}

async function putVersion(pages: string[][], fileName: string) {
  const up = await upload(sec, fileName, await pdfOf(pages));
  await submit(sec, [
    {
      id: crypto.randomUUID(),
      kind: 'document.upsert',
      args: { id: docId, meetingId, agendaItemId: null, title: 'Dự thảo nghị quyết giao thông', fileName, sha256: up.sha256, classification: 'internal' },
    },
  ]);
}

const docVersion = async (c: ClientServices) => (await call(c, 'annotations.list', { documentId: docId })).version;

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  sec = await signedIn('thuky');
  meetingId = (await call(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!.id;
  await putVersion(V1, fileNameV1);
  a1 = await signedIn('pct.nguyen');
  a2net = switchableFetch();
  a2 = await signedIn('pct.nguyen', a2net.fetch);
  b = await signedIn('pct.le');
  // The member opens the document (caches and indexes it: prefix/suffix come from its text).
  await call(a1, 'documents.open', { id: docId });
  await call(a2, 'documents.open', { id: docId });
  await waitFor(async () => (await call(a1, 'search.query', { query: 'alpha page one' })).groups.length > 0, 30_000, 'the text index');
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

const quadAt = (y: number): number[] => [72, y + 11, 340, y + 11, 72, y - 3, 340, y - 3];

describe('private annotations', () => {
  let highlightId = '';
  let droppedId = '';
  let noteId = '';
  let textboxId = '';

  it('round-trip between two devices of the same member, and never reach another member', async () => {
    const h = await call(a1, 'annotations.create', {
      documentId: docId,
      kind: 'highlight',
      color: 'yellow',
      page: 1,
      exact: SENTENCE,
      geometry: { quads: [quadAt(660)] },
    });
    highlightId = h.id;
    expect(h.annotation.target.selector.map((s) => s.type)).toEqual(['FragmentSelector', 'TextQuoteSelector', 'PdfGeometrySelector']);
    expect(h.annotation.target['ecabinet:version']).toBe(1);
    droppedId = (await call(a1, 'annotations.create', { documentId: docId, kind: 'highlight', color: 'pink', page: 1, exact: DROPPED, geometry: { quads: [quadAt(620)] } })).id;
    noteId = (await call(a1, 'annotations.create', { documentId: docId, kind: 'note', color: 'blue', page: 2, text: 'Hỏi lại Sở Tài chính về số liệu', geometry: { rect: [500, 760, 520, 780] } })).id;
    await call(a1, 'annotations.create', { documentId: docId, kind: 'ink', color: 'red', page: 1, geometry: { paths: [[[80, 500], [120, 520], [160, 500]]] } });
    textboxId = (await call(a1, 'annotations.create', { documentId: docId, kind: 'textbox', color: 'green', page: 1, text: 'Đồng ý, đề nghị bổ sung lộ trình', geometry: { rect: [300, 420, 520, 470] } })).id;
    await call(a1, 'sync.now');

    const onA2 = await waitFor(async () => {
      await call(a2, 'sync.now');
      const l = await call(a2, 'annotations.list', { documentId: docId });
      return l.mine.length === 5 ? l : null;
    });
    const quote = onA2.mine.find((x) => x.id === highlightId)!.annotation.target.selector.find((s) => s.type === 'TextQuoteSelector');
    expect(quote).toMatchObject({ exact: SENTENCE });
    expect((quote as { prefix: string }).prefix).toContain('Alpha page one');
    expect(onA2.mine.map((x) => x.authorName)).toContain('Nguyễn Thị Thu Hà');

    // The other member: nothing in his cache, nothing in what the server sends him.
    await call(b, 'sync.now');
    expect((await call(b, 'annotations.list', { documentId: docId })).mine).toEqual([]);
    expect((await call(b, 'annotations.list', { documentId: docId })).shared).toEqual([]);
    expect(cacheRows(b, 'SELECT id FROM annotations')).toEqual([]);
    const bToken = (await httpLogin(server.url, 'pct.le', demoContent.password)).accessToken;
    expect((await httpPullAll(server.url, bToken)).changes.filter((c) => c.entity === 'annotation')).toEqual([]);
    // He cannot overwrite or delete it either (the server refuses as if it did not exist).
    const r = await httpPush(server.url, bToken, [
      { id: crypto.randomUUID(), kind: 'annotation.delete', args: { id: highlightId, updatedAt: new Date().toISOString() } },
      { id: crypto.randomUUID(), kind: 'annotation.upsert', args: { id: highlightId, documentId: docId, annotation: h.annotation, shared: true, updatedAt: new Date().toISOString() } },
    ]);
    expect(r.results.map((x) => x.error?.code)).toEqual(['not_found', 'not_found']);
    expect((await call(a2, 'annotations.list', { documentId: docId })).mine).toHaveLength(5);
  });

  it('an edit and a delete made offline on one device reach the other on reconnect', async () => {
    a2net.state.down = true;
    expect((await call(a2, 'sync.now')).state).toBe('offline');
    await call(a2, 'annotations.update', { id: noteId, text: 'Đã hỏi: số liệu quý III', color: 'green' });
    const ink = (await call(a2, 'annotations.list', { documentId: docId })).mine.find((x) => x.annotation.target.styleClass.startsWith('kind-ink'))!;
    await call(a2, 'annotations.delete', { id: ink.id });
    expect((await call(a2, 'sync.status')).pendingMutations).toBe(2);
    expect((await call(a2, 'annotations.list', { documentId: docId })).mine).toHaveLength(4);

    // Meanwhile on the laptop the same note was edited EARLIER than the offline edit: the later one wins.
    a2net.state.down = false;
    await call(a2, 'sync.now');
    const onA1 = await waitFor(async () => {
      await call(a1, 'sync.now');
      const l = await call(a1, 'annotations.list', { documentId: docId });
      return l.mine.length === 4 ? l : null;
    });
    const note = onA1.mine.find((x) => x.id === noteId)!;
    expect(note.annotation.body[0].value).toBe('Đã hỏi: số liệu quý III');
    expect(note.annotation.target.styleClass).toBe('kind-note color-green');
    expect(onA1.mine.find((x) => x.id === ink.id)).toBeUndefined();
    // A late, older write of the deleted one does not bring it back.
    const token = (await httpLogin(server.url, 'pct.nguyen', demoContent.password)).accessToken;
    await httpPush(server.url, token, [
      { id: crypto.randomUUID(), kind: 'annotation.upsert', args: { id: ink.id, documentId: docId, annotation: ink.annotation, shared: false, updatedAt: ink.updatedAt } },
    ]);
    await call(a1, 'sync.now');
    expect((await call(a1, 'annotations.list', { documentId: docId })).mine.find((x) => x.id === ink.id)).toBeUndefined();
  });

  it('shares a copy with the meeting (with the author name) and unshares it for everyone', async () => {
    await call(a1, 'annotations.update', { id: highlightId, shared: true });
    await call(a1, 'sync.now');
    const seen = await waitFor(async () => {
      await call(b, 'sync.now');
      const l = await call(b, 'annotations.list', { documentId: docId });
      return l.shared.length === 1 ? l.shared[0] : null;
    });
    expect(seen).toMatchObject({ sharedFromId: highlightId, authorName: 'Nguyễn Thị Thu Hà' });
    expect(seen.annotation.target.selector.find((s) => s.type === 'TextQuoteSelector')).toMatchObject({ exact: SENTENCE });
    // Only the shared one: his private notes stay private.
    expect(cacheRows<{ id: string }>(b, 'SELECT id FROM annotations').map((r) => r.id)).toEqual([seen.id]);

    await call(a1, 'annotations.update', { id: highlightId, shared: false });
    await call(a1, 'sync.now');
    await waitFor(async () => {
      await call(b, 'sync.now');
      return (await call(b, 'annotations.list', { documentId: docId })).shared.length === 0;
    });
    expect(cacheRows(b, 'SELECT id FROM annotations')).toEqual([]);
  });

  it('exports "a copy with my notes" that pdf.js, qpdf and poppler read; the original is untouched', async () => {
    const out = await call(a1, 'annotations.export', { documentId: docId });
    expect(out.count).toBe(4);
    const bytes = Buffer.from(out.base64, 'base64');
    const file = path.join(tempDir(), 'with-notes.pdf');
    fs.writeFileSync(file, bytes);

    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
    const p1 = await (await doc.getPage(1)).getAnnotations();
    const p2 = await (await doc.getPage(2)).getAnnotations();
    const types = [...p1, ...p2].map((x: { subtype: string }) => x.subtype).sort();
    expect(types).toEqual(['FreeText', 'Highlight', 'Highlight', 'Popup', 'Text']);
    const hl = p1.find((x: { subtype: string; contentsObj?: { str: string } }) => x.subtype === 'Highlight' && x.contentsObj?.str === SENTENCE);
    expect(hl.quadPoints).toBeTruthy();
    expect(hl.titleObj.str).toBe('Nguyễn Thị Thu Hà');
    const note = p2.find((x: { subtype: string }) => x.subtype === 'Text');
    expect(note.contentsObj.str).toBe('Đã hỏi: số liệu quý III');
    await doc.destroy();

    // qpdf: every markup annotation has its appearance stream; the highlight its QuadPoints.
    // qpdf 11 JSON v2: "qpdf": [header, {"obj:N 0 R": {value | stream}}].
    const json = JSON.parse((await tool('qpdf', ['--json=2', '--json-key=qpdf', file])).toString('utf8'));
    const objects = Object.values(json.qpdf[1] as Record<string, { value?: unknown }>).map((o) => o.value);
    const annots = objects.filter((o) => o && typeof o === 'object' && (o as Record<string, unknown>)['/Type'] === '/Annot') as Record<string, unknown>[];
    const bySubtype = (s: string) => annots.filter((o) => o['/Subtype'] === s);
    expect(bySubtype('/Highlight')).toHaveLength(2);
    for (const s of ['/Highlight', '/FreeText', '/Text']) for (const o of bySubtype(s)) expect((o['/AP'] as Record<string, unknown>)['/N']).toBeTruthy();
    expect((bySubtype('/Highlight')[0]['/QuadPoints'] as number[]).length).toBe(8);
    expect(bySubtype('/Popup')).toHaveLength(1);

    // poppler draws the highlight: the pixels behind the sentence turn yellow.
    const png = path.join(path.dirname(file), 'page');
    await tool('pdftoppm', ['-f', '1', '-l', '1', '-r', '72', file, png]);
    const ppm = fs.readFileSync(fs.readdirSync(path.dirname(file)).map((f) => path.join(path.dirname(file), f)).find((f) => f.endsWith('.ppm'))!);
    const [, w] = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 50))!;
    const header = ppm.toString('latin1', 0, 50).match(/^P6\s+\d+\s+\d+\s+255\s/)![0].length;
    // A point inside the highlight quad (x 72..340, y 657..671 in PDF space → top-down y = 842 - 664), between letters.
    const px = (x: number, y: number) => {
      const o = header + (y * Number(w) + x) * 3;
      return [ppm[o], ppm[o + 1], ppm[o + 2]];
    };
    const yellowish = [300, 320, 335].map((x) => px(x, 842 - 669)).filter(([r, g, bl]) => r > 200 && g > 150 && bl < 120);
    expect(yellowish.length).toBeGreaterThan(0);

    // The original bytes did not change.
    const opened = await call(a1, 'documents.open', { id: docId });
    expect(opened.document.sha256).not.toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
  });

  it('carries annotations forward to a new version where their text is found again; the rest stay, with a notice', async () => {
    await putVersion(V2, 'du-thao-v2.pdf');
    await waitFor(async () => {
      await call(a1, 'sync.now');
      return (await docVersion(a1)) === 2 ? true : null;
    });
    await call(a1, 'documents.open', { id: docId });
    const l = await call(a1, 'annotations.list', { documentId: docId });
    expect(l.version).toBe(2);
    const moved = l.mine.find((x) => x.id === highlightId)!;
    expect(moved).toBeTruthy();
    // The sentence moved from page 1 to page 3; its new quads sit on its line (y = 660).
    expect(pageOf(moved.annotation)).toBe(3);
    expect(moved.annotation.target['ecabinet:version']).toBe(2);
    const q = geometryOf(moved.annotation).quads!;
    expect(q.length).toBeGreaterThan(0);
    expect(q[0][0]).toBeGreaterThanOrEqual(70);
    expect(q[0][5]).toBeLessThan(662);
    expect(q[0][1]).toBeGreaterThan(665);
    // The note on the unchanged second page follows it; the dropped clause stays on version 1,
    // and so does the text box of the first page, whose text changed.
    expect(pageOf(l.mine.find((x) => x.id === noteId)!.annotation)).toBe(2);
    expect(l.notCarried.map((x) => x.id).sort()).toEqual([droppedId, textboxId].sort());
    for (const x of l.notCarried) expect(x.annotation.target['ecabinet:version']).toBe(1);

    // The second device receives the carried-forward annotation from the server.
    await waitFor(async () => {
      await call(a2, 'sync.now');
      const l2 = await call(a2, 'annotations.list', { documentId: docId });
      return l2.version === 2 && l2.mine.some((x) => x.id === highlightId && pageOf(x.annotation) === 3) ? true : null;
    });
  });

  it('a document that forbids download cannot be exported', async () => {
    const confidential = (await call(a1, 'meetings.get', { id: meetingId })).agenda.flatMap((x) => x.documents).find((d) => d.classification === 'confidential' && d.allowDownload !== true);
    if (!confidential) return; // the demo has one; guard anyway
    await expect(call(a1, 'annotations.export', { documentId: confidential.id })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('follow the presenter', () => {
  it('the chair shows a page; members receive it; a member who is not presenting may not', async () => {
    const chair = await signedIn('chutich');
    const view = await call(chair, 'presentation.get', { meetingId });
    expect(view.canPresent).toBe(true);
    expect((await call(b, 'presentation.get', { meetingId })).canPresent).toBe(false);
    await call(chair, 'presentation.set', { meetingId, documentId: docId, page: 3 });
    // Delivered by poke + pull in the meeting's scope.
    const got = await waitFor(async () => {
      const v = await call(b, 'presentation.get', { meetingId });
      return v.presentation?.page === 3 ? v : null;
    }, 10_000, 'the presentation to reach the member');
    expect(got.presentation).toMatchObject({ documentId: docId, page: 3 });
    expect(got.presenterName).toBe('Trần Quốc Hưng');
    await expect(call(b, 'presentation.set', { meetingId, documentId: docId, page: 1 })).rejects.toMatchObject({ code: 'forbidden' });
    const token = (await httpLogin(server.url, 'pct.le', demoContent.password)).accessToken;
    const r = await httpPush(server.url, token, [{ id: crypto.randomUUID(), kind: 'presentation.set', args: { meetingId, documentId: docId, page: 1 } }]);
    expect(r.results[0].error?.code).toBe('forbidden');
    expect(API_PATHS.push).toBe('/api/sync/push');
  });
});
