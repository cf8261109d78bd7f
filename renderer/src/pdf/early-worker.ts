/**
 * pdf.js's worker started before the reader's code has loaded, when the app opens on a document
 * (a link from a notification, a reload on the reader): the worker's script (1.2 MB to fetch and
 * compile, then pdf.js' set-up) is the first thing the document waits for. The page's boot script
 * (early-worker-boot.ts, a classic script that runs while the app's code is still downloading)
 * starts it; main.tsx tries again if that script did not run (opening-on-document.ts); pdfjs.ts
 * adopts it as its one worker (pdf.js's `PDFWorker({ port })`).
 *
 * No pdf.js code and no React here: the boot script bundles this module on its own, so the worker
 * is handed over through one property of the window (a separate bundle has its own module state).
 */

/**
 * Where the worker waits for pdfjs.ts; 'taken' once pdfjs.ts has a worker (the boot script, an
 * `async` script, may run after the app's code when that code came first from the cache: it must
 * not start a second worker then).
 */
const SLOT = '__ecabinetEarlyPdfWorker';
type Slot = { [SLOT]?: Worker | 'taken' };
const slot = globalThis as Slot;

/** Starts the worker of `scriptUrl` now (once), the way pdf.js would start it: a module worker of this origin. */
export function startPdfWorkerEarly(scriptUrl: string): void {
  if (slot[SLOT] || typeof Worker === 'undefined') return;
  // pdf.js wraps a worker of another origin (a file:// page has none) in a blob that imports it: left to pdf.js.
  if (location.origin === 'null' || new URL(scriptUrl, location.href).origin !== location.origin) return;
  const w = new Worker(scriptUrl, { type: 'module' });
  // A script that failed to load is not handed over: pdf.js then starts (or falls back from) its own.
  w.addEventListener('error', () => {
    if (slot[SLOT] === w) delete slot[SLOT];
  });
  slot[SLOT] = w;
}

/** The worker started early, if any and still loading or running; the caller owns it from then on, and none is started after. */
export function takeEarlyPdfWorker(): Worker | null {
  const w = slot[SLOT];
  slot[SLOT] = 'taken';
  return w instanceof Worker ? w : null;
}
