import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../shared/text/fold';
import { findFolded, findInText, foldQuery, foldWithMap, snippetAround } from '../../shared/text/fold-map';
import { documentPermissions } from '../../shared/rules/documents';
import { ftsPhrase } from '../../electron/services/search/text-index';
import { pageTextOf, runSlices } from '../../renderer/src/pdf/find-text';

/** The original characters a search for `query` highlights in `text`. */
const hitsOf = (text: string, query: string) => findFolded(foldWithMap(text), foldQuery(query)).map((h) => text.slice(h.start, h.end));

describe('Vietnamese folding for search', () => {
  it('drops tones and marks, lower-cases, and folds đ/Đ to d', () => {
    expect(foldVietnamese('Đề án')).toBe('de an');
    expect(foldVietnamese('đồng ý')).toBe('dong y');
    expect(foldVietnamese('ĐỒNG Ý')).toBe('dong y');
    expect(foldVietnamese('Ủy ban nhân dân thành phố Hà Nội')).toBe('uy ban nhan dan thanh pho ha noi');
    expect(foldVietnamese('Ưu tiên ơ ư ă â ê ô')).toBe('uu tien o u a a e o');
  });

  it('treats NFD input (separate combining marks) like NFC', () => {
    const nfd = 'Đề án phát triển'.normalize('NFD');
    expect(nfd.length).toBeGreaterThan('Đề án phát triển'.length);
    expect(foldVietnamese(nfd)).toBe('de an phat trien');
    expect(foldQuery('  ĐỒNG   Ý '.normalize('NFD'))).toBe('dong y');
  });

  it('finds a query without diacritics in mixed text and maps hits back to the original characters', () => {
    const text = 'Sở Tài chính kính đề nghị UBND đồng ý; 87% ý kiến ĐỒNG Ý với Đề án (TOD) năm 2026.';
    expect(hitsOf(text, 'dong y')).toEqual(['đồng ý', 'ĐỒNG Ý']);
    expect(hitsOf(text, 'de an')).toEqual(['Đề án']);
    expect(hitsOf(text, 'ĐỀ ÁN')).toEqual(['Đề án']);
    expect(hitsOf(text, 'tod')).toEqual(['TOD']);
    expect(hitsOf(text, '2026')).toEqual(['2026']);
    expect(hitsOf(text, 'khong co')).toEqual([]);
  });

  it('maps hits in NFD text to whole letters (base letter with its marks)', () => {
    const nfd = 'Chủ tịch đồng ý với Đề án'.normalize('NFD');
    const [hit] = hitsOf(nfd, 'dong y');
    expect(hit.normalize('NFC')).toBe('đồng ý');
  });

  it('matches across line breaks and runs of spaces', () => {
    expect(hitsOf('kính đề nghị đồng\ný với', 'dong y')).toEqual(['đồng\ný']);
    expect(hitsOf('Đề    án', 'de an')).toEqual(['Đề    án']);
  });

  it('cuts a snippet around the first hit, hits marked, original diacritics kept', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(10)}Sở Tài chính đề nghị đồng ý với phương án. ${'Kết thúc. '.repeat(10)}`;
    const hits = findFolded(foldWithMap(text), 'dong y');
    const parts = snippetAround(text, hits, 30);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['đồng ý']);
    const joined = parts.map((p) => p.text).join('');
    expect(joined.startsWith('…')).toBe(true);
    expect(joined.endsWith('…')).toBe(true);
    expect(joined).toContain('đề nghị đồng ý với');
  });

  it('builds an FTS5 phrase from the folded words, ignoring punctuation and quotes', () => {
    expect(ftsPhrase(foldQuery('Đề án'))).toBe('"de an"');
    expect(ftsPhrase(foldQuery('"dong" y*'))).toBe('"dong y"');
    expect(ftsPhrase(foldQuery(' ;; '))).toBeNull();
  });

  it('locates hits inside the text-layer runs of a page', () => {
    const page = pageTextOf([{ str: 'kính đề nghị đồng', hasEOL: true }, { str: 'ý với phương án' }]);
    const [m] = findFolded(page.folded, 'dong y');
    const match = { page: 1, ...m };
    expect(runSlices(page, [match], 0)).toEqual([{ from: 13, to: 17, match: 0 }]);
    expect(runSlices(page, [match], 1)).toEqual([{ from: 0, to: 1, match: 0 }]);
  });
});

describe('document permissions', () => {
  it('confidential: no copy, print or download by default, watermark on', () => {
    expect(documentPermissions({ classification: 'confidential' })).toEqual({ copy: false, print: false, download: false, watermark: true });
  });
  it('public and internal: everything allowed, no watermark', () => {
    for (const classification of ['public', 'internal'] as const)
      expect(documentPermissions({ classification, allowPrint: null, allowDownload: null })).toEqual({ copy: true, print: true, download: true, watermark: false });
  });
  it('per-document flags override the default, but copy follows the classification', () => {
    expect(documentPermissions({ classification: 'confidential', allowPrint: true, allowDownload: false })).toEqual({
      copy: false,
      print: true,
      download: false,
      watermark: true,
    });
    expect(documentPermissions({ classification: 'internal', allowPrint: false, allowDownload: false }).print).toBe(false);
  });
});

describe('findInText (the fast path used for search snippets)', () => {
  it('gives the same hits as the character map, for NFC, NFD and mixed text', () => {
    const texts = [
      'Sở Tài chính kính đề nghị UBND đồng ý; 87% ý kiến ĐỒNG Ý với Đề án (TOD) năm 2026.',
      'Chủ tịch đồng\n ý với Đề   án'.normalize('NFD'),
      'ﬁnancial plan: đồng ý (ligature ﬁ)',
    ];
    for (const text of texts)
      for (const q of ['dong y', 'de an', 'financial', 'tod'])
        expect(findInText(text, foldQuery(q))).toEqual(findFolded(foldWithMap(text), foldQuery(q)));
  });
});
