/**
 * Scanned paper becomes searchable: a PDF whose second page is only a 300 dpi image of
 * Vietnamese text (made here with pdftoppm) is uploaded by the secretariat through the real
 * client services; the real server recognises that page with Tesseract (vie) in the background,
 * and the member's cross-document search finds a phrase of it typed without diacritics.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrStatus, ocrStatusPath } from '../../shared/ocr';
import { translate } from '../../shared/i18n/index';
import { startServer } from '../../server/index';
import { demoContent } from '../../server/demo/content';
import { createClientServices, type ClientServices } from '../../electron/services/index';
import { DocumentFinder } from '../../renderer/src/pdf/find';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { callBridge, uploadViaBridge } from './helpers/bridge';
import { httpLogin } from './helpers/server-api';
import { pdfWithScans, wordRecall } from './helpers/scanned-pdf';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

const TYPED_PAGE = ['Tờ trình về kế hoạch đầu tư công năm 2027', 'Trang này có lớp chữ thật.'];
const SCANNED_LINES = [
  'ỦY BAN NHÂN DÂN THÀNH PHỐ',
  'Quyết định phê duyệt đề án',
  'chuyển đổi số trong cơ quan nhà nước',
  'Giao Sở Tài chính chủ trì, phối hợp',
  'với các sở, ngành liên quan đánh giá',
  'đầu tư đường giao thông nông thôn',
  'và báo cáo kết quả trước ngày 15 tháng 12.',
];
/** On the scanned page only, typed as members type on a keyboard without Vietnamese input. */
const PHRASE_WITHOUT_DIACRITICS = 'duong giao thong nong thon';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const serverDir = tempDir('ecab-server-');
const clients: ClientServices[] = [];
let sec: ClientServices;
let member: ClientServices;
let meetingId = '';
let sha256 = '';
const docId = crypto.randomUUID();
let memberIndexedText: string[] = [];
const TITLE = 'Bản quét quyết định chuyển đổi số';

async function signedIn(username: string): Promise<ClientServices> {
  const c = await createClientServices({
    dataDir: tempDir(),
    defaultServerUrl: server.url,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: '0.0.0-test',
    periodicPullMs: 600_000,
    retry: { initialMs: 100, maxMs: 300 },
  });
  clients.push(c);
  await callBridge(c, 'session.login', { username, password: demoContent.password });
  await callBridge(c, 'sync.now');
  return c;
}

async function ocrStatus(username: string): Promise<{ status: number; body: unknown }> {
  const { accessToken } = await httpLogin(server.url, username, demoContent.password);
  const res = await fetch(server.url + ocrStatusPath(sha256), { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port: 0, seed: 'demo', logger: false });
  sec = await signedIn('thuky');
  meetingId = (await callBridge(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!.id;
  const up = await uploadViaBridge(sec, 'ban-quet.pdf', await pdfWithScans([TYPED_PAGE, { scan: SCANNED_LINES }]));
  sha256 = up.sha256;
  const r = await callBridge(sec, 'secretariat.submit', {
    mutations: [
      {
        id: crypto.randomUUID(),
        kind: 'document.upsert',
        args: { id: docId, meetingId, agendaItemId: null, title: TITLE, fileName: 'ban-quet.pdf', sha256, classification: 'internal' },
      },
    ],
  });
  expect(r.results[0]).toMatchObject({ status: 'applied' });
  member = await signedIn('pct.nguyen');
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

// Tesseract on two busy cores: generous failure bounds (a passing run takes seconds).
describe('scanned PDFs become searchable', { timeout: 240_000 }, () => {
  it('the server recognises the scanned page (not the typed one), with ≥ 90% of its words', async () => {
    const seen = new Set<string>();
    // What the secretariat's document row shows (secretariat.ocrStatus), until it says done.
    const done = await waitFor(
      async () => {
        const status = await callBridge(sec, 'secretariat.ocrStatus', { sha256 });
        expect(status).not.toBeNull();
        seen.add(translate('vi', `ocr.state.${status!.state}`, { done: status!.done, total: status!.total }));
        expect(['queued', 'running', 'done']).toContain(status!.state);
        return status!.state === 'done' ? status : null;
      },
      // A failure bound only: Tesseract on a busy machine.
      180_000,
      'OCR of the scanned page',
    );
    expect(done).toMatchObject({ done: 1, total: 1 });
    expect(seen).toContain('Đã nhận dạng chữ (OCR) 1 trang quét');
    expect(translate('en', 'ocr.state.done', { total: 1 })).toBe('Text recognised (OCR) on 1 scanned pages');
    expect(done.pages).toHaveLength(2);
    // The page with its own text layer is left to the PDF's text.
    expect(done.pages![0]).toBeNull();
    expect(wordRecall(SCANNED_LINES.join(' '), done.pages![1]!)).toBeGreaterThanOrEqual(0.9);
  });

  it('the member finds a phrase of the scanned page typed without diacritics, on page 2 of that document', async () => {
    await callBridge(member, 'documents.open', { id: docId });
    const results = await waitFor(
      async () => {
        const r = await callBridge(member, 'search.query', { query: PHRASE_WITHOUT_DIACRITICS });
        return r.groups.some((g) => g.documents.some((d) => d.documentId === docId)) ? r : null;
      },
      180_000,
      'the scanned page in the search index',
    );
    const doc = results.groups.flatMap((g) => g.documents).find((d) => d.documentId === docId)!;
    expect(doc.title).toBe(TITLE);
    expect(doc.pages.map((p) => p.page)).toEqual([2]);
    // The snippet shows the recognised Vietnamese words, diacritics and all.
    expect(doc.pages[0].snippet.map((s) => s.text).join('')).toContain('giao thông nông thôn');
    // What the reader's find falls back to on pages without a text layer (see the last test).
    memberIndexedText = (await callBridge(member, 'search.documentText', { documentId: docId })).pages;
    expect(memberIndexedText).toHaveLength(2);
    // The typed page is still read from the PDF itself.
    const typed = await callBridge(member, 'search.query', { query: 'ke hoach dau tu cong' });
    expect(typed.groups.flatMap((g) => g.documents).find((d) => d.documentId === docId)?.pages.map((p) => p.page)).toEqual([1]);
  });

  it('the recognised text goes only to those who may read the PDF', async () => {
    const seenByMember = await ocrStatus('pct.nguyen');
    expect(seenByMember.status).toBe(200);
    expect(OcrStatus.parse(seenByMember.body).state).toBe('done');
    // The guest takes no part in this meeting.
    expect((await ocrStatus('khach')).status).toBe(404);
  });

  it('is recognised once per content hash: after a restart the text is there at once, and the PDF is unchanged', async () => {
    for (const c of clients) await c.close();
    clients.length = 0;
    await server.close();
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port: 0, seed: 'demo', logger: false });
    const after = OcrStatus.parse((await ocrStatus('thuky')).body);
    expect(after).toMatchObject({ state: 'done', done: 1, total: 1 });
    // The document of record is the scan as uploaded (a signature on it stays valid).
    const { accessToken } = await httpLogin(server.url, 'thuky', demoContent.password);
    const pdf = new Uint8Array(await (await fetch(`${server.url}/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${accessToken}` } })).arrayBuffer());
    expect(crypto.createHash('sha256').update(pdf).digest('hex')).toBe(sha256);
  });

  it("the reader's find in the document finds the phrase on the scanned page, from the indexed text", async () => {
    // Last: pdf.js' legacy build changes globals of the process it loads in (the services load it only in workers).
    const { accessToken } = await httpLogin(server.url, 'pct.nguyen', demoContent.password);
    const bytes = new Uint8Array(await (await fetch(`${server.url}/api/blobs/${sha256}`, { headers: { authorization: `Bearer ${accessToken}` } })).arrayBuffer());
    // pdf.js as the reader runs it (legacy build on Node), in the finder the viewer uses.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = (await pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise) as unknown as PDFDocumentProxy;
    try {
      const pdfOnly = await new DocumentFinder(pdf).findAll(PHRASE_WITHOUT_DIACRITICS, new AbortController().signal);
      expect(pdfOnly).toEqual([]);
      const finder = new DocumentFinder(pdf, async () => memberIndexedText);
      const hits = await finder.findAll(PHRASE_WITHOUT_DIACRITICS, new AbortController().signal);
      expect(hits.map((h) => h.page)).toEqual([2]);
      const page2 = finder.resolved(2)!;
      // The hit maps back to the recognised Vietnamese words (no text run to highlight on an image).
      const text = memberIndexedText[1];
      expect(text.slice(page2.folded.starts[hits[0].start], page2.folded.ends[hits[0].end - 1])).toBe('đường giao thông nông thôn');
      // The typed page is still found in the PDF's own text.
      expect((await finder.findAll('ke hoach dau tu cong', new AbortController().signal)).map((h) => h.page)).toEqual([1]);
    } finally {
      await pdf.destroy();
    }
  });
});
