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

export class PdfFileSource {
  readonly bytes: Buffer;
  readonly size: number;
  readonly identity: FileIdentity;
  private readonly loaded: Uint8Array;
  /** What readUntil read last. */
  scratch = Buffer.allocUnsafeSlow(4096);

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
    let length = Math.min(512, max, this.size - from);
    if (length <= 0) return -1;
    for (;;) {
      if (this.scratch.length < length) this.scratch = Buffer.allocUnsafeSlow(Math.max(length, this.scratch.length * 2));
      const got = this.readInto(this.scratch, 0, length, from);
      const at = this.scratch.indexOf(needle, 0);
      if (at >= 0 && at + needle.length <= got) return at + needle.length;
      if (got < length || length >= max || from + length >= this.size) return -1;
      length = Math.min(max, length * 4, this.size - from);
    }
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
