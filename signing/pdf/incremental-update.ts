/**
 * Writes an incremental update: changed and new objects, then a cross-reference section of the
 * same kind as the file's newest one (a table, or a stream) whose /Prev is the file's own
 * startxref, then the trailer. The update is written apart from the input (`writeTail`): a
 * 10 MB file is never copied in memory, and is written out as input then update.
 */
import { createHash } from 'node:crypto';
import type { PdfFile } from './pdf-file';
import { PdfDict, PdfName, PdfRef, PdfString, serialize, type PdfValue } from './pdf-syntax';

interface Entry {
  num: number;
  gen: number;
  /** The object's body (what goes between `N G obj` and `endobj`). */
  body: Uint8Array;
}

export class IncrementalUpdate {
  private readonly objects: Entry[] = [];
  private next: number;

  constructor(readonly file: PdfFile) {
    this.next = file.size;
  }

  /** A new object number. */
  allocate(): PdfRef {
    return new PdfRef(this.next++, 0);
  }

  /** Numbers below this are free for new objects made elsewhere (e.g. an appearance), which must then `skipTo`. */
  get nextNumber(): number {
    return this.next;
  }

  skipTo(next: number): void {
    if (next < this.next) throw new Error('object numbers cannot go back');
    this.next = next;
  }

  /** Generation an existing object is rewritten under (0 for objects in object streams). */
  genOf(num: number): number {
    const e = this.file.entries.get(num);
    return e?.type === 1 && e.offset >= 0 ? e.gen : 0;
  }

  put(ref: PdfRef | number, value: PdfValue): void {
    const num = typeof ref === 'number' ? ref : ref.num;
    this.putRaw(num, serialize(value), typeof ref === 'number' ? this.genOf(num) : ref.gen);
  }

  putRaw(num: number, body: Uint8Array, gen = 0): void {
    const i = this.objects.findIndex((o) => o.num === num);
    if (i >= 0) this.objects.splice(i, 1);
    this.objects.push({ num, gen, body });
  }

  /** Where each written object starts in the output (set by write()). */
  readonly offsets = new Map<number, number>();

  /** The update alone (offsets in it are file offsets: it goes right after the input). */
  writeTail(): Buffer {
    const input = this.file.bytes;
    const parts: Buffer[] = [];
    let offset = input.length;
    const push = (b: Uint8Array | string) => {
      const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      parts.push(buf);
      offset += buf.length;
    };
    const last = input[input.length - 1];
    if (last !== 0x0a && last !== 0x0d) push('\n');
    const xref = new Map<number, { offset: number; gen: number }>();
    for (const o of this.objects) {
      xref.set(o.num, { offset, gen: o.gen });
      this.offsets.set(o.num, offset);
      push(`${o.num} ${o.gen} obj\n`);
      push(o.body);
      push('\nendobj\n');
    }
    const old = this.file.trailer;
    const trailer = new PdfDict();
    const root = old.get('Root');
    if (root) trailer.set('Root', root);
    const info = old.get('Info');
    if (info) trailer.set('Info', info);
    trailer.set('ID', this.fileId(old.get('ID')));
    trailer.set('Prev', this.file.startXref);

    const xrefAt = offset;
    if (this.file.lastIsStream) {
      const self = this.allocate();
      xref.set(self.num, { offset: xrefAt, gen: 0 });
      this.offsets.set(self.num, xrefAt);
      const nums = [...xref.keys()].sort((a, b) => a - b);
      const rows = Buffer.alloc(nums.length * 7);
      nums.forEach((n, i) => {
        const e = xref.get(n)!;
        rows[i * 7] = 1;
        rows.writeUInt32BE(e.offset, i * 7 + 1);
        rows.writeUInt16BE(e.gen, i * 7 + 5);
      });
      trailer.set('Type', new PdfName('XRef'));
      trailer.set('Size', this.next);
      trailer.set('W', [1, 4, 2]);
      trailer.set('Index', subsections(nums).flatMap(([first, count]) => [first, count]));
      trailer.set('Length', rows.length);
      push(`${self.num} 0 obj\n`);
      push(serialize(trailer));
      push('\nstream\n');
      push(rows);
      push('\nendstream\nendobj\n');
    } else {
      const nums = [...xref.keys()].sort((a, b) => a - b);
      let text = 'xref\n';
      let i = 0;
      for (const [first, count] of subsections(nums)) {
        text += `${first} ${count}\n`;
        for (let k = 0; k < count; k++, i++) {
          const e = xref.get(nums[i])!;
          text += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n \n`;
        }
      }
      trailer.set('Size', this.next);
      push(text);
      push('trailer\n');
      push(serialize(trailer));
      push('\n');
    }
    push(`startxref\n${xrefAt}\n%%EOF\n`);
    return Buffer.concat(parts);
  }

  /** Keeps the file's permanent identifier, with a new changing one for this revision. */
  private fileId(old: PdfValue | undefined): PdfValue {
    const stamp = createHash('md5').update(`${Date.now()}:${Math.random()}:${this.file.bytes.length}`).digest('hex').toUpperCase();
    const fresh = new PdfString(Buffer.from(`<${stamp}>`, 'latin1'));
    const first = Array.isArray(old) && old[0] instanceof PdfString ? old[0] : fresh;
    return [first, fresh];
  }
}

function subsections(sorted: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}
