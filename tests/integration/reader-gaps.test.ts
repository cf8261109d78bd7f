/**
 * The reader's remaining gaps, with real parts: the demo server on a random port, real client services for
 * two devices of one member, another member and the secretary, real PDFs (pdf-lib), pdf.js.
 * - print / download permissions set by the secretariat reach the member; export refuses;
 *   only the secretariat may set them (server);
 * - a new version arriving by sync carries the member's annotations forward in the
 *   background, without him opening the document; the second device receives the result;
 * - moving / resizing a note is saved and synced; a highlight cannot be "moved";
 * - the export optionally includes the notes others shared with the meeting, with their names.
 */
import crypto from 'node:crypto';
import { openClientCacheFile } from './helpers/client-cache-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Annotation, geometryOf, pageOf } from '../../shared/annotations';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import type { ClientServices } from '../../electron/services/index';
import { httpLogin, httpPush } from './helpers/server-api';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { callBridge, signedInClient, uploadViaBridge, pdfWithLines } from './helpers/bridge';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const clients: ClientServices[] = [];
const dirs = new Map<ClientServices, string>();

const call = callBridge;

async function signedIn(username: string): Promise<ClientServices> {
  const dataDir = tempDir();
  const c = await signedInClient({ serverUrl: server.url, dataDir, username });
  clients.push(c);
  dirs.set(c, dataDir);
  return c;
}

/** An annotation as it sits in a client's cache (read straight from its SQLite file). */
function cachedAnnotation(c: ClientServices, id: string): Annotation | null {
  const db = openClientCacheFile(dirs.get(c)!, { readonly: true });
  try {
    const r = db.prepare('SELECT data FROM annotations WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? Annotation.parse(JSON.parse(r.data)) : null;
  } finally {
    db.close();
  }
}

const pdfOf = pdfWithLines;

const upload = uploadViaBridge;

async function submit(c: ClientServices, mutations: unknown[]) {
  const r = await call(c, 'secretariat.submit', { mutations });
  for (const x of r.results) expect(x, JSON.stringify(x)).toMatchObject({ status: 'applied' });
}

const SENTENCE = 'The council approves the water supply budget.';
const V1 = [['Opening words.', SENTENCE], ['Annex page.']];
const V2 = [['A new cover page.'], ['Opening words, as amended.', SENTENCE], ['Annex page.']];

let a1: ClientServices; // pct.nguyen, laptop
let a2: ClientServices; // pct.nguyen, second device (never opens the document)
let b: ClientServices; // pct.le
let sec: ClientServices; // thuky
let meetingId = '';
const docId = crypto.randomUUID();

async function putDocument(id: string, pages: string[][], fileName: string, extra: Record<string, unknown> = {}) {
  const up = await upload(sec, fileName, await pdfOf(pages));
  const current = (await call(sec, 'meetings.get', { id: meetingId })).documents.find((d) => d.id === id);
  await submit(sec, [
    {
      id: crypto.randomUUID(),
      kind: 'document.upsert',
      args: {
        id,
        meetingId,
        agendaItemId: null,
        title: `Tài liệu ${fileName}`,
        fileName,
        sha256: up.sha256,
        classification: 'internal',
        allowPrint: null,
        allowDownload: null,
        ...(current ? { baseRevision: current.revision } : {}),
        ...extra,
      },
    },
  ]);
  return up.sha256;
}

const docOf = async (c: ClientServices, id: string) => {
  const d = await call(c, 'meetings.get', { id: meetingId });
  return [...d.documents, ...d.agenda.flatMap((x) => x.documents)].find((x) => x.id === id) ?? null;
};

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  sec = await signedIn('thuky');
  meetingId = (await call(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!.id;
  await putDocument(docId, V1, 'ke-hoach-v1.pdf');
  a1 = await signedIn('pct.nguyen');
  a2 = await signedIn('pct.nguyen');
  b = await signedIn('pct.le');
  await call(a1, 'documents.open', { id: docId });
  await waitFor(async () => (await call(a1, 'search.query', { query: 'water supply budget' })).groups.length > 0, 30_000, 'the text index');
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

describe('print and download permissions', () => {
  it('the secretariat sets them per document; members receive them; export follows; members may not set them', async () => {
    const id = crypto.randomUUID();
    await putDocument(id, [['No copies of this one.']], 'khong-tai.pdf', { allowPrint: false, allowDownload: false });
    const seen = await waitFor(async () => {
      await call(a1, 'sync.now');
      return docOf(a1, id);
    });
    expect(seen).toMatchObject({ classification: 'internal', allowPrint: false, allowDownload: false });
    await expect(call(a1, 'annotations.export', { documentId: id })).rejects.toMatchObject({ code: 'forbidden' });

    // A confidential paper the secretariat explicitly allows to download: the export works.
    const me = (await httpLogin(server.url, 'pct.nguyen', demoContent.password)).user.id;
    const conf = crypto.randomUUID();
    await putDocument(conf, [['Confidential annex.']], 'mat-cho-phep.pdf', { classification: 'confidential', allowDownload: true, readerIds: [me] });
    const c = await waitFor(async () => {
      await call(a1, 'sync.now');
      return docOf(a1, conf);
    });
    expect(c).toMatchObject({ classification: 'confidential', allowPrint: null, allowDownload: true });
    expect((await call(a1, 'annotations.export', { documentId: conf })).count).toBe(0);

    // Back to "as the classification says".
    await putDocument(id, [['No copies of this one.']], 'khong-tai.pdf', { allowPrint: null, allowDownload: null });
    await waitFor(async () => {
      await call(a1, 'sync.now');
      return (await docOf(a1, id))?.allowDownload === null;
    });
    expect((await call(a1, 'annotations.export', { documentId: id })).count).toBe(0);

    // A member cannot change them by talking to the server directly.
    const token = (await httpLogin(server.url, 'pct.nguyen', demoContent.password)).accessToken;
    const doc = (await docOf(a1, conf))!;
    const r = await httpPush(server.url, token, [
      {
        id: crypto.randomUUID(),
        kind: 'document.upsert',
        args: { id: conf, meetingId, agendaItemId: null, title: doc.title, fileName: doc.fileName, sha256: doc.sha256, classification: 'confidential', allowPrint: true, allowDownload: true },
      },
    ]);
    expect(r.results[0].error?.code).toBe('forbidden');
  });
});

describe('annotations', () => {
  let highlightId = '';
  let noteId = '';

  it('a new version arriving by sync carries annotations forward in the background (no opening)', async () => {
    highlightId = (
      await call(a1, 'annotations.create', { documentId: docId, kind: 'highlight', color: 'yellow', page: 1, exact: SENTENCE, geometry: { quads: [[72, 671, 340, 671, 72, 657, 340, 657]] } })
    ).id;
    const dropped = (await call(a1, 'annotations.create', { documentId: docId, kind: 'note', color: 'blue', page: 1, text: 'trang 1', geometry: { rect: [500, 760, 520, 780] } })).id;
    await call(a1, 'sync.now');
    await waitFor(async () => {
      await call(a2, 'sync.now');
      return cachedAnnotation(a2, highlightId);
    });

    await putDocument(docId, V2, 'ke-hoach-v2.pdf');
    // Only a sync: the new version is prefetched (today's meeting), indexed, and the highlight moves to page 2.
    await call(a1, 'sync.now');
    const moved = await waitFor(
      () => {
        const a = cachedAnnotation(a1, highlightId);
        return a && a.annotation.target['ecabinet:version'] === 2 ? a : null;
      },
      30_000,
      'the background carry-forward',
    );
    expect(pageOf(moved.annotation)).toBe(2);
    expect(geometryOf(moved.annotation).quads![0][1]).toBeGreaterThan(660);
    // The note on the changed first page stays on version 1; the panel lists it as not carried.
    expect(cachedAnnotation(a1, dropped)!.annotation.target['ecabinet:version']).toBe(1);
    const l = await call(a1, 'annotations.list', { documentId: docId });
    expect(l.notCarried.map((x) => x.id)).toEqual([dropped]);
    // The other device gets the carried version from the server without doing anything itself.
    await waitFor(
      async () => {
        await call(a2, 'sync.now');
        return cachedAnnotation(a2, highlightId)?.annotation.target['ecabinet:version'] === 2;
      },
      15_000,
      'the carried annotation on the second device',
    );
  });

  it('moves and resizes a note; the change is saved and reaches the other device', async () => {
    noteId = (await call(a1, 'annotations.create', { documentId: docId, kind: 'note', color: 'green', page: 3, geometry: { rect: [100, 700, 120, 720] } })).id;
    const moved = await call(a1, 'annotations.update', { id: noteId, rect: [150, 640, 210, 700] });
    expect(geometryOf(moved.annotation).rect).toEqual([150, 640, 210, 700]);
    // Reversed corners are normalised; a collapsed box keeps a clickable size.
    const tiny = await call(a1, 'annotations.update', { id: noteId, rect: [210, 700, 150, 699] });
    expect(geometryOf(tiny.annotation).rect).toEqual([150, 699, 210, 707]);
    await call(a1, 'annotations.update', { id: noteId, rect: [160, 600, 260, 680] });
    await call(a1, 'sync.now');
    await waitFor(async () => {
      await call(a2, 'sync.now');
      const r = cachedAnnotation(a2, noteId);
      return r && geometryOf(r.annotation).rect?.join() === '160,600,260,680';
    });
    await expect(call(a1, 'annotations.update', { id: highlightId, rect: [1, 1, 50, 50] })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('the export includes the notes others shared only when asked, with their authors', async () => {
    const theirs = await call(b, 'annotations.create', { documentId: docId, kind: 'note', color: 'pink', page: 3, text: 'Ý kiến của đồng chí Lê', geometry: { rect: [300, 500, 320, 520] } });
    await call(b, 'annotations.update', { id: theirs.id, shared: true });
    await call(b, 'sync.now');
    await waitFor(async () => {
      await call(a1, 'sync.now');
      return (await call(a1, 'annotations.list', { documentId: docId })).shared.length === 1;
    });
    const mineOnly = await call(a1, 'annotations.export', { documentId: docId });
    const withShared = await call(a1, 'annotations.export', { documentId: docId, includeShared: true });
    expect(withShared.count).toBe(mineOnly.count + 1);

    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const texts = async (base64: string) => {
      const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.from(base64, 'base64')), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
      const annots = await (await doc.getPage(3)).getAnnotations();
      await doc.destroy();
      return annots.filter((x: { subtype: string }) => x.subtype === 'Text').map((x: { titleObj: { str: string }; contentsObj: { str: string } }) => `${x.titleObj.str}: ${x.contentsObj.str}`);
    };
    const authorOfB = (await call(b, 'annotations.list', { documentId: docId })).mine[0].authorName;
    expect(await texts(withShared.base64)).toContain(`${authorOfB}: Ý kiến của đồng chí Lê`);
    expect((await texts(mineOnly.base64)).join()).not.toContain('đồng chí Lê');
  });
});
