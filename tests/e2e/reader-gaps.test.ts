/**
 * The reader's remaining gaps, end to end with real parts: the demo server, client services behind
 * browser-mode hosts for a member and the secretary, a fresh renderer build, Chromium.
 * - a confidential document's print and download buttons are disabled; an ordinary one's
 *   download produces the PDF file; the secretary turns download off in the document editor
 *   ("Cho phép tải về": Không) and the member's button follows;
 * - a selection running from page 1 onto page 2 becomes one highlight per page;
 * - a sticky note is dragged, resized with its corner handle and moved with the arrow keys;
 *   after a reload it is where it was left.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from '../../shared/entities';
import { demoContent } from '../../server/demo/content';
import { httpLogin, httpPullAll, materialize } from '../integration/helpers/server-api';
import { openDocument, startDemoApp, type DemoApp, type Side } from './demo-app-harness';

let app: DemoApp;
let memberSide: Side;
let member: Page;
let todayId = '';
let docs: Document[] = [];

async function appFor(username: string): Promise<Side> {
  const side = await app.signIn(`client-${username}`, username, { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await side.page.getByTestId('meeting-card').first().waitFor({ state: 'visible' });
  return side;
}

const rectOf = async (page: Page, id: string) => (await page.locator(`[data-annotation-id="${id}"][data-rect]`).first().getAttribute('data-rect'))!.split(',').map(Number);

beforeAll(async () => {
  app = await startDemoApp('ecab-reader-gaps-');
  const token = (await httpLogin(app.server.url, 'pct.nguyen', demoContent.password)).accessToken;
  const seen = materialize((await httpPullAll(app.server.url, token)).changes);
  todayId = seen.meetings.find((m) => m.status === 'in_progress')!.id;
  docs = seen.documents.filter((d) => d.meetingId === todayId);
  memberSide = await appFor('pct.nguyen');
  member = memberSide.page;
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('print and download permissions', () => {
  it('confidential: both disabled; ordinary: download saves the PDF; the secretary can turn download off', async () => {
    const secret = docs.find((d) => d.classification === 'confidential');
    expect(secret, 'a confidential document in today\'s meeting').toBeTruthy();
    await openDocument(member, secret!.id);
    expect(await member.getByTestId('print').isDisabled()).toBe(true);
    expect(await member.getByTestId('download').isDisabled()).toBe(true);
    expect(await member.getByTestId('export-with-notes').isDisabled()).toBe(true);

    const plain = docs.filter((d) => d.classification !== 'confidential').sort((a, b) => a.size - b.size)[0];
    await openDocument(member, plain.id);
    expect(await member.getByTestId('download').isDisabled()).toBe(false);
    const [download] = await Promise.all([member.waitForEvent('download'), member.getByTestId('download').click()]);
    expect(download.suggestedFilename()).toBe(plain.fileName);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.byteLength).toBe(plain.size);

    // The secretary: "Cho phép tải về" → "Không" for that document, in the meeting editor.
    const secretary = (await appFor('thuky')).page;
    await secretary.goto(new URL(`/#/secretariat/meetings/${todayId}`, new URL(secretary.url()).origin).href);
    const row = secretary.locator('[data-testid="editor-document"]', { hasText: plain.title });
    await row.getByTestId('document-allow-download').waitFor({ state: 'visible' });
    expect(await row.getByText('Cho phép tải về').count()).toBe(1);
    expect(await row.getByText('Cho phép in').count()).toBe(1);
    await row.getByTestId('document-allow-download').selectOption('no');
    await expect
      .poll(() => secretary.locator('[data-testid="editor-document"]', { hasText: plain.title }).getByTestId('document-allow-download').inputValue())
      .toBe('no');

    // The member's reader follows after his next sync (the poke arrives on its own): once his
    // cache has the change, the document opened again has its download button disabled.
    await expect
      .poll(async () => {
        const meeting = await memberSide.call('meetings.get', { id: todayId });
        return [...meeting.agenda.flatMap((a) => a.documents), ...meeting.documents].find((d) => d.id === plain.id)?.allowDownload;
      })
      .toBe(false);
    await expect
      .poll(async () => {
        await openDocument(member, plain.id);
        return member.getByTestId('download').isDisabled();
      })
      .toBe(true);
    expect(await member.getByTestId('print').isDisabled()).toBe(false);
  });
});

describe('annotations in the reader', () => {
  it('a selection from page 1 onto page 2 becomes one highlight per page', async () => {
    const longest = docs.filter((d) => d.classification !== 'confidential').sort((a, b) => b.size - a.size)[0];
    await openDocument(member, longest.id);
    // Bring the end of page 1 and the top of page 2 into view, as a reader selecting across them would.
    await member.evaluate(() => {
      const d = (globalThis as any).document;
      const scroller = d.querySelector('[data-testid="pdf-scroll"]');
      const p2 = d.querySelector('[data-testid="pdf-page"][data-page-number="2"]');
      scroller.scrollTop = p2.offsetTop - scroller.clientHeight / 2;
    });
    await member.locator('[data-testid="pdf-page"][data-page-number="2"] [data-testid="pdf-text-layer"] span').first().waitFor({ state: 'attached' });
    const parts = await member.evaluate(() => {
      const d = (globalThis as any).document;
      const spansOf = (n: number) =>
        ([...d.querySelectorAll(`[data-testid="pdf-page"][data-page-number="${n}"] .textLayer span`)] as any[]).filter((s) => (s.textContent ?? '').trim().length > 3 && s.firstChild);
      const last = spansOf(1).at(-1);
      const first = spansOf(2)[0];
      const range = d.createRange();
      range.setStart(last.firstChild, 0);
      range.setEnd(first.firstChild, first.firstChild.length);
      const sel = (globalThis as any).getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return [last.textContent.replace(/\s+/g, ' ').trim(), first.textContent.replace(/\s+/g, ' ').trim()];
    });
    await member.getByTestId('annotate-highlight').click();
    const items = member.locator('[data-testid="annotation-item"][data-kind="highlight"]');
    await expect.poll(() => items.count()).toBe(2);
    const quotes = (await items.locator('.annotation-quote').allTextContents()).map((q) => q.normalize('NFC'));
    expect(quotes[0]).toContain(parts[0].normalize('NFC'));
    expect(quotes[1]).toContain(parts[1].normalize('NFC'));
    expect(quotes[0]).not.toContain(parts[1].normalize('NFC'));
    await expect.poll(() => member.locator('[data-testid="pdf-page"][data-page-number="1"] [data-testid="annotation-highlight"]').count()).toBe(1);
    await expect.poll(() => member.locator('[data-testid="pdf-page"][data-page-number="2"] [data-testid="annotation-highlight"]').count()).toBe(1);
  });

  it('a sticky note can be dragged, resized and moved with the keyboard; it stays after a reload', async () => {
    const plain = docs.filter((d) => d.classification !== 'confidential' && d.allowDownload !== false).sort((a, b) => b.size - a.size)[1] ?? docs[0];
    await openDocument(member, plain.id);
    await member.getByTestId('annotate-note').click();
    const page1 = member.locator('[data-testid="pdf-page"][data-page-number="1"]');
    const box = (await page1.boundingBox())!;
    await member.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.3);
    const item = member.locator('[data-testid="annotation-item"][data-kind="note"]');
    await item.waitFor({ state: 'visible' });
    const id = (await item.getAttribute('data-annotation-id'))!;
    const note = page1.locator(`[data-testid="annotation-note"][data-annotation-id="${id}"]`);
    await note.waitFor({ state: 'visible' });
    const before = await rectOf(member, id);

    // Drag it 80 px right and 60 px down (PDF y grows upwards).
    const nb = (await note.boundingBox())!;
    await member.mouse.move(nb.x + nb.width / 2, nb.y + nb.height / 2);
    await member.mouse.down();
    await member.mouse.move(nb.x + nb.width / 2 + 40, nb.y + nb.height / 2 + 30, { steps: 4 });
    await member.mouse.move(nb.x + nb.width / 2 + 80, nb.y + nb.height / 2 + 60, { steps: 4 });
    await member.mouse.up();
    await expect.poll(async () => (await rectOf(member, id))[0]).toBeGreaterThan(before[0] + 30);
    const dragged = await rectOf(member, id);
    expect(dragged[1]).toBeLessThan(before[1] - 20);
    expect(dragged[2] - dragged[0]).toBeCloseTo(before[2] - before[0], 0);

    // Resize with the corner handle (it shows on the selected note).
    const handle = page1.getByTestId('annotation-resize-handle');
    await handle.waitFor({ state: 'visible' });
    const hb = (await handle.boundingBox())!;
    await member.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await member.mouse.down();
    await member.mouse.move(hb.x + 30, hb.y + 25, { steps: 4 });
    await member.mouse.move(hb.x + 60, hb.y + 50, { steps: 4 });
    await member.mouse.up();
    await expect.poll(async () => {
      const r = await rectOf(member, id);
      return r[2] - r[0];
    }).toBeGreaterThan(dragged[2] - dragged[0] + 25);
    const resized = await rectOf(member, id);

    // Keyboard: focus it, arrow right moves it; Shift + arrow down makes it taller.
    await note.focus();
    await member.keyboard.press('ArrowRight');
    await expect.poll(async () => (await rectOf(member, id))[0]).toBeGreaterThan(resized[0] + 1);
    const keyed = await rectOf(member, id);
    await member.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => {
      const r = await rectOf(member, id);
      return r[3] - r[1];
    }).toBeGreaterThan(keyed[3] - keyed[1] + 1);
    const last = await rectOf(member, id);

    await member.reload();
    await member.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible' });
    await expect.poll(async () => (await member.locator(`[data-annotation-id="${id}"][data-rect]`).count())).toBe(1);
    expect(await rectOf(member, id)).toEqual(last);
  });
});
