/**
 * Malformed PDFs for the signing tests, made at test time: small hand-written files with exact
 * cross-references (so only the flaw we put in is wrong), and damaged copies of real ones.
 */
import { check } from '../helpers/tool';

/** A PDF whose object i+1 has body `objects[i]`, with a correct classic cross-reference table. */
export function buildPdf(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const page = (parent: number, contents: number) => `<< /Type /Page /Parent ${parent} 0 R /MediaBox [0 0 595 842] /Contents ${contents} 0 R /Resources << >> >>`;
const emptyStream = '<< /Length 0 >>\nstream\n\nendstream';

/** A page tree whose root lists itself among its kids. */
export function circularPageTree(): Buffer {
  return buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>', page(2, 4), emptyStream]);
}

/** A page tree with a page written inside /Kids instead of as an object of its own. */
export function directPageKid(): Buffer {
  return buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>] /Count 1 >>']);
}

/** Two-level page tree with the form and the page's /Annots as objects of their own (the update must rewrite those, not the page). */
export function indirectFormAndAnnots(): Buffer {
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 2 /MediaBox [0 0 595 842] >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 9 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 3 0 R /Contents 5 0 R /Resources << >> /Annots 8 0 R >>',
    emptyStream,
    '<< /Fields 7 0 R /DA (/Helv 0 Tf 0 g) >>',
    '[]',
    '[]',
    '<< /Type /Page /Parent 3 0 R /Contents 5 0 R /Resources << >> >>',
  ]);
}

/** Every offset of the table off by the bytes of a comment inserted after the header. */
export function shiftedOffsets(pdf: Uint8Array): Buffer {
  const b = Buffer.from(pdf);
  const eol = b.indexOf(0x0a) + 1;
  return Buffer.concat([b.subarray(0, eol), Buffer.from('% a line some tool added after writing the table\n'), b.subarray(eol)]);
}

/** The last `startxref` pointing somewhere else. */
export function bogusStartxref(pdf: Uint8Array, delta = 1000): Buffer {
  const s = Buffer.from(pdf).toString('latin1');
  const m = [...s.matchAll(/startxref\s+(\d+)/g)].pop()!;
  const at = m.index! + m[0].length - m[1].length;
  return Buffer.from(s.slice(0, at) + String(Number(m[1]) - delta) + s.slice(at + m[1].length), 'latin1');
}

/** The file cut at `fraction` of its length. */
export function truncated(pdf: Uint8Array, fraction = 0.6): Buffer {
  return Buffer.from(pdf.subarray(0, Math.floor(pdf.length * fraction)));
}

/** Every object stream's compressed data overwritten with junk after its zlib header. */
export function brokenObjectStreams(pdf: Uint8Array): Buffer {
  const b = Buffer.from(pdf);
  let n = 0;
  for (let at = b.indexOf('/ObjStm'); at >= 0; at = b.indexOf('/ObjStm', at + 1)) {
    const data = b.indexOf('stream', at) + 'stream'.length;
    const start = data + (b[data] === 0x0d ? 2 : 1) + 2;
    const end = b.indexOf('endstream', start) - 1;
    for (let i = start; i < end; i++) b[i] = (i * 131) & 0xff;
    n++;
  }
  if (n === 0) throw new Error('no object stream to break');
  return b;
}

/** `qpdf` run on the command line (throws on failure). */
export async function qpdf(args: string[]): Promise<void> {
  const r = await check('qpdf', args);
  if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf ${args.join(' ')}: ${r.stderr}`);
}

/** pdfinfo's exit status and its complaints (poppler prints "Syntax Error" / "Internal Error" when it has to guess). */
export async function pdfinfo(file: string): Promise<{ status: number; pages: number; errors: string }> {
  const r = await check('pdfinfo', [file]);
  return { status: r.status, pages: Number(/Pages:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0), errors: r.stderr.split('\n').filter((l) => /error/i.test(l)).join('\n') };
}
