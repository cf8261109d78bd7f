/**
 * The whole app for end-to-end tests, all real: the demo server, and for each person his own
 * client services behind his own browser-mode host, signed in through the login screen in his
 * own Chromium context.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, type ClientServices } from '../../electron/services/index';
import { browserDocumentUrl, startBrowserHost, type BrowserHost } from '../../electron/browser-host/index';
import { launchChromium } from '../helpers/browser';
import { prepareRenderer } from './renderer-build';

/** Where screenshots go (gitignored). */
export const SCREENSHOTS = path.resolve(__dirname, '../../test-results');

export interface Side {
  services: ClientServices;
  host: BrowserHost;
  context: BrowserContext;
  page: Page;
}

export interface DemoApp {
  tmp: string;
  server: Awaited<ReturnType<typeof startServer>>;
  browser: Browser;
  /** A person signed in with his demo account; `name` names his data folder. */
  signIn(name: string, username: string, opts?: { acceptDialogs?: boolean }): Promise<Side>;
  close(): Promise<void>;
}

export async function startDemoApp(prefix: string): Promise<DemoApp> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  await mkdir(SCREENSHOTS, { recursive: true });
  const server = await startServer({ dataDir: path.join(tmp, 'server'), port: 0, seed: 'demo' });
  const rendererDir = await prepareRenderer(path.join(tmp, 'renderer'));
  const browser = await launchChromium();
  const sides: Side[] = [];

  async function signIn(name: string, username: string, opts: { acceptDialogs?: boolean } = {}): Promise<Side> {
    const services = await createClientServices({ dataDir: path.join(tmp, name), defaultServerUrl: server.url, documentUrl: browserDocumentUrl, mode: 'browser', version: '0.0.0-e2e' });
    const host = await startBrowserHost({ services, rendererDir, port: 0 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[${name} page error]`, e.message));
    // Confirmation dialogs ("Bắt đầu họp?") answered yes, as the person in the test would.
    if (opts.acceptDialogs) page.on('dialog', (d) => void d.accept());
    const s = { services, host, context, page };
    sides.push(s);
    await page.goto(host.url);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(demoContent.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-box').waitFor({ state: 'visible', timeout: 30_000 });
    return s;
  }

  async function close(): Promise<void> {
    for (const s of sides) {
      await s.context.close().catch(() => {});
      await s.host.close();
      await s.services.close();
    }
    await browser.close();
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }

  return { tmp, server, browser, signIn, close };
}
