/**
 * Reader performance on a 350-page PDF (Free Culture, 352 pages): time to the first rendered
 * page, time to page 300 after jumping there with each viewer's own "go to page" (once both know
 * every page's size), a full scroll sweep (long frames, canvases held),
 * and peak memory (JS heap from CDP Performance.getMetrics, plus canvas bitmaps alive in the
 * page), measured in the SAME Chromium run for our reader and for pdf.js's own PDFViewer
 * (pdfjs-dist/web/pdf_viewer.mjs) on the same file from the same local server; and reopening the
 * document at a saved reading position (page 300: ours through `initialPosition`, as the document
 * screen passes the stored position; pdf.js's viewer setting its page at `pagesinit`, as its app
 * restores its view history) until that page is drawn. ≥ 7 alternating runs, min/median/max.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../tests/helpers/browser';
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
/** Generous limits: on a loaded machine a page can take long to draw; the bench waits for the state, it does not time it out. */
const WAIT_MS = 180_000;

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
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

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
  await page.goto(url, { timeout: WAIT_MS });
  await page.waitForFunction(() => (globalThis as any).__bench !== undefined, undefined, { timeout: WAIT_MS });
  // First page: from navigation start (performance.now() = 0 at navigation).
  const firstPageMs = await page.evaluate(async (limit) => {
    const b = (globalThis as any).__bench;
    b.since = 0;
    return b.waitRendered(1, limit);
  }, WAIT_MS);
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
  await cdp.detach();
  return { firstPageMs, page300Ms, sweepMs: sweep.ms, longFrames: sweep.longFrames, peakHeap, peakCanvas: sweep.peakCanvas, scale, reopenMs: 0 };
}

/** Opens the viewer at page TARGET_PAGE (a saved reading position) and times it until that page is drawn. */
async function measureReopen(page: Page, url: string): Promise<number> {
  await page.goto(url, { timeout: WAIT_MS });
  await page.waitForFunction(() => (globalThis as any).__bench !== undefined, undefined, { timeout: WAIT_MS });
  return page.evaluate(
    async ([n, limit]) => {
      const b = (globalThis as any).__bench;
      b.since = 0;
      return b.waitRendered(n, limit);
    },
    [TARGET_PAGE, WAIT_MS] as const,
  );
}

async function main() {
  if (!fs.existsSync(sample)) throw new Error(`sample PDF not found: ${sample}`);
  await build({
    configFile: false,
    root: path.join(root, 'bench/reader'),
    base: './',
    logLevel: 'warn',
    esbuild: { jsx: 'automatic' },
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
        const again = await newPage();
        f.reopenMs = await measureReopen(again, `${url}open=${TARGET_PAGE}`);
        await again.close();
        if (which === 'ours') {
          ours.push(f);
          oursScale = f.scale;
        } else baseline.push(f);
      }
    }
    const col = (runs: Figures[], k: keyof Figures, scale = 1) => runs.map((r) => r[k] / scale);
    const row = (measure: string, k: keyof Figures, unit: string, target?: string, scale = 1) =>
      medianRow(BENCH, `${measure} | pdf.js viewer`, unit, col(ours, k, scale), col(baseline, k, scale), target);
    const MB = 1024 * 1024;
    console.log(`${path.basename(sample)} · ${RUNS} alternating runs each · Chromium ${browser.version()} · 1280×900`);
    report([
      row('reader: first page rendered', 'firstPageMs', 'ms', '≤ 1.0×'),
      row(`reader: jump to page ${TARGET_PAGE}, rendered`, 'page300Ms', 'ms', '≤ 1.0×'),
      row(`reader: reopen at the last position (page ${TARGET_PAGE}), rendered`, 'reopenMs', 'ms', '≤ 150 ms'),
      row('reader: peak JS heap', 'peakHeap', 'MB', '≤ 1.1×', MB),
      ...(SWEEP
        ? [
            row('reader: scroll sweep, whole document', 'sweepMs', 'ms'),
            row('reader: long frames (>50 ms) in sweep', 'longFrames', 'frames'),
            row('reader: peak canvas bitmaps', 'peakCanvas', 'MB', undefined, MB),
          ]
        : []),
    ]);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
