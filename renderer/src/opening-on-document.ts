/**
 * When the app opens on a document (a link from a notification, a reload on the reader), the
 * reader's code and pdf.js's worker are asked for before the rest of the app's code has run:
 * main.tsx imports this module first. Otherwise both waited for React, i18n and the first
 * screen's answers, then for the lazy reader chunk, before the worker could even be fetched.
 * The worker is usually started earlier still, by the page's boot script (pdf/early-worker-boot.ts):
 * this starts it only if that script did not run (a development server has none).
 */
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { startPdfWorkerEarly } from './pdf/early-worker';
import { parseRoute } from './routes';
import { loadDocumentScreen } from './screens/reader-code';

if (parseRoute(window.location.hash).name === 'document') {
  startPdfWorkerEarly(workerUrl);
  // A failed load is tried again when the screen asks for it (reader-code.ts).
  void loadDocumentScreen().catch(() => undefined);
}
