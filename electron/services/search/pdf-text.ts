/**
 * Page texts of a PDF, read with pdf.js in Node (the legacy build runs on Node 20 without a
 * DOM). Used to build the search index when a document is cached.
 */
import fs from 'node:fs/promises';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

/** pdf.js is ESM and large: load it on first use only. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** Lets other work (sync, bridge calls) run between pages of a long document. */
const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * One string per page. Text runs are joined as the reader's text layer shows them; a run that
 * ends a line is followed by a line break.
 */
export async function extractPageTexts(file: string, opts: { shouldStop?: () => boolean } = {}): Promise<string[] | null> {
  const { getDocument } = await loadPdfJs();
  const data = new Uint8Array(await fs.readFile(file));
  const task = getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      if (opts.shouldStop?.()) return null;
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(joinTextItems(content.items));
      page.cleanup();
      await yieldToEventLoop();
    }
    return pages;
  } finally {
    await task.destroy();
  }
}

/** The same joining the reader's find uses (renderer/src/pdf/find.ts), so both see the same text. */
export function joinTextItems(items: readonly unknown[]): string {
  let s = '';
  for (const it of items as { str?: string; hasEOL?: boolean }[]) {
    if (typeof it.str !== 'string') continue;
    s += it.str;
    if (it.hasEOL) s += '\n';
  }
  return s;
}
