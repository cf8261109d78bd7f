/**
 * The reader end to end, all real: the sync server with the demo committee, client services
 * (which index the cached PDFs), the browser-mode host over a fresh renderer build, Chromium.
 * Find in a document without diacritics, search across documents and open at the page, the
 * confidential watermark and copy block, and the reading position after reopening (within the
 * session the page's last picture shows there at once, then the page is drawn).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../shared/entities';
import { foldVietnamese } from '../../shared/text/fold';
import { demoContent } from '../../server/demo/content';
import { httpLogin, httpPullAll, materialize } from '../integration/helpers/server-api';
import { openDocument as openInReader, startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';
import { pageTop, picturesSeen, watchPictures } from './reader-pictures';

/** pdf.js's worker script as the build names it. */
const WORKER = /\/assets\/pdf\.worker\.min-[\w-]+\.mjs$/;

const DE_AN_TITLE = 'Đề án phát triển mạng lưới giao thông công cộng đô thị giai đoạn 2026 - 2035, tầm nhìn đến năm 2045';

let app: DemoApp;
let me: Side;
let page: Page;
/** Who reads, and what he may see (read from the server as him). */
let reader = { username: '', fullName: '' };
let docs: Document[] = [];

const byTitle = (title: string) => docs.find((d) => d.title === title)!;

const openDocument = (id: string) => openInReader(page, id);

const text = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').normalize('NFC').trim();

beforeAll(async () => {
  app = await startDemoApp('ecab-reader-', { prefetchDocuments: true });
  const server = app.server;
  // A member of today's meeting who may read a confidential document and the Đề án.
  const today = demoContent.meetings.find((m) => m.dayOffset === 0 && m.status !== 'draft')!;
  for (const u of demoContent.users.filter((x) => x.role === 'member' && today.participants.some((p) => p.userKey === x.key))) {
    const token = (await httpLogin(server.url, u.username, demoContent.password)).accessToken;
    const seen = materialize((await httpPullAll(server.url, token)).changes).documents;
    if (seen.some((d) => d.classification === 'confidential') && seen.some((d) => d.title === DE_AN_TITLE)) {
      reader = { username: u.username, fullName: u.fullName };
      docs = seen;
      break;
    }
  }
  expect(reader.username, 'a demo member sees a confidential document and the Đề án').not.toBe('');

  me = await app.signIn('client', reader.username, { viewport: { width: 1280, height: 900 } });
  page = me.page;
  await page.getByTestId('meeting-card').first().waitFor({ state: 'visible' });
});

afterAll(async () => {
  await app?.close();
});

describe('the reader', () => {
  it('finds "dong y" in a document: the hit is highlighted and the counter shows k / n', async () => {
    const doc = docs.find((d) => d.classification !== 'confidential' && d.title.startsWith('Tờ trình về việc điều chỉnh'))!;
    await openDocument(doc.id);
    await page.getByTestId('pdf-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    const input = page.getByTestId('find-input');
    await expect.poll(() => input.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await input.fill('dong y');
    await expect.poll(() => text('find-count')).toMatch(/^1 \/ [1-9]\d*$/);
    const hit = page.getByTestId('find-hit-selected');
    await hit.waitFor({ state: 'visible' });
    expect(foldVietnamese(((await hit.textContent()) ?? '').normalize('NFC'))).toBe('dong y');
    expect(((await hit.textContent()) ?? '').normalize('NFC').toLowerCase()).toBe('đồng ý');
    // Enter goes to the next hit (wrapping), Shift+Enter back.
    const total = Number((await text('find-count')).split('/')[1]);
    await input.press('Enter');
    await expect.poll(() => text('find-count')).toBe(`${total > 1 ? 2 : 1} / ${total}`);
    await input.press('Shift+Enter');
    await expect.poll(() => text('find-count')).toBe(`1 / ${total}`);
    await shoot(page, 'e2e-reader-find.png');
    await input.press('Escape');
    await expect.poll(() => page.getByTestId('find-bar').count()).toBe(0);
  });

  it('zooms, fits, rotates and goes to a page from the toolbar and the keyboard', async () => {
    const firstPage = page.locator('[data-testid="pdf-page"]').first();
    const box = async () => (await firstPage.boundingBox())!;
    // A fixed zoom first: "auto" fits the width, which changes when the page turns sideways.
    const autoWidth = (await box()).width;
    const autoZoom = await text('zoom-level');
    await page.getByTestId('zoom-out').click();
    await expect.poll(async () => (await box()).width).toBeLessThan(autoWidth - 10);
    const before = await box();
    await page.getByTestId('rotate').click();
    await expect.poll(async () => Math.round((await box()).height)).toBe(Math.round(before.width));
    await page.keyboard.press('r');
    await page.keyboard.press('r');
    await page.keyboard.press('r');
    await expect.poll(async () => Math.round((await box()).width)).toBe(Math.round(before.width));
    const zoom = await text('zoom-level');
    await page.keyboard.press('Control+=');
    await expect.poll(() => text('zoom-level')).not.toBe(zoom);
    await page.keyboard.press('Control+0');
    await expect.poll(() => text('zoom-level')).toBe(autoZoom);
    await page.getByTestId('zoom-fit-page').click();
    const scroll = (await page.getByTestId('pdf-scroll').boundingBox())!;
    expect((await box()).height).toBeLessThanOrEqual(scroll.height);
    // The help tooltip lists the shortcuts, translated.
    await page.getByTestId('shortcuts-help').click();
    expect((await page.locator('.pdf-help-panel').textContent())?.normalize('NFC')).toContain('Ctrl+F: tìm trong tài liệu');
    await page.getByTestId('shortcuts-help').click();
  });

  it('search across documents: "de an" lists the Đề án under its meeting and opens it at the page', async () => {
    const deAn = byTitle(DE_AN_TITLE);
    await me.goto('/meetings');
    await page.getByTestId('search-input').fill('de an');
    await page.getByTestId('search-submit').click();
    const group = page.getByTestId('search-document').filter({ hasText: DE_AN_TITLE.normalize('NFC') });
    // Indexing runs in the background, at low priority, after the documents are cached; the
    // screen searches again by itself each time a document is read (no second click).
    await group
      .first()
      .waitFor({ state: 'visible', timeout: 180_000 })
      .catch(async (e: Error) => {
        const r = await me.call('search.query', { query: 'de an' });
        throw new Error(`${e.message} (the services find ${r.pageCount} pages; ${r.pendingDocuments} cached documents not read yet)`);
      });
    const hits = group.getByTestId('search-hit');
    const last = hits.last();
    const pageNo = Number(await last.getAttribute('data-page'));
    expect((await last.locator('mark').first().textContent())?.normalize('NFC')).toBe('Đề án');
    await shoot(page, 'e2e-reader-search.png', { fullPage: true });
    await last.click();
    expect(new URL(page.url()).hash).toContain(`/documents/${deAn.id}?page=${pageNo}`);
    await expect.poll(() => text('page-indicator')).toMatch(new RegExp(`^Trang ${pageNo} /`));
    const hit = page.getByTestId('find-hit-selected');
    await hit.waitFor({ state: 'visible' });
    expect(Number(await hit.evaluate((el) => el.closest('[data-page-number]')?.getAttribute('data-page-number')))).toBe(pageNo);
  }, 240_000);

  it('a confidential document shows the watermark with the reader\'s name, and copy is blocked', async () => {
    const secret = docs.find((d) => d.classification === 'confidential')!;
    await openDocument(secret.id);
    const firstPage = page.locator('[data-testid="pdf-page"]').first();
    const watermark = firstPage.getByTestId('watermark');
    await watermark.waitFor({ state: 'visible' });
    expect(((await watermark.textContent()) ?? '').normalize('NFC')).toContain(reader.fullName.normalize('NFC'));
    expect(await watermark.textContent()).toMatch(/\d{2}:\d{2}/);
    // Every page has it, not just the first.
    const pageCount = await page.locator('[data-testid="pdf-page"]').count();
    expect(await page.locator('[data-testid="pdf-page"] [data-testid="watermark"]').count()).toBe(pageCount);
    // Text cannot be selected, and a copy (Ctrl+C, menu) is cancelled.
    const span = firstPage.locator('[data-testid="pdf-text-layer"] span[role="presentation"]').first();
    await span.waitFor({ state: 'attached' });
    expect(await span.evaluate((el) => (globalThis as any).getComputedStyle(el).userSelect)).toBe('none');
    const copy = await span.evaluate((el) => {
      const g = globalThis as any; // runs in the page: DOM globals
      const range = g.document.createRange();
      range.selectNodeContents(el);
      const sel = g.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      const data = new g.DataTransfer();
      const ev = new g.ClipboardEvent('copy', { bubbles: true, cancelable: true, clipboardData: data });
      el.dispatchEvent(ev);
      return { prevented: ev.defaultPrevented, data: data.getData('text/plain') };
    });
    expect(copy).toEqual({ prevented: true, data: '' });
    await expect.poll(() => text('reader-notice')).toBe('Tài liệu mật: không được sao chép nội dung.');
    // Print and download are off by default for confidential documents.
    expect(await page.getByTestId('print').isDisabled()).toBe(true);
    expect(await page.getByTestId('download').isDisabled()).toBe(true);
    await shoot(page, 'e2e-reader-confidential.png');
  });

  it('an ordinary document may be copied, printed and downloaded', async () => {
    await openDocument(byTitle(DE_AN_TITLE).id);
    expect(await page.locator('[data-testid="watermark"]').count()).toBe(0);
    const span = page.locator('[data-testid="pdf-text-layer"] span[role="presentation"]').first();
    expect(await span.evaluate((el) => (globalThis as any).getComputedStyle(el).userSelect)).not.toBe('none');
    // The selectable words are invisible, over the drawn page (pdf.js's text layer styles).
    const placed = await span.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const pageBox = el.closest('[data-testid="pdf-page"]')!.getBoundingClientRect();
      return { color: (globalThis as any).getComputedStyle(el).color, inside: box.left >= pageBox.left && box.right <= pageBox.right && box.top >= pageBox.top && box.bottom <= pageBox.bottom };
    });
    expect(placed).toEqual({ color: 'rgba(0, 0, 0, 0)', inside: true });
    expect(await page.getByTestId('print').isDisabled()).toBe(false);
    expect(await page.getByTestId('download').isDisabled()).toBe(false);
  });

  it('restores the reading position (page and zoom) after reopening', async () => {
    const doc = byTitle(DE_AN_TITLE);
    await openDocument(doc.id);
    const total = Number((await text('page-count')).replace(/\D/g, ''));
    expect(total, 'the Đề án has more than one page').toBeGreaterThan(1);
    await page.getByTestId('zoom-in').click();
    const zoom = await text('zoom-level');
    await page.getByTestId('page-input').fill(String(total));
    await page.getByTestId('page-input').press('Enter');
    await expect.poll(() => text('page-indicator')).toMatch(new RegExp(`^Trang ${total} /`));
    // The position is saved shortly after the reader stops: reopen once it is stored.
    await expect.poll(async () => (await me.call('reader.getPosition', { documentId: doc.id }))?.page).toBe(total);
    const drawnTop = await pageTop(page, total);
    await me.goto('/meetings');
    await page.getByTestId('meeting-card').first().waitFor({ state: 'visible' });
    // Opened again in this session: the page's last picture shows at once, where the reader was,
    // before pdf.js has the file; then the page is drawn for real (canvas, text layer) in its place.
    await watchPictures(page);
    await openDocument(doc.id);
    const seen = (await picturesSeen(page)).find((p) => p.page === total);
    expect(seen, `page ${total} came with its last picture`).toBeDefined();
    expect(seen!.rendered).toBe('false');
    expect(seen!.canvas!.width).toBeGreaterThan(0);
    expect(Math.abs(seen!.top - drawnTop), 'the picture stands where the page was').toBeLessThanOrEqual(1);
    const last = page.locator(`[data-testid="pdf-page"][data-page-number="${total}"]`);
    await last.locator('[data-testid="pdf-text-layer"] span').first().waitFor({ state: 'attached' });
    expect(await last.getAttribute('data-rendered')).toBe('true');
    expect(await last.getByTestId('pdf-page-picture').count()).toBe(0);
    expect(await last.locator('canvas').count()).toBe(1);
    expect(Math.abs((await pageTop(page, total)) - drawnTop), 'drawn where the picture was').toBeLessThanOrEqual(1);
    await expect.poll(() => text('page-indicator')).toMatch(new RegExp(`^Trang ${total} /`));
    expect(await text('zoom-level')).toBe(zoom);
  });

  it('a page far from the view gives up its canvas and text layer, and draws again when it comes back', async () => {
    const doc = byTitle(DE_AN_TITLE);
    await openDocument(doc.id);
    const page1 = page.locator('[data-testid="pdf-page"][data-page-number="1"]');
    const page1Text = page.locator('[data-testid="pdf-page"][data-page-number="1"][data-rendered="true"] [data-testid="pdf-text-layer"] span');
    await page1Text.first().waitFor({ state: 'attached' });
    // Pages several screens tall: at the end of the last page, page 1 is more than a screen away.
    const zoomIn = page.getByTestId('zoom-in');
    while (await zoomIn.isEnabled()) await zoomIn.click();
    const scroll = page.getByTestId('pdf-scroll');
    await scroll.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(() => page1.getAttribute('data-rendered')).toBe('false');
    expect(await page1.locator('canvas').count()).toBe(0);
    expect(await page1.getByTestId('pdf-text-layer').count()).toBe(0);
    await scroll.evaluate((el) => (el.scrollTop = 0));
    await page1Text.first().waitFor({ state: 'attached' });
    expect(await page1.locator('canvas').count()).toBe(1);
    await page.keyboard.press('Control+0');
  });

  it('opened on a document (a reload, a link), pdf.js\'s worker starts while the app\'s code downloads, once; the meeting list starts none', async () => {
    const workersFetched = () => page.evaluate((source) => performance.getEntriesByType('resource').filter((e) => new RegExp(source).test(e.name)).length, WORKER.source);
    const doc = byTitle(DE_AN_TITLE);
    await openDocument(doc.id);
    // The app's code is held back until the worker's script has been asked for: only the page's
    // boot script (pdf-worker-boot.js) can ask for it before that code has run.
    const workerAsked = new Promise<void>((resolve) => {
      const seen = (r: { url(): string }) => {
        if (!WORKER.test(r.url())) return;
        page.off('request', seen);
        resolve();
      };
      page.on('request', seen);
    });
    const entry = /\/assets\/index-[\w-]+\.js$/;
    await page.route(entry, async (route) => {
      await workerAsked;
      // (Already handled once the test has given up on the worker and unrouted.)
      await route.continue().catch(() => undefined);
    });
    try {
      await page.reload();
      // The document shows again (at the reader's last position).
      await page.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible' });
    } finally {
      await page.unroute(entry);
    }
    // pdf.js took that worker: it did not start a second one.
    expect(await workersFetched()).toBe(1);
    // A reload on the meeting list asks for no worker (the list never waits for pdf.js).
    await me.goto('/meetings');
    await page.reload();
    await page.getByTestId('meeting-card').first().waitFor({ state: 'visible' });
    expect(await workersFetched()).toBe(0);
  });

  it("the boot script arriving after the app's code (an async script, the code from the cache) starts no second worker", async () => {
    const doc = byTitle(DE_AN_TITLE);
    await openDocument(doc.id);
    const workers: string[] = [];
    const countWorker = (r: { url(): string }) => void (WORKER.test(r.url()) && workers.push(r.url()));
    page.on('request', countWorker);
    // The boot script is held back until the app's code has opened the document with a worker of its own.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const boot = /\/pdf-worker-boot\.js$/;
    await page.route(boot, async (route) => {
      await released;
      await route.continue().catch(() => undefined);
    });
    try {
      // (The page's load event waits for the held script: not waited for.)
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible' });
      expect(workers).toHaveLength(1);
      // Now the boot script arrives and runs (its element's load event comes after it has run).
      // The listener is in place before the script is let go: held, it cannot have run yet.
      await page.evaluate(() => {
        const el = (globalThis as any).document.querySelector('script[src$="pdf-worker-boot.js"]');
        const done = () => ((globalThis as any).__bootScriptDone = true);
        el.addEventListener('load', done, { once: true });
        el.addEventListener('error', done, { once: true });
      });
      release();
      await page.waitForFunction(() => (globalThis as any).__bootScriptDone === true);
      // It found the app's worker in place: it started none (a worker it started would wait in the slot).
      expect(await page.evaluate(() => typeof (globalThis as any).__ecabinetEarlyPdfWorker)).toBe('string');
      expect(workers).toHaveLength(1);
    } finally {
      release();
      page.off('request', countWorker);
      await page.unroute(boot);
    }
  });
});
