/**
 * A PDF file read from disk in the pieces the signer needs, not whole: `bytes` is as long as the
 * file but only the parts asked for (`ensure`, `ensureUntil`) are read into it; the rest is
 * never touched, so it costs no memory (a zero-filled allocation is mapped lazily) and no page
 * faults (~25 µs each on a virtual machine: reading a 10 MB file whole costs more than all the
 * parsing). `readUntil` reads into a scratch buffer for a look that needs no lasting bytes (page
 * leaves of the page tree), and `pass` streams the file once through a small buffer.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { FileIdentity } from '../atomic-write';

const BLOCK = 4096;
/**
 * readUntil reads this much ahead and answers the next looks from it: a page tree's pages lie
 * close together in most files (qpdf, Acrobat, LibreOffice write them in a run), so a
 * 1,000-page walk costs a few reads, not 1,000 (each a system call of ~40 µs on a virtual machine).
 */
const READ_AHEAD = 128 * 1024;

export class PdfFileSource {
  readonly bytes: Buffer;
  readonly size: number;
  readonly identity: FileIdentity;
  private readonly loaded: Uint8Array;
  /** What readUntil read last (a view of `ahead` or of `own`). */
  scratch: Buffer = Buffer.alloc(0);
  private own = Buffer.allocUnsafeSlow(4096);
  private ahead: Buffer | null = null;
  /** Where `ahead` starts in the file, and how many of its bytes are the file's. */
  private aheadAt = 0;
  private aheadLength = 0;

  private constructor(private readonly fd: number) {
    const s = fstatSync(fd);
    this.size = s.size;
    this.identity = { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs };
    this.bytes = Buffer.alloc(s.size);
    this.loaded = new Uint8Array(Math.ceil(s.size / BLOCK));
  }

  static open(file: string): PdfFileSource {
    const fd = openSync(file, 'r');
    try {
      return new PdfFileSource(fd);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private readInto(target: Buffer, at: number, length: number, position: number): number {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, target, at + done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  /** Reads [from, to) into `bytes` where not read yet; whether anything new was read. */
  ensure(from: number, to: number): boolean {
    const first = Math.max(0, Math.floor(from / BLOCK));
    const last = Math.min(this.loaded.length, Math.ceil(Math.min(to, this.size) / BLOCK));
    let any = false;
    for (let b = first; b < last; ) {
      if (this.loaded[b] === 1) {
        b++;
        continue;
      }
      let e = b;
      while (e < last && this.loaded[e] === 0) e++;
      const start = b * BLOCK;
      const end = Math.min(e * BLOCK, this.size);
      if (this.readInto(this.bytes, start, end - start, start) !== end - start) throw new Error('the file became shorter while it was read');
      this.loaded.fill(1, b, e);
      any = true;
      b = e;
    }
    return any;
  }

  /**
   * Reads from `from` until `needle` has been read whole (or the end of the file), in growing
   * steps; returns where the needle starts, or -1.
   */
  ensureUntil(from: number, needle: Uint8Array): number {
    let searched = Math.max(0, from);
    let step = BLOCK;
    for (let end = Math.max(0, from); ; ) {
      end = Math.min(this.size, end + step);
      this.ensure(searched, end);
      const at = this.bytes.subarray(0, end).indexOf(needle, searched);
      if (at >= 0) return at;
      if (end >= this.size) return -1;
      searched = Math.max(from, end - needle.length + 1);
      step *= 2;
    }
  }

  /**
   * Reads the bytes from `from` up to and including the first `needle` into `scratch` (valid
   * until the next call) and gives their length, or -1 when the needle is not within `max` bytes.
   */
  readUntil(from: number, needle: Uint8Array, max: number): number {
    if (from < 0 || from >= this.size) return -1;
    const fromAhead = this.fromReadAhead(from, needle, max);
    if (fromAhead !== null) return fromAhead;
    let length = Math.min(512, max, this.size - from);
    if (length <= 0) return -1;
    for (;;) {
      if (this.own.length < length) this.own = Buffer.allocUnsafeSlow(Math.max(length, this.own.length * 2));
      const got = this.readInto(this.own, 0, length, from);
      const at = this.own.indexOf(needle, 0);
      this.scratch = this.own;
      if (at >= 0 && at + needle.length <= got) return at + needle.length;
      if (got < length || length >= max || from + length >= this.size) return -1;
      length = Math.min(max, length * 4, this.size - from);
    }
  }

  /**
   * readUntil answered from the read-ahead window (filled from `from` when `from` is not in it,
   * or when the needle may lie past its end); null: the object is longer than the window.
   */
  private fromReadAhead(from: number, needle: Uint8Array, max: number): number | null {
    const inWindow = this.ahead !== null && from >= this.aheadAt && from < this.aheadAt + this.aheadLength;
    if (!inWindow) this.fillReadAhead(from);
    const found = this.searchReadAhead(from, needle, max);
    if (found !== null || !inWindow) return found;
    this.fillReadAhead(from);
    return this.searchReadAhead(from, needle, max);
  }

  private fillReadAhead(from: number): void {
    this.ahead ??= Buffer.allocUnsafeSlow(READ_AHEAD);
    this.aheadAt = from;
    this.aheadLength = this.readInto(this.ahead, 0, Math.min(READ_AHEAD, this.size - from), from);
  }

  private searchReadAhead(from: number, needle: Uint8Array, max: number): number | null {
    const start = from - this.aheadAt;
    const window = this.ahead!.subarray(0, this.aheadLength);
    const at = window.indexOf(needle, start);
    if (at >= 0) {
      const length = at + needle.length - start;
      if (length > max) return -1;
      this.scratch = window.subarray(start, at + needle.length);
      return length;
    }
    // Not in the window: not in the file either when the window reached its end, not within `max` when the window held that much.
    if (this.aheadAt + this.aheadLength >= this.size || this.aheadLength - start >= max) return -1;
    return null;
  }

  /**
   * Streams the whole file once, in order, through one buffer of `chunk` bytes; each piece is
   * handed over with `overlap` bytes of the next one after it (except the last), so that what
   * starts near its end can be read whole: `piece.subarray(0, own)` are the bytes it stands for.
   */
  pass(visit: (piece: Buffer, position: number, own: number) => void, chunk = 256 * 1024, overlap = 64): void {
    const buf = Buffer.allocUnsafeSlow(chunk + overlap);
    for (let position = 0; position < this.size; position += chunk) {
      const want = Math.min(chunk + overlap, this.size - position);
      const got = this.readInto(buf, 0, want, position);
      if (got !== want) throw new Error('the file became shorter while it was read');
      visit(buf.subarray(0, got), position, Math.min(chunk, got));
    }
  }
}
