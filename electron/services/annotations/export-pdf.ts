/**
 * "A copy with my notes": the document's bytes plus the member's annotations written as
 * standard PDF annotations (Highlight with QuadPoints, Ink, FreeText, Text with a Popup), each
 * with a normal appearance stream (/AP /N) so that viewers which do not build appearances
 * themselves (poppler, pdf.js, Acrobat all differ) draw the same thing. The original file is
 * only read; the copy is new bytes.
 */
import { PDFDocument, PDFHexString, PDFString, type PDFFont, type PDFPage, type PDFRef } from '@cantoo/pdf-lib';
import { ANNOTATION_COLORS, geometryOf, pageOf, quoteOf, styleOf, textOf, type Annotation } from '../../../shared/annotations';
import { FONT_FILES, fontBytes, subsettingFontkit } from '../../../signing/pdf/fonts';

const NOTE_SIZE = 20;
const FREE_TEXT_SIZE = 11;

type Rect = [number, number, number, number];
const fmt = (n: number) => (Math.round(n * 100) / 100).toString();
const rgb = (c: [number, number, number]) => c.map(fmt).join(' ');

function bbox(points: number[][], pad: number): Rect {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad];
}

const pdfDate = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
};

/** Greedy word wrap to a width, for the text box appearance. */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && font.widthOfTextAtSize(next, size) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

export interface ExportOptions {
  /** Shown as the annotations' author (/T). */
  authorName: (a: Annotation) => string;
}

/** Returns the new PDF's bytes. `annotations` must target the version whose bytes these are. */
export async function exportWithNotes(original: Uint8Array, annotations: readonly Annotation[], opts: ExportOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  const ctx = doc.context;
  let font: PDFFont | null = null;
  const needsFont = annotations.some((a) => styleOf(a.annotation).kind === 'textbox');
  if (needsFont) {
    doc.registerFontkit(subsettingFontkit);
    font = await doc.embedFont(fontBytes(FONT_FILES.regular), { subset: true });
  }
  const pages = doc.getPages();

  // Resources as a dict literal (ctx.obj turns strings into names, objects into dicts).
  const form = (content: string, rect: Rect, resources?: Record<string, Record<string, unknown>>): PDFRef =>
    ctx.register(
      ctx.stream(content, { Type: 'XObject', Subtype: 'Form', BBox: rect, ...(resources ? { Resources: ctx.obj(resources as Parameters<typeof ctx.obj>[0]) } : {}) }),
    );

  for (const a of annotations) {
    const w = a.annotation;
    const pageNo = pageOf(w);
    const page: PDFPage | undefined = pages[pageNo - 1];
    if (!page) continue;
    const { kind, color } = styleOf(w);
    const c = ANNOTATION_COLORS[color].rgb;
    const g = geometryOf(w);
    const text = textOf(w);
    const common = {
      Type: 'Annot',
      F: 4, // print
      C: c,
      NM: PDFString.of(a.id),
      M: PDFString.of(pdfDate(a.updatedAt)),
      T: PDFHexString.fromText(opts.authorName(a)),
      P: page.ref,
    };
    let ref: PDFRef | null = null;

    if (kind === 'highlight' && g.quads?.length) {
      const pts = g.quads.flatMap((q) => [[q[0], q[1]], [q[2], q[3]], [q[4], q[5]], [q[6], q[7]]]);
      const rect = bbox(pts, 1);
      const fill = g.quads.map((q) => `${fmt(q[0])} ${fmt(q[1])} m ${fmt(q[2])} ${fmt(q[3])} l ${fmt(q[6])} ${fmt(q[7])} l ${fmt(q[4])} ${fmt(q[5])} l h f`).join('\n');
      const ap = form(`/GS0 gs ${rgb(c)} rg\n${fill}`, rect, { ExtGState: { GS0: { Type: 'ExtGState', BM: 'Multiply', ca: 0.6, CA: 0.6 } } });
      ref = ctx.register(
        ctx.obj({
          ...common,
          Subtype: 'Highlight',
          Rect: rect,
          QuadPoints: g.quads.flat(),
          CA: 0.6,
          Contents: PDFHexString.fromText(text || quoteOf(w)?.exact || ''),
          AP: { N: ap },
        }),
      );
    } else if (kind === 'ink' && g.paths?.length) {
      const width = 2;
      const rect = bbox(g.paths.flat(), width * 2);
      const strokes = g.paths
        .map((p) => p.map(([x, y], i) => `${fmt(x)} ${fmt(y)} ${i === 0 ? 'm' : 'l'}`).join(' ') + (p.length === 1 ? ` ${fmt(p[0][0] + 0.1)} ${fmt(p[0][1])} l` : '') + ' S')
        .join('\n');
      const ap = form(`${rgb(c)} RG ${width} w 1 J 1 j\n${strokes}`, rect);
      ref = ctx.register(
        ctx.obj({
          ...common,
          Subtype: 'Ink',
          Rect: rect,
          InkList: g.paths.map((p) => p.flat()),
          BS: { Type: 'Border', W: width, S: 'S' },
          Contents: PDFHexString.fromText(text),
          AP: { N: ap },
        }),
      );
    } else if (kind === 'textbox' && g.rect && font) {
      const [x1, y1, x2, y2] = g.rect;
      const rect: Rect = [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
      const lines = wrap(font, text, FREE_TEXT_SIZE, rect[2] - rect[0] - 8);
      const lead = FREE_TEXT_SIZE * 1.2;
      const body = lines.map((l, i) => `${i === 0 ? '' : 'T* '}${font!.encodeText(l).toString()} Tj`).join('\n');
      const content = [
        `1 1 1 rg ${fmt(rect[0])} ${fmt(rect[1])} ${fmt(rect[2] - rect[0])} ${fmt(rect[3] - rect[1])} re f`,
        `${rgb(c)} RG 1 w ${fmt(rect[0] + 0.5)} ${fmt(rect[1] + 0.5)} ${fmt(rect[2] - rect[0] - 1)} ${fmt(rect[3] - rect[1] - 1)} re S`,
        `BT /F1 ${FREE_TEXT_SIZE} Tf ${fmt(lead)} TL 0 g ${fmt(rect[0] + 4)} ${fmt(rect[3] - 4 - FREE_TEXT_SIZE)} Td`,
        body,
        'ET',
      ].join('\n');
      const ap = form(content, rect, { Font: { F1: font.ref } });
      ref = ctx.register(
        ctx.obj({
          ...common,
          Subtype: 'FreeText',
          Rect: rect,
          Contents: PDFHexString.fromText(text),
          DA: PDFString.of(`/Helv ${FREE_TEXT_SIZE} Tf 0 g`),
          BS: { Type: 'Border', W: 1, S: 'S' },
          AP: { N: ap },
        }),
      );
    } else if (kind === 'note' && g.rect) {
      const x = Math.min(g.rect[0], g.rect[2]);
      const top = Math.max(g.rect[1], g.rect[3]);
      const rect: Rect = [x, top - NOTE_SIZE, x + NOTE_SIZE, top];
      // A small coloured sheet with three lines: the usual "comment" icon.
      const icon = [
        `${rgb(c)} rg 0 G 0.8 w ${fmt(rect[0] + 0.5)} ${fmt(rect[1] + 0.5)} ${NOTE_SIZE - 1} ${NOTE_SIZE - 1} re B`,
        ...[0.7, 0.5, 0.3].map((f) => `${fmt(rect[0] + 4)} ${fmt(rect[1] + NOTE_SIZE * f)} m ${fmt(rect[2] - 4)} ${fmt(rect[1] + NOTE_SIZE * f)} l S`),
      ].join('\n');
      const ap = form(icon, rect);
      const popupRef = ctx.nextRef();
      ref = ctx.register(
        ctx.obj({ ...common, Subtype: 'Text', Rect: rect, Name: 'Comment', Open: false, Contents: PDFHexString.fromText(text), Popup: popupRef, AP: { N: ap } }),
      );
      ctx.assign(
        popupRef,
        ctx.obj({ Type: 'Annot', Subtype: 'Popup', F: 4, Parent: ref, Open: false, P: page.ref, Rect: [rect[2], rect[1] - 100, rect[2] + 200, rect[3]] }),
      );
      page.node.addAnnot(ref);
      page.node.addAnnot(popupRef);
      continue;
    }
    if (ref) page.node.addAnnot(ref);
  }
  return doc.save({ useObjectStreams: false });
}
