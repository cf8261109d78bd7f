/**
 * Reader performance on a 350-page PDF (Free Culture, 352 pages): time to the first rendered
 * page, time to page 300 after jumping there, a full scroll sweep (long frames, canvases held),
 * and peak memory (JS heap from CDP Performance.getMetrics, plus canvas bitmaps alive in the
 * page), measured in the SAME Chromium run for our reader and for pdf.js's own PDFViewer
 * (pdfjs-dist/web/pdf_viewer.mjs) on the same file from the same local server.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../tests/helpers/browser';
import { mb, ms, ratio, table } from './lib/stats';

// Run from the project root (scripts/run-bench.mjs does).
const root = process.cwd();
const sample = process.env.BENCH_PDF ?? path.resolve(root, '../shared/samples/freeculture.pdf');
const outDir = path.join(root, 'dist/bench/reader-pages');
const pdfjsDir = path.join(root, 'node_modules/pdfjs-dist');
const TARGET_PAGE = 300;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

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
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as any).__bench !== undefined);
  // First page: from navigation start (performance.now() = 0 at navigation).
  const firstPageMs = await page.evaluate(async () => {
    const b = (globalThis as any).__bench;
    b.since = 0;
    return b.waitRendered(1);
  });
  await page.waitForTimeout(300);
  // Our zoom as CSS px per PDF point (the toolbar shows it in %); 0 for the baseline page.
  const scale = await page.evaluate(() => Number((globalThis as any).document.querySelector('[data-testid="zoom-level"]')?.textContent?.replace(/\D/g, '') ?? 0) / 100);
  // Jump to page 300 (what "go to page" does: scroll the column there) and wait until drawn.
  const page300Ms = await page.evaluate(async (n) => {
    const w = globalThis as any;
    w.__bench.reset();
    w.__scroller().scrollTop = w.__pageTop(n);
    return w.__bench.waitRendered(n);
  }, TARGET_PAGE);
  // Scroll sweep: the whole document from the top, one screen every frame-ish step.
  const sweep = await page.evaluate(async () => {
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
  return { firstPageMs, page300Ms, sweepMs: sweep.ms, longFrames: sweep.longFrames, peakHeap, peakCanvas: sweep.peakCanvas, scale };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function medianFigures(runs: Figures[]): Figures {
  const keys = Object.keys(runs[0]) as (keyof Figures)[];
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as unknown as Figures;
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
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
        if (which === 'ours') {
          const f = await measure(page, `${base}/ours.html`);
          ours.push(f);
          oursScale = f.scale;
        } else {
          // Same zoom as ours. pdf.js's scale 1 is 96/72 CSS px per point; ours is 1 px per point.
          const cssPerPoint = oursScale || ours.at(-1)?.scale || 1.5;
          baseline.push(await measure(page, `${base}/baseline.html?scale=${(cssPerPoint * 72) / 96}`));
        }
        await page.close();
      }
    }
    const o = medianFigures(ours);
    const b = medianFigures(baseline);
    console.log(`${path.basename(sample)} · ${RUNS} runs each (median) · Chromium ${browser.version()} · 1280×900`);
    table([
      ['', 'ours', 'pdf.js viewer', 'ours / baseline'],
      ['first page rendered', ms(o.firstPageMs), ms(b.firstPageMs), ratio(o.firstPageMs, b.firstPageMs)],
      [`jump to page ${TARGET_PAGE}, rendered`, ms(o.page300Ms), ms(b.page300Ms), ratio(o.page300Ms, b.page300Ms)],
      ['scroll sweep, whole document', ms(o.sweepMs), ms(b.sweepMs), ratio(o.sweepMs, b.sweepMs)],
      ['long frames (>50 ms) in sweep', o.longFrames, b.longFrames, b.longFrames ? ratio(o.longFrames, b.longFrames) : '-'],
      ['peak JS heap', mb(o.peakHeap), mb(b.peakHeap), ratio(o.peakHeap, b.peakHeap)],
      ['peak canvas bitmaps', mb(o.peakCanvas), mb(b.peakCanvas), ratio(o.peakCanvas, b.peakCanvas)],
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
