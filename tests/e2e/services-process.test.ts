/**
 * The client services in their own process, all real: the demo server, the services process
 * (the same entry Electron starts as a utility process) under child_process.fork, the thin
 * browser-mode host in front of it, and Chromium on the built renderer.
 * - A member signs in and reads a document; the services process is killed (-9) with a call in
 *   flight: the page shows the translated error, the host restarts the process, the next call
 *   works, and the edit waiting in the outbox still reaches the server.
 * - A secretary uploads a ~50 MB PDF: the page streams it to the host in one PUT, the services
 *   stream it on; their peak memory stays far below the file's size and the server stores the
 *   exact bytes. A file over the host's limit gets a clear `payload_too_large`.
 * - Closing ends the process cleanly: no process left, the database checkpointed.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { translate } from '../../shared/i18n';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/index';
import type { ServicesProcess } from '../../electron/services-process/services-process';
import { sharedChromium } from '../helpers/browser';
import { buildServicesEntry, forkServices, startServicesProcess } from '../helpers/services-process';
import { prepareRenderer } from './renderer-build';
import { copySeededDemo } from './demo-app-harness';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

type Server = Awaited<ReturnType<typeof startServer>>;

const MiB = 1024 * 1024;

/** A member of today's published meeting, and that meeting. */
function todaysMember() {
  const today = demoContent.meetings.find((m) => m.dayOffset === 0 && m.status !== 'draft' && m.agenda.some((a) => a.documents.length > 1));
  if (!today) throw new Error('demo content has no published meeting with two documents today');
  const member = demoContent.users.find((u) => u.role === 'member' && today.participants.some((p) => p.userKey === u.key && p.role === 'member'));
  if (!member) throw new Error("demo content has no member in today's meeting");
  return { username: member.username, meetingTitle: today.title };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function poll<T>(check: () => Promise<T> | T, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sha256File = (file: string) =>
  new Promise<string>((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    createReadStream(file)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

/** A real PDF (one page of text) carrying `fillerBytes` of incompressible data in an extra stream. */
async function bigPdf(file: string, fillerBytes: number): Promise<void> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Tai lieu rat lon', { x: 72, y: 720, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
  doc.context.register(doc.context.stream(crypto.randomBytes(fillerBytes), {}));
  await writeFile(file, await doc.save({ useObjectStreams: false }));
}

/** What window.ecabinet does with a bridge call, from the page (value, or the error's code and text). */
async function pageInvoke(page: Page, method: string, input: unknown = {}): Promise<{ ok: true; value: any } | { ok: false; code: string }> {
  return page.evaluate(
    ([m, i]) =>
      (globalThis as any).ecabinet.invoke(m, i).then(
        (value: unknown) => ({ ok: true, value }),
        (e: any) => ({ ok: false, code: e.code }),
      ),
    [method, input] as const,
  );
}

describe('the client services run in their own process', () => {
  let tmp: string;
  let serverDir: string;
  let server: Server | null = null;
  let port: number;
  let rendererDir: string;
  let browser: Browser;
  const toClose: { close(): Promise<void> }[] = [];

  async function signedInPage(sp: ServicesProcess, username: string, opts: { maxUploadBytes?: number } = {}) {
    const host: BrowserHost = await startBrowserHost({ services: sp, rendererDir, port: 0, ...opts });
    toClose.unshift(host);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    toClose.unshift(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await page.goto(host.url);
    // A second page on the same services finds the session already open.
    const current = await sp.call('session.current', {});
    if (!(current.ok && current.value)) {
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(demoContent.password);
      await page.getByTestId('login-submit').click();
    }
    await page.getByTestId('user-box').waitFor({ state: 'visible', timeout: 30_000 });
    return { host, page };
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ecab-services-process-'));
    serverDir = path.join(tmp, 'server');
    // The demo as seeded once for the worker's e2e files, the worker's Chromium: only the
    // contexts, hosts and processes below are this file's own.
    const [, built, launched] = await Promise.all([copySeededDemo(serverDir), prepareRenderer(), sharedChromium()]);
    rendererDir = built;
    browser = launched;
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port: 0, seed: 'demo', logger: false });
    port = server.port;
  });

  afterAll(async () => {
    for (const c of toClose) await c.close().catch((e: unknown) => console.error(e));
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('survives kill -9: the call in flight fails with a translated error, the next one works, the outbox is kept', async () => {
    const dataDir = path.join(tmp, 'member');
    const sp = await startServicesProcess({ dataDir, defaultServerUrl: server!.url, retry: { initialMs: 200, maxMs: 500 }, periodicPullMs: 600_000 });
    toClose.push(sp);
    const { username, meetingTitle } = todaysMember();
    const { page } = await signedInPage(sp, username);

    // Reads a document: the host serves /doc/<sha> once the services process says it is verified.
    await page.locator('[data-testid="meeting-card"]', { hasText: meetingTitle }).first().click();
    await page.getByTestId('document-link').first().click();
    const rendered = page.locator('[data-testid="pdf-page"][data-rendered="true"]').first();
    await rendered.waitFor({ state: 'visible', timeout: 30_000 });
    const documentUrl = page.url();

    // Offline, the member marks a second document viewed: it waits in the outbox.
    const meetingId = ((await pageInvoke(page, 'meetings.list')) as { value: { id: string; title: string }[] }).value.find((m) => m.title === meetingTitle)!.id;
    const detail = ((await pageInvoke(page, 'meetings.get', { id: meetingId })) as { value: { agenda: { documents: { id: string }[] }[] } }).value;
    const second = detail.agenda.flatMap((a) => a.documents)[1].id;
    await server!.close();
    server = null;
    expect(await pageInvoke(page, 'documents.markViewed', { id: second })).toEqual({ ok: true, value: { ok: true } });
    const pending = ((await pageInvoke(page, 'sync.status')) as { value: { pendingMutations: number } }).value.pendingMutations;
    expect(pending).toBeGreaterThanOrEqual(1);

    // A call in flight when the process dies: frozen first, so the call is surely waiting in it.
    const firstPid = sp.pid!;
    process.kill(firstPid, 'SIGSTOP');
    const inFlight = pageInvoke(page, 'meetings.list');
    await poll(() => sp.inFlight().includes('meetings.list'), 'the call to reach the services process');
    const restarted = new Promise<number | undefined>((resolve) => sp.onRestarted(resolve));
    process.kill(firstPid, 'SIGKILL');
    expect(await inFlight).toEqual({ ok: false, code: 'services_restarted' });
    expect(translate('vi', 'errors.services_restarted')).toMatch(/khởi động lại/);

    // The UI says so in Vietnamese, and its retry works once the process is back.
    await restarted;
    await page.goto(documentUrl.replace(/#.*$/, '#/'));
    await page.locator('[data-testid="meeting-card"]').first().waitFor({ state: 'visible', timeout: 15_000 });
    process.kill(sp.pid!, 'SIGSTOP');
    await page.goto(documentUrl);
    await poll(() => sp.inFlight().includes('documents.open'), 'the document call to reach the services process');
    // Every error box the page shows from now on is recorded, even one the screen replaces by
    // itself at once (a change announced by the new process re-reads the document).
    await page.evaluate(() => {
      const g = globalThis as any;
      g.__errorTexts = [] as string[];
      const seen = (n: any) => {
        const boxes = n?.nodeType === 1 ? [...(n.matches('[data-testid="error-box"]') ? [n] : []), ...n.querySelectorAll('[data-testid="error-box"]')] : [];
        for (const b of boxes) g.__errorTexts.push(b.textContent ?? '');
      };
      new g.MutationObserver((records: any[]) => records.forEach((r) => r.addedNodes.forEach(seen))).observe(g.document.body, { subtree: true, childList: true });
      seen(g.document.body);
    });
    const restartedAgain = new Promise<number | undefined>((resolve) => sp.onRestarted(resolve));
    process.kill(sp.pid!, 'SIGKILL');
    const shown = await poll(async () => {
      const texts: string[] = await page.evaluate(() => (globalThis as any).__errorTexts);
      return texts.length ? texts : null;
    }, 'the page to show an error');
    expect(shown.map((t) => t.normalize('NFC')).join(' | ')).toContain(translate('vi', 'errors.services_restarted').normalize('NFC'));
    const newPid = await restartedAgain;
    expect(newPid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
    // "Thử lại" reads it again; a screen that already re-read it by itself shows the document.
    const errorBox = page.getByTestId('error-box');
    if (await errorBox.isVisible()) await errorBox.getByRole('button').first().click();
    await rendered.waitFor({ state: 'visible', timeout: 30_000 });

    // The next calls work: same session (resumed from the cache), same outbox.
    expect(await pageInvoke(page, 'session.current')).toMatchObject({ ok: true, value: { user: { username } } });
    expect(((await pageInvoke(page, 'sync.status')) as { value: { pendingMutations: number } }).value.pendingMutations).toBe(pending);

    // Back online, the queued view reaches the server.
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port, logger: false });
    await poll(async () => {
      const s = await pageInvoke(page, 'sync.now');
      return s.ok && s.value.pendingMutations === 0;
    }, 'the outbox to drain');
    const views = await server.db.selectFrom('document_views').select(['document_id']).where('document_id', '=', second).execute();
    expect(views.length).toBeGreaterThanOrEqual(1);
  });

  it('streams a ~50 MB upload: the services never hold it, the server gets the exact bytes; over the limit is refused clearly', async () => {
    const dataDir = path.join(tmp, 'secretary');
    // Independent of the test above, which stops and restarts the server.
    server ??= await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port, logger: false });
    // --expose-gc: the probe then counts what the process holds, not garbage awaiting collection.
    const sp = await startServicesProcess(
      { dataDir, defaultServerUrl: server!.url, periodicPullMs: 600_000, memorySampleMs: 50 },
      { spawn: await forkServices({ execArgv: ['--expose-gc'] }) },
    );
    toClose.push(sp);
    const { page } = await signedInPage(sp, 'thuky');
    const file = path.join(tmp, 'tai-lieu-lon.pdf');
    await bigPdf(file, 50 * MiB);
    const expected = await sha256File(file);

    // A file input the way the drop zone has one; the page hands the File to window.ecabinet.
    const pick = async (p: Page) => {
      await p.evaluate(() => {
        const input = (globalThis as any).document.createElement('input');
        input.type = 'file';
        input.id = 'probe-file';
        (globalThis as any).document.body.appendChild(input);
      });
      await p.locator('#probe-file').setInputFiles(file);
    };
    await pick(page);
    await sp.controlValue('services.memory', { resetPeak: true });
    const before = await sp.controlValue('services.memory', {});
    const uploaded = await page.evaluate(() =>
      (globalThis as any).ecabinet.uploadFile((globalThis as any).document.getElementById('probe-file').files[0]).catch((e: any) => ({ code: e.code })),
    );
    const after = await sp.controlValue('services.memory', {});
    expect(uploaded).toMatchObject({ sha256: expected, fileName: 'tai-lieu-lon.pdf', uploaded: true });

    const grew = (k: 'rss' | 'external' | 'heapUsed') => (after.peak![k] - before.now[k]) / MiB;
    console.log(`services process while uploading 50 MiB: peak rss +${grew('rss').toFixed(1)} MiB, external +${grew('external').toFixed(1)} MiB, heap +${grew('heapUsed').toFixed(1)} MiB`);
    // Holding the file would cost its 50 MiB at least; streaming it costs the buffers in flight and
    // the ones not yet collected (10–21 MiB measured, the most with another busy process beside it).
    expect(grew('external') + grew('heapUsed')).toBeLessThan(40);

    const stored = path.join(serverDir, 'blobs', expected.slice(0, 2), expected);
    expect(await sha256File(stored)).toBe(expected);
    // The copy kept for the server went once the server had it; nothing is left in the temp folders.
    expect(existsSync(path.join(dataDir, 'uploads', expected))).toBe(false);
    expect(await readdir(path.join(dataDir, 'uploads', 'tmp'))).toEqual([]);

    // A host with a 1 MiB limit refuses the same file with a clear error, before the services see it.
    const small = await signedInPage(sp, 'thuky', { maxUploadBytes: MiB });
    await pick(small.page);
    const refused = await small.page.evaluate(() =>
      (globalThis as any).ecabinet.uploadFile((globalThis as any).document.getElementById('probe-file').files[0]).then(
        () => null,
        (e: any) => ({ name: e.name, code: e.code, details: e.details }),
      ),
    );
    expect(refused).toEqual({ name: 'BridgeError', code: 'payload_too_large', details: { maxBytes: MiB } });
    expect(translate('vi', 'errors.payload_too_large')).toBe('Tệp quá lớn.');
  });

  it('closing ends the process cleanly: nothing left running, the database checkpointed', async () => {
    const dataDir = path.join(tmp, 'closing');
    await mkdir(dataDir, { recursive: true });
    const sp = await startServicesProcess({ dataDir, defaultServerUrl: 'http://127.0.0.1:1' });
    const pid = sp.pid!;
    expect(await sp.call('app.info', {})).toMatchObject({ ok: true, value: { mode: 'browser' } });
    await sp.close();
    expect(isAlive(pid)).toBe(false);
    // SQLite folds the write-ahead log into the database when the last connection closes.
    expect(existsSync(path.join(dataDir, 'cache.sqlite-wal'))).toBe(false);
    expect(await sp.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'services_unavailable' } });
  });

  it('a shell killed with -9 leaves no orphan: the services notice, close cleanly and exit', async () => {
    const dataDir = path.join(tmp, 'orphan');
    const shell = path.join(tmp, 'shell.cjs');
    // The smallest shell: forks the services, starts them, reports their pid, then waits.
    await writeFile(
      shell,
      `const { fork } = require('node:child_process');
       const child = fork(${JSON.stringify(await buildServicesEntry())}, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
       child.on('message', (m) => { if (m.kind === 'ready') process.stdout.write(String(m.pid) + '\\n'); });
       child.send({ kind: 'start', options: ${JSON.stringify({ dataDir, defaultServerUrl: 'http://127.0.0.1:1', mode: 'browser', version: '0', shellProtectsSecrets: false })} });`,
    );
    const parent = spawn(process.execPath, [shell], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      parent.once('exit', () => reject(new Error('the shell ended before the services were ready')));
    });
    expect(isAlive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    await poll(() => !isAlive(childPid), 'the orphaned services process to exit', 15_000);
    expect(existsSync(path.join(dataDir, 'cache.sqlite-wal'))).toBe(false);
  });
});
