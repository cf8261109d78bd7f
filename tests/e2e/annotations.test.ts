/**
 * Private annotations and "follow the presenter" end to end, all real: the sync server with
 * the demo committee, two client-service instances behind two browser-mode hosts (a member
 * and the chair), a fresh renderer build, Chromium with two pages.
 * - the member highlights a sentence and adds a note; after a reload both are there;
 * - the chair presents a page; the member's viewer jumps with him; detach stops following,
 *   rejoin follows again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../shared/entities';
import { startServer } from '../../server/index';
import { demoContent } from '../../server/demo/content';
import { createClientServices, type ClientServices } from '../../electron/services/index';
import { browserDocumentUrl, startBrowserHost, type BrowserHost } from '../../electron/browser-host/index';
import { launchChromium } from '../helpers/browser';
import { httpLogin, httpPullAll, materialize } from '../integration/helpers/server-api';
import { prepareRenderer } from './renderer-build';

const shots = path.resolve(__dirname, '../../test-results');
let tmp: string;
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let rendererDir: string;
const opened: { services: ClientServices; host: BrowserHost }[] = [];
let member: Page;
let chair: Page;
let doc: Document;

async function appFor(username: string): Promise<Page> {
  const services = await createClientServices({
    dataDir: path.join(tmp, `client-${username}`),
    defaultServerUrl: server.url,
    documentUrl: browserDocumentUrl,
    mode: 'browser',
    version: '0.0.0-e2e',
  });
  const host = await startBrowserHost({ services, rendererDir, port: 0 });
  opened.push({ services, host });
  // Separate browser contexts: separate launch cookies, like two machines.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${username} page error]`, e.message));
  await page.goto(host.url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(demoContent.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('meeting-card').first().waitFor({ state: 'visible', timeout: 30_000 });
  return page;
}

async function openDocument(page: Page, id: string): Promise<void> {
  await page.goto(new URL(`/#/documents/${id}`, new URL(page.url()).origin).href);
  await page.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('[data-testid="pdf-text-layer"] span').first().waitFor({ state: 'attached', timeout: 15_000 });
}

const pageShown = (page: Page) => page.getByTestId('page-input').inputValue();

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ecab-annot-'));
  server = await startServer({ dataDir: path.join(tmp, 'server'), port: 0, seed: 'demo', logger: false });
  const token = (await httpLogin(server.url, 'pct.nguyen', demoContent.password)).accessToken;
  const seen = materialize((await httpPullAll(server.url, token)).changes);
  const today = seen.meetings.find((m) => m.status === 'in_progress')!;
  // The longest ordinary document of today's meeting (several pages to follow through).
  doc = seen.documents.filter((d) => d.meetingId === today.id && d.classification !== 'confidential').sort((a, b) => b.size - a.size)[0];
  rendererDir = await prepareRenderer(path.join(tmp, 'renderer'));
  browser = await launchChromium();
  member = await appFor('pct.nguyen');
  chair = await appFor('chutich');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const o of opened) {
    await o.host.close();
    await o.services.close();
  }
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('private annotations in the reader', () => {
  it('highlight a sentence, add a note, reload: both are there', async () => {
    await openDocument(member, doc.id);
    // Select one line of the first page's text layer, as a mouse would.
    const sentence = await member.evaluate(() => {
      const d = (globalThis as any).document;
      const spans = [...d.querySelectorAll('[data-testid="pdf-page"][data-page-number="1"] .textLayer span')] as any[];
      const span = spans.find((s) => (s.textContent ?? '').trim().length > 20) ?? spans[0];
      const range = d.createRange();
      range.selectNodeContents(span);
      const sel = (globalThis as any).getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return (span.textContent as string).replace(/\s+/g, ' ').trim();
    });
    await member.getByTestId('annotate-highlight').click();
    const item = member.locator('[data-testid="annotation-item"][data-kind="highlight"]');
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    expect(((await item.locator('.annotation-quote').textContent()) ?? '').normalize('NFC')).toBe(sentence.normalize('NFC'));
    await expect.poll(() => member.locator('[data-testid="pdf-page"][data-page-number="1"] [data-testid="annotation-highlight"] polygon').count()).toBeGreaterThan(0);

    // A sticky note: pick the tool, click on the page, write it in the panel.
    await member.getByTestId('annotate-note').click();
    const page1 = member.locator('[data-testid="pdf-page"][data-page-number="1"]');
    const box = (await page1.boundingBox())!;
    await member.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.3);
    const note = member.locator('[data-testid="annotation-item"][data-kind="note"]');
    await note.waitFor({ state: 'visible', timeout: 10_000 });
    await note.getByTestId('annotation-text').fill('Đề nghị Sở Tài chính làm rõ số liệu');
    await note.getByTestId('annotation-save').click();
    await expect.poll(() => note.getByTestId('annotation-save').count()).toBe(0);
    await member.screenshot({ path: path.join(shots, 'e2e-annotations.png') });

    await member.reload();
    await member.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => member.getByTestId('annotation-item').count(), { timeout: 10_000 }).toBe(2);
    expect(((await member.locator('[data-testid="annotation-item"][data-kind="highlight"] .annotation-quote').textContent()) ?? '').normalize('NFC')).toBe(
      sentence.normalize('NFC'),
    );
    expect(await member.locator('[data-testid="annotation-item"][data-kind="note"] [data-testid="annotation-text"]').inputValue()).toBe('Đề nghị Sở Tài chính làm rõ số liệu');
    await expect.poll(() => member.locator('[data-testid="pdf-page"][data-page-number="1"] [data-testid="annotation-highlight"]').count()).toBe(1);
    await expect.poll(() => member.locator('[data-testid="pdf-page"][data-page-number="1"] [data-testid="annotation-note"]').count()).toBe(1);
  });
});

describe('follow the presenter', () => {
  it("the chair turns the page, the member's viewer follows; detach stops it, rejoin resumes", async () => {
    await openDocument(member, doc.id);
    await openDocument(chair, doc.id);
    const total = Number((await chair.getByTestId('page-count').textContent())!.replace(/[^0-9]/g, ''));
    expect(total, 'the presented document has at least 2 pages').toBeGreaterThanOrEqual(2);
    await chair.getByTestId('present-start').click();
    await chair.getByTestId('presenting').waitFor({ state: 'visible', timeout: 10_000 });
    await member.getByTestId('presenter-live').waitFor({ state: 'visible', timeout: 10_000 });

    const goTo = async (p: Page, n: number) => {
      await p.getByTestId('page-input').fill(String(n));
      await p.getByTestId('page-input').press('Enter');
    };
    expect(await pageShown(member)).toBe('1');
    await goTo(chair, 2);
    await expect.poll(() => pageShown(member), { timeout: 10_000 }).toBe('2');

    await member.getByTestId('follow-detach').click();
    await goTo(chair, 1);
    await expect.poll(() => member.getByTestId('presenter-live').textContent(), { timeout: 10_000 }).toContain('trang 1');
    expect(await pageShown(member)).toBe('2');

    await member.getByTestId('follow-rejoin').click();
    await expect.poll(() => pageShown(member), { timeout: 10_000 }).toBe('1');
    await member.screenshot({ path: path.join(shots, 'e2e-follow-presenter.png') });
  });
});
