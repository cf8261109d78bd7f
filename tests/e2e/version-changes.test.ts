/**
 * "Thay đổi so với phiên bản trước" end to end, all real: the demo server, the secretary's and a
 * member's client services (each behind its browser-mode host), two real PDF versions with
 * Vietnamese text, a fresh renderer build, Chromium.
 * - from the "new version" line of the meeting's changes the member opens the list: the removed,
 *   the reworded and the added passage with their pages, in Vietnamese, then in English;
 * - "go to this place" opens the reader at the change, marked in the page margin; the bar steps
 *   to the previous change.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadViaBridge } from '../integration/helpers/bridge';
import { waitFor } from '../helpers/wait-for';
import { vietnamesePdf } from '../helpers/vietnamese-pdf';
import { ADDED, REMOVED, V1, V2 } from '../helpers/two-versions';
import { startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';

let app: DemoApp;
let sec: Side;
let member: Side;
let meetingId = '';
const docId = crypto.randomUUID();
const TITLE = 'Dự thảo quyết định phê duyệt đề án chuyển đổi số';

async function putVersion(pages: string[][], fileName: string) {
  const up = await uploadViaBridge(sec.services, fileName, await vietnamesePdf(pages));
  const r = await sec.call('secretariat.submit', {
    mutations: [
      {
        id: crypto.randomUUID(),
        kind: 'document.upsert',
        args: { id: docId, meetingId, agendaItemId: null, title: TITLE, fileName, sha256: up.sha256, classification: 'internal' },
      },
    ],
  });
  expect(r.results.map((x) => x.status)).toEqual(['applied']);
}

beforeAll(async () => {
  app = await startDemoApp('ecab-versions-');
  sec = await app.signIn('secretary', 'thuky');
  meetingId = (await sec.call('meetings.list')).find((m) => m.status === 'in_progress')!.id;
  await putVersion(V1, 'de-an-v1.pdf');
  member = await app.signIn('member', 'pct.nguyen', { viewport: { width: 1400, height: 900 } });
  // The member has read version 1: it is on his machine, its text indexed.
  await member.call('documents.open', { id: docId });
  await waitFor(async () => (await member.call('search.query', { query: 'van ban giay' })).groups.length > 0, 60_000, 'version 1 in the text index');
  await putVersion(V2, 'de-an-v2.pdf');
  await member.call('sync.now');
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('what changed since the previous version', () => {
  it('lists the changes in Vietnamese and in English, from the notice of the new version', async () => {
    const page = member.page;
    await member.goto(`/meetings/${meetingId}`);
    // The document row of a document with two versions offers the changes too.
    await expect.poll(() => page.locator(`[data-testid="version-changes-link"][data-document-id="${docId}"]`).count()).toBeGreaterThan(0);
    const notice = page.locator('[data-testid="what-changed-item"][data-change="document.newVersion"]').filter({ hasText: TITLE });
    await notice.getByTestId('version-changes-link').click();

    await page.getByRole('heading', { name: 'Thay đổi so với phiên bản trước' }).waitFor();
    const items = page.getByTestId('version-change');
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('version-changes-count').textContent()).toBe('Số chỗ thay đổi: 3');
    expect(await items.evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-page')]))).toEqual([
      ['removed', '1'],
      ['changed', '2'],
      ['added', '3'],
    ]);
    const texts = await page.getByTestId('version-change-text').allTextContents();
    expect(texts[0]).toBe(REMOVED);
    expect(texts[1]).toBe('2030 2028 do Sở Tài chính Kế hoạch và Đầu tư');
    expect(texts[2]).toBe(ADDED);
    expect(await items.nth(1).locator('del').allTextContents()).toEqual(['2030', ' Tài chính']);
    expect(await items.nth(1).locator('ins').allTextContents()).toEqual([' 2028', ' Kế hoạch và Đầu tư']);
    expect(await items.nth(0).textContent()).toContain('Bị bỏ');
    expect(await items.nth(1).textContent()).toContain('Sửa đổi');
    expect(await items.nth(2).textContent()).toContain('Thêm mới');
    expect(await items.nth(1).getByTestId('version-change-pages').textContent()).toBe('Trang 2 (bản trước: trang 2)');
    await shoot(page, 'version-changes-vi.png', { fullPage: true });

    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'Changes from the previous version' }).waitFor();
    await expect.poll(() => page.getByTestId('version-changes-count').textContent()).toBe('Places changed: 3');
    expect(await items.nth(0).textContent()).toContain('Removed');
    expect(await items.nth(1).textContent()).toContain('Changed');
    expect(await items.nth(2).textContent()).toContain('Added');
    expect(await items.nth(0).getByTestId('version-change-pages').textContent()).toBe('Where it was in the new version: page 1 (previous version: page 1)');
    await shoot(page, 'version-changes-en.png', { fullPage: true });
    await page.getByTestId('lang-vi').click();
    await page.getByRole('heading', { name: 'Thay đổi so với phiên bản trước' }).waitFor();
  });

  it('jumps to a change in the reader, marked in the margin, and steps to the previous one', async () => {
    const page = member.page;
    await member.goto(`/documents/${docId}/changes`);
    await page.getByTestId('version-change').nth(2).getByTestId('version-change-jump').click();

    // The reader opens at page 3 with the added passage marked and brought into view.
    const mark = page.locator('[data-testid="pdf-page"][data-page-number="3"] [data-testid="change-mark"][data-change-index="3"]');
    await mark.waitFor({ state: 'visible' });
    await expect.poll(() => mark.getAttribute('class')).toContain('selected');
    await expect.poll(() => page.getByTestId('change-position').textContent()).toBe('Thay đổi 3/3');
    await expect.poll(() => mark.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const area = el.closest('.pdf-scroll')!.getBoundingClientRect();
      return r.top >= area.top && r.bottom <= area.bottom;
    })).toBe(true);
    // Beside the added lines: the bar spans the passage's lines on the page, not the whole page.
    const pageBox = (await page.locator('[data-testid="pdf-page"][data-page-number="3"]').boundingBox())!;
    const markBox = (await mark.boundingBox())!;
    expect(markBox.height).toBeGreaterThan(10);
    expect(markBox.height).toBeLessThan(pageBox.height / 4);
    expect(markBox.x - pageBox.x).toBeLessThan(20);
    await shoot(page, 'version-changes-reader.png');

    await page.getByTestId('change-previous').click();
    await expect.poll(() => page.getByTestId('change-position').textContent()).toBe('Thay đổi 2/3');
    const reworded = page.locator('[data-testid="pdf-page"][data-page-number="2"] [data-testid="change-mark"][data-change-index="2"]');
    await reworded.waitFor({ state: 'visible' });
    await expect.poll(() => reworded.getAttribute('class')).toContain('selected');
  });
});
