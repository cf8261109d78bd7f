/**
 * Hostile PDFs built for tests: a real incremental update appended to a real PDF, carrying a
 * Flate stream that inflates to hundreds of MB from a few hundred KB (built by streaming, so the
 * test process never holds the inflated bytes), arrays nested too deep, or too many objects.
 */
import { pipeline } from 'node:stream/promises';
import { createDeflate } from 'node:zlib';

export interface UpdateObject {
  dict: string;
  stream?: Uint8Array;
}

/** `prev` followed by an incremental update defining `objects` (numbered from its /Size on). */
export function appendUpdate(prev: Uint8Array, objects: UpdateObject[]): Uint8Array {
  const text = Buffer.from(prev).toString('latin1');
  const prevXref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const size = Math.max(...[...text.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1])));
  const root = [...text.matchAll(/\/Root\s+(\d+\s+\d+\s+R)/g)].pop()![1];
  const parts: Buffer[] = [Buffer.from(prev), Buffer.from('\n')];
  let offset = prev.length + 1;
  let xref = `xref\n${size} ${objects.length}\n`;
  objects.forEach((o, i) => {
    const body = o.stream
      ? Buffer.concat([Buffer.from(`${size + i} 0 obj\n${o.dict}\nstream\n`, 'latin1'), Buffer.from(o.stream), Buffer.from('\nendstream\nendobj\n')])
      : Buffer.from(`${size + i} 0 obj\n${o.dict}\nendobj\n`, 'latin1');
    xref += `${String(offset).padStart(10, '0')} 00000 n \n`;
    parts.push(body);
    offset += body.length;
  });
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${size + objects.length} /Root ${root} /Prev ${prevXref} >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

/** A zlib (FlateDecode) stream of `mb` MB of zeros: about 1 KB per MB. */
export async function deflatedZeros(mb: number): Promise<Uint8Array> {
  const zero = Buffer.alloc(1024 * 1024);
  const out: Buffer[] = [];
  await pipeline(
    async function* () {
      for (let i = 0; i < mb; i++) yield zero;
    },
    createDeflate({ level: 9 }),
    async function (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) out.push(chunk);
    },
  );
  return new Uint8Array(Buffer.concat(out));
}

/** A content stream of `mb` MB when inflated. */
export async function contentBomb(mb: number): Promise<UpdateObject> {
  const data = await deflatedZeros(mb);
  return { dict: `<< /Length ${data.length} /Filter /FlateDecode >>`, stream: data };
}

/** An object stream (which every parser decodes whole on load) of `mb` MB when inflated. */
export async function objectStreamBomb(mb: number): Promise<UpdateObject> {
  const data = await deflatedZeros(mb);
  return { dict: `<< /Type /ObjStm /N 1 /First 4 /Length ${data.length} /Filter /FlateDecode >>`, stream: data };
}

/** A dictionary holding arrays `depth` deep. */
export function deeplyNested(depth: number): UpdateObject {
  return { dict: `<< /Deep ${'['.repeat(depth)}0${']'.repeat(depth)} >>` };
}

/** `count` small objects. */
export function manyObjects(count: number): UpdateObject[] {
  return Array.from({ length: count }, () => ({ dict: 'null' }));
}
