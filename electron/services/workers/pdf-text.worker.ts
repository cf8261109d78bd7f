/**
 * Worker thread: reads the text of PDFs with pdf.js (Node legacy build). pdf.js is loaded here
 * only: its legacy build installs polyfills that replace globals (JSON.stringify among them,
 * many times slower), which must never happen in the process that answers the UI.
 */
import Module, { createRequire } from 'node:module';
import { openDocumentRanges } from '../crypto/blob-file';
import { checkPdfLimitsInRanges } from '../../../signing/pdf/pdf-limits-ranges';
import { foldWithMap } from '../../../shared/text/fold-map';
import { joinPageText, TEXT_CONTENT_OPTIONS } from '../../../shared/text/page-text';
import { settle, type TaskResult } from './task-result';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
// Node 20 aborts the whole process ("close before init" in node_zlib.cc) when a thread ends while
// a web DecompressionStream is still open, and pdf.js uses one for Flate streams whenever it
// exists. Without it pdf.js inflates with its own JavaScript decoder.
delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;

/** A PDF on disk; `keyHex` when it is an encrypted cached document (crypto/blob-file.ts). */
export interface DocumentTask {
  file: string;
  keyHex?: string;
}

/**
 * pdf.js' Node build loads @napi-rs/canvas (Skia, ~40 MB resident per thread) for drawing
 * helpers; reading text never draws. Its place in this thread's module cache is taken by empty
 * stand-ins first (pdf.js constructs a DOMMatrix when it loads, so they are classes).
 */
function withoutCanvas(): void {
  let fromPdfJs: NodeJS.Require;
  let canvas: string;
  try {
    fromPdfJs = createRequire(require.resolve('pdfjs-dist/legacy/build/pdf.mjs'));
    canvas = fromPdfJs.resolve('@napi-rs/canvas');
  } catch {
    return; // not installed (or not found from here): pdf.js loads as it would, text reads the same
  }
  const standIn = new Module(canvas);
  standIn.filename = canvas;
  standIn.loaded = true;
  standIn.exports = { DOMMatrix: class DOMMatrix {}, ImageData: class ImageData {}, Path2D: class Path2D {} };
  fromPdfJs.cache[canvas] = standIn;
}

let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = () => (pdfjs ??= Promise.resolve().then(withoutCanvas).then(() => import('pdfjs-dist/legacy/build/pdf.mjs')));

/** pdf.js asks for the bytes it needs, a chunk at a time, instead of holding the whole file. */
const RANGE_CHUNK_BYTES = 64 * 1024;

/**
 * Opens the document for pdf.js by ranges: a meeting document is often mostly scans or annexes
 * the text never needs, and memory must not grow with the file. It is measured first, like every
 * PDF from elsewhere (inflated size, objects, nesting), a window at a time, never whole: a bomb
 * is refused with pdf_too_complex before pdf.js parses anything.
 */
async function withDocument<T>({ file, keyHex }: DocumentTask, read: (doc: PdfDocument) => Promise<T>): Promise<T> {
  const pdf = await loadPdfJs();
  const source = await openDocumentRanges(file, keyHex ? Buffer.from(keyHex, 'hex') : null);
  try {
    // A window at a time: a document of any size is measured in the same small memory.
    await checkPdfLimitsInRanges((start, end) => source.read(start, end), source.size);
    let fail!: (e: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {}); // a read failing after the text is read changes nothing
    const transport = new pdf.PDFDataRangeTransport(source.size, null);
    transport.requestDataRange = (begin: number, end: number) => {
      source.read(begin, end).then((chunk) => transport.onDataRange(begin, chunk), fail);
    };
    const task = pdf.getDocument({
      range: transport,
      rangeChunkSize: RANGE_CHUNK_BYTES,
      // Only the ranges the text needs: no reading ahead, no streaming of the rest.
      disableAutoFetch: true,
      disableStream: true,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    });
    try {
      return await Promise.race([task.promise.then(read), failed]);
    } finally {
      await task.destroy();
    }
  } finally {
    await source.close();
  }
}

/** One page for the search index: the joined text (snippets) and its folded form (what is matched). */
export interface IndexedPage {
  original: string;
  folded: string;
}

/** The text of every page, joined as the reader's find joins it, and folded for the index. */
export function pageTexts(task: DocumentTask): Promise<TaskResult<IndexedPage[]>> {
  return settle(() =>
    withDocument(task, async (doc) => {
      const pages: IndexedPage[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const { text } = joinPageText((await page.getTextContent(TEXT_CONTENT_OPTIONS)).items);
        pages.push({ original: text, folded: foldWithMap(text).folded });
        page.cleanup();
      }
      return pages;
    }),
  );
}

/** Every `parts`-th page from page `part + 1`: one share of a document read by several threads at once. */
export interface PartTask extends DocumentTask {
  part: number;
  parts: number;
}

/** The text of one share of the pages (see PartTask), each with its page number, and how many pages the document has. */
export function pageTextsPart(task: PartTask): Promise<TaskResult<{ numPages: number; pages: [number, IndexedPage][] }>> {
  return settle(() =>
    withDocument(task, async (doc) => {
      const pages: [number, IndexedPage][] = [];
      for (let n = 1 + task.part; n <= doc.numPages; n += task.parts) {
        const page = await doc.getPage(n);
        const { text } = joinPageText((await page.getTextContent(TEXT_CONTENT_OPTIONS)).items);
        pages.push([n, { original: text, folded: foldWithMap(text).folded }]);
        page.cleanup();
      }
      return { numPages: doc.numPages, pages };
    }),
  );
}

/** A text item with what re-anchoring needs to place highlights. */
export interface PositionedTextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
  height: number;
}

/** A page's text items with their positions, and the page's box and rotation (to place words recognised on a scan). */
export interface PositionedPage {
  /** The page's box in user space: [x0, y0, x1, y1]. */
  view: number[];
  /** The page's own rotation (0, 90, 180, 270). */
  rotate: number;
  items: PositionedTextItem[];
}

/** The raw text items of every page, with their positions (annotations re-anchoring). */
export function textItems(task: DocumentTask): Promise<TaskResult<PositionedPage[]>> {
  return settle(() =>
    withDocument(task, async (doc) => {
      const pages: PositionedPage[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const content = await page.getTextContent(TEXT_CONTENT_OPTIONS);
        const items: PositionedTextItem[] = [];
        for (const it of content.items as Partial<PositionedTextItem>[]) {
          if (typeof it.str !== 'string') continue;
          items.push({ str: it.str, hasEOL: !!it.hasEOL, transform: it.transform ?? [1, 0, 0, 1, 0, 0], width: it.width ?? 0, height: it.height ?? 0 });
        }
        pages.push({ view: [...page.view], rotate: page.rotate, items });
        page.cleanup();
      }
      return pages;
    }),
  );
}
