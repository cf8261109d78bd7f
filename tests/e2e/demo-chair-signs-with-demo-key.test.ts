/**
 * The demo as shipped lets "Ký" be tried: the chair imports the .p12 the demo seeded for him and
 * trusts its test CA on his device, signs a document from "Chờ ký", and the signature verifies,
 * in the app and in poppler's pdfsig given the same CA. No test PKI of our own here: only what
 * the demo printout points to.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { DEMO_CA_NAME } from '../../server/demo/demo-signing-keys';
import { check, tool } from '../helpers/tool';
import { httpLogin, httpPullAll, httpPush } from '../integration/helpers/server-api';
import { startDemoApp, type DemoApp } from './demo-app-harness';

describe('the demo chair signs with the demo key', () => {
  let app: DemoApp;
  let documentTitle: string;
  let documentId: string;
  let nssDir: string;

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-demo-key-');
    const server = app.server;
    const sec = await httpLogin(server.url, 'thuky', demoContent.password);
    const { changes } = await httpPullAll(server.url, sec.accessToken);
    const today = changes.flatMap((c) => (c.entity === 'meeting' && c.op === 'upsert' && c.data.status === 'in_progress' ? [c.data] : []))[0];
    const doc = changes.flatMap((c) => (c.entity === 'document' && c.op === 'upsert' && c.data.meetingId === today.id && c.data.classification !== 'confidential' ? [c.data] : []))[0];
    const chair = changes.flatMap((c) => (c.entity === 'user' && c.op === 'upsert' && c.data.username === 'chutich' ? [c.data] : []))[0];
    documentTitle = doc.title;
    documentId = doc.id;
    const [res] = (
      await httpPush(server.url, sec.accessToken, [
        { id: randomUUID(), kind: 'signatureRequest.create', args: { id: randomUUID(), documentId: doc.id, note: 'Kính trình Chủ tịch ký', steps: [{ id: randomUUID(), userId: chair.id, role: 'signer' }] } },
      ])
    ).results;
    expect(res.status).toBe('applied');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    if (nssDir) rmSync(nssDir, { recursive: true, force: true });
  });

  it('imports the seeded .p12 and test CA, signs from "Chờ ký", and the signature is valid', async () => {
    const keys = app.server.demo!.signingKeys;
    const chair = await app.signIn('client', 'chutich', { viewport: { width: 1400, height: 900 } });
    const page = chair.page;

    const nav = page.getByTestId('nav-signing');
    await nav.waitFor({ state: 'visible' });
    await nav.click();
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('p12-file').setInputFiles(keys.p12Files.chutich);
    await page.getByTestId('p12-password').fill(demoContent.password);
    await page.getByTestId('p12-import').click();
    await expect.poll(async () => (await page.getByTestId('p12-message').textContent())?.trim()).toBe('Đã nhập chứng thư số.');
    await expect.poll(() => page.getByTestId('key-item').count()).toBe(1);
    expect(await page.getByTestId('key-item').textContent()).toContain('Trần Quốc Hưng');
    await page.getByTestId('trust-file').setInputFiles(keys.caFile);
    await expect.poll(() => page.getByTestId('trust-root').count()).toBe(1);
    expect(await page.getByTestId('trust-root').textContent()).toContain(DEMO_CA_NAME);

    await nav.click();
    const item = page.getByTestId('signature-request').filter({ hasText: documentTitle });
    await item.waitFor({ state: 'visible' });
    await item.locator('a').first().click();
    await page.getByTestId('sign-request-screen').waitFor();
    await page.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible' });
    await page.getByTestId('sign-open').click();
    await page.getByTestId('sign-password').fill(demoContent.password);
    await page.getByTestId('sign-submit').click();
    await expect.poll(async () => (await page.getByTestId('sign-outcome').textContent())?.trim(), { timeout: 60_000 }).toBe('Đã ký và gửi lên máy chủ.');
    // The certificate names the chair as his account does: no name warning stops the issue.
    await expect.poll(async () => (await page.getByTestId('request-status').textContent())?.trim()).toBe('Đã ban hành');

    const verdict = page.getByTestId('signature-verdict');
    await expect.poll(() => verdict.count(), { timeout: 90_000 }).toBe(1);
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    expect((await verdict.getByTestId('verdict-short').textContent())?.trim()).toBe('Hợp lệ');
    expect(await verdict.textContent()).toContain('Trần Quốc Hưng');

    // The issued file, checked by poppler with the test CA trusted in its own NSS database.
    const sec = await httpLogin(app.server.url, 'thuky', demoContent.password);
    const { changes } = await httpPullAll(app.server.url, sec.accessToken);
    const issued = changes.flatMap((c) => (c.entity === 'document' && c.op === 'upsert' && c.data.id === documentId ? [c.data] : [])).at(-1)!;
    const pdf = Buffer.from(await (await fetch(`${app.server.url}/api/blobs/${issued.sha256}`, { headers: { authorization: `Bearer ${sec.accessToken}` } })).arrayBuffer());
    nssDir = mkdtempSync(path.join(os.tmpdir(), 'ecab-demo-nss-'));
    await tool('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
    await tool('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'demo CA', '-t', 'CT,C,C', '-i', keys.caFile]);
    const file = path.join(nssDir, 'signed.pdf');
    writeFileSync(file, pdf);
    const out = (await check('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { timeoutMs: 60_000 })).output;
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Certificate Validation: Certificate is Trusted.');
    expect(out).toContain('Trần Quốc Hưng');
  }, 240_000);
});
