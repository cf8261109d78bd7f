/**
 * Find in document, Vietnamese-aware: matches the folded query ("dong y") against the folded
 * text of every page and maps each hit back to the original text ("đồng ý"), as offsets into
 * the page's text runs, so the text layer can highlight exactly those characters.
 */
import { findFolded, foldQuery, foldWithMap } from '../../../shared/text/fold-map';
import { joinRuns, type FindMatch, type PageText } from './find-text';
import type { PDFDocumentProxy } from './pdfjs';

export { joinRuns, runSlices, type FindMatch, type PageText } from './find-text';

export class DocumentFinder {
  private readonly pages = new Map<number, Promise<PageText>>();
  private readonly done = new Map<number, PageText>();

  /** A page's text if it was already read (highlighting needs it synchronously). */
  resolved(n: number): PageText | undefined {
    return this.done.get(n);
  }

  constructor(private readonly pdf: PDFDocumentProxy) {}

  pageText(n: number): Promise<PageText> {
    let p = this.pages.get(n);
    if (!p) {
      p = (async () => {
        const page = await this.pdf.getPage(n);
        // Same options as the text layer, so run i here is span i there.
        const content = await page.getTextContent({ disableNormalization: true });
        const runs = content.items.filter((it): it is typeof it & { str: string; hasEOL: boolean } => 'str' in it);
        const { text, runStarts } = joinRuns(runs);
        const pageText = { runStarts, runs: runs.map((r) => r.str), folded: foldWithMap(text) };
        this.done.set(n, pageText);
        return pageText;
      })();
      this.pages.set(n, p);
    }
    return p;
  }

  /**
   * Every hit of the query, page by page; `onPage` reports progress so the counter can grow
   * while a long document is searched. Stops early when `signal` aborts.
   */
  async findAll(query: string, signal: AbortSignal, onPage?: (matches: FindMatch[], page: number) => void): Promise<FindMatch[]> {
    const needle = foldQuery(query);
    const all: FindMatch[] = [];
    if (!needle) return all;
    for (let n = 1; n <= this.pdf.numPages; n++) {
      if (signal.aborted) break;
      const text = await this.pageText(n);
      const hits = findFolded(text.folded, needle).map((h) => ({ page: n, start: h.start, end: h.end }));
      all.push(...hits);
      onPage?.(hits, n);
    }
    return all;
  }
}
