// This page opens on a document: pdf.js's worker starts before the rest of the code runs, as the
// app's does when it opens on one (renderer/src/opening-on-document.ts).
import { startPdfWorkerEarly } from '../../renderer/src/pdf/early-worker';

startPdfWorkerEarly();
