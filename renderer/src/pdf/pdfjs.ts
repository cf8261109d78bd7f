/** pdf.js, set up for an offline app under a strict CSP. */
import { getDocument, GlobalWorkerOptions, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import 'pdfjs-dist/web/pdf_viewer.css';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Directories the build copies next to index.html (see renderer/vite.config.ts). */
const dataUrl = (dir: string) => new URL(`./pdfjs/${dir}/`, document.baseURI).href;

export function openPdf(url: string): PDFDocumentLoadingTask {
  return getDocument({
    url,
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
