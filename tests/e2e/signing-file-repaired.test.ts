/**
 * Signing in the app, end to end, all real: the demo server, the secretary's and the chair's
 * client services behind their browser-mode hosts, the built renderer in Chromium, a real key.
 * - A document whose cross-references are broken is sent for signature. Signing it means
 *   rewriting it first, and the rewritten file is not an incremental update of the version sent,
 *   so the server could never take it: the chair is told on the signing screen, in Vietnamese or
 *   English, that the file was repaired before signing, why that cannot be accepted, and what to
 *   do; nothing is queued, and he can return the request from there.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsRepairBeforeSigning } from '../../signing/index';
import { uploadViaBridge } from '../integration/helpers/bridge';
import { httpLogin, httpPullAll } from '../integration/helpers/server-api';
import { vietnamesePdf } from '../helpers/vietnamese-pdf';
import { waitFor } from '../helpers/wait-for';
import { bogusStartxref } from '../signing/broken-pdfs';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';
import { demoContent } from '../../server/demo/content';
import { startDemoApp, type DemoApp, type Side, shoot } from './demo-app-harness';

let app: DemoApp;
let pki: TestPki;
let chair: Side;
let requestId = '';
const TITLE = 'Tờ trình có bảng tham chiếu chéo bị hỏng';

beforeAll(async () => {
  [app, pki] = await Promise.all([startDemoApp('ecab-e2e-repaired-'), createTestPki()]);
  // The chair signs in and imports his key at his own machine while the secretary prepares the
  // request at hers; the request then reaches his machine by the usual poke and pull.
  const chairReady = (async () => {
    const side = await app.signIn('client', 'chutich', { viewport: { width: 1400, height: 900 } });
    await side.call('keys.importP12', { base64: readFileSync(pki.rsa.p12).toString('base64'), password: P12_PASSWORD });
    return side;
  })();
  // Awaited below; a failure of the secretary's part first must not leave it unhandled.
  chairReady.catch(() => {});
  const sec = await app.signIn('secretary', 'thuky');
  const meetingId = (await sec.call('meetings.list')).find((m) => m.status === 'in_progress')!.id;
  const broken = bogusStartxref(await vietnamesePdf([['Tờ trình về việc phê duyệt kế hoạch năm 2027']]), 200);
  expect(needsRepairBeforeSigning(broken)).toBe(true);
  const up = await uploadViaBridge(sec.services, 'to-trinh-hong.pdf', broken);
  const documentId = randomUUID();
  const put = await sec.call('secretariat.submit', {
    mutations: [
      {
        id: randomUUID(),
        kind: 'document.upsert',
        args: { id: documentId, meetingId, agendaItemId: null, title: TITLE, fileName: 'to-trinh-hong.pdf', sha256: up.sha256, classification: 'internal' },
      },
    ],
  });
  expect(put.results.map((x) => x.status)).toEqual(['applied']);
  const { changes } = await httpPullAll(app.server.url, (await httpLogin(app.server.url, 'thuky', demoContent.password)).accessToken);
  const chairId = changes.flatMap((c) => (c.entity === 'user' && c.op === 'upsert' && c.data.username === 'chutich' ? [c.data.id] : []))[0];
  const created = await sec.call('signing.create', { documentId, note: 'Kính trình Chủ tịch ký', steps: [{ userId: chairId, role: 'signer' }] });
  expect(created.status).toBe('applied');
  requestId = created.id;

  chair = await chairReady;
  await waitFor(async () => (await chair.call('signing.requests')).some((r) => r.id === requestId && r.myTurn), undefined, "the request on the chair's machine, his turn");
}, 180_000);

afterAll(async () => {
  await app?.close();
  await pki?.close();
});

describe('signing a file sent with a broken structure', () => {
  it('the chair is told the file was repaired before signing, why it cannot be accepted and what to do, in Vietnamese and English; nothing is sent', async () => {
    const page = chair.page;
    await chair.goto(`/signing/${requestId}`);
    await page.getByTestId('sign-request-screen').waitFor();
    await page.getByTestId('sign-open').click();
    await page.getByTestId('sign-password').fill(P12_PASSWORD);
    await page.getByTestId('sign-submit').click();

    const repaired = page.getByTestId('sign-repaired');
    await repaired.waitFor({ state: 'visible', timeout: 60_000 });
    expect((await repaired.textContent())?.trim()).toBe('Tệp đã được sửa cấu trúc trước khi ký (bảng tham chiếu chéo bị hỏng đã được ghi lại).');
    const why = (await page.getByTestId('sign-error').textContent())?.trim() ?? '';
    expect(why).toMatch(/^Tệp trình ký bị hỏng cấu trúc/);
    expect(why).toContain('không còn là bản cập nhật gia tăng của đúng phiên bản đã trình ký');
    expect(why).toContain('Hãy trả lại yêu cầu để văn thư xuất lại tệp PDF từ phần mềm gốc rồi trình ký lại.');
    await shoot(page, 'signing-file-repaired-vi.png');

    await page.getByTestId('lang-en').click();
    await expect.poll(async () => (await repaired.textContent())?.trim()).toBe("The file's structure was repaired before signing (its broken cross-reference table was rewritten).");
    expect(await page.getByTestId('sign-error').textContent()).toMatch(/no longer an incremental update of the version sent for signature.*Return the request so that the secretariat exports the PDF again/);
    await page.getByTestId('lang-vi').click();

    // Nothing signed was kept or queued: it is still his turn, and no upload waits.
    const [request] = (await chair.call('signing.requests')).filter((r) => r.id === requestId);
    expect([request.myTurn, request.pendingUpload, request.refusal]).toEqual([true, false, null]);
    expect((await chair.call('sync.status')).pendingMutations).toBe(0);

    // What to do is one click away: return it with a comment.
    await page.getByTestId('sign-return-instead').click();
    await page.getByTestId('return-comment').fill('Tệp bị hỏng cấu trúc, đề nghị xuất lại tệp PDF.');
    await page.getByTestId('return-submit').click();
    await expect.poll(async () => (await page.getByTestId('request-status').textContent())?.trim()).toBe('Đã trả lại');
  }, 180_000);
});
