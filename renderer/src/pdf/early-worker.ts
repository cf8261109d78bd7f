/**
 * pdf.js's worker started before the reader's code has loaded, when the app opens on a document
 * (a link from a notification, a reload on the reader): the worker's script (1.2 MB to fetch and
 * compile, then pdf.js' set-up) is the first thing the document waits for, and otherwise it is
 * only asked for once React, i18n and the reader's chunk have been evaluated. pdfjs.ts adopts it
 * as its one worker (pdf.js's `PDFWorker({ port })`).
 *
 * No pdf.js code here: only the worker script's URL, so this costs the first screen nothing.
 */
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

let early: Worker | null = null;

/** Starts the worker now (once), where pdf.js would start it the same way: a module worker of this origin. */
export function startPdfWorkerEarly(): void {
  if (early || typeof Worker === 'undefined') return;
  // pdf.js wraps a worker of another origin (a file:// page has none) in a blob that imports it: left to pdf.js.
  if (location.origin === 'null' || new URL(workerUrl, location.href).origin !== location.origin) return;
  const w = new Worker(workerUrl, { type: 'module' });
  // A script that failed to load is not handed over: pdf.js then starts (or falls back from) its own.
  w.addEventListener('error', () => {
    if (early === w) early = null;
  });
  early = w;
}

/** The worker started early, if any and still loading or running; the caller owns it from then on. */
export function takeEarlyPdfWorker(): Worker | null {
  const w = early;
  early = null;
  return w;
}
