// pdf_viewer.mjs reads the pdf.js library from globalThis.pdfjsLib: set it before it loads.
import * as pdfjsLib from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjsLib.GlobalWorkerOptions.workerSrc = workerUrl;
(globalThis as unknown as { pdfjsLib: typeof pdfjsLib }).pdfjsLib = pdfjsLib;

/**
 * The baseline's pdf.js worker, started with its code, as our reader starts its one worker
 * (renderer/src/pdf/pdfjs.ts): both viewers open their document on a running worker.
 */
export const worker = new pdfjsLib.PDFWorker();
