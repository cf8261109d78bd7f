/**
 * Scanned paper, made in the test: a page of Vietnamese text in Liberation Serif is rendered to
 * a 300 dpi grey image by poppler's `pdftoppm` (as a scanner would give it) and wrapped as a PDF
 * page that is only that image (no text layer), the way scanners write PDFs. The pixels go into
 * the PDF compressed by Node's zlib: embedding a PNG, pdf-lib decodes it and compresses it again
 * in JavaScript (seconds of the test's CPU per page); a lossy JPEG made OCR misread letters.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { concatTransformationMatrix, drawObject, PDFDocument, popGraphicsState, pushGraphicsState, type PDFPage } from '@cantoo/pdf-lib';
import { subsettingFontkit, fontBytes, FONT_FILES } from '../../../signing/pdf/fonts';
import { tool } from '../../helpers/tool';

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

/** The first page of `pdf` as a grey PNG, rendered by pdftoppm at `dpi` (what bench/ocr.ts gives tesseract alone). */
export async function renderPng(pdf: Uint8Array, dpi = 300): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ecab-scan-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    await tool('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-gray', '-png', '-singlefile', path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    return await readFile(path.join(dir, 'page.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The first page of `pdf` as 8-bit grey pixels, rendered by pdftoppm at `dpi`. */
export async function renderGrey(pdf: Uint8Array, dpi = 300): Promise<{ width: number; height: number; pixels: Uint8Array }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ecab-scan-'));
  try {
    await writeFile(path.join(dir, 'in.pdf'), pdf);
    await tool('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-gray', '-singlefile', path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    // PGM: "P5", width, height, maxval (255), each followed by one whitespace, then the pixels.
    const pgm = await readFile(path.join(dir, 'page.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 64).toString('latin1'));
    if (!header) throw new Error('pdftoppm did not write an 8-bit PGM');
    return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(header[0].length) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Draws grey pixels over the whole page as one image, Flate-compressed. */
function drawScan(doc: PDFDocument, page: PDFPage, scan: { width: number; height: number; pixels: Uint8Array }): void {
  const image = doc.context.register(
    doc.context.stream(deflateSync(scan.pixels), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: scan.width,
      Height: scan.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'FlateDecode',
    }),
  );
  const name = page.node.newXObject('Scan', image);
  const { width, height } = page.getSize();
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
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
    drawScan(doc, page, await renderGrey(await textPage(p.scan, 20, size)));
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
