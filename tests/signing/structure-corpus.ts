/**
 * Builds the structure corpus at test time: PDFs whose signatures or later updates use shapes
 * our own signer never writes (indirect /V, /ByteRange and /Contents objects, fields under
 * /Kids, hybrid-reference files, encrypted files) and later incremental updates written by
 * hand, so that nothing depends on pdf-lib's way of writing them.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { buildCadesSignature } from '../../signing/cms/build';
import { pdfDateVietnam } from '../../signing/time';
import type { SigningKey } from '../../signing/keys/signing-key';

export interface NewObject {
  num: number;
  /** What goes between `N 0 obj` and `endobj`. */
  body: string | Buffer;
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Offset the last startxref of a file points at. */
export function lastStartxref(bytes: Uint8Array): number {
  const m = [...latin1(bytes.subarray(Math.max(0, bytes.length - 2048))).matchAll(/startxref\s+(\d+)/g)].pop();
  if (!m) throw new Error('no startxref');
  return Number(m[1]);
}

/** Entries of the newest trailer (classic or xref stream dictionary) that an update must repeat. */
export function trailerFacts(bytes: Uint8Array): { size: number; root: string; extra: string } {
  const s = latin1(bytes);
  const at = lastStartxref(bytes);
  const section = s.slice(at, at + 4096);
  // Some writers (pdf-lib's commit) leave /Size below their own objects: count them too.
  const largest = Math.max(0, ...[...s.matchAll(/(?:^|[\r\n])(\d+)\s+\d+\s+obj\b/g)].map((m) => Number(m[1])));
  const size = Math.max(Number(/\/Size\s+(\d+)/.exec(section)![1]), largest + 1);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(section)![1];
  const extra = ['Info', 'Encrypt']
    .map((k) => new RegExp(`/${k}\\s+(\\d+\\s+\\d+\\s+R)`).exec(section))
    .map((m, i) => (m ? `/${['Info', 'Encrypt'][i]} ${m[1]}` : ''))
    .join(' ');
  const id = /\/ID\s*(\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*\])/.exec(section)?.[1];
  return { size, root, extra: `${extra}${id ? ` /ID ${id}` : ''}` };
}

/** Appends an incremental update (objects, classic xref table, trailer with /Prev) to `base`. */
export function appendUpdate(base: Uint8Array, objects: NewObject[], size?: number): Buffer {
  const t = trailerFacts(base);
  const parts: Buffer[] = [Buffer.from(base)];
  let offset = base.length;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    offset += buf.length;
  };
  if (base[base.length - 1] !== 0x0a) push('\n');
  const offsets = new Map<number, number>();
  for (const o of [...objects].sort((a, b) => a.num - b.num)) {
    offsets.set(o.num, offset);
    push(`${o.num} 0 obj\n`);
    push(typeof o.body === 'string' ? Buffer.from(o.body, 'latin1') : o.body);
    push('\nendobj\n');
  }
  const xrefAt = offset;
  let table = 'xref\n';
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    table += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) table += `${String(offsets.get(nums[k])).padStart(10, '0')} 00000 n \n`;
    i = j + 1;
  }
  const newSize = Math.max(size ?? 0, t.size, ...nums.map((n) => n + 1));
  push(`${table}trailer\n<< /Size ${newSize} /Root ${t.root} ${t.extra} /Prev ${lastStartxref(base)} >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}

export const BYTE_RANGE_SLOT = '/ByteRange [0 0000000000 0000000000 0000000000]';
const RESERVE = 16384;
export const CONTENTS_SLOT = `<${'0'.repeat(RESERVE * 2)}>`;

/**
 * Signs a file whose signature dictionary was written by hand: the bytes must hold exactly one
 * `[0 0000000000 0000000000 0000000000]` byte range array (direct or as its own object) and one
 * CONTENTS_SLOT hex string, in the last update. Fills both in place, CAdES detached.
 */
export async function fillHandSignature(bytes: Buffer, key: SigningKey): Promise<Buffer> {
  const s = bytes.toString('latin1');
  const brSlot = '[0 0000000000 0000000000 0000000000]';
  const brAt = s.lastIndexOf(brSlot);
  const cAt = s.lastIndexOf(CONTENTS_SLOT);
  if (brAt < 0 || cAt < 0) throw new Error('no placeholders');
  const b = cAt;
  const c = cAt + CONTENTS_SLOT.length;
  const d = bytes.length - c;
  const br = `[0 ${b} ${c} ${d}]`.padEnd(brSlot.length, ' ');
  bytes.write(br, brAt, 'latin1');
  const digest = createHash('sha256').update(bytes.subarray(0, b)).update(bytes.subarray(c, c + d)).digest();
  const cms = Buffer.from(await buildCadesSignature(key, digest));
  if (cms.length > RESERVE) throw new Error('signature too large');
  bytes.write(cms.toString('hex').padEnd(RESERVE * 2, '0'), cAt + 1, 'latin1');
  return bytes;
}

/** The text of object `num` as last written in a file without object streams. */
export function objectText(bytes: Uint8Array, num: number): string {
  const s = latin1(bytes);
  const all = [...s.matchAll(new RegExp(`(?:^|[\\r\\n\\s])${num} 0 obj\\b([\\s\\S]*?)endobj`, 'g'))];
  if (!all.length) throw new Error(`object ${num} not found`);
  return all[all.length - 1][1].trim();
}

/** A dictionary's text with entries added before its final `>>`. */
export function withEntries(dict: string, entries: string): string {
  const end = dict.lastIndexOf('>>');
  return `${dict.slice(0, end)} ${entries} >>`;
}

/**
 * A one-page PDF with a hybrid-reference cross-reference section: the classic table lists the
 * plain objects; the font, the text field "y_kien" and the empty signature field "KyDuyet" (object
 * HYBRID_SIGNATURE_FIELD) live in an object stream indexed only by the cross-reference stream the
 * trailer's /XRefStm names (ISO 32000-1 §7.5.8.4).
 */
export const HYBRID_SIGNATURE_FIELD = 8;
export const HYBRID_SIGNATURE_FIELD_TEXT = '<< /FT /Sig /T (KyDuyet) /Type /Annot /Subtype /Widget /Rect [60 400 260 460] /P 3 0 R /F 4 >>';
export function hybridReferencePdf(): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const offsets: number[] = [];
  const push = (x: string | Buffer) => {
    const b = typeof x === 'string' ? Buffer.from(x, 'latin1') : x;
    parts.push(b);
    offset += b.length;
  };
  const obj = (num: number, body: string | Buffer) => {
    offsets[num] = offset;
    push(`${num} 0 obj\n`);
    push(body);
    push('\nendobj\n');
  };
  push('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 8 0 R] /DR << /Font << /Helv 5 0 R >> >> /DA (/Helv 0 Tf 0 g) >> >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R 8 0 R] >>');
  const content = 'BT /F1 16 Tf 60 760 Td (BIEN BAN HOP - ban ky so) Tj ET';
  obj(4, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  const inner: [number, string][] = [
    [5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
    [6, '<< /FT /Tx /T (y_kien) /Type /Annot /Subtype /Widget /Rect [60 600 400 630] /P 3 0 R /F 4 /DA (/Helv 12 Tf 0 g) >>'],
    [HYBRID_SIGNATURE_FIELD, HYBRID_SIGNATURE_FIELD_TEXT],
  ];
  let header = '';
  let at = 0;
  for (const [num, text] of inner) {
    header += `${num} ${at} `;
    at += text.length + 1;
  }
  const objstm = deflateSync(Buffer.from(header + inner.map(([, t]) => t).join('\n'), 'latin1'));
  obj(7, Buffer.concat([Buffer.from(`<< /Type /ObjStm /N ${inner.length} /First ${header.length} /Filter /FlateDecode /Length ${objstm.length} >>\nstream\n`, 'latin1'), objstm, Buffer.from('\nendstream', 'latin1')]));
  // Cross-reference stream for the compressed objects (type 2: in stream 7 at index 0, 1, 2).
  const rows = Buffer.from([2, 0, 0, 0, 7, 0, 0, 2, 0, 0, 0, 7, 0, 1, 2, 0, 0, 0, 7, 0, 2]);
  const xs = deflateSync(rows);
  const xrefStmAt = offset;
  obj(9, Buffer.concat([Buffer.from(`<< /Type /XRef /Size 10 /W [1 4 2] /Index [5 2 8 1] /Filter /FlateDecode /Length ${xs.length} >>\nstream\n`, 'latin1'), xs, Buffer.from('\nendstream', 'latin1')]));
  const xrefAt = offset;
  let table = 'xref\n0 10\n0000000000 65535 f \n';
  for (let i = 1; i <= 9; i++) {
    // Compressed objects are free for readers of the table alone; the stream gives their place.
    table += offsets[i] === undefined ? '0000000000 00001 f \n' : `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  }
  push(`${table}trailer\n<< /Size 10 /Root 1 0 R /XRefStm ${xrefStmAt} >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/**
 * A one-page PDF with an empty signature field inside a hierarchy: field "Phê duyệt" (no type)
 * has the kid field "Lãnh đạo" (/FT /Sig) whose widget is a separate annotation in its /Kids.
 */
export async function hierarchicalSignatureField(): Promise<{ bytes: Uint8Array; kid: number; parent: number; widget: number }> {
  const { PDFDocument, PDFHexString, PDFName, StandardFonts } = await import('@cantoo/pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Quyet dinh so 12/QD-UBND', { x: 60, y: 760, size: 16, font: await doc.embedFont(StandardFonts.Helvetica) });
  const ctx = doc.context;
  const parent = ctx.nextRef();
  const kid = ctx.nextRef();
  const widget = ctx.nextRef();
  ctx.assign(parent, ctx.obj({ T: PDFHexString.fromText('Phê duyệt'), Kids: [kid] }));
  ctx.assign(kid, ctx.obj({ FT: 'Sig', T: PDFHexString.fromText('Lãnh đạo'), Parent: parent, Kids: [widget] }));
  ctx.assign(widget, ctx.obj({ Type: 'Annot', Subtype: 'Widget', Rect: [60, 500, 260, 560], P: page.ref, Parent: kid, F: 4 }));
  page.node.set(PDFName.of('Annots'), ctx.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: [parent], SigFlags: 3 })));
  return { bytes: await doc.save({ useObjectStreams: false }), kid: kid.objectNumber, parent: parent.objectNumber, widget: widget.objectNumber };
}

/**
 * Signs the kid field of `hierarchicalSignatureField` the way some other tools do: /V, /ByteRange
 * and /Contents are each an indirect object.
 */
export async function signWithIndirectObjects(base: { bytes: Uint8Array; kid: number }, key: SigningKey): Promise<Buffer> {
  const size = trailerFacts(base.bytes).size;
  const [sig, br, contents] = [size, size + 1, size + 2];
  const kidText = objectText(base.bytes, base.kid);
  const update = appendUpdate(base.bytes, [
    { num: base.kid, body: withEntries(kidText, `/V ${sig} 0 R`) },
    { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${br} 0 R /Contents ${contents} 0 R /M (${pdfDateVietnam(new Date())}) >>` },
    { num: br, body: '[0 0000000000 0000000000 0000000000]' },
    { num: contents, body: CONTENTS_SLOT },
  ]);
  return fillHandSignature(update, key);
}

/**
 * Signs the empty signature field object `field` of `base` by hand (/V indirect; with
 * `indirect`, /ByteRange and /Contents are objects of their own too); nothing else changes.
 */
export async function signFieldByHand(base: Uint8Array, field: number, key: SigningKey, options: { fieldText?: string; indirect?: boolean } = {}): Promise<Buffer> {
  const [sig, br, contents] = [0, 1, 2].map((i) => trailerFacts(base).size + i);
  const fieldText = options.fieldText ?? objectText(base, field);
  // No text strings in the signature dictionary: in an encrypted file they would have to be encrypted.
  const update = appendUpdate(base, [
    { num: field, body: withEntries(fieldText, `/V ${sig} 0 R`) },
    options.indirect
      ? { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${br} 0 R /Contents ${contents} 0 R >>` }
      : { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BYTE_RANGE_SLOT} /Contents ${CONTENTS_SLOT} >>` },
    ...(options.indirect ? [{ num: br, body: '[0 0000000000 0000000000 0000000000]' }, { num: contents, body: CONTENTS_SLOT }] : []),
  ]);
  return fillHandSignature(update, key);
}

/** A one-page PDF with an empty signature field (merged widget) named `name`, as qpdf can encrypt it. */
export async function emptySignatureField(name: string): Promise<Uint8Array> {
  const { PDFDocument, PDFHexString, PDFName, StandardFonts } = await import('@cantoo/pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('To trinh so 7/TTr-VP', { x: 60, y: 760, size: 16, font: await doc.embedFont(StandardFonts.Helvetica) });
  const ctx = doc.context;
  const field = ctx.register(ctx.obj({ FT: 'Sig', T: PDFHexString.fromText(name), Type: 'Annot', Subtype: 'Widget', Rect: [60, 500, 260, 560], P: page.ref, F: 4 }));
  page.node.set(PDFName.of('Annots'), ctx.obj([field]));
  doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: [field], SigFlags: 3 })));
  return doc.save({ useObjectStreams: false });
}

/** Object number of the signature field named `name` in a file encrypted with an empty user password. */
export async function fieldObject(bytes: Uint8Array, name: string): Promise<number> {
  const { PDFDocument } = await import('@cantoo/pdf-lib');
  const doc = await PDFDocument.load(bytes, { password: '', ignoreEncryption: true, updateMetadata: false });
  return doc.getForm().getField(name).ref.objectNumber;
}
