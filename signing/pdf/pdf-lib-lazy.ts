/**
 * pdf-lib loaded on first use (most signing never needs it). Through the CLI's split ES-module
 * build a package is a CommonJS module, whose dynamic import gives its exports under `default`:
 * both shapes are accepted here, so every caller gets the same module object.
 */
type PdfLib = typeof import('@cantoo/pdf-lib');

let loaded: Promise<PdfLib> | null = null;

export function loadPdfLib(): Promise<PdfLib> {
  loaded ??= import('@cantoo/pdf-lib').then((m) => ((m as Partial<PdfLib>).PDFDocument ? m : (m as unknown as { default: PdfLib }).default));
  return loaded;
}
