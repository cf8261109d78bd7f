import { describe, expect, it } from 'vitest';
import { joinPageText } from '../../shared/text/page-text';

const item = (str: string, hasEOL = false) => ({ str, hasEOL, transform: [1, 0, 0, 1, 0, 0], width: 10, height: 10 });

describe('joinPageText (the one page-text joiner of find and search)', () => {
  it('joins runs, a line end becomes a line break, and records where each run starts', () => {
    const j = joinPageText([item('Kính đề nghị đồng', true), item('ý với '), item('phương án')]);
    expect(j.text).toBe('Kính đề nghị đồng\ný với phương án');
    expect(j.runStarts).toEqual([0, 18, 24]);
    expect(j.runLengths).toEqual([17, 6, 9]);
  });

  it('joins a word hyphenated over two lines, without its hyphen', () => {
    const j = joinPageText([item('Đề án phát tri-', true), item('ển giao thông')]);
    expect(j.text).toBe('Đề án phát triển giao thông');
    expect(j.runLengths).toEqual(['Đề án phát tri'.length, 'ển giao thông'.length]);
    expect(j.runStarts).toEqual([0, 'Đề án phát tri'.length]);
  });

  it('also when pdf.js reports the line end on an empty item, or with a soft hyphen', () => {
    expect(joinPageText([item('docu-'), item('', true), item('ment')]).text).toBe('document');
    expect(joinPageText([item('docu\u00ad', true), item('ment')]).text).toBe('document');
  });

  it('keeps the hyphen and the line break when the next line does not continue the word', () => {
    // A dash after a space, a capital after the hyphen, a digit, the end of the page.
    expect(joinPageText([item('Kinh tế -', true), item('xã hội')]).text).toBe('Kinh tế -\nxã hội');
    expect(joinPageText([item('Quyết định số 12/QĐ-', true), item('UBND')]).text).toBe('Quyết định số 12/QĐ-\nUBND');
    expect(joinPageText([item('COVID-', true), item('19')]).text).toBe('COVID-\n19');
    expect(joinPageText([item('phát tri-', true)]).text).toBe('phát tri-\n');
    expect(joinPageText([item('phát tri-', true), item(' ', false), item('ển')]).text).toBe('phát tri-\n ển');
  });

  it('ignores items without text (marked content) and counts empty text runs', () => {
    const j = joinPageText([{ type: 'beginMarkedContent' }, item(''), item('Đề án', true), { type: 'endMarkedContent' }]);
    expect(j.text).toBe('Đề án\n');
    expect(j.runStarts).toEqual([0, 0]);
    expect(j.runLengths).toEqual([0, 5]);
  });
});
