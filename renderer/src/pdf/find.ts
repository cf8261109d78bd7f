/**
 * Find in document, Vietnamese-aware: matches the folded query ("dong y") against the folded
 * text of every page and maps each hit back to the original text ("đồng ý"), as offsets into
 * the page's text runs, so the text layer can highlight exactly those characters.
 */
import { findFolded, foldQuery, foldWithMap } from '../../../shared/text/fold-map';
import { TEXT_CONTENT_OPTIONS } from '../../../shared/text/page-text';
import type { OcrWord } from '../../../shared/ocr';
import { ocrPageText, pageTextOf, type FindMatch, type PageText } from './find-text';
// The type only, from the package: this module stays loadable outside the browser (tests run it on Node).
import type { PDFDocumentProxy } from 'pdfjs-dist';

export { pageTextOf, runSlices, type FindMatch, type PageText } from './find-text';

export class DocumentFinder {
  private readonly pages = new Map<number, Promise<PageText>>();
  private readonly done = new Map<number, PageText>();

  /** A page's text if it was already read (highlighting needs it synchronously). */
  resolved(n: number): PageText | undefined {
    return this.done.get(n);
  }

  /**
   * For a page pdf.js finds no words on (a scan, whose text the server recognised): `ocrWords`,
   * the recognised words with their boxes, which the reader lays over the scan (hits are
   * highlighted in them, run for run); else `indexedText`, the search index's text of every
   * page (offline: hits count and can be stepped to, with no highlight).
   */
  constructor(
    private readonly pdf: PDFDocumentProxy,
    private readonly indexedText: (() => Promise<readonly string[]>) | null = null,
    private readonly ocrWords: (() => Promise<readonly (readonly OcrWord[] | null)[] | null>) | null = null,
  ) {}

  private indexed: Promise<readonly string[]> | null = null;
  private words: Promise<readonly (readonly OcrWord[] | null)[] | null> | null = null;

  private async recognisedPage(n: number, own: PageText): Promise<PageText> {
    if ((own.folded.folded.match(/\p{L}/gu)?.length ?? 0) >= 3) return own;
    if (this.ocrWords) {
      this.words ??= this.ocrWords().catch(() => null);
      const words = (await this.words)?.[n - 1];
      if (words?.length) return ocrPageText(words);
    }
    if (!this.indexedText) return own;
    this.indexed ??= this.indexedText().catch(() => []);
    const text = (await this.indexed)[n - 1];
    return text ? { runStarts: [], runLengths: [], folded: foldWithMap(text) } : own;
  }

  pageText(n: number): Promise<PageText> {
    let p = this.pages.get(n);
    if (!p) {
      p = (async () => {
        const page = await this.pdf.getPage(n);
        // Same options as the text layer (so run i here is span i there) and the search index.
        const content = await page.getTextContent(TEXT_CONTENT_OPTIONS);
        const pageText = await this.recognisedPage(n, pageTextOf(content.items));
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
