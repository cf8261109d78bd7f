/**
 * A zip written as a stream with fflate's streaming Zip: each file is read in chunks and
 * handed on as it is compressed, waiting whenever the reader is slower (backpressure), so
 * the whole archive never sits in memory whatever its size.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface StreamedEntry {
  path: string;
  sha256: string;
  size: number;
}

export class ZipStream {
  readonly output = new PassThrough();
  private readonly zip: Zip;

  constructor(private readonly mtime: Date) {
    this.zip = new Zip((err, chunk, final) => {
      if (err) return void this.output.destroy(err);
      this.output.write(chunk);
      if (final) this.output.end();
    });
  }

  /**
   * Waits for the reader. A reader that went away (download cancelled) closes the stream: the
   * writer stops there, which also closes the file it was reading.
   */
  private async drained(): Promise<void> {
    if (this.output.writableNeedDrain && !this.output.destroyed) {
      const gone = new AbortController();
      await Promise.race([once(this.output, 'drain', { signal: gone.signal }), once(this.output, 'close', { signal: gone.signal })]).finally(() => gone.abort());
    }
    if (this.output.destroyed) throw new Error('the archive reader went away');
  }

  /** Adds bytes held in memory (small files: JSON, CSV), deflated. */
  async addBytes(path: string, bytes: Uint8Array): Promise<StreamedEntry> {
    const file = new ZipDeflate(path, { level: 6 });
    file.mtime = this.mtime;
    this.zip.add(file);
    file.push(bytes, true);
    await this.drained();
    return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength };
  }

  /** Adds a file read as a stream (a blob from the store), stored as is (PDFs are compressed already), hashing what was read. */
  async addFile(path: string, source: AsyncIterable<Uint8Array>): Promise<StreamedEntry> {
    const file = new ZipPassThrough(path);
    file.mtime = this.mtime;
    this.zip.add(file);
    const hash = createHash('sha256');
    let size = 0;
    for await (const bytes of source) {
      hash.update(bytes);
      size += bytes.byteLength;
      file.push(bytes);
      await this.drained();
    }
    file.push(new Uint8Array(0), true);
    await this.drained();
    return { path, sha256: hash.digest('hex'), size };
  }

  end(): void {
    this.zip.end();
  }

  fail(e: Error): void {
    this.zip.terminate();
    this.output.destroy(e);
  }
}
