/**
 * Reader performance on a 350-page PDF (Free Culture, 352 pages): time to the first rendered
 * page, time to page 300 after jumping there with each viewer's own "go to page" (once both know
 * every page's size and have settled: by then each has prepared what it prepares ahead while idle,
 * pdf.js's viewer the page after the ones in view, by drawing it; ours the eight after them, whose
 * fonts pdf.js's worker then has: renderer/src/pdf/warm-pages.ts), a full scroll sweep (long
 * frames, canvases held),
 * and peak memory (JS heap from CDP Performance.getMetrics, plus canvas bitmaps alive in the
 * page), measured in the SAME Chromium run for our reader and for pdf.js's own PDFViewer
 * (pdfjs-dist/web/pdf_viewer.mjs) on the same file from the same local server; and reopening the
 * document at a saved reading position (page 300: ours through `initialPosition`, as the document
 * screen passes the stored position; pdf.js's viewer setting its page at `pagesinit`, and again
 * once every page's size is known, as its app restores its view history) until that page is
 * drawn. ≥ 7 alternating runs, min/median/max.
 *
 * First page and reopen are timed two ways, each on a fresh page (new browser context, nothing
 * cached), treating both viewers the same:
 * - "from navigation": performance.now() = 0 at navigation, so the time includes loading each
 *   page's code (ours: React, i18n and its catalogues, the reader; pdf.js's: pdf_viewer.mjs),
 *   the pdf.js worker and the document;
 * - "from document open" (?defer=1): the page first loads its code and gets its viewer ready
 *   (ours: i18n set up, React's root committed with no reader in it, as the app is before a
 *   document is opened; pdf.js's: its PDFViewer built, as its app does at start-up), the bench
 *   waits for the page to be idle, then calls `__bench.openNow(page | null)`, which sets the
 *   origin and opens the document (ours: mounts PdfViewer, as the document screen does;
 *   pdf.js's: getDocument + setDocument, as its app's open()).
 * And opening the document again within the session (?defer=1, opened at page 300, closed, opened
 * again: see measureOpenAgain), until page 300 is shown (ours shows the page's last picture at the
 * saved place at once, see renderer/src/pdf/page-pictures.ts) and until it is drawn: what a
 * reader waits for when he goes back to a document from the running app (target ≤ 150 ms).
 * In both modes both viewers start their pdf.js worker with their code and open the document
 * on it: ours keeps one worker for every document (renderer/src/pdf/pdfjs.ts); pdf.js's viewer is
 * given a PDFWorker made the same way at load (bench/reader/pdfjs-global.ts; its own app would
 * start one per document unless given a worker port).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { build, loadConfigFromFile, type PluginOption } from 'vite';
import { launchChromium } from '../tests/helpers/browser';
import { startTracing, summariseTrace } from './lib/chrome-trace';
import { printHeapComparison } from './lib/heap-snapshot';
import { medianRow, report } from './lib/report';
import { samplesDir } from './lib/samples';

// Run from the project root (scripts/run-bench.mjs does).
const root = process.cwd();
const sample = process.env.BENCH_PDF ?? path.join(samplesDir(root), 'freeculture.pdf');
const outDir = path.join(root, 'dist/bench/reader-pages');
const pdfjsDir = path.join(root, 'node_modules/pdfjs-dist');
const TARGET_PAGE = 300;
/** BENCH_RUNS: alternating runs (default 7; fewer only to try the bench out, the targets need ≥ 7). */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const BENCH = 'reader-render';
/** BENCH_SWEEP=0 skips the whole-document scroll sweep (its three rows; about a minute per run), not a target. */
const SWEEP = process.env.BENCH_SWEEP !== '0';
/**
 * BENCH_READER_ONLY=reopen,open,again: only some of the extra page loads of each run (the first
 * load, first page / jump / heap, always runs): reopen from navigation, first page and reopen
 * from document open, open again in the session. Rows without samples are left out.
 */
const ONLY = process.env.BENCH_READER_ONLY ? new Set(process.env.BENCH_READER_ONLY.split(',')) : null;
const part = (name: string) => !ONLY || ONLY.has(name);
/**
 * BENCH_READER_TRACE=1: prints, for each first load, when each viewer's scripts and the PDF
 * arrived, its marks (performance.mark) and paints, in ms from navigation, and the first page's time.
 */
const TRACE = process.env.BENCH_READER_TRACE === '1';
/**
 * BENCH_READER_CHROME_TRACE=DIR: after the runs, one more first load of each viewer traced in
 * Chromium (every process and thread: `ours.trace.json`, `baseline.trace.json` for DevTools or
 * Perfetto), and what each busy thread, pdf.js's worker included, ran until page 1 was drawn.
 */
const CHROME_TRACE_DIR = process.env.BENCH_READER_CHROME_TRACE;
/** Generous limits: on a loaded machine a page can take long to draw; the bench waits for the state, it does not time it out. */
const WAIT_MS = 180_000;
/**
 * Opening at page 300 (the reopen rows): pdf.js's viewer sometimes never draws that page (it lands
 * beside it once its pages' real sizes arrive, and its queue pauses it); a minute tells such a run
 * from a slow one without spending three on it.
 */
const REOPEN_WAIT_MS = 60_000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.icc': 'application/octet-stream',
};

/** Static files: the built pages, pdf.js data files under /pdfjs/, the sample at /sample.pdf (with Range). */
function serve(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file: string;
    if (url.pathname === '/sample.pdf') file = sample;
    else if (url.pathname.startsWith('/pdfjs/')) file = path.join(pdfjsDir, url.pathname.slice('/pdfjs/'.length));
    else file = path.join(outDir, url.pathname);
    if (!file.startsWith(pdfjsDir) && !file.startsWith(outDir) && file !== sample) return void res.writeHead(403).end();
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return void res.writeHead(404).end();
      const headers: Record<string, string | number> = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'accept-ranges': 'bytes' };
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), st.size - 1) : st.size - 1;
        res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${st.size}`, 'content-length': end - start + 1 });
        fs.createReadStream(file, { start, end }).pipe(res);
      } else {
        res.writeHead(200, { ...headers, 'content-length': st.size });
        fs.createReadStream(file).pipe(res);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Figures {
  firstPageMs: number;
  page300Ms: number;
  sweepMs: number;
  longFrames: number;
  peakHeap: number;
  peakCanvas: number;
  scale: number;
  reopenMs: number;
  /** ?defer=1: from `openNow` (document open) to the first page / the saved page drawn. */
  firstOpenMs: number;
  reopenOpenMs: number;
  /** ?defer=1, opened at page 300, closed, opened again on the same page: until page 300 is shown (ours: its last picture), and drawn. */
  againShownMs: number;
  againDrawnMs: number;
}

/**
 * BENCH_HEAP_SNAPSHOT=DIR: a heap snapshot of each viewer's first measured load, at its end
 * (`ours.heapsnapshot`, `baseline.heapsnapshot`, for DevTools' Memory tab), and what ours holds
 * more of, printed after the table (bench/lib/heap-snapshot.ts).
 */
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT;
const snapshotsTaken = new Set<string>();

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/**
 * Our page loaded from navigation is the app opened on a document (a reload on the reader, a link
 * from a notification): its address says so, as the app's does, so the boot script it shares with
 * the app (renderer/src/pdf/early-worker-boot.ts, emitted by the renderer's build) starts pdf.js's
 * worker while the page's code downloads. Loads "from document open" (?defer=1) are an app already
 * running, opened on no document. The baseline's page reads no address.
 */
const onDocument = (url: string) => (url.includes('/ours.html') ? `${url}#/documents/sample` : url);

/** Loads one viewer page and measures it; memory is sampled every 50 ms throughout. */

async function measure(page: Page, url: string): Promise<Figures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakHeap = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakHeap = Math.max(peakHeap, await heapUsed(cdp).catch(() => 0));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await page.goto(onDocument(url), { timeout: WAIT_MS });
  await page.waitForFunction(() => (globalThis as any).__bench !== undefined, undefined, { timeout: WAIT_MS });
  // First page: from navigation start (performance.now() = 0 at navigation).
  const firstPageMs = await page.evaluate(async (limit) => {
    const b = (globalThis as any).__bench;
    b.since = 0;
    return b.waitRendered(1, limit);
  }, WAIT_MS);
  if (TRACE) {
    // In the page: the browser's performance timeline (typed here as Node's, which has no 'paint').
    const entries = await page.evaluate(() => {
      const entriesOf = (type: string): { name: string; startTime: number; responseEnd?: number }[] => (performance as any).getEntriesByType(type);
      return [
        ...entriesOf('resource').map((e) => `${e.name.replace(/^.*\//, '').replace(/\?.*$/, '')} ${Math.round(e.startTime)}→${Math.round(e.responseEnd ?? 0)}`),
        ...entriesOf('mark').map((e) => `${e.name} @${Math.round(e.startTime)}`),
        ...entriesOf('paint').map((e) => `${e.name} @${Math.round(e.startTime)}`),
      ].join(' · ');
    });
    console.log(`${url.replace(/^.*\//, '').replace(/\?.*$/, '')}: first page ${Math.round(firstPageMs)} ms · ${entries}`);
  }
  await page.waitForTimeout(300);
  // Our zoom as CSS px per PDF point (the toolbar shows it in %); 0 for the baseline page.
  const scale = await page.evaluate(() => Number((globalThis as any).document.querySelector('[data-testid="zoom-level"]')?.textContent?.replace(/\D/g, '') ?? 0) / 100);
  // Jump to page 300 with each viewer's own "go to page", once both have every page's size
  // (a state, not a delay: pdf.js's 'pagesloaded', our column's data-page-sizes="known"), so
  // the page's place is final in both and neither is still fetching pages in the background.
  await page.waitForFunction(() => (globalThis as any).__layoutDone(), undefined, { timeout: WAIT_MS, polling: 50 });
  await page.waitForTimeout(300);
  const page300Ms = await page.evaluate(
    async ([n, limit]) => {
      const w = globalThis as any;
      w.__bench.reset();
      w.__goTo(n);
      return w.__bench.waitRendered(n, limit);
    },
    [TARGET_PAGE, WAIT_MS] as const,
  );
  // Scroll sweep: the whole document from the top, one screen every frame-ish step.
  const sweep = !SWEEP ? { ms: 0, longFrames: 0, peakCanvas: 0 } : await page.evaluate(async () => {
    const w = globalThis as any;
    const el = w.__scroller();
    el.scrollTop = 0;
    await new Promise((r) => setTimeout(r, 300));
    w.__bench.reset();
    const t0 = performance.now();
    while (el.scrollTop + el.clientHeight < el.scrollHeight - 2) {
      el.scrollTop += el.clientHeight * 0.8;
      await new Promise((r) => setTimeout(r, 30));
    }
    return { ms: performance.now() - t0, longFrames: w.__bench.longFrames, peakCanvas: w.__bench.peakCanvasBytes };
  });
  await page.waitForTimeout(300);
  sampling = false;
  await sampler;
  const viewer = path.basename(url.replace(/\?.*$/, ''), '.html');
  if (SNAPSHOT_DIR && !snapshotsTaken.has(viewer)) {
    snapshotsTaken.add(viewer);
    const chunks: string[] = [];
    cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
    fs.writeFileSync(path.join(SNAPSHOT_DIR, `${viewer}.heapsnapshot`), chunks.join(''));
  }
  await cdp.detach();
  return { firstPageMs, page300Ms, sweepMs: sweep.ms, longFrames: sweep.longFrames, peakHeap, peakCanvas: sweep.peakCanvas, scale, reopenMs: 0, firstOpenMs: 0, reopenOpenMs: 0, againShownMs: 0, againDrawnMs: 0 };
}

/** Opens the viewer at page TARGET_PAGE (a saved reading position) and times it until that page is drawn. */
async function measureReopen(page: Page, url: string): Promise<number> {
  await page.goto(onDocument(url), { timeout: WAIT_MS });
  await page.waitForFunction(() => (globalThis as any).__bench !== undefined, undefined, { timeout: WAIT_MS });
  return page
    .evaluate(
      async ([n, limit]) => {
        const b = (globalThis as any).__bench;
        b.since = 0;
        return b.waitRendered(n, limit);
      },
      [TARGET_PAGE, REOPEN_WAIT_MS] as const,
    )
    .catch(async (e: unknown) => {
      throw new Error(`${url}: ${String(e)}; pages drawn: ${await pagesDrawn(page)}`);
    });
}

/** An error on one line (Playwright's messages go on with a call log), for a run's "no figure". */
function oneLine(e: unknown): string {
  return String(e).split('\n').filter((l) => !/^\s*(Call log:|- )/.test(l)).join(' ').replace(/\s+/g, ' ');
}

/** The pages a viewer has drawn, for a run that never draws the one it was sent to. */
function pagesDrawn(page: Page): Promise<string> {
  return page.evaluate(() => [...(globalThis as any).document.querySelectorAll('[data-rendered="true"], .page[data-loaded="true"]')].map((el: any) => el.dataset.pageNumber).join(',')).catch(() => '?');
}

/**
 * ?defer=1: loads the page's code, waits until it offers `openNow` and is idle, then opens the
 * document (at page `at`, or from the start when null) and times it until that page is drawn.
 */
async function measureFromOpen(page: Page, url: string, at: number | null): Promise<number> {
  await page.goto(`${url}defer=1`, { timeout: WAIT_MS });
  await page.waitForFunction(() => typeof (globalThis as any).__bench?.openNow === 'function', undefined, { timeout: WAIT_MS });
  // The app is up and waiting for the reader: let the loading settle (both pages alike).
  await page.waitForTimeout(300);
  await page.evaluate(() => new Promise<void>((r) => (globalThis as any).requestIdleCallback(() => r(), { timeout: 5000 })));
  return page
    .evaluate(
      async ([n, limit]) => {
        const b = (globalThis as any).__bench;
        b.openNow(n);
        return b.waitRendered(n ?? 1, limit);
      },
      [at, at === null ? WAIT_MS : REOPEN_WAIT_MS] as const,
    )
    .catch(async (e: unknown) => {
      throw new Error(`${url}defer=1 opened at ${at}: ${String(e)}; pages drawn: ${await pagesDrawn(page)}`);
    });
}

/** Lets the page settle: a moment, then an idle callback (both viewers alike). */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(300);
  await page.evaluate(() => new Promise<void>((r) => (globalThis as any).requestIdleCallback(() => r(), { timeout: 5000 })));
}

/**
 * Reopening within the session (?defer=1): the document is opened at page TARGET_PAGE (its saved
 * position) and drawn, then closed (ours: the reader unmounted, as leaving the document screen;
 * pdf.js's: its app's close()), then opened again at the same position. Times from that second
 * `openNow` until the page is shown (ours: its last picture in place, at the saved position;
 * pdf.js's viewer has nothing to show before it draws) and until it is drawn. Checks that the
 * page shown is where the reader was (its top at the top of the view).
 */
async function measureOpenAgain(page: Page, url: string): Promise<{ shown: number; drawn: number }> {
  await page.goto(`${url}defer=1`, { timeout: WAIT_MS });
  await page.waitForFunction(() => typeof (globalThis as any).__bench?.openNow === 'function', undefined, { timeout: WAIT_MS });
  await settle(page);
  await page.evaluate(([n, limit]) => ((globalThis as any).__bench.openNow(n), (globalThis as any).__bench.waitRendered(n, limit)), [TARGET_PAGE, REOPEN_WAIT_MS] as const);
  await settle(page);
  await page.evaluate(() => (globalThis as any).__bench.closeNow());
  await page.waitForFunction(() => typeof (globalThis as any).__bench?.openNow === 'function', undefined, { timeout: WAIT_MS });
  await settle(page);
  const shown = await page.evaluate(([n, limit]) => ((globalThis as any).__bench.openNow(n), (globalThis as any).__bench.waitShown(n, limit)), [TARGET_PAGE, REOPEN_WAIT_MS] as const);
  // Where the page shown is: its top against the top of the view (a few px of margin above it).
  const offset = await page.evaluate((n) => {
    const d = (globalThis as any).document;
    const box = d.querySelector(`[data-testid="pdf-page"][data-page-number="${n}"], .page[data-page-number="${n}"]`);
    const view = (globalThis as any).__scroller();
    return box && view ? Math.round(box.getBoundingClientRect().top - view.getBoundingClientRect().top) : NaN;
  }, TARGET_PAGE);
  if (!(Math.abs(offset) <= 40)) throw new Error(`${url}defer=1 opened again at ${TARGET_PAGE}: the page's top is ${offset} px from the view's`);
  const drawn = await page.evaluate(([n, limit]) => (globalThis as any).__bench.waitRendered(n, limit), [TARGET_PAGE, REOPEN_WAIT_MS] as const);
  return { shown, drawn };
}

async function main() {
  if (!fs.existsSync(sample)) throw new Error(`sample PDF not found: ${sample}`);
  // The renderer's own plugins (modules it imports from them, such as built catalogues), without
  // the copy of pdf.js's data files: the server below serves those from node_modules.
  const renderer = await loadConfigFromFile({ command: 'build', mode: 'production' }, path.join(root, 'renderer/vite.config.ts'), root, 'warn');
  const plugins = ((renderer?.config.plugins ?? []) as PluginOption[]).flat().filter((p) => !(p && typeof p === 'object' && 'name' in p && p.name === 'ecabinet-pdfjs-data'));
  await build({
    configFile: false,
    root: path.join(root, 'bench/reader'),
    base: './',
    logLevel: 'warn',
    esbuild: { jsx: 'automatic' },
    plugins,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 5000,
      rollupOptions: { input: { ours: path.join(root, 'bench/reader/ours.html'), baseline: path.join(root, 'bench/reader/baseline.html') } },
    },
  });
  const server = await serve();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const ours: Figures[] = [];
    const baseline: Figures[] = [];
    // One load of each page first, not counted: the first page a fresh browser loads is much
    // slower (its processes warming up), and it was always ours (run 0 starts with ours).
    for (const url of [`${base}/ours.html?`, `${base}/baseline.html?`]) {
      const p = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
      await p.goto(onDocument(url), { timeout: WAIT_MS });
      await p.waitForFunction(() => (globalThis as any).__bench !== undefined, undefined, { timeout: WAIT_MS });
      await p.evaluate((limit) => (globalThis as any).__bench.waitRendered(1, limit), WAIT_MS);
      await p.close();
    }
    for (let i = 0; i < RUNS; i++) {
      // A fresh page per run, alternating which viewer goes first, same window size and scale.
      const order = i % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      let oursScale = 0;
      for (const which of order) {
        const newPage = () => browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
        // Same zoom as ours. pdf.js's scale 1 is 96/72 CSS px per point; ours is 1 px per point.
        const cssPerPoint = oursScale || ours.at(-1)?.scale || 1.5;
        const url = which === 'ours' ? `${base}/ours.html?` : `${base}/baseline.html?scale=${(cssPerPoint * 72) / 96}&`;
        const page = await newPage();
        const f = await measure(page, url);
        await page.close();
        if (part('reopen')) {
          const again = await newPage();
          f.reopenMs = await measureReopen(again, `${url}open=${TARGET_PAGE}`).catch((e: unknown) => (console.log(`no figure: ${oneLine(e)}`), NaN));
          await again.close();
        } else f.reopenMs = NaN;
        for (const [key, at] of [['firstOpenMs', null], ['reopenOpenMs', TARGET_PAGE]] as const) {
          f[key] = NaN;
          if (!part('open')) continue;
          const p = await newPage();
          // A viewer that never draws the page it was sent to: that run has no figure for this
          // row, said here with the pages it drew.
          f[key] = await measureFromOpen(p, url, at).catch((e: unknown) => (console.log(`no figure: ${oneLine(e)}`), NaN));
          await p.close();
        }
        if (!part('again')) {
          f.againShownMs = NaN;
          f.againDrawnMs = NaN;
        } else {
          const p = await newPage();
          const again = await measureOpenAgain(p, url).catch((e: unknown) => (console.log(`no figure: ${url}defer=1 opened, closed, opened again at ${TARGET_PAGE}: ${oneLine(e)}`), { shown: NaN, drawn: NaN }));
          f.againShownMs = again.shown;
          f.againDrawnMs = again.drawn;
          await p.close();
        }
        if (which === 'ours') {
          ours.push(f);
          oursScale = f.scale;
        } else baseline.push(f);
      }
    }
    const col = (runs: Figures[], k: keyof Figures, scale = 1) => runs.map((r) => r[k] / scale).filter((v) => Number.isFinite(v));
    const row = (measure: string, k: keyof Figures, unit: string, target?: string, scale = 1) =>
      medianRow(BENCH, `${measure} | pdf.js viewer`, unit, col(ours, k, scale), col(baseline, k, scale), target);
    const MB = 1024 * 1024;
    console.log(`${path.basename(sample)} · ${RUNS} alternating runs each · Chromium ${browser.version()} · 1280×900`);
    report(
      [
        row('reader: first page rendered, from navigation', 'firstPageMs', 'ms', '≤ 1.0×'),
        row('reader: first page rendered, from document open', 'firstOpenMs', 'ms', '≤ 1.0×'),
        row(`reader: jump to page ${TARGET_PAGE}, rendered`, 'page300Ms', 'ms', '≤ 1.0×'),
        row(`reader: reopen at the last position (page ${TARGET_PAGE}), from navigation`, 'reopenMs', 'ms'),
        row(`reader: reopen at the last position (page ${TARGET_PAGE}), from document open`, 'reopenOpenMs', 'ms'),
        row(`reader: open again in the session at the last position (page ${TARGET_PAGE}), shown`, 'againShownMs', 'ms', '≤ 150 ms'),
        row(`reader: open again in the session at the last position (page ${TARGET_PAGE}), drawn`, 'againDrawnMs', 'ms'),
        // The peak while reading the document (the sweep) is the measure; without the sweep the
        // peak is the opening's, where our page's own code (React, the app, its catalogue) is
        // most of the difference: printed, but not against the target.
        SWEEP
          ? row('reader: peak JS heap', 'peakHeap', 'MB', '≤ 1.1×', MB)
          : row('reader: peak JS heap, opening and jump only (BENCH_SWEEP=0)', 'peakHeap', 'MB', undefined, MB),
        ...(SWEEP
          ? [
              row('reader: scroll sweep, whole document', 'sweepMs', 'ms'),
              row('reader: long frames (>50 ms) in sweep', 'longFrames', 'frames'),
              row('reader: peak canvas bitmaps', 'peakCanvas', 'MB', undefined, MB),
            ]
          : []),
      ].filter((r) => Number.isFinite(r.ours)),
    );
    if (CHROME_TRACE_DIR) {
      fs.mkdirSync(CHROME_TRACE_DIR, { recursive: true });
      for (const which of ['ours', 'baseline']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
        const tracing = await startTracing(browser);
        await page.goto(onDocument(`${base}/${which}.html?`), { timeout: WAIT_MS });
        await page.waitForFunction(() => (globalThis as any).__bench !== undefined, undefined, { timeout: WAIT_MS });
        const ms = await page.evaluate((limit) => (globalThis as any).__bench.waitRendered(1, limit), WAIT_MS);
        const events = await tracing.stop(path.join(CHROME_TRACE_DIR, `${which}.trace.json`));
        await page.close();
        console.log(`--- ${which} (traced): first page ${Math.round(ms)} ms\n${summariseTrace(events, { urlPrefix: base, endMark: 'page-1-drawn' })}`);
      }
    }
    if (SNAPSHOT_DIR) printHeapComparison(path.join(SNAPSHOT_DIR, 'ours.heapsnapshot'), path.join(SNAPSHOT_DIR, 'baseline.heapsnapshot'));
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
