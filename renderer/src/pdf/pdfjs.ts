/** pdf.js, set up for an offline app under a strict CSP. */
import { getDocument, GlobalWorkerOptions, PDFWorker, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
// Its text layer's rules only (renderer/vite-pdfjs-css.ts).
import 'pdfjs-dist/web/pdf_viewer.css?text-layer-only';
import { openEarly, type PdfOpening, type PdfSource } from './early-fetch';
import { takeEarlyPdfWorker } from './early-worker';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Directories the build copies next to index.html (see renderer/vite.config.ts). */
const dataUrl = (dir: string) => new URL(`./pdfjs/${dir}/`, document.baseURI).href;

/**
 * One pdf.js worker for every document the renderer opens, started when the reader's code is
 * loaded (the reader's screens are loaded lazily, so not at start-up): without it each document
 * started its own worker (fetching and compiling pdf.js' 1.2 MB worker script, 0.1–0.6 s before the
 * document could even be read) and a reopened document waited for it again. pdf.js serves many
 * documents from one worker (each has its own id there; destroying a loading task that was given a
 * worker leaves the worker running).
 */
let worker: PDFWorker | null = null;
function sharedWorker(): PDFWorker {
  if (!worker || worker.destroyed) {
    // Started before this code loaded when the app opened on a document (early-worker.ts).
    const early = takeEarlyPdfWorker();
    worker = early ? PDFWorker.create({ port: early }) : new PDFWorker();
  }
  return worker;
}
sharedWorker();

/**
 * A document asked for before its reader is on screen (preopenPdf), waiting for it: at most one,
 * destroyed if no reader takes it within PREOPEN_KEPT_MS (the screen was left meanwhile).
 */
let preopened: { url: string; task: PdfOpening; expiry: ReturnType<typeof setTimeout> } | null = null;
const PREOPEN_KEPT_MS = 10_000;

/**
 * Starts opening `url` now: a screen calls it as soon as it knows which PDF it will show (the
 * answer of `documents.open`: useReaderFile.ts), before React renders the reader, whose openPdf(url) then takes the
 * task. The file's bytes are fetched and pdf.js's worker asked meanwhile (it waited for the
 * reader's render, its commit and the browser's layout of it before: 30–50 ms on the first page).
 */
export function preopenPdf(url: string): void {
  if (preopened?.url === url) return;
  dropPreopened();
  const task = newTask(url);
  // A file that fails to open, or a task dropped unused, is not an unhandled rejection: the reader
  // that takes the task handles its errors itself.
  task.promise.catch(() => undefined);
  preopened = { url, task, expiry: setTimeout(dropPreopened, PREOPEN_KEPT_MS) };
}

function dropPreopened(): void {
  if (!preopened) return;
  clearTimeout(preopened.expiry);
  void preopened.task.destroy();
  preopened = null;
}

/** The opening of `url`: the one started by preopenPdf if any, else a new one. The caller destroys it. */
export function openPdf(url: string): PdfOpening {
  if (preopened?.url === url) {
    const { task, expiry } = preopened;
    clearTimeout(expiry);
    preopened = null;
    return task;
  }
  return newTask(url);
}

/** Opens `url`, its bytes fetched from now on (early-fetch.ts). */
function newTask(url: string): PdfOpening {
  return openEarly(url, pdfTask);
}

function pdfTask(source: PdfSource): PDFDocumentLoadingTask {
  return getDocument({
    ...source,
    worker: sharedWorker(),
    cMapUrl: dataUrl('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: dataUrl('standard_fonts'),
    wasmUrl: dataUrl('wasm'),
    iccUrl: dataUrl('iccs'),
    // The CSP forbids eval; tell pdf.js up front instead of letting it trip over the policy.
    isEvalSupported: false,
  });
}

export { AbortException, RenderingCancelledException, TextLayer } from 'pdfjs-dist';
export type { PageViewport, PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';
export type { PdfOpening };
