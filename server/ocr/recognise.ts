/**
 * Recognises the pages of a PDF that have no text layer: poppler's `pdftotext` tells which
 * pages carry text, `pdftoppm` renders each of the others at 300 dpi, and Tesseract with its
 * Vietnamese model reads the image. The PDF is only read, never written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OcrFailureReason, OcrWord } from '../../shared/ocr';
import { hasAtLeastLetters } from '../../shared/text/letters';
import { runTool } from './child-process';
import { readTesseractTsv } from './tesseract-tsv';

export const OCR_DPI = 300;

/** What `nice` exits with when the tool it should run is not installed. */
const NOT_INSTALLED = 127;

export type RecogniseResult =
  | { kind: 'done'; pages: (string | null)[]; words: (OcrWord[] | null)[] }
  | { kind: 'not_needed'; pages: number }
  | { kind: 'failed'; reason: OcrFailureReason; message: string }
  | { kind: 'stopped' };

export interface RecogniseOptions {
  /** Time allowed for the whole document. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Pages recognised so far / pages to recognise. */
  onProgress?: (done: number, total: number) => void;
  language?: string;
}

/** Text of each page by poppler (pdftotext ends every page with a form feed). */
export async function pdfPageTexts(file: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<string[] | { kind: 'timeout' | 'stopped' | 'unreadable' | 'unavailable' }> {
  const r = await runTool('pdftotext', ['-enc', 'UTF-8', file, '-'], opts);
  if (r.kind !== 'done') return { kind: r.kind };
  if (r.code === NOT_INSTALLED) return { kind: 'unavailable' };
  if (r.code !== 0) return { kind: 'unreadable' };
  const pages = r.stdout.split('\f');
  pages.pop();
  return pages;
}

/** Fewer letters than MIN_PAGE_LETTERS on a page: the page is an image (a scan), not text. */
export const hasTextLayer = (text: string) => hasAtLeastLetters(text);

/** Tesseract on one page image: its words with their boxes, as TSV (see tesseract-tsv.ts). */
export async function tesseractTsv(image: string, opts: { timeoutMs: number; signal?: AbortSignal; language?: string }) {
  // One thread: the server's cores are shared with everything else (and OCR runs one page at a time).
  return runTool('tesseract', [image, 'stdout', '-l', opts.language ?? 'vie', 'tsv'], { ...opts, env: { OMP_THREAD_LIMIT: '1' } });
}

export async function recognisePdf(file: string, opts: RecogniseOptions): Promise<RecogniseResult> {
  const deadline = Date.now() + opts.timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const unavailable = (): RecogniseResult => ({ kind: 'failed', reason: 'ocr_unavailable', message: 'poppler-utils or tesseract-ocr (vie) is not installed' });
  const timedOut = (): RecogniseResult => ({ kind: 'failed', reason: 'timeout', message: `OCR took longer than ${Math.round(opts.timeoutMs / 1000)} s` });
  const texts = await pdfPageTexts(file, { timeoutMs: left(), signal: opts.signal });
  if (!Array.isArray(texts)) {
    if (texts.kind === 'stopped') return { kind: 'stopped' };
    if (texts.kind === 'timeout') return timedOut();
    if (texts.kind === 'unavailable') return unavailable();
    return { kind: 'failed', reason: 'unreadable', message: 'the PDF could not be read' };
  }
  const scanned = texts.flatMap((t, i) => (hasTextLayer(t) ? [] : [i]));
  if (scanned.length === 0) return { kind: 'not_needed', pages: texts.length };
  const pages: (string | null)[] = texts.map(() => null);
  const words: (OcrWord[] | null)[] = texts.map(() => null);
  opts.onProgress?.(0, scanned.length);
  const dir = await mkdtemp(path.join(tmpdir(), 'ecab-ocr-'));
  try {
    for (const [n, i] of scanned.entries()) {
      const prefix = path.join(dir, `p${i + 1}`);
      const page = String(i + 1);
      const render = await runTool('pdftoppm', ['-r', String(OCR_DPI), '-f', page, '-l', page, '-gray', '-singlefile', file, prefix], {
        timeoutMs: left(),
        signal: opts.signal,
      });
      if (render.kind === 'stopped') return { kind: 'stopped' };
      if (render.kind === 'timeout') return timedOut();
      if (render.code === NOT_INSTALLED) return unavailable();
      if (render.code !== 0) return { kind: 'failed', reason: 'unreadable', message: `page ${page} could not be rendered` };
      const read = await tesseractTsv(`${prefix}.pgm`, { timeoutMs: left(), signal: opts.signal, language: opts.language });
      if (read.kind === 'stopped') return { kind: 'stopped' };
      if (read.kind === 'timeout') return timedOut();
      if (read.code === NOT_INSTALLED) return unavailable();
      if (read.code !== 0) return { kind: 'failed', reason: 'unreadable', message: `page ${page} could not be recognised` };
      const recognised = readTesseractTsv(read.stdout);
      pages[i] = recognised.text;
      words[i] = recognised.words;
      await rm(`${prefix}.pgm`, { force: true });
      opts.onProgress?.(n + 1, scanned.length);
    }
    return { kind: 'done', pages, words };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
