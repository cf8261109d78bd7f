/**
 * End to end, all real: sync server with the demo committee, client services, browser-mode
 * host over the built renderer, and Chromium. A member signs in, opens today's meeting and
 * reads a document; then the server goes away and the same document still opens from the
 * local cache.
 */
import { randomUUID } from 'node:crypto';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { login, pushOk } from '../server/helpers';
import { startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';
import { watchLoadingStates } from './loading-states';

const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const WRONG_PASSWORD_VI = 'Tên đăng nhập hoặc mật khẩu không đúng.';

/** A member account that sits in today's meeting, which has at least one document. */
function todaysMember() {
  const today = demoContent.meetings.find(
    (m) => m.dayOffset === 0 && m.status !== 'draft' && m.agenda.some((a) => a.documents.length > 0),
  );
  if (!today) throw new Error('demo content has no published meeting with documents today');
  const member = demoContent.users.find(
    (u) => u.role === 'member' && today.participants.some((p) => p.userKey === u.key && p.role === 'member'),
  );
  if (!member) throw new Error("demo content has no member in today's meeting");
  return { username: member.username, password: demoContent.password, meetingTitle: today.title };
}

/** Text equality as a reader sees it: NFC, whitespace ignored (pdf.js splits text into runs). */
function squeeze(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, '');
}

/** Counts non-white pixels of the first rendered page's canvas. */
async function inkOnFirstPage(page: Page): Promise<number> {
  return page.locator('[data-testid="pdf-page"][data-rendered="true"] canvas').first().evaluate((el) => {
    const canvas = el as unknown as {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      const opaque = data[i + 3] > 0;
      if (opaque && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) ink++;
    }
    return ink;
  });
}

async function expectDocumentRendered(page: Page): Promise<void> {
  const firstPage = page.locator('[data-testid="pdf-page"][data-rendered="true"]').first();
  await firstPage.waitFor({ state: 'visible' });
  expect(await inkOnFirstPage(page), 'first page canvas has ink').toBeGreaterThan(500);
  const textLayer = firstPage.locator('[data-testid="pdf-text-layer"]');
  await expect.poll(async () => squeeze((await textLayer.textContent()) ?? '')).toContain(squeeze(HEADING));
}

describe('a committee member reads a meeting document, online then offline', () => {
  let app: DemoApp;
  let member: Side;
  let page: Page;

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-', { prefetchDocuments: true });
    member = await app.open('client', { viewport: { width: 1280, height: 860 } });
    page = member.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses a wrong password with the Vietnamese message', async () => {
    const { username } = todaysMember();
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('mat-khau-sai');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor({ state: 'visible' });
    expect(((await error.textContent()) ?? '').normalize('NFC').trim()).toBe(WRONG_PASSWORD_VI.normalize('NFC'));
  });

  it("signs in, opens today's meeting and reads a document", async () => {
    const { username, password, meetingTitle } = todaysMember();
    await member.signIn(username, password);

    const todayCard = page.locator('[data-testid="meeting-card"][data-bucket="today"]').first();
    await todayCard.waitFor({ state: 'visible' });
    expect((await todayCard.textContent())?.normalize('NFC')).toContain(meetingTitle.normalize('NFC'));
    await shoot(page, 'e2e-meeting-list.png', { fullPage: true });

    await todayCard.click();
    await page.getByTestId('agenda-item').first().waitFor({ state: 'visible' });
    await shoot(page, 'e2e-meeting.png', { fullPage: true });

    // The reader's code loads while the member looks at the agenda, so that the click waits for
    // the document only; and the click leaves the meeting on screen until the reader can show,
    // with no loading screen between the two (which React then held for 300 ms at least).
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /pdf\.worker/.test(e.name))), {
        message: "the reader's code (and pdf.js's worker) is loaded while the agenda is shown",
      })
      .toBe(true);
    const codeAfterClick: string[] = [];
    const onRequest = (r: Request) => {
      if (/\/assets\/[^?]+\.m?js$/.test(new URL(r.url()).pathname)) codeAfterClick.push(r.url());
    };
    page.on('request', onRequest);
    const loadingStates = await watchLoadingStates(page, { screens: '.meeting-page, .document-page' });
    await page.getByTestId('document-link').first().click();
    await expectDocumentRendered(page);
    page.off('request', onRequest);
    expect(codeAfterClick, 'code fetched after the click on the document').toEqual([]);
    const seen = await loadingStates();
    expect(seen.screenFallback || seen.noScreen, 'a moment with neither the meeting nor the reader on screen').toBe(false);
    await shoot(page, 'e2e-document.png');
  });

  it("opened on a document (a reload on the reader), asks for pdf.js's worker before the reader's code has come", async () => {
    // The reader's chunk (pdf.js and the viewer) is held back until the worker's script is asked
    // for: the worker must not wait for it (nor for React, i18n and the first screen before it).
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const readerChunk = /\/assets\/PdfViewer-[^/]+\.js$/;
    const held: Promise<void>[] = [];
    await page.route(readerChunk, (route) => {
      held.push(released.then(() => route.continue()));
    });
    try {
      const worker = page.waitForRequest(/pdf\.worker[^/]*\.mjs$/, { timeout: 60_000 });
      await page.reload();
      await worker;
    } finally {
      release();
      await Promise.all(held);
      await page.unroute(readerChunk);
    }
    await expectDocumentRendered(page);
  });

  it('shows an agenda item the secretary renames on the open meeting, reading the agenda again but not its documents', async () => {
    // The tests after this one go on from the document it found the member reading.
    const readerAt = new URL(page.url()).hash.slice(1);
    const meeting = (await member.call('meetings.list')).find((m) => m.title === todaysMember().meetingTitle)!;
    await member.goto(`/meetings/${meeting.id}`);
    const firstItem = page.getByTestId('agenda-item').first();
    await firstItem.waitFor({ state: 'visible' });
    const documentsShown = await page.getByTestId('document-link').count();
    expect(documentsShown).toBeGreaterThan(0);
    // Nothing else on its way that would change the documents: all on this machine, none of ours unsent.
    await expect
      .poll(async () => {
        const s = await member.call('sync.status');
        return s.pendingMutations === 0 && s.download.filesTotal === 0 && s.offlineReady !== null && s.offlineReady.documents === s.offlineReady.total;
      })
      .toBe(true);
    const item = (await member.call('meetings.head', { id: meeting.id })).agenda[0].item;
    const title = `${item.title} (đã sửa)`;
    const asked: string[] = [];
    const onRequest = (r: Request) => {
      if (!/^\/bridge\/(batch|invoke)$/.test(new URL(r.url()).pathname)) return;
      const body = JSON.parse(r.postData() ?? 'null') as { method?: string } | { method?: string }[];
      for (const call of Array.isArray(body) ? body : [body]) asked.push(String(call?.method));
    };
    page.on('request', onRequest);
    try {
      const token = (await login(app.server.url, 'thuky', demoContent.password)).accessToken;
      const { id, meetingId, position, presenterId, presenterLabel, plannedMinutes, presenterAgency } = item;
      await pushOk(app.server.url, token, { id: randomUUID(), kind: 'agendaItem.upsert', args: { id, meetingId, position, title, presenterId, presenterLabel, plannedMinutes, presenterAgency } });
      await expect.poll(async () => ((await firstItem.textContent()) ?? '').normalize('NFC')).toContain(title.normalize('NFC'));
    } finally {
      page.off('request', onRequest);
    }
    expect(asked, 'what the page asked for after the rename').toContain('meetings.head');
    // Nothing that carries the meeting's documents (their list, the whole meeting, their
    // signatures), nor the header's written opinions.
    for (const method of ['meetings.documents', 'meetings.get', 'signing.signedDocuments', 'opinions.list']) expect(asked, 'what the page asked for after the rename').not.toContain(method);
    expect(await page.getByTestId('document-link').count()).toBe(documentsShown);
    await member.goto(readerAt);
    await expectDocumentRendered(page);
  });

  it('with the server stopped, shows offline and still opens the cached document', async () => {
    const documentHash = new URL(page.url()).hash;
    await app.stopServer();
    await page.reload();
    const indicator = page.getByTestId('sync-indicator');
    await expect
      .poll(() => indicator.getAttribute('data-state'), {
        message: 'after the server stops, a reload shows the offline indicator (the services must notice the dropped live socket)',
      })
      .toBe('offline');
    // What is on this machine is said plainly: every document of today's and upcoming meetings.
    expect(await indicator.textContent()).toMatch(/Sẵn sàng ngoại tuyến: (\d+)\/\1 tài liệu/);

    // Walk the same path again, from the meeting list, without a server.
    await member.goto('/meetings');
    await page.locator('[data-testid="meeting-card"][data-bucket="today"]').first().click();
    await page.getByTestId('document-link').first().click();
    expect(new URL(page.url()).hash).toBe(documentHash);
    await expectDocumentRendered(page);
    expect(await indicator.getAttribute('data-state')).toBe('offline');
    await shoot(page, 'e2e-document-offline.png');
  });

  it('draws the document in a window that gets no animation frames (minimised or hidden)', async () => {
    // pdf.js draws a page a slice per animation frame; the reader draws off screen and needs none.
    await page.addInitScript(() => {
      (globalThis as unknown as { requestAnimationFrame: (cb: unknown) => number }).requestAnimationFrame = () => 0;
    });
    await page.reload();
    await expectDocumentRendered(page);
  });
});
