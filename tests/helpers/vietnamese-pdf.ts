/**
 * Real PDFs with Vietnamese text for tests and benchmarks: pdf-lib with the bundled Liberation
 * Serif (subset, with its ToUnicode map, as the server's own documents), each paragraph wrapped
 * to the page width, one page per entry. What pdf.js extracts is what a member's reader sees.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import { loadFont } from '../../server/pdf/fonts';
import { subsettingFontkit } from '../../signing/pdf/fonts';

const SIZE = 12;
const LEADING = 17;
const LEFT = 72;
const WIDTH = 595 - 2 * LEFT;
const TOP = 770;

/** A PDF whose pages hold the given paragraphs (NFC text), wrapped to the width of an A4 page. */
export async function vietnamesePdf(pages: readonly (readonly string[])[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(subsettingFontkit);
  const font = await pdf.embedFont(loadFont('regular'), { subset: true });
  for (const paragraphs of pages) {
    const page = pdf.addPage([595, 842]);
    let y = TOP;
    for (const paragraph of paragraphs) {
      let line = '';
      const flush = () => {
        page.drawText(line, { x: LEFT, y, size: SIZE, font });
        y -= LEADING;
        line = '';
      };
      for (const word of paragraph.normalize('NFC').split(/\s+/u)) {
        const next = line ? `${line} ${word}` : word;
        if (line && font.widthOfTextAtSize(next, SIZE) > WIDTH) {
          flush();
          line = word;
        } else line = next;
      }
      if (line) flush();
      y -= LEADING / 2;
    }
  }
  return pdf.save();
}
