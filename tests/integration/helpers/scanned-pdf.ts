/**
 * Scanned paper, made in the test: a page of Vietnamese text in Liberation Serif is rendered to
 * a 300 dpi image by poppler's `pdftoppm` (as a scanner would give it) and wrapped as a PDF page
 * that is only that image (no text layer), the way scanners write PDFs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from '@cantoo/pdf-lib';
import { subsettingFontkit, fontBytes, FONT_FILES } from '../../../signing/pdf/fonts';

const run = promisify(execFile);
const A4: [number, number] = [595, 842];

/** A one-page text PDF (A4 unless `pageSize` says otherwise): the lines, large, one under the other from the top. */
export async function textPage(lines: readonly string[], size = 20, pageSize: [number, number] = A4): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const font = await doc.embedFont(fontBytes(FONT_FILES.regular), { subset: true });
  const page = doc.addPage(pageSize);
  lines.forEach((l, i) => page.drawText(l, { x: 56, y: pageSize[1] - 72 - i * size * 1.6, size, font }));
  return doc.save();
}

/** The first page of `pdf` as a PNG, rendered by pdftoppm at `dpi`. */
export async function renderPng(pdf: Uint8Array, dpi = 300): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ecab-scan-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-gray', '-png', '-singlefile', path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    return await readFile(path.join(dir, 'page.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A PDF of the given pages: a string[] page has a real text layer, a `{ scan }` page is only an
 * image of those lines, on A4 or a page of `size` (a slip: less for the server to render and
 * recognise where the page's size is not the point).
 */
export async function pdfWithScans(pages: readonly (string[] | { scan: string[]; size?: [number, number] })[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const font = await doc.embedFont(fontBytes(FONT_FILES.regular), { subset: true });
  for (const p of pages) {
    const page = doc.addPage(A4);
    if (Array.isArray(p)) {
      p.forEach((l, i) => page.drawText(l, { x: 56, y: 770 - i * 24, size: 14, font }));
      continue;
    }
    const size = p.size ?? A4;
    if (p.size) page.setSize(size[0], size[1]);
    const png = await doc.embedPng(await renderPng(await textPage(p.scan, 20, size)));
    page.drawImage(png, { x: 0, y: 0, width: size[0], height: size[1] });
  }
  return doc.save();
}

/** Lower-case words (letters and digits) of a text, diacritics kept. */
export const wordsOf = (text: string) => text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Share of the source's words (with their multiplicity) found in the recognised text. */
export function wordRecall(source: string, recognised: string): number {
  const bag = new Map<string, number>();
  for (const w of wordsOf(recognised)) bag.set(w, (bag.get(w) ?? 0) + 1);
  const words = wordsOf(source);
  let hits = 0;
  for (const w of words) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      hits++;
      bag.set(w, n - 1);
    }
  }
  return words.length ? hits / words.length : 1;
}
