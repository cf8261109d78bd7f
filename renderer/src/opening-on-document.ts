/**
 * When the app opens on a document (a link from a notification, a reload on the reader), the
 * reader's code and pdf.js's worker are asked for before the rest of the app's code has run:
 * main.tsx imports this module first. Otherwise both waited for React, i18n and the first
 * screen's answers, then for the lazy reader chunk, before the worker could even be fetched.
 */
import { startPdfWorkerEarly } from './pdf/early-worker';
import { parseRoute } from './router';
import { loadDocumentScreen } from './screens/reader-code';

if (parseRoute(window.location.hash).name === 'document') {
  startPdfWorkerEarly();
  // A failed load is tried again when the screen asks for it (reader-code.ts).
  void loadDocumentScreen().catch(() => undefined);
}
