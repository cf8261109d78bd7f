/**
 * Recognition of one PDF by the real tools (poppler, Tesseract vie): only pages without a text
 * layer are recognised, a PDF with text everywhere is left alone, a document over its time limit
 * fails with that reason, and the PDF file is never changed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recognisePdf } from '../../server/ocr/recognise';
import { pdfWithScans, wordRecall } from './helpers/scanned-pdf';

const work = mkdtempSync(path.join(tmpdir(), 'ecab-ocr-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function file(pages: Parameters<typeof pdfWithScans>[0]): Promise<string> {
  const f = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(f, await pdfWithScans(pages));
  return f;
}
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

const SCAN = ['Biên bản họp Ủy ban nhân dân', 'thống nhất thông qua tờ trình', 'về quy hoạch đô thị năm 2030'];

describe('recognising a PDF', { timeout: 240_000 }, () => {
  it('recognises the scanned pages only, with progress, and leaves the file as it was', async () => {
    const f = await file([['Trang đầu có chữ thật.'], { scan: SCAN }, ['Trang cuối cũng có chữ.']]);
    const before = sha(f);
    const progress: string[] = [];
    const r = await recognisePdf(f, { timeoutMs: 180_000, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(r.kind).toBe('done');
    if (r.kind !== 'done') return;
    expect(r.pages[0]).toBeNull();
    expect(r.pages[2]).toBeNull();
    expect(wordRecall(SCAN.join(' '), r.pages[1]!)).toBeGreaterThanOrEqual(0.9);
    expect(progress).toEqual(['0/1', '1/1']);
    expect(sha(f)).toBe(before);
    // Each word where it is on the page (what the reader's selectable layer over the scan uses).
    expect(r.words[0]).toBeNull();
    const words = r.words[1]!;
    expect(words.map((w) => w.text).join(' ')).toBe(r.pages[1]!.replace(/\n/g, ' '));
    const first = words.find((w) => w.text === 'Biên')!;
    // The scanned lines start 56 pt from the left of an A4 page (595 × 842 pt), the first about 60 pt from the top.
    expect(first.box[0]).toBeCloseTo(56 / 595, 2);
    expect(first.box[1]).toBeGreaterThan(40 / 842);
    expect(first.box[3]).toBeLessThan(90 / 842);
    const line3 = words.find((w) => w.text === 'quy')!;
    expect(line3.box[1]).toBeGreaterThan(first.box[3]);
  });

  it('a PDF with text on every page needs no recognition', async () => {
    expect(await recognisePdf(await file([['Một trang có chữ.'], ['Hai trang có chữ.']]), { timeoutMs: 60_000 })).toEqual({ kind: 'not_needed', pages: 2 });
  });

  it('a document over its time limit fails with that reason', async () => {
    const r = await recognisePdf(await file([{ scan: SCAN }, { scan: SCAN }]), { timeoutMs: 300 });
    expect(r).toMatchObject({ kind: 'failed', reason: 'timeout' });
  });

  it('a language Tesseract has no model for fails as unreadable, not silently empty', async () => {
    const r = await recognisePdf(await file([{ scan: SCAN }]), { timeoutMs: 180_000, language: 'xyz' });
    expect(r).toMatchObject({ kind: 'failed', reason: 'unreadable' });
  });
});
