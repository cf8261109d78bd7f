/**
 * End to end, all real: the sync server with the demo committee; a secretary's and a
 * member's client services, each behind its own browser-mode host; one Chromium with two
 * browser contexts. The secretary builds a meeting through the UI — title, chair,
 * participants, two agenda items, two PDFs dropped at once on the drop zone — and publishes
 * it. The member, in the second context, sees it appear and opens one of its documents.
 */
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { SCREENSHOTS as shots, startDemoApp, type DemoApp } from './demo-app-harness';

const TITLE = 'Phiên họp chuyên đề về chuyển đổi số';

async function pdfBase64(text: string): Promise<string> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(text, { x: 60, y: 700, size: 28, font });
  for (let i = 0; i < 20; i++) page.drawText(`Line ${i + 1}: ${text}`, { x: 60, y: 650 - i * 24, size: 14, font });
  return Buffer.from(await doc.save()).toString('base64');
}

describe('a secretary builds and publishes a meeting; a member sees it and opens a document', () => {
  let app: DemoApp;
  const member = demoContent.users.find((u) => u.role === 'member')!;

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-sec-');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('works through the UI in two browser contexts', async () => {
    const viewport = { width: 1280, height: 900 };
    const sec = await app.signIn('secretary', 'thuky', { viewport });
    const mem = await app.signIn('member', member.username, { viewport });
    const users = await sec.call('secretariat.users');
    const id = (username: string) => users.find((u) => u.username === username)!.id;

    const p = sec.page;
    await p.getByTestId('nav-secretariat').click();
    await p.getByTestId('new-meeting').click();
    await p.getByTestId('meeting-editor').waitFor();
    await p.getByTestId('editor-title').waitFor();

    // General facts.
    await p.getByTestId('meeting-title-input').fill(TITLE);
    await p.getByTestId('meeting-location').fill('Phòng họp số 1, trụ sở UBND');
    await p.getByTestId('meeting-kind').selectOption('thematic');
    await p.getByTestId('meeting-chair').selectOption(id('chutich'));
    await p.getByTestId('save-general').click();
    await expect.poll(() => p.getByTestId('editor-title').textContent()).toBe(TITLE);

    // Participants: the chair and one member.
    // Like a person, pick the next one only once the previous one is listed: the picker is reset
    // when a save completes, so choosing during a slow save would be undone.
    let added = 0;
    for (const [username, role] of [['chutich', 'chair'], [member.username, 'member']] as const) {
      await p.getByTestId('participant-pick').selectOption(id(username));
      await p.getByTestId('participant-role').selectOption(role);
      await p.getByTestId('participant-add').click();
      added += 1;
      await expect.poll(() => p.getByTestId('editor-participant').count()).toBe(added);
    }

    // Two agenda items.
    for (const [title, minutes] of [['Đề án chuyển đổi số giai đoạn 2026 - 2030', '60'], ['Kế hoạch triển khai phòng họp không giấy', '45']]) {
      await p.getByTestId('agenda-new-title').fill(title);
      await p.getByTestId('agenda-new-presenter').fill('Giám đốc Sở Thông tin và Truyền thông');
      await p.getByTestId('agenda-new-minutes').fill(minutes);
      await p.getByTestId('agenda-add').click();
      await expect.poll(() => p.getByTestId('agenda-item-title').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).toContain(title);
    }
    await expect.poll(() => p.getByTestId('agenda-total').getAttribute('data-overflow')).toBe('false');

    // Two PDFs dropped at once on the drop zone, attached to the first item.
    await p.getByTestId('upload-target').selectOption({ index: 1 });
    const files = [await pdfBase64('De an chuyen doi so'), await pdfBase64('Ke hoach phong hop khong giay')];
    const dataTransfer = await p.evaluateHandle((b64s: string[]) => {
      // Runs in the page: the browser's DataTransfer (not in the Node typings of this file).
      const dt = new (globalThis as unknown as { DataTransfer: new () => { items: { add(f: File): void } } }).DataTransfer();
      b64s.forEach((b64, i) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], `tai-lieu-${i + 1}.pdf`, { type: 'application/pdf' }));
      });
      return dt;
    }, files);
    await p.getByTestId('document-drop').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => p.locator('[data-testid="upload-job"][data-state="done"]').count()).toBe(2);
    await expect.poll(() => p.getByTestId('editor-document').count()).toBe(2);
    await p.screenshot({ path: path.join(shots, 'e2e-secretariat-editor.png'), fullPage: true });

    // Not yet published: the member does not have it.
    const memberList = async () => (await mem.page.locator('[data-testid="meeting-card"]').allTextContents()).map((s) => s.normalize('NFC'));
    expect((await memberList()).some((s) => s.includes(TITLE))).toBe(false);

    await p.getByTestId('publish').click();
    await p.getByTestId('published-note').waitFor();

    // The member's list gets it through the live poke; he opens it and a document.
    const card = mem.page.locator('[data-testid="meeting-card"]', { hasText: TITLE });
    await card.waitFor({ state: 'visible' });
    await expect.poll(() => mem.page.getByTestId('notice-bell').getAttribute('data-unread')).toBe('1');
    await card.click();
    await expect.poll(() => mem.page.getByTestId('agenda-item').count()).toBe(2);
    await expect.poll(() => mem.page.getByTestId('document-link').count()).toBe(2);
    await mem.page.screenshot({ path: path.join(shots, 'e2e-member-published-meeting.png'), fullPage: true });
    await mem.page.getByTestId('document-link').first().click();
    const firstPage = mem.page.locator('[data-testid="pdf-page"][data-rendered="true"]').first();
    await firstPage.waitFor({ state: 'visible' });
    await expect.poll(async () => ((await firstPage.locator('[data-testid="pdf-text-layer"]').textContent()) ?? '').replace(/\s+/g, '')).toMatch(
      /Dean|Kehoach/,
    );
    await mem.page.screenshot({ path: path.join(shots, 'e2e-member-opens-document.png') });
  }, 180_000);
});
