/**
 * The page's boot script (dist/renderer/pdf-worker-boot.js, a classic `async` script in
 * index.html, built by renderer/vite-pdf-worker-boot.ts): when the app opens on a document, pdf.js's
 * worker starts now, while the app's code is still downloading. Started by main.tsx instead, it
 * waited for that code to be fetched, parsed and run, and its thread then waited for the main
 * thread's first render (a reload on a 352-page document: first page ~80 ms later).
 */
import { parseRoute } from '../routes';
import { startPdfWorkerEarly } from './early-worker';

/** The hashed URL of pdf.js's worker script in this build (relative to index.html), set by the build. */
declare const __PDF_WORKER_URL__: string;

if (parseRoute(location.hash).name === 'document') startPdfWorkerEarly(new URL(__PDF_WORKER_URL__, document.baseURI).href);
