// This page opens on a document: pdf.js's worker starts before the rest of the code runs, as the
// app's main.tsx does (renderer/src/opening-on-document.ts) if the page's boot script has not
// started it already (ours.html loads the app's, pdf-worker-boot.js).
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { startPdfWorkerEarly } from '../../renderer/src/pdf/early-worker';

startPdfWorkerEarly(workerUrl);
