/**
 * Visible signature appearances after Decree 30/2020/NĐ-CP, Appendix I:
 * - signer: the official's title above, the signature image (blue, transparent PNG) centred,
 *   the full name below;
 * - seal: the organisation's signature: the red seal image at actual size, placed over about
 *   a third of the signer's image on its left, with organisation name and ISO 8601 time;
 * - clerk: on attachments, top right of the first page, no image: document number and time
 *   (Times New Roman metrics, 10 pt, black, upright).
 * Text is NFC Vietnamese in embedded Liberation Serif.
 */
import type { PDFDocument, PDFFont, PDFObject, PDFOperator, PDFRef } from '@cantoo/pdf-lib';
import { AppError } from '../../shared/app-error';
import { loadPdfLib } from './pdf-lib-lazy';
import { isoVietnam } from '../time';

export interface Rect { x: number; y: number; width: number; height: number }

export type SignatureAppearance =
  | {
      kind: 'signer';
      /** 1-based page number; default the last page. */
      page?: number;
      /** Where on the page (PDF points, origin bottom left); default bottom right of the text area. */
      rect?: Rect;
      /** Title line(s) above the image, e.g. "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH". */
      title?: string;
      /** Full name below the image; defaults to the certificate's common name. */
      name?: string;
      /** PNG of the handwritten signature (blue, transparent background). */
      image?: Uint8Array;
    }
  | {
      kind: 'seal';
      page?: number;
      /** The signer appearance this seal covers (a third of its image, on the left). */
      over?: Rect;
      rect?: Rect;
      /** PNG of the red seal, transparent background. */
      image: Uint8Array;
      /** Physical seal width in millimetres; default from the PNG's pHYs, else 36 mm. */
      widthMm?: number;
      organisation: string;
    }
  | {
      kind: 'clerk';
      organisation?: string;
      /** "Số và ký hiệu văn bản", e.g. "123/QĐ-UBND". */
      documentNumber: string;
    };

const MM = 72 / 25.4;

/** Where the (first) official's signature goes by default: bottom right of the text area of the last page. */
export const defaultSignerRect = (pageWidth: number): Rect => ({ x: pageWidth - 57 - 230, y: 70, width: 230, height: 140 });
const nfc = (s: string) => s.normalize('NFC');

/** Physical width of a PNG in points from its pHYs chunk (pixels per metre), or null. */
export function pngWidthPt(png: Uint8Array): number | null {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = dv.getUint32(16);
  for (let p = 8; p + 8 <= png.length; ) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(...png.subarray(p + 4, p + 8));
    if (type === 'pHYs' && png[p + 16] === 1) return (width / dv.getUint32(p + 8)) * 1000 * MM;
    if (type === 'IDAT') break;
    p += 12 + len;
  }
  return null;
}

interface Drawn { rect: Rect; stream: PDFRef }

/** The appearance as objects of an incremental update: numbered from `firstNumber` on. */
export interface AppearanceObjects {
  rect: Rect;
  /** Number of the form XObject the widget's /AP /N refers to. */
  formNumber: number;
  /** `N 0 obj` bodies, in any order. */
  objects: { num: number; body: Uint8Array }[];
  /** The next free object number after them. */
  nextNumber: number;
}

/**
 * Draws the appearance with pdf-lib in a scratch document whose object numbers start at
 * `firstNumber` (the signed file's next free number), and hands back the form XObject and
 * everything it refers to (fonts, images) as serialized objects: the signed file itself is never
 * loaded into pdf-lib. pdf-lib and fontkit are loaded only here, for visible signatures.
 */
export async function appearanceObjects(
  firstNumber: number,
  pageSize: { width: number; height: number },
  appearance: SignatureAppearance,
  info: { signerName: string; signingTime: Date },
): Promise<AppearanceObjects> {
  const lib = await loadPdfLib();
  const doc = await lib.PDFDocument.create({ updateMetadata: false });
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, firstNumber - 1);
  const firstOwn = doc.context.largestObjectNumber + 1;
  const drawn = await buildAppearance(lib, doc, pageSize, appearance, info);
  await doc.flush();
  const objects: AppearanceObjects['objects'] = [];
  const seen = new Set<number>();
  const stack: PDFObject[] = [drawn.stream];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (o instanceof lib.PDFRef) {
      if (seen.has(o.objectNumber)) continue;
      seen.add(o.objectNumber);
      const target = doc.context.lookup(o);
      if (!target) continue;
      if (o.objectNumber < firstOwn) throw new Error('the appearance refers to an object outside itself');
      const body = new Uint8Array(target.sizeInBytes());
      target.copyBytesInto(body, 0);
      objects.push({ num: o.objectNumber, body });
      stack.push(target);
    } else if (o instanceof lib.PDFDict) stack.push(...o.values());
    else if (o instanceof lib.PDFArray) stack.push(...o.asArray());
    else if (o instanceof lib.PDFStream) stack.push(o.dict);
  }
  return { rect: drawn.rect, formNumber: drawn.stream.objectNumber, objects, nextNumber: doc.context.largestObjectNumber + 1 };
}

type PdfLib = typeof import('@cantoo/pdf-lib');

/** Builds the appearance form XObject in `doc` and returns it with the widget rectangle. */
async function buildAppearance(
  lib: PdfLib,
  doc: PDFDocument,
  pageSize: { width: number; height: number },
  appearance: SignatureAppearance,
  info: { signerName: string; signingTime: Date },
): Promise<Drawn> {
  const { beginText, concatTransformationMatrix, drawObject, endText, PDFName, popGraphicsState, pushGraphicsState, rgb, setFillingColor, setFontAndSize, showText, moveText } = lib;
  const textOps = (font: PDFFont, fontName: string, text: string, size: number, x: number, y: number): PDFOperator[] =>
    [beginText(), setFontAndSize(fontName, size), moveText(x, y), showText(font.encodeText(text)), endText()];
  const { FONT_FILES, fontBytes, subsettingFontkit } = await import('./fonts');
  doc.registerFontkit(subsettingFontkit);
  const regular = await doc.embedFont(fontBytes(FONT_FILES.regular), { subset: true });
  const bold = await doc.embedFont(fontBytes(FONT_FILES.bold), { subset: true });
  const fonts = { F1: regular.ref, F2: bold.ref };
  const xobjects: Record<string, PDFRef> = {};
  const ops: PDFOperator[] = [];
  const { width: pw, height: ph } = pageSize;
  let rect: Rect;

  if (appearance.kind === 'signer') {
    rect = appearance.rect ?? defaultSignerRect(pw);
    const titleLines = nfc(appearance.title ?? '').split('\n').filter(Boolean);
    const name = nfc(appearance.name ?? info.signerName);
    const size = 13;
    const line = size * 1.25;
    let top = rect.height - size;
    for (const t of titleLines) {
      ops.push(...textOps(bold, 'F2', t, size, (rect.width - bold.widthOfTextAtSize(t, size)) / 2, top));
      top -= line;
    }
    ops.push(...textOps(bold, 'F2', name, size, (rect.width - bold.widthOfTextAtSize(name, size)) / 2, size * 0.4));
    if (appearance.image) {
      const img = await doc.embedPng(appearance.image);
      xobjects.Im1 = img.ref;
      const boxTop = top + size * 0.3;
      const boxBottom = size * 1.6;
      const boxH = Math.max(10, boxTop - boxBottom);
      const s = Math.min(rect.width / img.width, boxH / img.height);
      const w = img.width * s;
      const h = img.height * s;
      ops.push(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, (rect.width - w) / 2, boxBottom + (boxH - h) / 2), drawObject('Im1'), popGraphicsState());
    }
  } else if (appearance.kind === 'seal') {
    const img = await doc.embedPng(appearance.image);
    xobjects.Im1 = img.ref;
    const w = appearance.widthMm ? appearance.widthMm * MM : (pngWidthPt(appearance.image) ?? 36 * MM);
    const h = (w * img.height) / img.width;
    const size = 7;
    const org = nfc(appearance.organisation);
    const time = isoVietnam(info.signingTime);
    const textW = Math.max(regular.widthOfTextAtSize(org, size), regular.widthOfTextAtSize(time, size));
    const width = Math.max(w, textW);
    const textH = 2 * size * 1.2;
    let height = h + textH;
    let gap = 0; // between the seal image and the info text, which goes below the signer's name
    if (appearance.rect) rect = appearance.rect;
    else if (appearance.over) {
      // Centred on the signer's image, its centre a third of the way in from the left, so the
      // seal covers about the left third of the handwritten signature.
      const o = appearance.over;
      const cx = o.x + o.width / 3;
      const cy = o.y + o.height / 2;
      const bottom = o.y - textH - 2;
      gap = Math.max(0, cy - h / 2 - (bottom + textH));
      height = h + textH + gap;
      rect = { x: cx - width / 2, y: bottom, width, height };
    } else rect = { x: pw - 57 - width, y: 70, width, height };
    const sx = rect.width / width;
    const sy = rect.height / height;
    ops.push(pushGraphicsState(), concatTransformationMatrix(sx, 0, 0, sy, 0, 0));
    ops.push(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, (width - w) / 2, textH + gap), drawObject('Im1'), popGraphicsState());
    ops.push(setFillingColor(rgb(0, 0, 0)));
    ops.push(...textOps(regular, 'F1', org, size, (width - regular.widthOfTextAtSize(org, size)) / 2, size * 1.4));
    ops.push(...textOps(regular, 'F1', time, size, (width - regular.widthOfTextAtSize(time, size)) / 2, size * 0.2));
    ops.push(popGraphicsState());
  } else {
    const size = 10;
    const lines = [
      ...(appearance.organisation ? [nfc(appearance.organisation)] : []),
      nfc(`Số: ${appearance.documentNumber}`),
      `Thời gian ký: ${isoVietnam(info.signingTime)}`.normalize('NFC'),
    ];
    const width = Math.max(...lines.map((l) => regular.widthOfTextAtSize(l, size))) + 8;
    const height = lines.length * size * 1.25 + 6;
    rect = { x: pw - 20 * MM - width, y: ph - 10 * MM - height, width, height };
    lines.forEach((l, i) => ops.push(...textOps(regular, 'F1', l, size, 4, height - 3 - size - i * size * 1.25)));
  }
  if (!(rect.width > 0 && rect.height > 0)) throw new AppError('bad_request', 'The signature rectangle must have a positive size');

  const resources = doc.context.obj({ Font: fonts, XObject: xobjects, ProcSet: [PDFName.of('PDF'), PDFName.of('Text'), PDFName.of('ImageC'), PDFName.of('ImageB')] });
  const stream = doc.context.formXObject(ops, { BBox: [0, 0, rect.width, rect.height], Resources: resources });
  return { rect, stream: doc.context.register(stream) };
}
