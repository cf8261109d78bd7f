/** pdf.js, set up for an offline app under a strict CSP. */
import { getDocument, GlobalWorkerOptions, PDFWorker, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import 'pdfjs-dist/web/pdf_viewer.css';
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

export function openPdf(url: string): PDFDocumentLoadingTask {
  return getDocument({
    url,
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
