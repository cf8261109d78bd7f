/**
 * Documents as departments send them, end to end, all real: the demo server (LibreOffice,
 * Tesseract), the secretary's and a member's client services behind browser-mode hosts, a fresh
 * renderer build, Chromium.
 * - the secretary drops a Word file on the uploader and sees it converted; the member downloads
 *   that original (.docx) from the reader, byte for byte;
 * - on a scanned page the member's find highlights the hit on the image, and his mouse selects
 *   the recognised words; a scan opened while the server is still recognising it gets its words
 *   once they arrive, without being reopened;
 * - the member selects with the mouse the 4th "trace tree" of the TraceMonkey paper's page 2 (from
 *   the shared samples when this machine has them, else a generated paper with the same lines)
 *   and highlights it; a version with a page put in front is published; the highlight is on the
 *   4th occurrence, now on page 3;
 * - with the server gone, the scan synced before still has its words: find, mouse selection and a
 *   highlight that knows which words were chosen.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf, quoteOf } from '../../shared/annotations';
import { findSoffice } from '../../server/secretariat/office';
import { ocrQueueOf } from '../../server/ocr/ocr-queue';
import { pdfWithLines, uploadViaBridge } from '../integration/helpers/bridge';
import { samplePdf } from '../integration/helpers/local-library';
import { pdfWithScans } from '../integration/helpers/scanned-pdf';
import { tool } from '../helpers/tool';
import { waitFor } from '../helpers/wait-for';
import { makeDocx } from '../server/office-files';
import { openDocument, startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';

let app: DemoApp;
let sec: Side;
let member: Side;
let meetingId = '';
const scanId = crypto.randomUUID();
const paperId = crypto.randomUUID();
let scanSha = '';
let tracemonkey: string = samplePdf('tracemonkey.pdf') ?? '';

/**
 * Without the shared samples: a two-page paper whose page 2 has "trace tree" four times, the 4th
 * after "tries to call" at the start of a line, as in TraceMonkey's page 2.
 */
const GENERATED_PAPER = [
  ['Trace-based Just-in-Time Type Specialization'],
  [
    'A trace tree records the hot paths of a loop.',
    'Each trace tree is compiled to native code.',
    'When a side exit is taken, the trace tree grows.',
    'An outer loop that reaches a nested loop tries to call',
    'the trace tree for the inner loop.',
  ],
];

/** Where the 4th "trace tree" of the paper's page 2 is, on one line of the text layer. */
const FOURTH = 'the trace tree for the inner';

const SCANNED_LINES = ['Quyết định phê duyệt đề án', 'đầu tư đường giao thông nông thôn', 'giai đoạn 2026 đến 2030'];

async function putDocument(id: string, sha256: string, fileName: string, title: string) {
  const r = await sec.call('secretariat.submit', {
    mutations: [
      {
        id: crypto.randomUUID(),
        kind: 'document.upsert',
        args: { id, meetingId, agendaItemId: null, title, fileName, sha256, classification: 'internal' },
      },
    ],
  });
  expect(r.results.map((x) => x.status)).toEqual(['applied']);
}

/** The member's client has this version of the document. */
async function memberHasVersion(id: string, version: number) {
  await waitFor(async () => {
    await member.call('sync.now');
    return (await member.call('documents.open', { id })).document.version === version;
  }, undefined, `version ${version} on the member's client`);
}

/**
 * In the page: the client rect of `phrase` inside one text span of page `pageNumber`'s text
 * layer: in the first span whose text holds `context` (which holds the phrase), or its first
 * occurrence when no context is given. Scrolls it into view first unless told not to.
 */
function phraseRect(page: Page, pageNumber: number, phrase: string, context = phrase, scroll = true) {
  return page.evaluate(
    ({ pageNumber, phrase, context, scroll }) => {
      const d = (globalThis as any).document;
      const spans = [...d.querySelectorAll(`[data-testid="pdf-page"][data-page-number="${pageNumber}"] .textLayer span`)] as any[];
      const span = spans.find((s) => s.firstChild?.nodeType === 3 && s.firstChild.data.includes(context));
      if (!span) return null;
      if (scroll) span.scrollIntoView({ block: 'center' });
      const node = span.firstChild;
      const i = node.data.indexOf(context) + context.indexOf(phrase);
      const r = d.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + phrase.length);
      const b = r.getBoundingClientRect();
      return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
    },
    { pageNumber, phrase, context, scroll },
  );
}

/** Drags the mouse over a rect's text from its first to its last character, as a person selects it. */
async function dragOver(page: Page, r: { left: number; top: number; right: number; bottom: number }) {
  const y = (r.top + r.bottom) / 2;
  await page.mouse.move(r.left + 0.5, y);
  await page.mouse.down();
  await page.mouse.move((r.left + r.right) / 2, y, { steps: 4 });
  await page.mouse.move(r.right - 0.5, y, { steps: 4 });
  await page.mouse.up();
}

const selectionText = (page: Page) => page.evaluate(() => String((globalThis as any).getSelection()).replace(/\s+/g, ' ').trim().normalize('NFC'));

/**
 * The server's OCR job, ticked by the test (its own timer is an hour): the real queue and real
 * Tesseract, at moments the test chooses (a scan can then be opened before it is recognised).
 * One tick at a time; a tick goes on until no document PDF is left without a result.
 */
let ocrTicks: Promise<void> = Promise.resolve();
const ocrTick = () =>
  (ocrTicks = ocrTicks
    .then(() => ocrQueueOf(app.server.db, app.server.blobs).tick())
    // What it failed to do shows in the test waiting for it.
    .catch((e: unknown) => console.error('OCR tick failed:', e)));

beforeAll(async () => {
  app = await startDemoApp('ecab-docs-', { server: { ocrTickMs: 3_600_000 } });
  sec = await app.signIn('secretary', 'thuky', { acceptDialogs: true, viewport: { width: 1400, height: 900 } });
  meetingId = (await sec.call('meetings.list')).find((m) => m.status === 'in_progress')!.id;
  // The scan first: it is recognised in the background while the rest is prepared.
  scanSha = (await uploadViaBridge(sec.services, 'quyet-dinh-quet.pdf', await pdfWithScans([{ scan: SCANNED_LINES }]))).sha256;
  await putDocument(scanId, scanSha, 'quyet-dinh-quet.pdf', 'Bản quét quyết định phê duyệt đề án');
  void ocrTick();
  if (!tracemonkey) {
    tracemonkey = path.join(fs.mkdtempSync(path.join(app.tmp, 'paper-')), 'tracemonkey.pdf');
    fs.writeFileSync(tracemonkey, await pdfWithLines(GENERATED_PAPER));
  }
  await putDocument(paperId, (await uploadViaBridge(sec.services, 'tracemonkey.pdf', fs.readFileSync(tracemonkey))).sha256, 'tracemonkey.pdf', 'TraceMonkey');
  void ocrTick();
  member = await app.signIn('member', 'pct.nguyen', { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe.skipIf(!findSoffice())('a Word file dropped on the uploader', () => {
  it('shows the stages up to "converted", and the member downloads the original .docx from the reader', async () => {
    const docx = makeDocx({ pages: [{ heading: 'Báo cáo giải ngân vốn đầu tư công', paragraphs: ['Tỷ lệ giải ngân đạt 87% kế hoạch năm.'] }] });
    const p = sec.page;
    await sec.goto(`/secretariat/meetings/${meetingId}`);
    await p.getByTestId('document-drop').waitFor({ state: 'visible' });
    // Every stage the upload's line shows, as it shows it.
    await p.evaluate(() => {
      const w = globalThis as any;
      w.__stages = [] as string[];
      new w.MutationObserver(() => {
        for (const li of w.document.querySelectorAll('[data-testid="upload-job"]')) {
          const seen = `${li.dataset.stage}|${li.textContent}`;
          if (w.__stages[w.__stages.length - 1] !== seen) w.__stages.push(seen);
        }
      }).observe(w.document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const dataTransfer = await p.evaluateHandle((b64: string) => {
      const dt = new (globalThis as any).DataTransfer();
      dt.items.add(new (globalThis as any).File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'bao-cao-giai-ngan.docx'));
      return dt;
    }, Buffer.from(docx).toString('base64'));
    await p.getByTestId('document-drop').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => p.locator('[data-testid="upload-job"][data-state="done"]').count(), { timeout: 120_000 }).toBe(1);
    const stages = ((await p.evaluate(() => (globalThis as any).__stages)) as string[]).map((s) => s.normalize('NFC'));
    expect(stages).toContain('converting|Đang chuyển bao-cao-giai-ngan.docx sang PDF…');
    expect(stages[stages.length - 1]).toBe('done|Đã tải lên bao-cao-giai-ngan.docx');
    await shoot(p, 'e2e-upload-stages.png');

    // The member reads the converted document and takes the original.
    const doc = await waitFor(async () => {
      await member.call('sync.now');
      const m = await member.call('meetings.get', { id: meetingId });
      return [...m.documents, ...m.agenda.flatMap((a) => a.documents)].find((d) => d.fileName === 'bao-cao-giai-ngan.pdf') ?? null;
    }, undefined, 'the converted document on the member side');
    await openDocument(member.page, doc.id);
    const button = member.page.getByTestId('original-download');
    await expect.poll(() => button.textContent()).toBe('Tải tệp gốc (.docx)');
    const [download] = await Promise.all([member.page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-giai-ngan.docx');
    const saved = fs.readFileSync((await download.path())!);
    expect(crypto.createHash('sha256').update(saved).digest('hex')).toBe(crypto.createHash('sha256').update(docx).digest('hex'));
  });
});

describe('a scanned page in the reader', () => {
  it('find highlights the hit on the scan, and the mouse selects the recognised words', async () => {
    await waitFor(async () => (await sec.call('secretariat.ocrStatus', { sha256: scanSha }))?.state === 'done', 180_000, 'OCR of the scan');
    await member.call('sync.now');
    const page = member.page;
    await openDocument(page, scanId);
    await page.locator('[data-testid="pdf-text-layer"][data-ocr="true"] span').first().waitFor({ state: 'attached' });

    await page.getByTestId('pdf-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('duong giao thong');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toBe('1 / 1');
    const hit = page.getByTestId('find-hit-selected');
    await hit.first().waitFor({ state: 'attached' });
    expect(((await hit.allTextContents()).join('') ?? '').normalize('NFC')).toContain('đường giao');
    // On the image where those words are: the scan's second line, 56 pt from the left of the A4 page.
    const pageBox = (await page.locator('[data-testid="pdf-page"][data-page-number="1"]').boundingBox())!;
    const hitBox = (await hit.first().boundingBox())!;
    expect((hitBox.x - pageBox.x) / pageBox.width).toBeGreaterThan(56 / 595 - 0.02);
    expect((hitBox.x - pageBox.x) / pageBox.width).toBeLessThan(0.4);
    expect((hitBox.y - pageBox.y) / pageBox.height).toBeGreaterThan(0.05);
    expect((hitBox.y - pageBox.y) / pageBox.height).toBeLessThan(0.2);
    await shoot(page, 'e2e-ocr-find.png');
    await page.keyboard.press('Escape');

    // Select the third line with the mouse, as for copying it: from its first word to its last.
    const line = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const spans = [...d.querySelectorAll('[data-testid="pdf-text-layer"][data-ocr="true"] span')] as any[];
      const first = spans.find((s) => s.textContent.startsWith('giai'));
      const top = first.style.top;
      const words = spans.filter((s) => s.style.top === top);
      const a = first.getBoundingClientRect();
      const b = words[words.length - 1].getBoundingClientRect();
      return { left: a.left, top: a.top, right: b.right, bottom: a.bottom, text: words.map((s) => s.textContent).join('') };
    });
    await dragOver(page, line);
    const selected = await selectionText(page);
    expect(selected).toBe(line.text.replace(/\s+/g, ' ').trim().normalize('NFC'));
    expect(selected).toContain('2026');
  });

  it('a scan opened while the server is still recognising it gets its words once they arrive, without reopening: find and selection then work', async () => {
    const id = crypto.randomUUID();
    const LINES = ['Kế hoạch lấy ý kiến nhân dân', 'về dự thảo quy hoạch chung', 'thành phố đến năm 2045'];
    // The server's OCR is idle; the scan is recognised only when the job next ticks (below).
    await ocrTicks;
    const sha256 = (await uploadViaBridge(sec.services, 'ke-hoach-quet.pdf', await pdfWithScans([{ scan: LINES }]))).sha256;
    await putDocument(id, sha256, 'ke-hoach-quet.pdf', 'Bản quét kế hoạch lấy ý kiến');
    await memberHasVersion(id, 1);
    const page = member.page;
    await member.goto(`/meetings/${meetingId}`);
    await page.goto(new URL(`/#/documents/${id}`, new URL(page.url()).origin).href);
    await page.locator('[data-testid="pdf-page"][data-page-number="1"][data-rendered="true"]').waitFor({ state: 'visible' });
    const words = page.locator('[data-testid="pdf-page"][data-page-number="1"] [data-testid="pdf-text-layer"][data-ocr="true"] span');
    // Open before the server recognised it: nothing over the scan yet.
    expect((await sec.call('secretariat.ocrStatus', { sha256 }))?.state).toBe('queued');
    expect(await words.count()).toBe(0);

    // The server recognises it; the words come while the document stays open (the page is not reloaded).
    void ocrTick();
    await words.first().waitFor({ state: 'attached', timeout: 180_000 });
    await page.getByTestId('pdf-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('y kien nhan dan');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toBe('1 / 1');
    await page.getByTestId('find-hit-selected').first().waitFor({ state: 'attached' });
    await page.keyboard.press('Escape');
    const line = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const spans = [...d.querySelectorAll('[data-testid="pdf-page"][data-page-number="1"] [data-testid="pdf-text-layer"][data-ocr="true"] span')] as any[];
      const words = spans.filter((s) => s.style.top === spans[0].style.top);
      const a = words[0].getBoundingClientRect();
      const b = words[words.length - 1].getBoundingClientRect();
      return { left: a.left, top: a.top, right: b.right, bottom: a.bottom, text: words.map((s) => s.textContent).join('') };
    });
    await dragOver(page, line);
    expect(await selectionText(page)).toBe(line.text.replace(/\s+/g, ' ').trim().normalize('NFC'));
  }, 300_000);
});

describe('a highlight made with the mouse keeps its occurrence in the next version', () => {
  it('the 4th "trace tree" of page 2, selected and highlighted, is the 4th again on page 3 after a page is put in front', async () => {
    const page = member.page;
    await memberHasVersion(paperId, 1);
    await openDocument(page, paperId);
    await page.getByTestId('page-input').fill('2');
    await page.getByTestId('page-input').press('Enter');
    await page.locator('[data-testid="pdf-page"][data-page-number="2"][data-rendered="true"] .textLayer span').first().waitFor({ state: 'attached' });
    // The 4th on the page: "… tries to call / the trace tree for the inner loop".
    expect(await phraseRect(page, 2, 'trace tree', FOURTH)).not.toBeNull();
    await dragOver(page, (await phraseRect(page, 2, 'trace tree', FOURTH))!);
    expect(await selectionText(page)).toBe('trace tree');
    await page.getByTestId('annotate-highlight').click();
    const item = page.locator('[data-testid="annotation-item"][data-kind="highlight"]');
    await item.waitFor({ state: 'visible' });
    expect(((await item.locator('.annotation-quote').textContent()) ?? '').trim()).toBe('trace tree');

    // What the renderer sent: the 4th occurrence (index 3) with its context.
    const [made] = (await member.call('annotations.list', { documentId: paperId })).mine;
    expect(quoteOf(made.annotation)).toMatchObject({ exact: 'trace tree' });
    expect(quoteOf(made.annotation)!.prefix).toContain('tries to call');
    expect(positionOf(made.annotation)).toMatchObject({ 'ecabinet:occurrence': 3 });

    // Version 2: a cover page in front of the paper.
    const dir = fs.mkdtempSync(path.join(app.tmp, 'v2-'));
    const cover = path.join(dir, 'cover.pdf');
    fs.writeFileSync(cover, await pdfWithLines([['Trang bia - phien ban 2']]));
    const v2 = path.join(dir, 'tracemonkey-v2.pdf');
    await tool('qpdf', ['--empty', '--pages', cover, tracemonkey, '--', v2]);
    await putDocument(paperId, (await uploadViaBridge(sec.services, 'tracemonkey-v2.pdf', fs.readFileSync(v2))).sha256, 'tracemonkey-v2.pdf', 'TraceMonkey');
    void ocrTick();
    await memberHasVersion(paperId, 2);
    await waitFor(async () => {
      const l = await member.call('annotations.list', { documentId: paperId });
      return l.version === 2 && l.mine.length === 1;
    }, undefined, 'the highlight carried to version 2');

    // Opened afresh (the member comes back to it from the meeting).
    await member.goto(`/meetings/${meetingId}`);
    await openDocument(page, paperId);
    await page.getByTestId('page-input').fill('3');
    await page.getByTestId('page-input').press('Enter');
    const drawn = page.locator('[data-testid="pdf-page"][data-page-number="3"] [data-testid="annotation-highlight"]');
    await drawn.first().waitFor({ state: 'attached' });
    await page.locator('[data-testid="pdf-page"][data-page-number="3"][data-rendered="true"] .textLayer span').first().waitFor({ state: 'attached' });
    // The highlight lies over the 4th "trace tree" of the page, not over the 1st.
    // The 4th is brought into view first, then the highlight and both phrases are measured in one
    // call, in one scroll position and one layout (measured in separate calls, a re-render of the
    // page in between could leave them apart). The highlight is attached before its page is laid
    // out (its box is empty until then): measured again until it is drawn with a size.
    expect(await phraseRect(page, 3, 'trace tree', FOURTH)).not.toBeNull();
    const measure = () =>
      page.evaluate(
        ({ fourth }) => {
          const d = (globalThis as any).document;
          const inPage = '[data-testid="pdf-page"][data-page-number="3"]';
          const spans = [...d.querySelectorAll(`${inPage} .textLayer span`)] as any[];
          const rectOf = (context: string) => {
            const span = spans.find((s) => s.firstChild?.nodeType === 3 && s.firstChild.data.includes(context));
            const node = span.firstChild;
            const i = node.data.indexOf(context) + context.indexOf('trace tree');
            const r = d.createRange();
            r.setStart(node, i);
            r.setEnd(node, i + 'trace tree'.length);
            return r.getBoundingClientRect();
          };
          const h = d.querySelector(`${inPage} [data-testid="annotation-highlight"]`);
          const r = h ? h.getBoundingClientRect() : { x: 0, y: 0, width: 0, height: 0 };
          const want = rectOf(fourth);
          const first = rectOf('trace tree');
          return {
            box: { x: r.x as number, y: r.y as number, width: r.width as number, height: r.height as number },
            want: { left: want.left as number, top: want.top as number, right: want.right as number, bottom: want.bottom as number },
            first: { left: first.left as number, top: first.top as number, right: first.right as number, bottom: first.bottom as number },
          };
        },
        { fourth: FOURTH },
      );
    let seen!: Awaited<ReturnType<typeof measure>>;
    await expect
      .poll(async () => {
        seen = await measure();
        return seen.box.width > 0 && seen.box.height > 0;
      })
      .toBe(true);
    const { box, want, first } = seen;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    expect(centre.x).toBeGreaterThan(want.left - 2);
    expect(centre.x).toBeLessThan(want.right + 2);
    expect(centre.y).toBeGreaterThan(want.top - 2);
    expect(centre.y).toBeLessThan(want.bottom + 2);
    expect(Math.abs(centre.y - (first.top + first.bottom) / 2)).toBeGreaterThan(20);
    await shoot(page, 'e2e-anchoring-4th-occurrence.png');
  });
});

describe('a scanned document synced before, read offline', () => {
  it('its recognised words are still over the scan: find highlights them, the mouse selects them, and a highlight keeps which words were chosen', async () => {
    await waitFor(async () => (await member.call('documents.ocrWords', { id: scanId })) !== null, undefined, 'the words of the scan on the member side');
    await app.stopServer();
    const page = member.page;
    await member.goto(`/meetings/${meetingId}`);
    await openDocument(page, scanId);
    await page.locator('[data-testid="pdf-text-layer"][data-ocr="true"] span').first().waitFor({ state: 'attached' });

    await page.getByTestId('pdf-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('giai doan 2026');
    await expect.poll(() => page.getByTestId('find-count').textContent()).toBe('1 / 1');
    await page.keyboard.press('Escape');

    // The second line, selected with the mouse and highlighted.
    const line = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const spans = [...d.querySelectorAll('[data-testid="pdf-text-layer"][data-ocr="true"] span')] as any[];
      const first = spans.find((s) => s.textContent.startsWith('đầu') || s.textContent.normalize('NFC').startsWith('đầu'));
      const words = spans.filter((s) => s.style.top === first.style.top);
      const a = first.getBoundingClientRect();
      const b = words[words.length - 1].getBoundingClientRect();
      const before = spans.slice(0, spans.indexOf(first)).map((s) => s.textContent).join('');
      return { left: a.left, top: a.top, right: b.right, bottom: a.bottom, before };
    });
    await dragOver(page, line);
    const selected = await selectionText(page);
    expect(selected).toContain('giao');
    await page.getByTestId('annotate-highlight').click();
    const item = page.locator('[data-testid="annotation-item"][data-kind="highlight"]');
    await item.waitFor({ state: 'visible' });
    expect(((await item.locator('.annotation-quote').textContent()) ?? '').trim().normalize('NFC')).toBe(selected);
    await shoot(page, 'e2e-ocr-offline-highlight.png');

    // The renderer said where on the page's recognised text the selection is (the search index's text).
    const [made] = (await member.call('annotations.list', { documentId: scanId })).mine;
    expect(quoteOf(made.annotation)).toMatchObject({ exact: selected });
    // What precedes it on the scan: the first line's words.
    expect(quoteOf(made.annotation)!.prefix.length).toBeGreaterThan(5);
    expect(line.before.normalize('NFC').endsWith(quoteOf(made.annotation)!.prefix.normalize('NFC'))).toBe(true);
    expect(positionOf(made.annotation)).toMatchObject({ 'ecabinet:occurrence': 0 });
  });
});
