/**
 * What the server keeps beside a document's PDF, through the real client services of the
 * secretariat and of members (real server, real LibreOffice, real Tesseract):
 * - the Word file a PDF was converted from is kept and downloadable by whoever may read and
 *   download the PDF (not a guest, not where downloading is forbidden), each download audited;
 * - an earlier version of a document is recognised too (it was replaced before the job saw it),
 *   and its state is reported like the current one's;
 * - the recognised words come with their place on the page, for the reader's text over a scan;
 *   they are kept on the member's machine (offline too), and a highlight made on them is
 *   carried to the same words of the next version;
 * - the uploader is told each upload's stages: bytes sent, then converting or checking.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryOf, pageOf, quoteOf } from '../../shared/annotations';
import { ORIGINAL_PATHS } from '../../shared/office-originals';
import { ocrRunTexts } from '../../shared/text/ocr-runs';
import type { UploadProgress } from '../../shared/secretariat-bridge';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { findSoffice } from '../../server/secretariat/office';
import type { ClientServices } from '../../electron/services/index';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { makeDocx } from '../server/office-files';
import { callBridge, uploadViaBridge, signedInClient } from './helpers/bridge';
import { pdfWithScans, wordRecall } from './helpers/scanned-pdf';
import { httpLogin } from './helpers/server-api';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const clients: ClientServices[] = [];
let sec: ClientServices;
let member: ClientServices;
let guest: ClientServices;
let meetingId = '';
/** What the secretary's uploader was told of each upload (bridge event `uploads.progress`). */
const progress: UploadProgress[] = [];

async function signedIn(username: string): Promise<ClientServices> {
  const c = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username });
  clients.push(c);
  return c;
}

/** The secretariat attaches files as successive versions of one document, in one push. */
async function putVersions(id: string, versions: { sha256: string; fileName: string }[], extra: { allowDownload?: boolean } = {}) {
  const r = await callBridge(sec, 'secretariat.submit', {
    mutations: versions.map((v) => ({
      id: crypto.randomUUID(),
      kind: 'document.upsert',
      args: { id, meetingId, agendaItemId: null, title: `Tài liệu ${v.fileName}`, fileName: v.fileName, sha256: v.sha256, classification: 'internal', ...extra },
    })),
  });
  for (const x of r.results) expect(x, JSON.stringify(x)).toMatchObject({ status: 'applied' });
}

beforeAll(async () => {
  server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  sec = await signedIn('thuky');
  sec.on('uploads.progress', (p) => progress.push(p));
  meetingId = (await callBridge(sec, 'meetings.list')).find((m) => m.status === 'in_progress')!.id;
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  removeTempDirs();
});

describe.skipIf(!findSoffice())('the original office file beside its PDF', { timeout: 240_000 }, () => {
  const docx = makeDocx({ pages: [{ heading: 'Báo cáo kết quả giải ngân vốn đầu tư công', paragraphs: ['Tỷ lệ giải ngân đạt 87% kế hoạch năm.'] }] });
  const docxSha = crypto.createHash('sha256').update(docx).digest('hex');
  const open = crypto.randomUUID();
  const locked = crypto.randomUUID();
  let pdfSha = '';

  beforeAll(async () => {
    const up = await uploadViaBridge(sec, 'bao-cao-giai-ngan.docx', docx);
    pdfSha = up.sha256;
    await putVersions(open, [{ sha256: pdfSha, fileName: up.fileName }]);
    const again = await uploadViaBridge(sec, 'bao-cao-mat.docx', makeDocx({ pages: [{ heading: 'Phương án nhân sự', paragraphs: ['Không tải về.'] }] }));
    await putVersions(locked, [{ sha256: again.sha256, fileName: again.fileName }], { allowDownload: false });
    member = await signedIn('pct.nguyen');
    guest = await signedIn('khach');
  }, 180_000);

  it('a member who may read the PDF sees "the original (.docx)" and downloads exactly the file the secretariat sent', async () => {
    expect(await callBridge(member, 'documents.original', { id: open })).toEqual({ fileName: 'bao-cao-giai-ngan.docx', size: docx.byteLength });
    const opened = await callBridge(member, 'documents.openOriginal', { id: open });
    expect(opened).toEqual({ url: `ecabinet-doc://blob/${docxSha}`, fileName: 'bao-cao-giai-ngan.docx' });
    // The document server of his app serves it (what the reader's button saves).
    expect(await member.blobFile(docxSha)).not.toBeNull();
    // The same bytes over HTTP, named for saving.
    const { accessToken } = await httpLogin(server.url, 'pct.nguyen', demoContent.password);
    const res = await fetch(server.url + ORIGINAL_PATHS.file(pdfSha), { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('bao-cao-giai-ngan.docx');
    expect(crypto.createHash('sha256').update(new Uint8Array(await res.arrayBuffer())).digest('hex')).toBe(docxSha);
  });

  it('each download of an original is in the audit log, with who and which file', async () => {
    const { accessToken } = await httpLogin(server.url, 'thuky', demoContent.password);
    const res = await fetch(`${server.url}/api/audit?action=blob.original_download`, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = (await res.json()) as { entries: { action: string; userId: string | null; entityId: string; after: unknown }[] };
    const downloads = body.entries.filter((e) => e.action === 'blob.original_download');
    // The bridge's download and the direct one.
    expect(downloads).toHaveLength(2);
    expect(downloads.every((e) => e.entityId === docxSha)).toBe(true);
    expect(downloads[0].after).toMatchObject({ fileName: 'bao-cao-giai-ngan.docx', pdfSha256: pdfSha });
  });

  it('not for a guest of another meeting, nor where the secretariat forbade downloading (the secretariat still has it)', async () => {
    const { accessToken } = await httpLogin(server.url, 'khach', demoContent.password);
    expect((await fetch(server.url + ORIGINAL_PATHS.info(pdfSha), { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(404);
    expect((await fetch(server.url + ORIGINAL_PATHS.file(pdfSha), { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(404);
    await expect(callBridge(guest, 'documents.original', { id: open })).rejects.toMatchObject({ code: 'not_found' });
    expect(await callBridge(member, 'documents.original', { id: locked })).toBeNull();
    await expect(callBridge(member, 'documents.openOriginal', { id: locked })).rejects.toMatchObject({ code: 'not_found' });
    expect(await callBridge(sec, 'documents.original', { id: locked })).toMatchObject({ fileName: 'bao-cao-mat.docx' });
    // Nor by its hash as if it were a document's PDF.
    const member2 = await httpLogin(server.url, 'pct.nguyen', demoContent.password);
    expect((await fetch(`${server.url}/api/blobs/${docxSha}`, { headers: { authorization: `Bearer ${member2.accessToken}` } })).status).toBe(404);
  });
});

describe('OCR of every version, with each word where it is on the page', { timeout: 240_000 }, () => {
  const V1_LINES = ['Tờ trình phương án bồi thường', 'giải phóng mặt bằng dự án', 'đường vành đai phía tây'];
  const V2_LINES = ['Tờ trình sửa đổi phương án', 'hỗ trợ tái định cư cho hộ dân', 'khu vực phường Thủy Xuân'];
  const id = crypto.randomUUID();
  let v1 = '';
  let v2 = '';

  beforeAll(async () => {
    v1 = (await uploadViaBridge(sec, 'to-trinh-v1.pdf', await pdfWithScans([{ scan: V1_LINES }]))).sha256;
    v2 = (await uploadViaBridge(sec, 'to-trinh-v2.pdf', await pdfWithScans([{ scan: V2_LINES }]))).sha256;
    // Version 1 is replaced in the same push: it never was a document's current PDF.
    await putVersions(id, [
      { sha256: v1, fileName: 'to-trinh-v1.pdf' },
      { sha256: v2, fileName: 'to-trinh-v2.pdf' },
    ]);
    member ??= await signedIn('pct.nguyen');
  }, 120_000);

  const recognised = (sha256: string, what: string) =>
    waitFor(
      async () => {
        const s = await callBridge(sec, 'secretariat.ocrStatus', { sha256 });
        expect(s, `${what}: the secretariat sees its state`).not.toBeNull();
        expect(['queued', 'running', 'done']).toContain(s!.state);
        return s!.state === 'done' ? s! : null;
      },
      // A failure bound only: Tesseract on a busy machine.
      180_000,
      what,
    );

  it('the earlier version is recognised too, and its state reported', async () => {
    const old = await recognised(v1, 'OCR of version 1');
    expect(old).toMatchObject({ done: 1, total: 1 });
    // Its own words (recall on a full page is measured in ocr-scanned-search; these are a few lines).
    expect(wordRecall(V1_LINES.join(' '), old.pages![0]!)).toBeGreaterThanOrEqual(0.8);
    expect(await recognised(v2, 'OCR of version 2')).toMatchObject({ done: 1, total: 1 });
  });

  it("the member's reader gets the scanned page's words with their boxes, line under line, in reading order", async () => {
    await callBridge(member, 'sync.now');
    const layer = await waitFor(async () => callBridge(member, 'documents.ocrWords', { id }), 60_000, 'the words of the scan');
    expect(layer.pages).toHaveLength(1);
    const words = layer.pages[0]!;
    expect(wordRecall(V2_LINES.join(' '), words.map((w) => w.text).join(' '))).toBeGreaterThanOrEqual(0.8);
    const at = (text: string) => words.find((w) => w.text === text)!;
    // The scan's lines start 56 pt from the left of the A4 page; "hỗ" is on the line under "Tờ".
    expect(at('Tờ').box[0]).toBeCloseTo(56 / 595, 2);
    expect(at('hỗ').box[1]).toBeGreaterThan(at('Tờ').box[3]);
    expect(at('trình').box[0]).toBeGreaterThan(at('Tờ').box[2]);
  });

  it('a highlight on words of the scan lands on the same words in the next version (a page put in front), at their place on the image', async () => {
    // Indexed (text and words kept) before the highlight: as when the member reads it.
    await waitFor(async () => (await callBridge(member, 'search.query', { query: 'tai dinh cu' })).groups.length > 0, 120_000, 'version 2 indexed');
    const words = (await callBridge(member, 'documents.ocrWords', { id }))!.pages[0]!;
    // Three words inside the second line, whatever Tesseract made of them.
    const k = words.findIndex((w) => w.box[1] > words[0].box[3]) + 1;
    const chosen = words.slice(k, k + 3);
    expect(chosen.every((w) => w.box[1] === chosen[0].box[1])).toBe(true);
    const exact = chosen.map((w) => w.text).join(' ');
    const text = ocrRunTexts(words).join('');
    const start = ocrRunTexts(words.slice(0, k)).join('').length;
    const anchor = { prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + exact.length, start + exact.length + 32), start, end: start + exact.length, occurrence: 0 };
    const [x0, y0, x1, y1] = chosen[0].box;
    const quad = [x0 * 595, (1 - y0) * 842, x1 * 595, (1 - y0) * 842, x0 * 595, (1 - y1) * 842, x1 * 595, (1 - y1) * 842];
    await callBridge(member, 'annotations.create', { documentId: id, kind: 'highlight', color: 'yellow', page: 1, exact, anchor, geometry: { quads: [quad] } });

    const v3 = (await uploadViaBridge(sec, 'to-trinh-v3.pdf', await pdfWithScans([['Trang bìa - phiên bản 3'], { scan: V2_LINES }]))).sha256;
    await putVersions(id, [{ sha256: v3, fileName: 'to-trinh-v3.pdf' }]);
    await recognised(v3, 'OCR of version 3');
    const carried = await waitFor(
      async () => {
        await callBridge(member, 'sync.now');
        const l = await callBridge(member, 'annotations.list', { documentId: id });
        return l.version === 3 && l.mine.length === 1 ? l.mine[0] : null;
      },
      180_000,
      'the highlight carried to version 3',
    );
    expect(carried.annotation.target['ecabinet:version']).toBe(3);
    expect(pageOf(carried.annotation)).toBe(2);
    expect(quoteOf(carried.annotation)!.exact).toBe(exact);
    // Over the same words of the image: from the first chosen word's left edge to the last one's right edge, on their line.
    const placed = (await callBridge(member, 'documents.ocrWords', { id }))!.pages[1]!;
    const first = placed.find((w) => w.text === chosen[0].text && Math.abs(w.box[1] - y0) < 0.01)!;
    const last = placed.find((w) => w.text === chosen[2].text && Math.abs(w.box[1] - chosen[2].box[1]) < 0.01)!;
    const quads = geometryOf(carried.annotation).quads!;
    const xs = quads.flatMap((q) => [q[0], q[2]]);
    const ys = quads.flatMap((q) => [q[1], q[5]]);
    expect(Math.min(...xs)).toBeCloseTo(first.box[0] * 595, 0);
    expect(Math.max(...xs)).toBeCloseTo(last.box[2] * 595, 0);
    expect(Math.max(...ys)).toBeCloseTo((1 - first.box[1]) * 842, 0);
  });

  it('offline, the member still has the words of the scans he synced (selection, find) and finds its phrases', async () => {
    const pagesFound = async () =>
      (await callBridge(member, 'search.query', { query: 'ho tro tai dinh cu' })).groups
        .flatMap((g) => g.documents)
        .filter((d) => d.documentId === id)
        .flatMap((d) => d.pages.map((p) => p.page));
    // The member's client indexes the newest version in the background: wait for that version's phrase.
    await waitFor(async () => (await pagesFound()).includes(2), 120_000, 'the scan indexed');
    const online = (await callBridge(member, 'documents.ocrWords', { id }))!.pages;
    expect(online[0]).toBeNull(); // the typed cover page has its own text
    expect(online[1]!.length).toBeGreaterThan(5);
    await server.close();
    // Nothing asked of the server: the words come from the member's cache.
    expect((await callBridge(member, 'documents.ocrWords', { id }))!.pages).toEqual(online);
    expect(await pagesFound()).toEqual([2]);
  });
});

describe("the uploader's stages", () => {
  it('bytes sent up to the whole file, then "converting" for an office file and "checking" for a PDF', () => {
    const of = (name: string) => progress.filter((p) => p.fileName === name);
    const scan = of('to-trinh-v1.pdf');
    expect(scan.length).toBeGreaterThanOrEqual(2);
    const sent = scan.filter((p) => p.stage === 'uploading').map((p) => p.sent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(scan.at(-2)).toMatchObject({ stage: 'uploading', sent: scan[0].total });
    expect(scan.at(-1)).toMatchObject({ stage: 'checking', sent: scan[0].total });
    if (findSoffice()) expect(of('bao-cao-giai-ngan.docx').at(-1)).toMatchObject({ stage: 'converting' });
  });
});
