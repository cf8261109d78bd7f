/**
 * Reads SQLite files the way someone holding a copy of them would, without SQLite: every page
 * image in a database file and in its WAL (frame by frame, stale frames included), and every
 * record in each page with where its cell sits. Enough to attempt linkage by commit order and
 * by physical cell order; overflow pages are not followed.
 */

export type FieldValue = string | number | bigint | Buffer | null;

export interface PageImage {
  pgno: number;
  bytes: Buffer;
  /** WAL only: position in the file, and whether this frame ends a transaction. */
  frame?: number;
  commit?: boolean;
}

export interface CellRecord {
  pgno: number;
  /** Offset of the cell in its page: SQLite fills a page from its end, so a smaller offset was written later. */
  offset: number;
  values: FieldValue[];
}

export function dbPageSize(db: Buffer): number {
  const n = db.readUInt16BE(16);
  return n === 1 ? 65536 : n;
}

export function dbPages(db: Buffer): PageImage[] {
  if (db.length < 100) return [];
  const size = dbPageSize(db);
  const out: PageImage[] = [];
  for (let off = 0, pgno = 1; off + size <= db.length; off += size, pgno++) out.push({ pgno, bytes: db.subarray(off, off + size) });
  return out;
}

/** Every frame of a WAL file, in file order (frames left over from before a reset too). */
export function walFrames(wal: Buffer): PageImage[] {
  if (wal.length < 32) return [];
  const size = wal.readUInt32BE(8);
  const out: PageImage[] = [];
  for (let off = 32, frame = 0; off + 24 + size <= wal.length; off += 24 + size, frame++)
    out.push({ pgno: wal.readUInt32BE(off), commit: wal.readUInt32BE(off + 4) !== 0, frame, bytes: wal.subarray(off + 24, off + 24 + size) });
  return out;
}

function varint(b: Buffer, at: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 9; i++) {
    if (at + i >= b.length) throw new RangeError('varint past the end');
    const byte = b[at + i]!;
    if (i === 8) return [(v << 8n) | BigInt(byte), at + 9];
    v = (v << 7n) | BigInt(byte & 0x7f);
    if (byte < 0x80) return [v, at + i + 1];
  }
  return [v, at + 9];
}

function decodeRecord(b: Buffer): FieldValue[] {
  const [headerSize, first] = varint(b, 0);
  const types: number[] = [];
  for (let at = first; at < Number(headerSize); ) {
    const [t, next] = varint(b, at);
    types.push(Number(t));
    at = next;
  }
  const values: FieldValue[] = [];
  let at = Number(headerSize);
  for (const t of types) {
    if (t === 0) values.push(null);
    else if (t >= 1 && t <= 6) {
      const len = [0, 1, 2, 3, 4, 6, 8][t]!;
      if (at + len > b.length) break;
      values.push(len === 8 ? b.readBigInt64BE(at) : b.readIntBE(at, len));
      at += len;
    } else if (t === 7) {
      if (at + 8 > b.length) break;
      values.push(b.readDoubleBE(at));
      at += 8;
    } else if (t === 8 || t === 9) values.push(t - 8);
    else if (t >= 12) {
      const len = Math.floor((t - (t % 2 === 0 ? 12 : 13)) / 2);
      const part = b.subarray(at, Math.min(b.length, at + len));
      values.push(t % 2 === 0 ? Buffer.from(part) : part.toString('utf8'));
      at += len;
      if (at > b.length) break;
    }
  }
  return values;
}

/** The records of every cell of a b-tree page (tables, WITHOUT ROWID tables, indexes). */
export function cellRecords(page: PageImage): CellRecord[] {
  const b = page.bytes;
  const h = page.pgno === 1 ? 100 : 0;
  const type = b[h];
  if (type !== 2 && type !== 5 && type !== 10 && type !== 13) return [];
  if (type === 5) return []; // interior table pages hold only rowids
  const usable = b.length;
  const cells = b.readUInt16BE(h + 3);
  const pointers = h + (type === 2 ? 12 : 8);
  const out: CellRecord[] = [];
  for (let i = 0; i < cells; i++) {
    const offset = b.readUInt16BE(pointers + 2 * i);
    try {
      let at = offset + (type === 2 ? 4 : 0);
      const [payload, afterSize] = varint(b, at);
      at = afterSize;
      if (type === 13) at = varint(b, at)[1];
      const p = Number(payload);
      const maxLocal = type === 13 ? usable - 35 : Math.floor(((usable - 12) * 64) / 255) - 23;
      const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
      const k = minLocal + ((p - minLocal) % (usable - 4));
      const local = p <= maxLocal ? p : k <= maxLocal ? k : minLocal;
      out.push({ pgno: page.pgno, offset, values: decodeRecord(b.subarray(at, at + local)) });
    } catch {
      // A torn or foreign page: nothing to read in this cell.
    }
  }
  return out;
}

export const recordKey = (values: FieldValue[]) => JSON.stringify(values.map((v) => (Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : typeof v === 'bigint' ? String(v) : v)));

/**
 * The records each committed WAL transaction wrote, in commit order: those of its page images
 * that no earlier image held (a record moved by a page split is not new).
 */
export function recordsByCommit(wal: Buffer, db?: Buffer): CellRecord[][] {
  const seen = new Set<string>();
  for (const p of db ? dbPages(db) : []) for (const r of cellRecords(p)) seen.add(recordKey(r.values));
  const commits: CellRecord[][] = [];
  let current: CellRecord[] = [];
  for (const f of walFrames(wal)) {
    for (const r of cellRecords(f)) {
      const key = recordKey(r.values);
      if (!seen.has(key)) current.push(r);
      seen.add(key);
    }
    if (f.commit) {
      commits.push(current);
      current = [];
    }
  }
  return commits;
}
