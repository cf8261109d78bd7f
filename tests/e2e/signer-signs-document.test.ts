/**
 * End to end, all real: the sync server (demo committee), a test PKI made with openssl at test
 * time, client services behind the browser-mode host, the built renderer in Chromium. The
 * secretary sends a document for signature to the chair; the chair imports his .p12 and the
 * test root in "Chữ ký số của tôi", finds the document in "Chờ ký", opens it, signs with his
 * password, and the verdict panel says "Hợp lệ". A member then sees the "Chữ ký số" badge.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';
import { httpLogin, httpPullAll, httpPush } from '../integration/helpers/server-api';
import { startDemoApp, type DemoApp, shoot } from './demo-app-harness';
import { watchLoadingStates } from './loading-states';

describe('a signer signs a document from "Chờ ký" and sees the verdict', () => {
  let app: DemoApp;
  let pki: TestPki;
  let documentTitle: string;
  let documentId: string;
  let meetingId: string;

  beforeAll(async () => {
    [app, pki] = await Promise.all([startDemoApp('ecab-e2e-sign-'), createTestPki()]);
    const server = app.server;

    // The secretary sends today's first document to the chair (over HTTP, as her app would).
    const sec = await httpLogin(server.url, 'thuky', demoContent.password);
    const { changes } = await httpPullAll(server.url, sec.accessToken);
    const meetings = changes.flatMap((c) => (c.entity === 'meeting' && c.op === 'upsert' ? [c.data] : []));
    const today = meetings.find((m) => m.status === 'in_progress')!;
    const doc = changes.flatMap((c) => (c.entity === 'document' && c.op === 'upsert' && c.data.meetingId === today.id && c.data.classification !== 'confidential' ? [c.data] : []))[0];
    const chair = changes.flatMap((c) => (c.entity === 'user' && c.op === 'upsert' && c.data.username === 'chutich' ? [c.data] : []))[0];
    documentTitle = doc.title;
    documentId = doc.id;
    meetingId = today.id;
    const [res] = (
      await httpPush(server.url, sec.accessToken, [
        { id: randomUUID(), kind: 'signatureRequest.create', args: { id: randomUUID(), documentId: doc.id, note: 'Kính trình Chủ tịch ký', steps: [{ id: randomUUID(), userId: chair.id, role: 'signer' }] } },
      ])
    ).results;
    expect(res.status).toBe('applied');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await pki?.close();
  });

  it('imports the .p12, signs from "Chờ ký", and the verdict panel shows "Hợp lệ"', async () => {
    const chair = await app.signIn('client', 'chutich', { viewport: { width: 1400, height: 900 } });
    const page = chair.page;

    // "Chờ ký" in the header; then "Chữ ký số của tôi": import the key and the test root.
    const nav = page.getByTestId('nav-signing');
    await nav.waitFor({ state: 'visible' });
    expect((await nav.textContent())?.trim()).toBe('Chờ ký');
    await nav.click();
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('p12-file').setInputFiles(pki.rsa.p12);
    await page.getByTestId('p12-password').fill(P12_PASSWORD);
    await page.getByTestId('p12-import').click();
    await expect.poll(async () => (await page.getByTestId('p12-message').textContent())?.trim()).toBe('Đã nhập chứng thư số.');
    await expect.poll(() => page.getByTestId('key-item').count()).toBe(1);
    expect(await page.getByTestId('key-item').textContent()).toContain('Nguyễn Văn An');
    await page.getByTestId('trust-file').setInputFiles(pki.caFile);
    await expect.poll(() => page.getByTestId('trust-root').count()).toBe(1);

    // The request waits in "Chờ ký"; open it.
    await nav.click();
    const item = page.getByTestId('signature-request').filter({ hasText: documentTitle });
    await item.waitFor({ state: 'visible' });
    // The sign screen's code (with the reader's) loads while the list stays on screen.
    const loadingStates = await watchLoadingStates(page);
    await item.locator('a').first().click();
    await page.getByTestId('sign-request-screen').waitFor();
    await page.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible' });
    expect((await loadingStates()).screenFallback, 'a loading state in place of the screens').toBe(false);
    // Unsigned so far.
    await expect.poll(async () => (await page.getByTestId('verdict-panel').textContent()) ?? '').toContain('Tài liệu không có chữ ký số.');

    // A wrong password is refused in Vietnamese; the right one signs.
    await page.getByTestId('sign-open').click();
    await page.getByTestId('sign-password').fill('sai-mat-khau');
    await page.getByTestId('sign-submit').click();
    await expect.poll(async () => (await page.getByTestId('sign-error').textContent())?.trim()).toBe('Mật khẩu của tệp chứng thư số không đúng.');
    await page.getByTestId('sign-password').fill(P12_PASSWORD);
    await page.getByTestId('sign-submit').click();
    await expect.poll(async () => (await page.getByTestId('sign-outcome').textContent())?.trim(), { timeout: 60_000 }).toBe('Đã ký và gửi lên máy chủ.');
    // No timestamp authority configured on this device: a B-B signature, and the screen says so.
    expect((await page.getByTestId('sign-level').textContent())?.trim()).toBe('Mức chữ ký: B-B');
    await expect.poll(async () => (await page.getByTestId('request-status').textContent())?.trim()).toBe('Đã ban hành');

    const verdict = page.getByTestId('signature-verdict');
    // Verifying the issued file is the heaviest step of the page: on a busy machine it takes a while.
    await expect.poll(() => verdict.count(), { timeout: 90_000 }).toBe(1);
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect((await verdict.getByTestId('verdict-short').textContent())?.trim()).toBe('Hợp lệ');
    expect(await verdict.textContent()).toContain('Nguyễn Văn An');
    expect((await verdict.getByTestId('verdict-coverage').textContent())?.trim()).toBe('Toàn bộ tệp');
    await shoot(page, 'signer-signs-document.png');

    // The meeting page shows the "Chữ ký số" badge on the issued document; it opens the verdict.
    await chair.goto(`/meetings/${meetingId}`);
    const badge = page.locator(`[data-testid="signed-badge"][href="#/verify/${documentId}"]`);
    await badge.waitFor({ state: 'visible' });
    expect((await badge.textContent())?.trim()).toBe('Chữ ký số');
    await badge.click();
    await expect.poll(async () => page.getByTestId('signature-verdict').getAttribute('data-verdict')).toBe('valid');
  }, 180_000);
});
