/**
 * The reader's find and the search index read a page's text through the same joiner
 * (shared/text/page-text.ts): on the same real PDF (Vietnamese with diacritics and đ, a word
 * hyphenated over two lines, a phrase broken over two lines, a ligature), both see the same page text and
 * agree on which pages hold a query and how many times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldWithMap } from '../../shared/text/fold-map';
import { DocumentFinder } from '../../renderer/src/pdf/find';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { PdfTextReader } from '../../electron/services/search/pdf-text';
import { TextIndexer } from '../../electron/services/search/text-indexer';
import { localLibrary, vietnamesePdf } from './helpers/local-library';
import { removeTempDirs } from './helpers/temp';

const PAGES = [
  ['ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI', 'Kính đề nghị Chủ tịch đồng', 'ý với Đề án phát tri-', 'ển giao thông công cộng đô thị.', 'Tổng kinh phí dự kiến: 1.200 tỷ đồng; ĐỒNG Ý 87%.'],
  ['Quyết định số 12/QĐ-UBND về việc giao nhiệm vụ', 'Sở Giao thông vận tải chủ trì; các sở đồng ý phối', 'hợp. Kinh tế - xã hội phát triển bền vững.'],
  // A typographic ligature ("ﬁ", one character): pdf.js normalizes it only when asked.
  ['Trang này không có nội dung liên quan.', 'Báo cáo ﬁnancial statement đã được kiểm toán.'],
];
const QUERIES = ['dong y', 'ĐỒNG Ý', 'phat trien', 'de an', 'đề án', 'giao thong cong cong', 'qd-ubnd', 'kinh te - xa hoi', 'phoi hop', 'ha noi', 'financial', 'khong co tu nay'];

const reader = new PdfTextReader();
let lib: ReturnType<typeof localLibrary>;
let finder: DocumentFinder;
let sha256 = '';

beforeAll(async () => {
  lib = localLibrary();
  const bytes = await vietnamesePdf(PAGES);
  ({ sha256 } = await lib.addDocument('Tờ trình Đề án', bytes));
  const indexer = new TextIndexer(lib.index, lib.synced, lib.blobs, reader);
  indexer.schedule();
  await indexer.idle();
  await indexer.stop();
  // The reader's side: pdf.js as the renderer runs it (here its Node build), the renderer's finder.
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  finder = new DocumentFinder(pdf as unknown as PDFDocumentProxy);
});

afterAll(async () => {
  await reader.close();
  removeTempDirs();
});

describe('find in the reader and search agree', () => {
  it('see the same text on every page, hyphenated word joined, line break kept as a space', async () => {
    const stored = lib.db.prepare('SELECT page, original FROM doc_text_pages WHERE sha256 = ? ORDER BY page').all(sha256) as { page: number; original: string }[];
    expect(stored.map((r) => r.page)).toEqual([1, 2, 3]);
    for (const { page, original } of stored) expect((await finder.pageText(page)).folded.folded).toBe(foldWithMap(original).folded);
    const first = foldWithMap(stored[0].original).folded;
    expect(first).toContain('de an phat trien giao thong');
    expect(first).toContain('dong y voi');
  });

  it('find the same pages, with the same number of hits, for every query', async () => {
    for (const q of QUERIES) {
      const found = await finder.findAll(q, new AbortController().signal);
      const byFind = new Map<number, number>();
      for (const m of found) byFind.set(m.page, (byFind.get(m.page) ?? 0) + 1);
      const bySearch = new Map<number, number>();
      for (const g of lib.index.search(q).groups) for (const d of g.documents) for (const p of d.pages) bySearch.set(p.page, p.hits);
      expect([...bySearch.entries()].sort(), q).toEqual([...byFind.entries()].sort());
    }
    // Not vacuous: the Vietnamese queries do hit, over line breaks and the hyphenated word.
    expect((await finder.findAll('dong y', new AbortController().signal)).length).toBe(3);
    expect((await finder.findAll('phat trien', new AbortController().signal)).map((m) => m.page)).toEqual([1, 2]);
    expect((await finder.findAll('financial', new AbortController().signal)).map((m) => m.page)).toEqual([3]);
  });

  it('while a document is being written into the index, every page the search finds is in the text the reader finds in', async () => {
    const pages = PAGES.map((lines) => {
      const original = lines.join(' ');
      return { original, folded: foldWithMap(original).folded };
    });
    const pagesFound: number[][] = [];
    const readerPages: number[] = [];
    // One page per write, as a large document is written; between writes the member searches and
    // opens the reader's find, which reads the indexed text of pages without a text layer.
    const done = await lib.index.storeGradually(sha256, pages, {
      batchChars: 1,
      shouldStop: () => {
        const found = lib.index.search('dong y').groups.flatMap((g) => g.documents.flatMap((d) => d.pages.map((p) => p.page)));
        pagesFound.push(found);
        readerPages.push(lib.index.pageTexts(sha256).length);
        return false;
      },
    });
    expect(done).toBe(true);
    // Not vacuous: the search did find pages while the writing went on.
    expect(pagesFound.some((found) => found.length > 0 && found.length < 2)).toBe(true);
    pagesFound.forEach((found, i) => {
      for (const page of found) expect(readerPages[i], `the reader's text after write ${i} lacks page ${page}`).toBeGreaterThanOrEqual(page);
    });
    expect(lib.index.pageTexts(sha256)).toEqual(pages.map((p) => p.original));
  });

  it('highlights the original characters of a hit split over two text runs', async () => {
    const [hit] = await finder.findAll('phat trien', new AbortController().signal);
    const text = await finder.pageText(hit.page);
    const { runSlices } = await import('../../renderer/src/pdf/find-text');
    const pieces = text.runStarts.flatMap((_, i) => runSlices(text, [hit], i).map((s) => ({ run: i, ...s })));
    expect(pieces.length).toBe(2);
    // "phát tri" at the end of one run (its hyphen not highlighted), "ển" at the start of the next.
    expect(pieces[0].to - pieces[0].from).toBe('phát tri'.length);
    expect(pieces[1]).toMatchObject({ from: 0, to: 'ển'.length });
  });
});
