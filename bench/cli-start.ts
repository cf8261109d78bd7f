/**
 * How fast the `ecabinet` command answers and the app shows its first screen, each measure next
 * to a baseline run alternately in the same run (medians, min/max, ≥ 7 runs each):
 * - `ecabinet --help` against `node -e 0` (Node's own start);
 * - `ecabinet app --browser` until the launch URL is printed, against a bare Node HTTP server
 *   printing its URL;
 * - launch URL → meeting list visible: `ecabinet app --browser` on a signed-in data folder (demo
 *   server, one member, synced once), from the URL printed to the first meeting card shown in
 *   Chromium, against a bare Node HTTP server serving a static page that fetches the same meeting
 *   list as JSON and draws it (from its URL printed to its first card shown, same Chromium); the
 *   link opened as a new tab on it, as a click on the printed link does; first in a new browser
 *   profile (nothing cached: the first launch), then again as a later launch (the same browser
 *   opened the app before at the same address, as the fixed default port gives day after day);
 *   and (`list-year`) first launches again with a year of meetings in the member's cache (900
 *   earlier ones: the list reads and draws a page of them; the static page draws as many cards);
 * - `ecabinet verify` of a ~10.8 MB, 1,098-page signed PDF against poppler's `pdfsig` on it.
 *   The PDF is made here: the sample PDFs concatenated with qpdf (copies, so qpdf keeps every
 *   page's objects), signed with `ecabinet sign` and a throw-away openssl key.
 * BENCH_CLI_START=help,app,list,list-year,verify picks some of them (all by default); BENCH_CLI_START_TRACE=1
 * prints each run's phases; BENCH_CLI_START_PROFILE=DIR profiles one more start (see PROFILE_DIR);
 * BENCH_CLI_START_CHROME_TRACE=DIR traces one more of each in Chromium (see CHROME_TRACE_DIR);
 * BENCH_CLI_START_AGAINST=DIR compares two builds (see AGAINST). Needs `npm run build` first.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../shared/api';
import { demoContent } from '../server/demo/content';
import { startServer } from '../server/index';
import { launchChromium } from '../tests/helpers/browser';
import { freePort } from '../tests/helpers/free-port';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../tests/helpers/fast-password-hashing';
import { login, pushOk } from '../tests/server/helpers';
import { MEETINGS_PAGE } from '../shared/rules/meetings';
import { startTracing, summariseTrace } from './lib/chrome-trace';
import { printTop } from './lib/cpu-profile';
import { medianRow, report, type BenchRow } from './lib/report';
import { samplesDir } from './lib/samples';

const BENCH = 'cli-start';
const root = process.cwd();
const bin = path.join(root, 'bin', 'ecabinet.cjs');
/**
 * BENCH_CLI_START_AGAINST=/path/to/another/checkout (built, with its node_modules): the list rows'
 * baseline is that checkout's app instead of the static page, on a copy of the same signed-in
 * data folder (each build keeps its own code cache there): an A/B of a change in one run, when
 * the machine's speed moves between runs more than the change does.
 */
const AGAINST = process.env.BENCH_CLI_START_AGAINST ? path.join(path.resolve(process.env.BENCH_CLI_START_AGAINST), 'bin', 'ecabinet.cjs') : null;
/** With BENCH_CLI_START_PROFILE, BENCH_RUNS=0 skips the measured runs (only the profiled start). */
const RUNS = (process.env.BENCH_CLI_START_PROFILE || process.env.BENCH_CLI_START_CHROME_TRACE) && process.env.BENCH_RUNS === '0' ? 0 : Math.max(7, Number(process.env.BENCH_RUNS ?? 9));
const parts = new Set((process.env.BENCH_CLI_START ?? 'help,app,list,list-year,verify').split(','));

/** Wall time of a command run to its end. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const elapsed = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

interface Launched {
  /** From spawn to the URL printed. */
  ms: number;
  url: string;
  /** performance.now() when the URL was printed. */
  printedAt: number;
  /** Date.now() when the URL was printed (to place the page's own timings). */
  printedAtEpoch: number;
  /** Ends the whole process group and waits for it; `gently`: SIGTERM first (the app closes its cache). */
  stop(gently?: boolean): Promise<void>;
}

/** Starts a process (its own process group) and resolves once it prints an http://127.0.0.1 URL. */
function launch(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Launched> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, s);
      } catch {
        /* already gone */
      }
    };
    const stop = async (gently = false) => {
      signal(gently ? 'SIGTERM' : 'SIGKILL');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    };
    let out = '';
    let found = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\S*/.exec(out);
      if (!found && m) {
        found = true;
        const printedAt = performance.now();
        resolve({ ms: printedAt - t, url: m[0], printedAt, printedAtEpoch: Date.now(), stop });
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => found || reject(new Error(`no URL printed: ${out}`)));
  });
}

async function timeToUrl(cmd: string, args: string[]): Promise<number> {
  const l = await launch(cmd, args);
  await l.stop();
  return l.ms;
}

/** Runs ours and the baseline alternately (a warm-up of each first), RUNS times each. */
async function pair(ours: () => number | Promise<number>, baseline: () => number | Promise<number>) {
  const a: number[] = [];
  const b: number[] = [];
  await ours();
  await baseline();
  for (let i = 0; i < RUNS; i++) {
    a.push(await ours());
    b.push(await baseline());
  }
  return { ours: a, baseline: b };
}

/**
 * The static page of the baseline: fetch the list as JSON, draw one card per meeting, at most as
 * many as ours draws at first (today's, then MEETINGS_PAGE upcoming and as many past).
 */
const STATIC_LIST_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>list</title><link rel="icon" href="data:,"></head>
<body><main id="list"></main><script>
fetch('/meetings.json').then((r) => r.json()).then((meetings) => {
  const list = document.getElementById('list');
  for (const m of meetings.slice(0, ${2 * MEETINGS_PAGE + 1})) {
    const card = document.createElement('a');
    card.dataset.testid = 'meeting-card';
    card.href = '#/meetings/' + m.id;
    card.textContent = m.title;
    list.append(card);
  }
});
</script></body></html>`;

/**
 * The `list-year` part: the member has this many earlier meetings besides the demo's (a year of a
 * city committee's is ~900; BENCH_CLI_START_MEETINGS), each with its chair, him and an agenda
 * item, published by the secretary before his first sign-in; first launches only.
 */
const YEAR_OF_MEETINGS = Number(process.env.BENCH_CLI_START_MEETINGS ?? 900);

async function addEarlierMeetings(server: Awaited<ReturnType<typeof startServer>>, member: string, count: number): Promise<void> {
  const users = await server.db.selectFrom('users').select(['id', 'username']).execute();
  const id = (username: string) => users.find((u) => u.username === username)!.id;
  const token = (await login(server.url, 'thuky', demoContent.password)).accessToken;
  let batch: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    const meetingId = randomUUID();
    const startsAt = new Date(Date.now() - (i + 3) * 8 * 3600_000);
    batch.push(
      { id: randomUUID(), kind: 'meeting.upsert', args: { id: meetingId, title: `Phiên họp thường kỳ số ${count - i}`, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(), location: 'Phòng họp số 1', status: 'draft', chairId: id('chutich') } },
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId, userId: id('chutich'), role: 'chair' } },
      { id: randomUUID(), kind: 'participant.upsert', args: { id: randomUUID(), meetingId, userId: id(member), role: 'member' } },
      { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: randomUUID(), meetingId, position: 1, title: 'Nội dung 1', presenterId: null, presenterLabel: '', plannedMinutes: 30 } },
      { id: randomUUID(), kind: 'meeting.publish', args: { meetingId } },
    );
    if (batch.length >= 100) {
      await pushOk(server.url, token, ...batch);
      batch = [];
    }
  }
  if (batch.length) await pushOk(server.url, token, ...batch);
}

/** A bare Node server for the static page and the JSON (read from a file at start: a year of meetings is too long for an argument), as a process of its own like the app. */
function staticListServer(meetingsFile: string, port = 0): string {
  return `const page = ${JSON.stringify(STATIC_LIST_PAGE)}; const json = require('fs').readFileSync(${JSON.stringify(meetingsFile)});
require('http').createServer((q, s) => {
  if (q.url === '/meetings.json') s.writeHead(200, { 'content-type': 'application/json' }).end(json);
  else s.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
}).listen(${port}, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port + '/'); });`;
}

/** BENCH_CLI_START_TRACE=1: each run's phases (ms after the URL was printed) on stderr. */
const TRACE = Boolean(process.env.BENCH_CLI_START_TRACE);

/** Where the page's time went: navigation, each script and bridge call (start→end), first paint. */
async function pagePhases(page: Page, printedAtEpoch: number): Promise<string> {
  const entries = await page.evaluate(() => {
    const short = (name: string) => new URL(name).pathname.replace(/^\/assets\//, '').replace(/-[\w-]{8}\.js$/, '.js');
    // Node's types know no page timings: the fields read are named here.
    type Timing = { name: string; startTime: number; responseEnd: number; requestStart: number; domInteractive: number };
    const byType = (type: string) => (performance.getEntriesByType as (t: string) => unknown[])(type) as Timing[];
    const nav = byType('navigation')[0];
    const rows: [string, number, number][] = [
      ['html', nav.requestStart, nav.responseEnd],
      ['domInteractive', nav.domInteractive, nav.domInteractive],
    ];
    for (const r of byType('resource')) rows.push([short(r.name), r.startTime, r.responseEnd]);
    for (const p of byType('paint')) rows.push([p.name, p.startTime, p.startTime]);
    // The app's own marks (renderer/src/boot-marks.ts).
    for (const m of byType('mark')) rows.push([m.name, m.startTime, m.startTime]);
    rows.sort((x, y) => x[1] - y[1]);
    return { timeOrigin: performance.timeOrigin, rows };
  });
  const at = (t: number) => Math.round(entries.timeOrigin + t - printedAtEpoch);
  return entries.rows.map(([name, s, e]) => (s === e ? `${name}@${at(s)}` : `${name} ${at(s)}→${at(e)}`)).join(', ');
}

/**
 * BENCH_CLI_START_PROFILE=/tmp/dir: after the measured runs, one more start of ours, profiled —
 * the page's main thread (Chromium's CPU profile, `page.cpuprofile`) and every Node process of the
 * app (bench/lib/cpu-prof-preload.cjs: the host and the services, `node/*.cpuprofile`, written as
 * they exit) —
 * and the functions with the most self time printed for each. Not part of the figures.
 */
const PROFILE_DIR = process.env.BENCH_CLI_START_PROFILE;

/**
 * BENCH_CLI_START_CHROME_TRACE=/tmp/dir: after the measured runs, one more start of ours and of
 * the static page, each under a Chromium trace (every process: `ours.trace.json`,
 * `static.trace.json`, for DevTools' performance panel or Perfetto), and a summary of each printed:
 * the requests, navigation steps and paints from the navigation's start to the first card drawn,
 * and what each busy thread ran. The page marks `list-shown` when the first card is added and
 * `list-drawn` after the next frame (an observer added for the traced run only).
 */
const CHROME_TRACE_DIR = process.env.BENCH_CLI_START_CHROME_TRACE;

/** Marks the first card's arrival and the frame after it, for the traced runs. */
const MARK_FIRST_CARD = `(() => {
  const seen = () => document.querySelector('[data-testid="meeting-card"]');
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    performance.mark('list-shown');
    requestAnimationFrame(() => setTimeout(() => performance.mark('list-drawn'), 0));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/**
 * How the link is opened: 'tab' (default), a new tab on its URL, as a click on the printed link
 * opens it; 'goto', a blank tab navigated to it (BENCH_CLI_START_OPEN=goto; also when profiling).
 * For our page, which sends Cross-Origin-Opener-Policy, the blank tab's renderer cannot take it
 * and Chromium starts another once the answer is in; a new tab starts its renderer while the
 * page is asked for (it is started again for our page too, but sooner).
 */
const OPEN_BY = process.env.BENCH_CLI_START_OPEN === 'goto' ? 'goto' : 'tab';

/** The Chromium id of each browser context made here (Target.createTarget needs it). */
const contextIds = new WeakMap<BrowserContext, string>();

/** A new browser context, its Chromium id noted (the one that was not there before). */
async function newContext(browser: Browser): Promise<BrowserContext> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const before = new Set((await cdp.send('Target.getBrowserContexts')).browserContextIds);
    const context = await browser.newContext(CONTEXT_OPTIONS);
    const made = (await cdp.send('Target.getBrowserContexts')).browserContextIds.filter((id) => !before.has(id));
    if (made.length !== 1) throw new Error(`expected one new browser context, found ${made.length}`);
    contextIds.set(context, made[0]);
    return context;
  } finally {
    await cdp.detach();
  }
}

/** A new tab of `context` opened on `url` (Chromium's Target.createTarget, as for a link from another program). */
async function openInNewTab(browser: Browser, context: BrowserContext, url: string): Promise<Page> {
  const browserContextId = contextIds.get(context);
  if (!browserContextId) throw new Error('a context made by newContext() is needed');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const opened = context.waitForEvent('page');
    await cdp.send('Target.createTarget', { url, browserContextId });
    return await opened;
  } finally {
    await cdp.detach();
  }
}

/**
 * From a launch URL printed to the first meeting card visible, in a fresh browser context (the
 * first launch in this browser), or in `kept`, a context that opened the app before (its cache).
 */
async function urlToList(browser: Browser, l: Launched, label = 'ours', profile = false, trace = false, kept?: BrowserContext): Promise<number> {
  const context = kept ?? (await newContext(browser));
  let page: Page | undefined;
  try {
    if (trace) await context.addInitScript(MARK_FIRST_CARD);
    const tracing = trace ? await startTracing(browser) : null;
    let cdp: CDPSession | null = null;
    if (profile || OPEN_BY === 'goto') {
      // The profiler is started in the tab before the page: a blank tab navigated to the link.
      page = await context.newPage();
      cdp = profile ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      await page.goto(l.url);
    } else {
      page = await openInNewTab(browser, context, l.url);
    }
    await page.locator('[data-testid="meeting-card"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    const ms = performance.now() - l.printedAt;
    if (tracing && CHROME_TRACE_DIR) {
      await page.waitForFunction(() => performance.getEntriesByName('list-drawn').length > 0);
      const events = await tracing.stop(path.join(CHROME_TRACE_DIR, `${label}.trace.json`));
      console.error(`--- ${label} (traced): ${Math.round(ms)} ms from the URL printed\n${summariseTrace(events, { urlPrefix: new URL(l.url).origin, endMark: 'list-drawn' })}`);
    }
    if (TRACE || profile || trace) console.error(`${label}: ${Math.round(ms)} ms  ${await pagePhases(page, l.printedAtEpoch)}`);
    if (cdp && PROFILE_DIR) {
      const { profile: p } = await cdp.send('Profiler.stop');
      const file = path.join(PROFILE_DIR, 'page.cpuprofile');
      writeFileSync(file, JSON.stringify(p));
      printTop(p as unknown as Parameters<typeof printTop>[0], file);
    }
    return ms;
  } finally {
    if (kept) await page?.close();
    else await context.close();
    await l.stop(true);
  }
}

const CONTEXT_OPTIONS = { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' };

/**
 * launch URL → meeting list, ours and the static page. The member signs in once through the
 * login screen and the first sync fills his cache; every measured start then shows the list
 * from the cache (the server stays up, as it would).
 */
async function launchToList(dir: string, earlier = 0): Promise<BenchRow[]> {
  mkdirSync(dir, { recursive: true });
  const server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, port: 0, seed: 'demo', logger: false, dataDir: path.join(dir, 'server') });
  const browser = await launchChromium();
  try {
    const appData = path.join(dir, 'list-client');
    const appArgs = [bin, 'app', '--browser', '--port', '0', '--data', appData, '--server', server.url];
    const member = demoContent.users.find((u) => u.role === 'member')!;
    if (earlier > 0) await addEarlierMeetings(server, member.username, earlier);
    // Sign in once; keep the list the app shows as the baseline's JSON.
    const first = await launch(process.execPath, appArgs);
    const meetingsFile = path.join(dir, 'meetings.json');
    const context = await browser.newContext({ locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(first.url);
      await page.getByTestId('login-username').fill(member.username);
      await page.getByTestId('login-password').fill(demoContent.password);
      await page.getByTestId('login-submit').click();
      await page.locator('[data-testid="meeting-card"]').first().waitFor({ state: 'visible', timeout: 120_000 });
      await page.waitForFunction(
        async () => ((await (globalThis as any).ecabinet.invoke('sync.status', {})) as { lastSyncAt: string | null }).lastSyncAt !== null,
        undefined,
        { timeout: 120_000, polling: 200 },
      );
      writeFileSync(meetingsFile, JSON.stringify(await page.evaluate(() => (globalThis as any).ecabinet.invoke('meetings.list', {}))));
    } finally {
      await context.close();
      await first.stop(true);
    }
    const againstArgs = AGAINST ? [AGAINST, ...appArgs.slice(1).map((a) => (a === appData ? `${appData}-against` : a))] : [];
    if (AGAINST) cpSync(appData, `${appData}-against`, { recursive: true });
    const times = RUNS === 0 ? null : await pair(
      async () => urlToList(browser, await launch(process.execPath, appArgs)),
      AGAINST
        ? async () => urlToList(browser, await launch(process.execPath, againstArgs), 'against')
        : async () => urlToList(browser, await launch(process.execPath, ['-e', staticListServer(meetingsFile)]), 'static'),
    );
    // A later launch, as on a member's computer day after day: the same browser opened the app
    // before, at the same address (the app's port is fixed by default), so its cache has the
    // app's scripts (named by content, kept) and Chromium the code it compiled from them. The
    // static page likewise, each in a browser context of its own.
    let later: { ours: number[]; baseline: number[] } | null = null;
    if (RUNS > 0 && earlier === 0 && !AGAINST) {
      const [ourPort, staticPort] = [await freePort(), await freePort()];
      const laterArgs = [...appArgs.slice(0, appArgs.indexOf('--port') + 1), String(ourPort), ...appArgs.slice(appArgs.indexOf('--port') + 2)];
      const ourContext = await newContext(browser);
      const staticContext = await newContext(browser);
      try {
        later = await pair(
          async () => urlToList(browser, await launch(process.execPath, laterArgs), 'ours (later launch)', false, false, ourContext),
          async () => urlToList(browser, await launch(process.execPath, ['-e', staticListServer(meetingsFile, staticPort)]), 'static (later launch)', false, false, staticContext),
        );
      } finally {
        await ourContext.close();
        await staticContext.close();
      }
    }
    if (CHROME_TRACE_DIR) {
      mkdirSync(CHROME_TRACE_DIR, { recursive: true });
      await urlToList(browser, await launch(process.execPath, appArgs), 'ours', false, true);
      await urlToList(browser, await launch(process.execPath, ['-e', staticListServer(meetingsFile)]), 'static', false, true);
    }
    if (PROFILE_DIR) {
      const nodeDir = path.join(PROFILE_DIR, 'node');
      mkdirSync(nodeDir, { recursive: true });
      const preload = path.join(root, 'bench', 'lib', 'cpu-prof-preload.cjs');
      const env = { ...process.env, BENCH_NODE_CPU_PROF_DIR: nodeDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() };
      const l = await launch(process.execPath, appArgs, env);
      // CLOCK_MONOTONIC, as the profiles' timestamps (µs): where the URL was printed in them.
      console.error(`launch URL printed at ${process.hrtime.bigint() / 1000n - BigInt(Math.round((performance.now() - l.printedAt) * 1000))} µs (monotonic)`);
      await urlToList(browser, l, 'ours (profiled)', true);
      for (const name of readdirSync(nodeDir).filter((f) => f.endsWith('.cpuprofile'))) {
        const file = path.join(nodeDir, name);
        printTop(JSON.parse(readFileSync(file, 'utf8')), file);
      }
    }
    if (!times) return [];
    if (AGAINST) return [medianRow(BENCH, `launch URL → meeting list visible${earlier > 0 ? `, ${earlier} earlier meetings` : ''} | the build in ${path.dirname(path.dirname(AGAINST))}`, 'ms', times.ours, times.baseline, '≤ 400 ms')];
    return [
      earlier > 0
        ? medianRow(BENCH, `launch URL → meeting list visible, ${earlier} earlier meetings | static page fetching the same JSON`, 'ms', times.ours, times.baseline, '≤ 400 ms')
        : medianRow(BENCH, 'launch URL → meeting list visible | static page fetching the same JSON', 'ms', times.ours, times.baseline, '≤ 400 ms'),
      ...(later ? [medianRow(BENCH, 'later launch (browser has the app cached) → meeting list visible | static page, same', 'ms', later.ours, later.baseline, '≤ 400 ms')] : []),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

function bigSignedPdf(dir: string, samples: string): string {
  const parts: string[] = [];
  for (let i = 0; i < 3; i++) {
    for (const name of ['freeculture.pdf', 'tracemonkey.pdf']) {
      const copy = path.join(dir, `${i}-${name}`);
      copyFileSync(path.join(samples, name), copy);
      parts.push(copy);
    }
  }
  // Three books then three papers: 3 × 352 + 3 × 14 = 1,098 pages.
  const ordered = [...parts.filter((p) => p.includes('freeculture')), ...parts.filter((p) => p.includes('tracemonkey'))];
  const big = path.join(dir, 'big.pdf');
  execFileSync('qpdf', ['--empty', '--pages', ...ordered, '--', big]);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '30', '-subj', '/CN=Bench Signer'], { stdio: 'ignore' });
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', path.join(dir, 'key.pem'), '-in', path.join(dir, 'cert.pem'), '-out', path.join(dir, 'signer.p12'), '-passout', 'pass:bench']);
  const signed = path.join(dir, 'big-signed.pdf');
  execFileSync(process.execPath, [bin, 'sign', '--p12', path.join(dir, 'signer.p12'), '--password-env', 'BENCH_P12', big, signed], { env: { ...process.env, BENCH_P12: 'bench' }, stdio: 'ignore' });
  return signed;
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'cli.cjs'))) throw new Error('run npm run build first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-cli-start-'));
  const rows: BenchRow[] = [];
  try {
    if (parts.has('help')) {
      const help = await pair(
        () => timed(process.execPath, [bin, '--help']),
        () => timed(process.execPath, ['-e', '0']),
      );
      rows.push(medianRow(BENCH, 'ecabinet --help | node -e 0', 'ms', help.ours, help.baseline, '≤ 150 ms'));
    }
    if (parts.has('app')) {
      const appData = path.join(dir, 'app-data');
      const bareServer = "require('http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port + '/'); })";
      const app = await pair(
        () => timeToUrl(process.execPath, [bin, 'app', '--browser', '--port', '0', '--data', appData, '--server', 'http://127.0.0.1:9']),
        () => timeToUrl(process.execPath, ['-e', bareServer]),
      );
      rows.push(medianRow(BENCH, 'app --browser → launch URL printed | bare Node HTTP server → URL', 'ms', app.ours, app.baseline, '≤ 300 ms'));
    }
    if (parts.has('list')) {
      rows.push(...(await launchToList(dir)));
    }
    if (parts.has('list-year') && YEAR_OF_MEETINGS > 0) {
      rows.push(...(await launchToList(path.join(dir, 'year'), YEAR_OF_MEETINGS)));
    }
    if (parts.has('verify')) {
      const samples = samplesDir();
      const pdf = bigSignedPdf(dir, samples);
      const pages = execFileSync('qpdf', ['--show-npages', pdf], { encoding: 'utf8' }).trim();
      const verify = await pair(
        () => timed(process.execPath, [bin, 'verify', pdf, '--trust', path.join(dir, 'cert.pem')]),
        () => timed('pdfsig', [pdf]),
      );
      rows.push(medianRow(BENCH, `ecabinet verify | pdfsig (${(statSync(pdf).size / 1e6).toFixed(1)} MB, ${pages} pages)`, 'ms', verify.ours, verify.baseline, '≤ 3×'));
    }
    console.log(`wall time from spawn (URL printed for the list); ${RUNS} alternating runs each`);
    report(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
