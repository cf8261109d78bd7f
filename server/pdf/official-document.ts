/**
 * Vietnamese administrative documents as PDF (layout after Decree 30/2020/NĐ-CP): issuer and
 * number top left, national heading top right, place and date, centred title, justified body,
 * signature block, numbered pages, and a red "MẬT" mark on confidential papers; Liberation
 * Serif embedded (fonts.ts). The secretariat's papers (invitation, minutes), vote results,
 * written-opinion summaries and the demo committee's documents are all drawn by it.
 */
import { PDFDocument, rgb } from '@cantoo/pdf-lib';
import type { PDFFont, PDFPage } from '@cantoo/pdf-lib';
import type { Classification } from '../../shared/entities';
import { subsettingFontkit } from '../../signing/pdf/fonts';
import { FONT_FILES, loadFont, type FontStyle } from './fonts';
import { vietnamParts } from '../../shared/time/vietnam-time';

export interface OfficialDocument {
  title: string;
  fileName: string;
  classification: Classification;
  /** Document number and kind shown in the heading, e.g. "Số: 125/TTr-STC". */
  number: string;
  /** Issuing body, upper case in the heading, e.g. "SỞ TÀI CHÍNH". */
  issuer: string;
  /** Paragraphs of body text (Vietnamese, NFC). */
  paragraphs: string[];
  /**
   * Superior body printed above the issuer (Decree 30/2020), e.g. "BỘ CÔNG AN". When absent,
   * departments ("SỞ …", "VĂN PHÒNG …") get "UBND <city>" and councils/committees get none.
   */
  parentIssuer?: string;
  /** Signature block at the end, e.g. { authority: "KT. GIÁM ĐỐC", position: "PHÓ GIÁM ĐỐC", name: "…" }. */
  signer?: { authority?: string; position: string; name: string };
  /** "Nơi nhận" list printed bottom left. */
  recipients?: string[];
}

export interface OfficialPdfOptions {
  /** Date printed after the place ("Hà Nội, ngày … tháng … năm …"); defaults to now. */
  issuedAt?: Date;
  /** Place name before the date; defaults to the city in the organisation name. */
  place?: string;
}

type Fonts = Record<FontStyle, PDFFont>;

// Layout constants in PDF points (1 mm = 2.835 pt). Margins per Decree 30: left 30 mm, others 20 mm.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 85, right: 57, top: 57, bottom: 62 };
const BODY_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LEFT_COL = { x: 28, width: 240 };
const RIGHT_COL = { x: 262, width: PAGE.width - 262 - 30 };
const BODY_SIZE = 13;
const LINE = 18.5;
const PARAGRAPH_GAP = 5;
const INDENT = 28;
const BLACK = rgb(0, 0, 0);
const RED = rgb(0.8, 0.05, 0.05);
const GREY = rgb(0.35, 0.35, 0.35);

const nfc = (s: string) => s.normalize('NFC');

/**
 * Text widths, remembered per font: each measure lays the text out with fontkit, and wrapping
 * and fitting measure the same words again and again. A width is proportional to the size, so
 * one measure serves every size.
 */
const measured = new WeakMap<PDFFont, Map<string, number>>();
function widthOf(font: PDFFont, text: string, size: number): number {
  let known = measured.get(font);
  if (!known) measured.set(font, (known = new Map()));
  let at1000 = known.get(text);
  if (at1000 === undefined) known.set(text, (at1000 = font.widthOfTextAtSize(text, 1000)));
  return (at1000 * size) / 1000;
}

/**
 * Keeps "2026 - 2030" and "Hà Nội - Hoàng Mai" on one line: a line ending in a lone dash reads
 * badly, and text extractors (pdftotext) take it for a hyphenation and drop it.
 */
function glueDashes(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if ((w === '-' || w === '–') && out.length && i + 1 < words.length) {
      out[out.length - 1] += ` ${w} ${words[++i]}`;
    } else {
      out.push(w);
    }
  }
  return out;
}

/** Greedy word wrap by measured width; over-long words are split by characters. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  let lineWidth = 0;
  const space = widthOf(font, ' ', size);
  const pieces: string[] = [];
  for (const word of glueDashes(text.split(/\s+/).filter(Boolean))) {
    if (widthOf(font, word, size) <= width) {
      pieces.push(word);
      continue;
    }
    let chunk = '';
    for (const ch of word) {
      if (chunk && widthOf(font, chunk + ch, size) > width) {
        pieces.push(chunk);
        chunk = '';
      }
      chunk += ch;
    }
    if (chunk) pieces.push(chunk);
  }
  for (const word of pieces) {
    const w = widthOf(font, word, size);
    if (line.length && lineWidth + space + w > width) {
      lines.push(line);
      line = [];
      lineWidth = 0;
    }
    lineWidth += (line.length ? space : 0) + w;
    line.push(word);
  }
  if (line.length) lines.push(line);
  return lines;
}

/** "ngày 05 tháng 02 năm 2026": Decree 30 pads days below 10 and months below 3. */
export function vietnameseDate(date: Date): string {
  const { day, month, year } = vietnamParts(date);
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month < 3 ? `0${month}` : String(month);
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

function cityOf(orgName: string): string {
  const m = /(?:thành phố|tỉnh)\s+(.+)$/iu.exec(orgName);
  return m ? m[1].trim() : 'Hà Nội';
}

/** "UBND THÀNH PHỐ HÀ NỘI" above departments; councils and the committee itself stand alone. */
function parentIssuerOf(doc: OfficialDocument, orgName: string): string | null {
  if (doc.parentIssuer !== undefined) return doc.parentIssuer || null;
  const issuer = doc.issuer.toLocaleUpperCase('vi');
  if (/^(ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|UBND|HĐND)/u.test(issuer)) return null;
  return orgName.toLocaleUpperCase('vi').replace(/^ỦY BAN NHÂN DÂN/u, 'UBND');
}

/** A section heading ("I. TÌNH HÌNH …", "1. Kết quả …") is drawn bold and not justified. */
function isHeading(paragraph: string): boolean {
  const upper = paragraph === paragraph.toLocaleUpperCase('vi') && /\p{L}/u.test(paragraph);
  return paragraph.length < 160 && (upper || /^[IVX]+\.\s/u.test(paragraph) || /^\d+(\.\d+)*\.\s.*[^.;:]$/u.test(paragraph));
}

/** All-capitals lines that are not numbered sections are centred, e.g. "QUYẾT ĐỊNH:". */
function isCentredHeading(paragraph: string): boolean {
  return isHeading(paragraph) && paragraph === paragraph.toLocaleUpperCase('vi') && !/^[IVX\d]+\.\s/u.test(paragraph);
}

/** Writes lines top-down across pages, adding pages as the body overflows. */
class Flow {
  page: PDFPage;
  y: number;
  constructor(
    private readonly pdf: PDFDocument,
    page: PDFPage,
    y: number,
    private readonly onNewPage: (page: PDFPage) => void,
  ) {
    this.page = page;
    this.y = y;
  }

  /** Makes room for `height` points, breaking the page when needed. */
  need(height: number): void {
    if (this.y - height >= MARGIN.bottom) return;
    this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.onNewPage(this.page);
    this.y = PAGE.height - MARGIN.top;
  }

  paragraph(text: string, font: PDFFont, size: number, opts: { indent?: number; justify?: boolean; align?: 'left' | 'center' } = {}): void {
    const indent = opts.indent ?? 0;
    const lines = wrapText(text, font, size, BODY_WIDTH - indent);
    // Re-wrap so only the first line carries the indent.
    const rest = lines.length > 1 ? wrapText(lines.slice(1).flat().join(' '), font, size, BODY_WIDTH) : [];
    const all = [lines[0] ?? [], ...rest];
    all.forEach((words, i) => {
      this.need(LINE);
      this.y -= LINE;
      const x0 = MARGIN.left + (i === 0 ? indent : 0);
      const width = BODY_WIDTH - (i === 0 ? indent : 0);
      const lastLine = i === all.length - 1;
      if (opts.align === 'center') {
        const text = words.join(' ');
        const w = widthOf(font, text, size);
        this.page.drawText(text, { x: MARGIN.left + (BODY_WIDTH - w) / 2, y: this.y, size, font, color: BLACK });
      } else if (opts.justify && !lastLine && words.length > 1) {
        const widths = words.map((w) => widthOf(font, w, size));
        const gap = (width - widths.reduce((a, b) => a + b, 0)) / (words.length - 1);
        let x = x0;
        words.forEach((word, j) => {
          this.page.drawText(word, { x, y: this.y, size, font, color: BLACK });
          x += widths[j] + gap;
        });
      } else {
        this.page.drawText(words.join(' '), { x: x0, y: this.y, size, font, color: BLACK });
      }
    });
  }
}

function drawCentered(page: PDFPage, text: string, font: PDFFont, size: number, col: { x: number; width: number }, y: number, color = BLACK): number {
  const w = widthOf(font, text, size);
  const x = col.x + (col.width - w) / 2;
  page.drawText(text, { x, y, size, font, color });
  return w;
}

/** Largest size up to `max` at which `text` fits in `width`. */
function fitSize(text: string, font: PDFFont, max: number, width: number): number {
  let size = max;
  while (size > 8 && widthOf(font, text, size) > width) size -= 0.5;
  return size;
}

function drawSecretMark(page: PDFPage, fonts: Fonts, x: number, y: number): void {
  const size = 14;
  const text = 'MẬT';
  const w = widthOf(fonts.bold, text, size);
  page.drawRectangle({ x: x - 6, y: y - 5, width: w + 12, height: size + 8, borderColor: RED, borderWidth: 1.5 });
  page.drawText(text, { x, y, size, font: fonts.bold, color: RED });
}

/** Issuer, number, national heading, place and date; returns the y below the heading. */
function drawHeading(page: PDFPage, doc: OfficialDocument, org: { name: string }, fonts: Fonts, opts: OfficialPdfOptions): number {
  const top = PAGE.height - MARGIN.top + 10;
  // Left: superior body, issuing body (bold), short rule, number.
  let yl = top;
  const parent = parentIssuerOf(doc, org.name);
  if (parent) {
    for (const words of wrapText(nfc(parent), fonts.regular, 12, LEFT_COL.width)) {
      yl -= 15;
      drawCentered(page, words.join(' '), fonts.regular, 12, LEFT_COL, yl);
    }
  }
  let issuerWidth = 0;
  // Keep the issuer on one line when a slightly smaller size allows, else wrap it.
  const issuer = nfc(doc.issuer.toLocaleUpperCase('vi'));
  const issuerSize = Math.max(fitSize(issuer, fonts.bold, 12, LEFT_COL.width), 10.5);
  for (const words of wrapText(issuer, fonts.bold, issuerSize, LEFT_COL.width)) {
    yl -= 15;
    issuerWidth = Math.max(issuerWidth, drawCentered(page, words.join(' '), fonts.bold, issuerSize, LEFT_COL, yl));
  }
  const ruleWidth = Math.min(issuerWidth, 70);
  const cx = LEFT_COL.x + LEFT_COL.width / 2;
  page.drawLine({ start: { x: cx - ruleWidth / 2, y: yl - 5 }, end: { x: cx + ruleWidth / 2, y: yl - 5 }, thickness: 0.6, color: BLACK });
  yl -= 24;
  drawCentered(page, nfc(doc.number), fonts.regular, 13, LEFT_COL, yl);
  if (doc.classification === 'confidential') {
    yl -= 30;
    const w = widthOf(fonts.bold, 'MẬT', 14);
    drawSecretMark(page, fonts, cx - w / 2, yl);
  }

  // Right: national heading, motto with a rule under it, place and date in italics.
  let yr = top - 15;
  const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  drawCentered(page, nation, fonts.bold, fitSize(nation, fonts.bold, 12, RIGHT_COL.width), RIGHT_COL, yr);
  yr -= 16;
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  const mottoWidth = drawCentered(page, motto, fonts.bold, 13, RIGHT_COL, yr);
  const rx = RIGHT_COL.x + RIGHT_COL.width / 2;
  page.drawLine({ start: { x: rx - mottoWidth / 2, y: yr - 5 }, end: { x: rx + mottoWidth / 2, y: yr - 5 }, thickness: 0.6, color: BLACK });
  yr -= 26;
  const dateLine = nfc(`${opts.place ?? cityOf(org.name)}, ${vietnameseDate(opts.issuedAt ?? new Date())}`);
  drawCentered(page, dateLine, fonts.italic, fitSize(dateLine, fonts.italic, 13, RIGHT_COL.width), RIGHT_COL, yr);

  return Math.min(yl, yr) - 22;
}

/** "Nơi nhận" bottom left and the signer bottom right, kept together on one page. */
function drawSignature(flow: Flow, doc: OfficialDocument, fonts: Fonts): void {
  if (!doc.signer && !doc.recipients?.length) return;
  const recipients = (doc.recipients ?? []).map(nfc);
  const signerLines = doc.signer ? [doc.signer.authority, doc.signer.position].filter((s): s is string => !!s).map(nfc) : [];
  const leftHeight = recipients.length ? 16 + recipients.length * 13 : 0;
  const rightHeight = doc.signer ? signerLines.length * 17 + 70 : 0;
  flow.need(Math.max(leftHeight, rightHeight) + 14);
  const top = flow.y - 14;
  const page = flow.page;
  if (recipients.length) {
    page.drawText('Nơi nhận:', { x: MARGIN.left - 30, y: top - 12, size: 12, font: fonts.boldItalic, color: BLACK });
    recipients.forEach((r, i) => {
      page.drawText(`- ${r}`, { x: MARGIN.left - 30, y: top - 26 - i * 13, size: 11, font: fonts.regular, color: BLACK });
    });
  }
  if (doc.signer) {
    const col = { x: RIGHT_COL.x + 20, width: RIGHT_COL.width - 20 };
    let y = top - 12;
    for (const line of signerLines) {
      drawCentered(page, line.toLocaleUpperCase('vi'), fonts.bold, 13, col, y);
      y -= 17;
    }
    y -= 52; // room for the signature and seal
    drawCentered(page, nfc(doc.signer.name), fonts.bold, 13, col, y);
  }
  flow.y = top - Math.max(leftHeight, rightHeight);
}

/** Renders one document; text is NFC so copy, search and extraction see composed letters. */
export async function renderOfficialPdf(doc: OfficialDocument, org: { name: string }, opts: OfficialPdfOptions = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(subsettingFontkit);
  const entries = await Promise.all(
    (Object.keys(FONT_FILES) as FontStyle[]).map(async (style) => [style, await pdf.embedFont(loadFont(style), { subset: true })] as const),
  );
  const fonts = Object.fromEntries(entries) as Fonts;
  const confidential = doc.classification === 'confidential';
  const issuer = nfc(doc.issuer.toLocaleUpperCase('vi'));

  pdf.setTitle(nfc(doc.title), { showInWindowTitleBar: true });
  pdf.setAuthor(issuer);
  pdf.setSubject(nfc(`${doc.number} - ${org.name}`));
  pdf.setProducer('eCabinet');
  pdf.setCreator('eCabinet');
  pdf.setLanguage('vi');
  if (opts.issuedAt) {
    pdf.setCreationDate(opts.issuedAt);
    pdf.setModificationDate(opts.issuedAt);
  }

  const first = pdf.addPage([PAGE.width, PAGE.height]);
  const onNewPage = (page: PDFPage) => {
    if (confidential) drawSecretMark(page, fonts, PAGE.width - MARGIN.right - 30, PAGE.height - 40);
  };
  const flow = new Flow(pdf, first, drawHeading(first, doc, org, fonts, opts), onNewPage);

  flow.paragraph(nfc(doc.title), fonts.bold, 14, { align: 'center' });
  flow.y -= 14;
  for (const raw of doc.paragraphs) {
    const text = nfc(raw);
    if (isCentredHeading(text)) {
      // "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:", the enacting body's name.
      flow.y -= PARAGRAPH_GAP;
      flow.paragraph(text, fonts.bold, BODY_SIZE, { align: 'center' });
    } else if (text.startsWith('Kính gửi:')) {
      flow.paragraph(text, fonts.regular, 14, { align: 'center' });
      flow.y -= PARAGRAPH_GAP;
    } else if (text.startsWith('Căn cứ ')) {
      // Legal grounds are set in italics.
      flow.paragraph(text, fonts.italic, BODY_SIZE, { indent: INDENT, justify: true });
    } else if (isHeading(text)) {
      flow.y -= PARAGRAPH_GAP;
      flow.paragraph(text, fonts.bold, BODY_SIZE, { indent: INDENT });
    } else {
      flow.paragraph(text, fonts.regular, BODY_SIZE, { indent: INDENT, justify: true });
    }
    flow.y -= PARAGRAPH_GAP;
  }
  drawSignature(flow, doc, fonts);

  // Footer on every page: page number, and a handling note for restricted papers.
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const label = `Trang ${i + 1}/${pages.length}`;
    drawCentered(page, label, fonts.regular, 10, { x: 0, width: PAGE.width }, 28, GREY);
    const note =
      doc.classification === 'internal'
        ? { text: 'Tài liệu lưu hành nội bộ', color: GREY }
        : confidential
          ? { text: 'Tài liệu MẬT - không sao chụp, không cung cấp ra ngoài', color: RED }
          : null;
    if (note) page.drawText(note.text, { x: MARGIN.left - 30, y: 42, size: 9, font: fonts.italic, color: note.color });
  });

  return pdf.save();
}

/** "08:30" and "dd/mm/yyyy" in Vietnam time. */
export { vietnamDate, vietnamTime } from '../../shared/time/vietnam-time';

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
export function vietnamWeekday(iso: string): string {
  return WEEKDAYS[vietnamParts(iso).weekday];
}

export const MEETING_KIND_VI = { regular: 'phiên họp thường kỳ', extraordinary: 'phiên họp bất thường', thematic: 'phiên họp chuyên đề' } as const;
