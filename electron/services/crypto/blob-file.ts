/**
 * Cached documents at rest: AES-256-GCM in independent 64 KiB chunks, so a byte range (pdf.js
 * reads PDFs in ranges) costs only the chunks it touches, and a download can resume after the
 * last whole chunk on disk.
 *
 * File layout: MAGIC (8 bytes) · file id (16 random bytes) · chunks. Chunk i holds up to 64 KiB
 * of the document as IV (12 random bytes) · ciphertext · tag (16). Each chunk's additional data
 * is the file id and i, so chunks cannot be moved within a file or between files. Truncation at
 * a chunk boundary is not detected here: the blob cache hashes the plaintext (SHA-256 = its name)
 * after every change of the file, as it did before.
 *
 * The key is derived from the cache key (HKDF), so the database and the documents never share one.
 * Files that do not start with MAGIC are plain (a cache of an earlier version, before it is
 * encrypted; or a file the user picked): `readDocumentFile` reads both.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PRIVATE_FILE_MODE } from './private-files';

export const CHUNK_BYTES = 64 * 1024;
const MAGIC = Buffer.from('ECBLOB1\n', 'latin1');
const ID_BYTES = 16;
const HEADER_BYTES = MAGIC.length + ID_BYTES;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const OVERHEAD = IV_BYTES + TAG_BYTES;
const SEALED_CHUNK_BYTES = CHUNK_BYTES + OVERHEAD;

/** The documents' key, derived from the cache key. */
export function blobKeyOf(cacheKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', cacheKey, Buffer.alloc(0), 'ecabinet cached documents v1', 32));
}

// ---- which key opens which folder --------------------------------------------------------

const folders = new Map<string, Buffer>();

/**
 * Declares that files under `folder` are encrypted with `blobKey`. Readers that get only a path
 * (the document servers, the workers' clients) find the key here; one process may hold several
 * data folders (tests run two clients side by side).
 */
export function registerBlobFolder(folder: string, blobKey: Buffer): void {
  folders.set(path.resolve(folder) + path.sep, blobKey);
}

/**
 * What another thread or process needs to read `file` (a worker, a document server): the hex of
 * its folder's key, or undefined for a file outside the cache.
 */
export function keyHexForFile(file: string): string | undefined {
  return blobKeyForFile(file)?.toString('hex');
}

/** In a worker: the document at `file`, with the key its caller sent (see keyHexForFile). */
export function readDocumentFileInWorker(file: string, keyHex: string | undefined): Promise<Buffer> {
  return readDocumentFile(file, keyHex ? Buffer.from(keyHex, 'hex') : null);
}

/** The key for an encrypted file under a registered folder, or null. */
export function blobKeyForFile(file: string): Buffer | null {
  const abs = path.resolve(file);
  for (const [folder, key] of folders) if (abs.startsWith(folder)) return key;
  return null;
}

function keyFor(file: string, key?: Buffer | null): Buffer {
  const k = key ?? blobKeyForFile(file);
  if (!k) throw new Error(`no key is known for the encrypted file ${path.basename(file)}`);
  return k;
}

// ---- format ------------------------------------------------------------------------------

/** The file is not what this key wrote: damaged on disk, cut short, or written with another key. */
export class DamagedBlobError extends Error {}

/** Plain size of an encrypted file of `fileSize` bytes (whole chunks only). */
function plainSizeOf(fileSize: number): number {
  const body = Math.max(0, fileSize - HEADER_BYTES);
  const whole = Math.floor(body / SEALED_CHUNK_BYTES);
  const rest = body - whole * SEALED_CHUNK_BYTES;
  return whole * CHUNK_BYTES + Math.max(0, rest - OVERHEAD);
}

const aadOf = (fileId: Buffer, index: number) => {
  const aad = Buffer.alloc(ID_BYTES + 4);
  fileId.copy(aad);
  aad.writeUInt32BE(index, ID_BYTES);
  return aad;
};

function sealChunk(key: Buffer, fileId: Buffer, index: number, plain: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aadOf(fileId, index));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, body, c.getAuthTag()]);
}

function openChunk(key: Buffer, fileId: Buffer, index: number, sealed: Buffer): Buffer {
  if (sealed.length < OVERHEAD) throw new DamagedBlobError('encrypted document chunk is truncated');
  const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  d.setAAD(aadOf(fileId, index));
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([d.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), d.final()]);
  } catch {
    throw new DamagedBlobError('an encrypted document chunk does not decrypt (damaged, or another key)');
  }
}

async function readAt(fh: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** True when `file` is in the encrypted format (false for a plain or missing file). */
export async function isEncryptedBlobFile(file: string): Promise<boolean> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  try {
    return (await readAt(fh, 0, MAGIC.length)).equals(MAGIC);
  } finally {
    await fh.close();
  }
}

// ---- writing -----------------------------------------------------------------------------

/** Appends a document's bytes to an encrypted file, one sealed chunk per 64 KiB. */
export class EncryptedBlobWriter {
  /** The plaintext of the chunk being filled, sealed once full: one buffer for the whole file, not a copy per write. */
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private filled = 0;

  private constructor(
    private readonly fh: fs.promises.FileHandle,
    private readonly key: Buffer,
    private readonly fileId: Buffer,
    private index: number,
    /** Where the next sealed chunk goes (a resumed file is opened r+, whose writes would start at 0). */
    private position: number,
  ) {}

  /** A new file (replacing any). */
  static async create(file: string, key: Buffer): Promise<EncryptedBlobWriter> {
    const fh = await fs.promises.open(file, 'w', PRIVATE_FILE_MODE);
    const fileId = crypto.randomBytes(ID_BYTES);
    await fh.write(Buffer.concat([MAGIC, fileId]), 0, HEADER_BYTES, 0);
    return new EncryptedBlobWriter(fh, key, fileId, 0, HEADER_BYTES);
  }

  /**
   * Continues a file a previous run left (an interrupted download): keeps its whole chunks and
   * drops a partial one. `plainBytes` is where the document continues; 0 means start afresh.
   */
  static async resume(file: string, key: Buffer): Promise<{ writer: EncryptedBlobWriter; plainBytes: number; complete: boolean }> {
    const size = (await fs.promises.stat(file)).size;
    const fh = await fs.promises.open(file, 'r+');
    const header = await readAt(fh, 0, HEADER_BYTES);
    if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
      await fh.close();
      return { writer: await EncryptedBlobWriter.create(file, key), plainBytes: 0, complete: false };
    }
    const fileId = Buffer.from(header.subarray(MAGIC.length));
    const whole = Math.floor((size - HEADER_BYTES) / SEALED_CHUNK_BYTES);
    const wholeEnd = HEADER_BYTES + whole * SEALED_CHUNK_BYTES;
    // A shorter last chunk that decrypts was sealed by finish(): the file is complete.
    if (size > wholeEnd) {
      try {
        const last = openChunk(key, fileId, whole, await readAt(fh, wholeEnd, size - wholeEnd));
        return { writer: new EncryptedBlobWriter(fh, key, fileId, whole + 1, size), plainBytes: whole * CHUNK_BYTES + last.length, complete: true };
      } catch {
        // Cut off mid-chunk: dropped below.
      }
    }
    await fh.truncate(wholeEnd);
    return { writer: new EncryptedBlobWriter(fh, key, fileId, whole, wholeEnd), plainBytes: whole * CHUNK_BYTES, complete: false };
  }

  async write(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.byteLength; ) {
      const n = Math.min(CHUNK_BYTES - this.filled, bytes.byteLength - at);
      this.chunk.set(bytes.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === CHUNK_BYTES) {
        // Sealing copies the chunk before the first await: it can be filled again at once.
        this.filled = 0;
        await this.writeChunk(this.chunk);
      }
    }
  }

  private async writeChunk(plain: Buffer): Promise<void> {
    const sealed = sealChunk(this.key, this.fileId, this.index++, plain);
    await this.fh.write(sealed, 0, sealed.length, this.position);
    this.position += sealed.length;
  }

  /** Seals what is left (the last, shorter chunk) and closes the file. */
  async finish(): Promise<void> {
    try {
      if (this.filled > 0) await this.writeChunk(this.chunk.subarray(0, this.filled));
      this.filled = 0;
    } finally {
      await this.fh.close();
    }
  }

  /** Closes without sealing a partial chunk: a resume starts after the last whole one. */
  async abandon(): Promise<void> {
    await this.fh.close();
  }
}

/** Writes `bytes` as a new encrypted file. */
export async function writeEncryptedBlob(file: string, key: Buffer, bytes: Uint8Array): Promise<void> {
  const w = await EncryptedBlobWriter.create(file, key);
  try {
    await w.write(bytes);
  } catch (e) {
    await w.abandon();
    throw e;
  }
  await w.finish();
}

// ---- reading -----------------------------------------------------------------------------

/**
 * Decrypted chunks an open encrypted document keeps (the most recently used): readers such as
 * the PDF limits check ask for many small ranges close together (a stream's data, then the 32
 * bytes after it), and each would otherwise decrypt its whole 64 KiB chunk again (measured: 175 MB
 * decrypted to measure a 1 MB PDF).
 */
export const CHUNKS_KEPT = 4;

/** An encrypted document opened for reading: its plain size and any byte range of it. */
export interface BlobReader {
  readonly size: number;
  /** Bytes start…end (inclusive) of the document, decrypting only the chunks they lie in. */
  range(start: number, end: number): AsyncGenerator<Buffer>;
  close(): Promise<void>;
}

export async function openEncryptedBlob(file: string, key?: Buffer | null): Promise<BlobReader> {
  const k = keyFor(file, key);
  const fh = await fs.promises.open(file, 'r');
  try {
    const header = await readAt(fh, 0, HEADER_BYTES);
    if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new DamagedBlobError('not an encrypted document file');
    const fileId = Buffer.from(header.subarray(MAGIC.length));
    const size = plainSizeOf((await fh.stat()).size);
    const kept = new Map<number, Buffer>();
    /** Chunk `i` decrypted, from the kept ones if it is there (the Map's order: least recently used first). */
    const chunk = async (i: number): Promise<Buffer> => {
      let plain = kept.get(i);
      if (plain) kept.delete(i);
      else {
        plain = openChunk(k, fileId, i, await readAt(fh, HEADER_BYTES + i * SEALED_CHUNK_BYTES, SEALED_CHUNK_BYTES));
        if (kept.size >= CHUNKS_KEPT) kept.delete(kept.keys().next().value!);
      }
      kept.set(i, plain);
      return plain;
    };
    return {
      size,
      async *range(start: number, end: number) {
        const last = Math.min(end, size - 1);
        for (let i = Math.floor(start / CHUNK_BYTES); i * CHUNK_BYTES <= last; i++) {
          const plain = await chunk(i);
          const from = Math.max(0, start - i * CHUNK_BYTES);
          const to = Math.min(plain.length, last - i * CHUNK_BYTES + 1);
          yield plain.subarray(from, to);
        }
      },
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** A Node stream of bytes start…end (inclusive); the file is closed when the stream ends or is destroyed. */
export function blobRangeStream(reader: BlobReader, start: number, end: number): Readable {
  const chunks = reader.range(start, end);
  return Readable.from(
    (async function* () {
      try {
        yield* chunks;
      } finally {
        await reader.close();
      }
    })(),
    { objectMode: false },
  );
}

/** SHA-256 of the document inside an encrypted file, chunk by chunk (other work runs in between). */
export async function sha256OfEncryptedBlob(file: string, key?: Buffer | null): Promise<string> {
  const reader = await openEncryptedBlob(file, key);
  const h = crypto.createHash('sha256');
  try {
    for await (const part of reader.range(0, reader.size - 1)) h.update(part);
  } finally {
    await reader.close();
  }
  return h.digest('hex');
}

/**
 * The whole document at `file`: decrypted when it is an encrypted cache file (key: the one
 * given, else the one registered for its folder), read as it is otherwise.
 */
export async function readDocumentFile(file: string, key?: Buffer | null): Promise<Buffer> {
  if (!(await isEncryptedBlobFile(file))) return fs.promises.readFile(file);
  const doc = await openDocumentRanges(file, key);
  try {
    const bytes = await doc.read(0, doc.size);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    await doc.close();
  }
}

/** A document opened for reading byte ranges into memory (a reader that needs only some of its bytes). */
export interface DocumentRanges {
  readonly size: number;
  /** Bytes start…end (end exclusive), in one array of their own, or at the start of `into` when given (large enough). */
  read(start: number, end: number, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

const target = (into: Uint8Array | undefined, length: number) => (into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length));

/**
 * Opens a document for range reads: an encrypted cache file (key: the one given, else its
 * folder's), or a plain file. Each read fills one array of exactly its size.
 */
export async function openDocumentRanges(file: string, key?: Buffer | null): Promise<DocumentRanges> {
  if (await isEncryptedBlobFile(file)) {
    const reader = await openEncryptedBlob(file, key);
    return {
      size: reader.size,
      async read(start, end, into) {
        const to = Math.min(end, reader.size);
        const out = target(into, Math.max(0, to - start));
        let at = 0;
        if (to <= start) return out;
        for await (const part of reader.range(start, to - 1)) {
          out.set(part, at);
          at += part.length;
        }
        return out;
      },
      close: () => reader.close(),
    };
  }
  const fh = await fs.promises.open(file, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(start, end, into) {
      const out = target(into, Math.max(0, Math.min(end, size) - start));
      for (let at = 0; at < out.length; ) {
        const { bytesRead } = await fh.read(out, at, out.length - at, start + at);
        if (bytesRead === 0) throw new DamagedBlobError('the file is shorter than it was');
        at += bytesRead;
      }
      return out;
    },
    close: () => fh.close(),
  };
}

/** A document opened by a document server: its plain size and a stream of any byte range. */
export interface ServedDocument {
  readonly size: number;
  /** Bytes start…end (inclusive); releases the file when the stream ends or is destroyed. */
  stream(start: number, end: number): Readable;
  /** Releases the file when no stream is taken (HEAD, 416, empty). */
  close(): Promise<void>;
}

/** Opens a cached document for serving ranges: encrypted with `keyHex` (or its folder's key), or plain. */
export async function openDocumentFile(file: string, keyHex?: string): Promise<ServedDocument> {
  if (await isEncryptedBlobFile(file)) {
    const reader = await openEncryptedBlob(file, keyHex ? Buffer.from(keyHex, 'hex') : null);
    return { size: reader.size, stream: (start, end) => blobRangeStream(reader, start, end), close: () => reader.close() };
  }
  const { size } = await fs.promises.stat(file);
  return { size, stream: (start, end) => fs.createReadStream(file, { start, end }), close: async () => {} };
}
