/**
 * Preparing pages before the reader gets to them: pdf.js's worker builds their drawing
 * instructions (operator lists), which parses the fonts they use. A page's fonts are most of the
 * worker's work on it (Free Culture's page 300: 55–95 ms cold, 3–6 ms once the fonts of pages 3–10
 * are parsed), and a document keeps its few typefaces throughout, so the next page-down and a jump
 * anywhere (the outline, the page field, a search result) are drawn without parsing them first.
 * pdf.js's own viewer prepares one page ahead, by drawing it.
 *
 * What stays of a prepared page is the worker's parsed fonts (and pdf.js's copy of them here,
 * which drawing any page that uses them needs): what pdf.js holds for the page itself (its
 * instructions, its pictures) is released at once. One page at a time, each when the main thread
 * is idle, taking its turn in the reader's queue behind every page waiting to be drawn.
 */
// The type only, from the package: this module stays loadable outside the browser (tests run it on Node).
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { RenderQueue } from './render-queue';

export interface WarmPages {
  pdf: PDFDocumentProxy;
  /** The pages to prepare, in order. */
  pages: Iterable<number>;
  queue: RenderQueue;
  /** The document's pages prepared already (skipped; each page prepared is added). */
  done: Set<number>;
  /** A page the reader draws himself (near the view): not prepared, and not released. */
  isDrawn: (page: number) => boolean;
  /** False once the reader has moved on (or the document is closed): nothing more is started. */
  live: () => boolean;
  /**
   * Aborted when the document is closed: the page being prepared gives up its turn at once. pdf.js
   * never settles an operator list asked of a document destroyed meanwhile, and a turn never given
   * back would stop the reader's queue, for every document after it.
   */
  closed: AbortSignal;
  /** Resolves when the main thread has nothing else to do. */
  idle: () => Promise<void>;
}

export async function warmPages({ pdf, pages, queue, done, isDrawn, live, closed, idle }: WarmPages): Promise<void> {
  const going = () => live() && !closed.aborted;
  let onClose = () => {};
  const whenClosed = new Promise<false>((resolve) => (onClose = () => resolve(false)));
  closed.addEventListener('abort', onClose, { once: true });
  /** Page `n`'s operator list, then its data here released; false when the document closed first. */
  const prepare = async (n: number): Promise<boolean> => {
    const page = await Promise.race([pdf.getPage(n), whenClosed]);
    if (!page || !(await Promise.race([page.getOperatorList().then(() => true), whenClosed]))) return false;
    // Not a page the reader is drawing meanwhile (pdf.js would drop that drawing's data after it).
    if (!isDrawn(n)) page.cleanup();
    return true;
  };
  try {
    for (const n of pages) {
      if (!going()) return;
      if (done.has(n) || isDrawn(n)) continue;
      // Idle first: a page the reader went to meanwhile is waiting in the queue by then, and goes first.
      await idle();
      if (!going()) return;
      await queue.run(
        () => Number.POSITIVE_INFINITY,
        () => !going(),
        async () => void ((await prepare(n)) && done.add(n)),
      );
    }
  } finally {
    closed.removeEventListener('abort', onClose);
  }
}
