/**
 * The whole app for end-to-end tests, all real: the demo server, and for each person his own
 * client services behind his own browser-mode host, in his own Chromium context (like separate
 * machines: separate launch cookies). Every e2e test that drives the app starts here, so that
 * sign-in, the renderer build and clean-up are done one way.
 */
import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { demoContent } from '../../server/demo/content';
import { vietnamDay } from '../../shared/time/vietnam-time';
import { startServer, type StartServerOptions } from '../../server/index';
import { createClientServices, type ClientServices } from '../../electron/services/index';
import { browserDocumentUrl, startBrowserHost, type BrowserHost } from '../../electron/browser-host/index';
import { sharedChromium } from '../helpers/browser';
import { waitFor } from '../helpers/wait-for';
import { callBridge } from '../integration/helpers/bridge';
import { prepareRenderer } from './renderer-build';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { A11yAudit, screenOf } from './a11y-check';
import { watchPageOnFailure } from '../helpers/failure-snapshots';

/** Where screenshots go (gitignored). */
export const SCREENSHOTS = path.resolve(__dirname, '../../test-results');

/**
 * A picture of a screen for people reviewing the tests, in SCREENSHOTS, taken when
 * `ECABINET_E2E_SCREENSHOTS=1` (a full-page picture is a raster and a PNG encoding on a busy
 * core; `npm run screenshots` is the review walk). A failing test's pages are pictured anyway
 * (tests/helpers/failure-snapshots.ts).
 */
export async function shoot(target: Page | Locator, file: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.ECABINET_E2E_SCREENSHOTS !== '1') return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await target.screenshot({ path: path.join(SCREENSHOTS, file), ...opts });
}

/**
 * How long a page action or wait may take before it fails. Generous on purpose: rendering a
 * PDF while other suites keep both cores busy can take many seconds; a passing test never waits
 * this long.
 */
export const UI_DEADLINE_MS = 60_000;

export interface SideOptions {
  viewport?: { width: number; height: number };
  /** Confirmation dialogs ("Bắt đầu họp?") answered yes, as the person in the test would. */
  acceptDialogs?: boolean;
  /** The reader's "Tải về" saves a file the test can read. */
  acceptDownloads?: boolean;
}

/** One person at his own machine: services, host, browser context and page. */
export interface Side {
  name: string;
  services: ClientServices;
  host: BrowserHost;
  context: BrowserContext;
  page: Page;
  /** Calls a bridge method on this person's services exactly as his page would. */
  call<M extends BridgeMethodName>(method: M, input?: unknown): Promise<BridgeOutput<M>>;
  /** Opens a screen of the app by its route (what follows '#'), e.g. `/meetings/<id>`. */
  goto(route: string): Promise<void>;
  /**
   * Signs in through the login screen and returns once the first sync after it has completed,
   * so the local cache (meetings, users, documents) holds what the server gave this person.
   */
  signIn(username: string, password?: string): Promise<void>;
  /**
   * Runs axe-core on the screen as it is now and fails on a critical or serious violation.
   * Done by itself before every `goto`, when a document is opened, and at `close()`; call it
   * for a screen reached by clicks or a state worth checking (a dialog open). `state` names
   * that state; each screen and state is scanned once per file and role.
   */
  checkA11y(state?: string): Promise<void>;
}

export interface DemoApp {
  tmp: string;
  server: DemoServer;
  browser: Browser;
  /** A person's app on the login screen; `name` names his data folder. */
  open(name: string, opts?: SideOptions): Promise<Side>;
  /** A person's app, signed in with his demo account and synced once. */
  signIn(name: string, username: string, opts?: SideOptions): Promise<Side>;
  /** Takes the server away (the clients go offline); close() then leaves it alone. */
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

export interface DemoAppOptions {
  /** Server options on top of the demo defaults (a fixed clock, a short token lifetime...). */
  server?: Omit<Partial<StartServerOptions>, 'dataDir'>;
  /** false: no axe scans (a run that only takes pictures). */
  a11y?: boolean;
  /**
   * true: each person's app downloads and indexes the coming meetings' documents ahead, as the
   * app does by default (for files that read offline or search documents nobody opened).
   * Otherwise off: per person that is a download and a pdf.js read of every document (seconds of
   * CPU), for nothing most tests look at; a document opened is still downloaded then.
   */
  prefetchDocuments?: boolean;
}

const sideOfPage = new WeakMap<Page, Side>();

type DemoServer = Awaited<ReturnType<typeof startServer>>;

/** A seeded demo server's data folder, and what the seed printed (its signing keys' files). */
interface SeededFolder {
  dataDir: string;
  demo: NonNullable<DemoServer['demo']>;
}

/**
 * The demo seeded once per test worker and Vietnam day (the seed places meetings on days around
 * today): every e2e file of the worker starts its server on a copy of it. Seeding (the rows, the
 * three RSA keys of the demo signing keys, the migrations) costs seconds of CPU on a busy
 * machine; copying the closed database and its files costs milliseconds, and each file still
 * gets a server of its own in the demo's first state.
 */
const seededByDay = new Map<string, Promise<SeededFolder>>();
const templateDirs: string[] = [];
process.once('exit', () => {
  for (const d of templateDirs) rmSync(d, { recursive: true, force: true });
});

function seededDemoFolder(day: string): Promise<SeededFolder> {
  let seeded = seededByDay.get(day);
  if (!seeded) {
    seeded = (async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'ecab-e2e-seeded-'));
      templateDirs.push(dir);
      const dataDir = path.join(dir, 'server');
      const server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, port: 0, seed: 'demo', logger: false, dataDir });
      await server.close();
      if (!server.demo) throw new Error('the demo seed did not run in an empty data folder');
      return { dataDir, demo: server.demo };
    })();
    seededByDay.set(day, seeded);
    seeded.catch(() => seededByDay.delete(day));
  }
  return seeded;
}

/** Copies a closed data folder (and its `-secrets` sibling, if any) to `to`, permissions kept. */
async function copyDataFolder(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  const secrets = `${from}-secrets`;
  if (await stat(secrets).then(() => true, () => false)) await cp(secrets, `${to}-secrets`, { recursive: true });
}

/**
 * Fills `dataDir` (not existing yet) with the demo as seeded today, for a server started on it
 * with the test password hashing; its `seed: 'demo'` then finds the demo there.
 */
export async function copySeededDemo(dataDir: string): Promise<SeededFolder> {
  const seeded = await seededDemoFolder(vietnamDay(new Date()));
  await copyDataFolder(seeded.dataDir, dataDir);
  return seeded;
}

/**
 * The demo server of one file: on a copy of the worker's seeded folder, with the seed's signing
 * keys pointing into that copy. A server on its own clock (`now`) or its own storage is seeded
 * from scratch, as the seed depends on them.
 */
async function startDemoServer(dataDir: string, options: DemoAppOptions['server'] = {}): Promise<DemoServer> {
  const base = { passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, port: 0, seed: 'demo' as const, logger: false };
  if (options.now || options.database || options.blobStore) return startServer({ ...base, ...options, dataDir });
  const seeded = await copySeededDemo(dataDir);
  const server = await startServer({ ...base, ...options, dataDir });
  const moved = (file: string) => path.join(dataDir, path.relative(seeded.dataDir, file));
  const keys = seeded.demo.signingKeys;
  server.demo ??= {
    ...seeded.demo,
    signingKeys: { ...keys, dir: moved(keys.dir), caFile: moved(keys.caFile), p12Files: Object.fromEntries(Object.entries(keys.p12Files).map(([u, f]) => [u, moved(f)])) },
  };
  return server;
}

export async function startDemoApp(prefix: string, opts: DemoAppOptions = {}): Promise<DemoApp> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  await mkdir(SCREENSHOTS, { recursive: true });
  const server = await startDemoServer(path.join(tmp, 'server'), opts.server);
  let serverRunning = true;
  const [built, launched] = await Promise.allSettled([prepareRenderer(), sharedChromium()]);
  if (built.status === 'rejected' || launched.status === 'rejected') {
    await server.close();
    await rm(tmp, { recursive: true, force: true });
    throw built.status === 'rejected' ? built.reason : (launched as PromiseRejectedResult).reason;
  }
  const rendererDir = built.value;
  const browser = launched.value;
  const sides: Side[] = [];
  const audit = opts.a11y === false ? null : new A11yAudit();

  async function open(name: string, o: SideOptions = {}): Promise<Side> {
    const services = await createClientServices({ dataDir: path.join(tmp, name), defaultServerUrl: server.url, documentUrl: browserDocumentUrl, mode: 'browser', version: '0.0.0-e2e', prefetchDocuments: opts.prefetchDocuments ?? false });
    const host = await startBrowserHost({ services, rendererDir, port: 0 });
    const context = await browser.newContext({ viewport: o.viewport ?? { width: 1280, height: 1000 }, locale: 'vi-VN', reducedMotion: 'reduce', acceptDownloads: o.acceptDownloads ?? false });
    context.setDefaultTimeout(UI_DEADLINE_MS);
    const page = await context.newPage();
    watchPageOnFailure(name, page);
    page.on('pageerror', (e) => console.error(`[${name} page error]`, e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[${name} console]`, m.text());
    });
    if (o.acceptDialogs) page.on('dialog', (d) => void d.accept());
    // Screens are told apart by role: a member's meeting page is not the secretary's.
    let role = 'signed-out';
    // A screen just scanned in a named state is not scanned again, unnamed, when it is left.
    let scannedUrl: string | null = null;

    const side: Side = {
      name,
      services,
      host,
      context,
      page,
      call: (method, input = {}) => callBridge(services, method, input),
      async goto(route) {
        const target = new URL(`/#${route}`, host.origin).href;
        // The screen being left has been used by the test, so it is fully drawn: scan it now.
        // Going to the screen one is on leaves nothing (the page stays): it is scanned when left.
        if (page.url().startsWith(host.origin) && sameRoute(page.url(), target)) await page.goto(target);
        else {
          await side.checkA11y();
          await page.goto(target);
        }
        // A new screen replaces the one shown once it can show (a route is a transition): until
        // then the screen left is still there, with the same test ids when it is of the same kind.
        // Waits for the screen of the address the app is at (which may have moved on by itself).
        await page.waitForFunction(() => {
          const g = globalThis as unknown as { location: { hash: string }; document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } };
          const shell = g.document.querySelector('.app-shell');
          return !shell || shell.getAttribute('data-route') === g.location.hash;
        });
      },
      async checkA11y(state) {
        if (!audit || page.isClosed() || !page.url().startsWith(host.origin)) return;
        const url = page.url();
        if (!state && url === scannedUrl) return;
        scannedUrl = url;
        await audit.check(page, `${role} ${screenOf(url)}${state ? ` (${state})` : ''}`);
      },
      async signIn(username, password = demoContent.password) {
        const startedAt = Date.now();
        await page.getByTestId('login-username').waitFor({ state: 'visible' });
        await side.checkA11y();
        await page.getByTestId('login-username').fill(username);
        await page.getByTestId('login-password').fill(password);
        await page.getByTestId('login-submit').click();
        await page.getByTestId('user-box').waitFor({ state: 'visible' });
        // Signing in starts the first sync in the background; the screen shows the user before
        // the cache is filled. Tests that read the cache (users, meetings) wait for that sync.
        await waitFor(
          async () => {
            const { lastSyncAt } = await side.call('sync.status');
            return lastSyncAt !== null && Date.parse(lastSyncAt) >= startedAt;
          },
          undefined,
          `the first sync of ${username}`,
        );
        role = (await side.call('session.current'))?.user.role ?? 'signed-out';
        scannedUrl = null;
      },
    };
    sides.push(side);
    sideOfPage.set(page, side);
    await page.goto(host.url);
    return side;
  }

  async function signIn(name: string, username: string, o: SideOptions = {}): Promise<Side> {
    const side = await open(name, o);
    await side.signIn(username);
    return side;
  }

  async function stopServer(): Promise<void> {
    if (!serverRunning) return;
    serverRunning = false;
    await server.close();
  }

  async function close(): Promise<void> {
    // Each person's last screen, then clean up whatever it found; a finding fails the file.
    const findings: unknown[] = [];
    for (const s of sides) await s.checkA11y().catch((e: unknown) => findings.push(e));
    // Each person's machine shuts down on its own, side by side.
    const closed = await Promise.allSettled(
      sides.map(async (s) => {
        await s.context.close().catch(() => {});
        await s.host.close();
        await s.services.close();
      }),
    );
    await stopServer();
    await rm(tmp, { recursive: true, force: true });
    for (const c of closed) if (c.status === 'rejected') findings.push(c.reason);
    if (findings.length === 1) throw findings[0];
    if (findings.length > 1) throw new AggregateError(findings, findings.map((f) => (f instanceof Error ? f.message : String(f))).join('\n'));
  }

  return { tmp, server, browser, open, signIn, stopServer, close };
}

/** Whether two URLs of the app show the same route (`#/meetings`, `#/` and no hash are the meeting list). */
function sameRoute(a: string, b: string): boolean {
  const route = (url: string) => new URL(url).hash.replace(/^#/, '').split('?', 1)[0].replace(/\/+$/, '') || '/meetings';
  return route(a) === route(b) && new URL(a).hash.split('?')[1] === new URL(b).hash.split('?')[1];
}

/** Opens a document in the reader and waits until its first page is drawn with its text layer. */
export async function openDocument(page: Page, id: string): Promise<void> {
  await page.goto(new URL(`/#/documents/${id}`, new URL(page.url()).origin).href);
  await page.locator('[data-testid="pdf-page"][data-rendered="true"]').first().waitFor({ state: 'visible' });
  await page.locator('[data-testid="pdf-text-layer"] span').first().waitFor({ state: 'attached' });
  await sideOfPage.get(page)?.checkA11y();
}
