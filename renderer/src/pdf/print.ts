/**
 * Printing without the browser printing our scrolling page: every page is drawn to an image
 * (with the reader's rotation), the images go into a print-only container together with the
 * confidential watermark, and window.print() prints just that (see reader.css, @media print).
 */
import type { PDFDocumentProxy } from './pdfjs';
import { saveBlob } from '../save-file';

/** Resolution of printed pages: 150 dpi (PDF points are 1/72 inch). */
const PRINT_SCALE = 150 / 72;

export interface PrintPage {
  url: string;
  width: number;
  height: number;
}

export async function renderPagesForPrint(
  pdf: PDFDocumentProxy,
  rotation: number,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<PrintPage[]> {
  const pages: PrintPage[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      if (signal.aborted) throw new DOMException('print cancelled', 'AbortError');
      const page = await pdf.getPage(n);
      const vp = page.getViewport({ scale: PRINT_SCALE, rotation: (page.rotate + rotation) % 360 });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(vp.width);
      canvas.height = Math.floor(vp.height);
      await page.render({ canvas, viewport: vp, intent: 'print' }).promise;
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
      if (!blob) throw new Error(`page ${n} could not be drawn for printing`);
      pages.push({ url: URL.createObjectURL(blob), width: vp.width / PRINT_SCALE, height: vp.height / PRINT_SCALE });
      canvas.width = canvas.height = 0; // release the bitmap now, not at the next GC
      onProgress(n, pdf.numPages);
    }
    return pages;
  } catch (e) {
    releasePrintPages(pages);
    throw e;
  }
}

export function releasePrintPages(pages: readonly PrintPage[]): void {
  for (const p of pages) URL.revokeObjectURL(p.url);
}

/** Saves the document's bytes (as pdf.js holds them) under its file name. */
export async function downloadPdf(pdf: PDFDocumentProxy, fileName: string): Promise<void> {
  const data = await pdf.getData();
  saveBlob(new Blob([data as BlobPart], { type: 'application/pdf' }), fileName);
}
