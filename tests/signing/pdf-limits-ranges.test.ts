/**
 * The PDF limits measured a window at a time (what the search indexer does before pdf.js opens a
 * cached document, so a long document is never held whole) give the same measure and the same
 * refusals as the whole-file measure, whatever the window: ordinary files with and without object
 * streams, bombs, deep nesting, broken and unterminated syntax cut at every kind of boundary.
 */
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { checkPdfLimits, DEFAULT_PDF_LIMITS, type PdfLimits } from '../../signing/pdf/pdf-limits';
import { checkPdfLimitsInRanges } from '../../signing/pdf/pdf-limits-ranges';
import { appendUpdate, contentBomb, deeplyNested, objectStreamBomb } from './pdf-bombs';

/** What a measure ends with: the figures, or the refusal (code, limit, message). */
function outcome(run: () => unknown): unknown {
  try {
    return { ok: run() };
  } catch (e) {
    const err = e as { code?: string; details?: unknown; message: string };
    return { code: err.code, details: err.details, message: err.message };
  }
}

async function outcomeInRanges(bytes: Uint8Array, limits: PdfLimits, window: number): Promise<{ result: unknown; largestRead: number }> {
  let largestRead = 0;
  const read = async (start: number, end: number) => {
    largestRead = Math.max(largestRead, end - start);
    return bytes.slice(start, end);
  };
  try {
    return { result: { ok: await checkPdfLimitsInRanges(read, bytes.length, limits, window) }, largestRead };
  } catch (e) {
    const err = e as { code?: string; details?: unknown; message: string };
    return { result: { code: err.code, details: err.details, message: err.message }, largestRead };
  }
}

let plain: Uint8Array;
let withObjectStreams: Uint8Array;

beforeAll(async () => {
  const make = async (useObjectStreams: boolean) => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let p = 0; p < 12; p++) doc.addPage([595, 842]).drawText(`To trinh (trang ${p + 1}) <ke hoach> [du an] %% het`, { x: 72, y: 760, size: 14, font });
    return doc.save({ useObjectStreams });
  };
  plain = await make(false);
  withObjectStreams = await make(true);
});

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('PDF limits measured a window at a time', () => {
  it('measures ordinary and hostile files exactly as the whole-file measure does, at every window size', async () => {
    const text = Buffer.from('BT /F1 12 Tf 72 712 Td (Kinh gui Chu tich UBND) Tj ET\n'.repeat(20_000));
    const compressed = deflateSync(text, { level: 9 });
    const objStmBody = deflateSync(Buffer.from('1 0 << /A [1 [2 [3]]] >>'));
    const cases: [string, Uint8Array, PdfLimits][] = [
      ['plain', plain, DEFAULT_PDF_LIMITS],
      ['object streams', withObjectStreams, DEFAULT_PDF_LIMITS],
      ['compressed text', appendUpdate(plain, [{ dict: `<< /Length ${compressed.length} /Filter /FlateDecode >>`, stream: compressed }]), DEFAULT_PDF_LIMITS],
      ['a wrong /Length', appendUpdate(plain, [{ dict: `<< /Length ${compressed.length - 100} /Filter /FlateDecode >>`, stream: compressed }]), DEFAULT_PDF_LIMITS],
      ['an indirect /Length', appendUpdate(plain, [{ dict: '<< /Length 9 0 R /Filter [/FlateDecode /Fl] >>', stream: deflateSync(compressed) }]), DEFAULT_PDF_LIMITS],
      ['content bomb', appendUpdate(plain, [await contentBomb(40)]), { ...DEFAULT_PDF_LIMITS, maxStreamBytes: 16 * 1024 * 1024 }],
      ['bombs over all streams', appendUpdate(plain, [await contentBomb(10), await contentBomb(10)]), { ...DEFAULT_PDF_LIMITS, maxTotalBytes: 15 * 1024 * 1024 }],
      ['object stream bomb', appendUpdate(plain, [await objectStreamBomb(20)]), { ...DEFAULT_PDF_LIMITS, maxStructureBytes: 8 * 1024 * 1024 }],
      ['an object stream', appendUpdate(plain, [{ dict: `<< /Type /ObjStm /N 3 /First 4 /Length ${objStmBody.length} /Filter /FlateDecode >>`, stream: objStmBody }]), DEFAULT_PDF_LIMITS],
      ['an object stream of another filter', appendUpdate(plain, [{ dict: '<< /Type /ObjStm /N 1 /First 4 /Length 4 /Filter /LZWDecode >>', stream: latin1('abcd') }]), DEFAULT_PDF_LIMITS],
      ['nested too deep', appendUpdate(plain, [deeplyNested(150)]), DEFAULT_PDF_LIMITS],
      ['too many objects', appendUpdate(plain, Array.from({ length: 50 }, () => ({ dict: 'null' }))), { ...DEFAULT_PDF_LIMITS, maxObjects: 40 }],
      ['corrupt Flate data', appendUpdate(plain, [{ dict: '<< /Length 12 /Filter /FlateDecode >>', stream: latin1('x\x9cnot zlib!!') }]), DEFAULT_PDF_LIMITS],
      ['not a PDF body', latin1('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n'), DEFAULT_PDF_LIMITS],
      ['unterminated string', latin1('%PDF-1.7\n1 0 obj << /T (open ( \\) string >> endobj 2 0 obj [[[ endobj'), DEFAULT_PDF_LIMITS],
      ['unterminated hex and stream', latin1('%PDF-1.7\n1 0 obj << /H <0a1b /Length 5000 >>\nstream\nxx endstrea'), DEFAULT_PDF_LIMITS],
      ['a stream without a dictionary', latin1('%PDF-1.7\n1 0 obj\nstream\r\nabc\nendstream endobj trailer << /Size 2 >>'), DEFAULT_PDF_LIMITS],
      ['keywords glued to names', latin1('%PDF-1.7\n1 0 obj << /objstream /endobj (obj) %obj\n>> endobj xobj objx <</A 1>>trailer'), DEFAULT_PDF_LIMITS],
      ['empty', new Uint8Array(0), DEFAULT_PDF_LIMITS],
    ];
    for (const [name, bytes, limits] of cases) {
      const whole = outcome(() => checkPdfLimits(bytes, limits));
      for (const window of [32, 33, 100, 4096, 256 * 1024]) {
        const { result } = await outcomeInRanges(bytes, limits, window);
        expect(result, `${name}, window ${window}`).toEqual(whole);
      }
    }
  });

  it('reads the file a window at a time: a large document is never asked for whole', async () => {
    const scans = new Uint8Array(8 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const big = appendUpdate(withObjectStreams, [{ dict: `<< /Type /XObject /Subtype /Image /Length ${scans.length} /Filter /DCTDecode >>`, stream: scans }]);
    const { result, largestRead } = await outcomeInRanges(big, DEFAULT_PDF_LIMITS, 64 * 1024);
    expect(result).toEqual(outcome(() => checkPdfLimits(big)));
    expect(largestRead).toBeLessThanOrEqual(64 * 1024);
  });

  it('reads a long document about once, not once more for every stream in it', async () => {
    // 300 pages, each with its own content stream (no object streams): the layout of a long
    // meeting document. Reading a fresh window after each stream read such a file dozens of times
    // over (a 1 MB PDF: 175 MB), and the indexer decrypts every byte it reads from the cache.
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let p = 0; p < 300; p++) {
      const page = doc.addPage([595, 842]);
      for (let line = 0; line < 30; line++) page.drawText(`Trang ${p + 1}, dong ${line + 1}: noi dung to trinh va ke hoach thuc hien`, { x: 50, y: 800 - line * 24, size: 11, font });
    }
    const long = await doc.save({ useObjectStreams: false });
    let bytesRead = 0;
    const read = async (start: number, end: number) => {
      bytesRead += end - start;
      return long.slice(start, end);
    };
    expect(await checkPdfLimitsInRanges(read, long.length)).toEqual(checkPdfLimits(long));
    expect(bytesRead / long.length).toBeLessThan(3);
  });
});
