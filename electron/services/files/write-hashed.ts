/**
 * Writes a byte stream to a new file while hashing it, refusing more than `maxBytes`: the way
 * files enter the client (uploads from a path, the browser host's PUT) without ever being held
 * whole in memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';
import { EncryptedBlobWriter } from '../crypto/blob-file';

export interface HashedFile {
  sha256: string;
  size: number;
  /** The first bytes (up to 8), for a magic-number check without reading the file again. */
  head: Buffer;
}

const HEAD_BYTES = 8;

/** `encryptWith`: the file is written sealed (crypto/blob-file.ts); hash, size and head are of the plain bytes. */
export async function writeHashedFile(
  source: Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  dest: string,
  maxBytes: number,
  encryptWith?: Buffer,
): Promise<HashedFile> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  try {
    await pipeline(
      source instanceof Readable ? source : Readable.from(source),
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > maxBytes) throw new AppError('payload_too_large', 'file exceeds the size limit', { maxBytes });
          hash.update(chunk);
          if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
          yield chunk;
        }
      },
      // 'wx': never overwrite (callers pick fresh names); 0600: the files are confidential.
      encryptWith ? sealedSink(dest, encryptWith) : fs.createWriteStream(dest, { flags: 'wx', mode: 0o600 }),
    );
  } catch (e) {
    await fs.promises.rm(dest, { force: true });
    throw e;
  }
  return { sha256: hash.digest('hex'), size, head };
}

function sealedSink(dest: string, key: Buffer) {
  return async (chunks: AsyncIterable<Uint8Array>) => {
    const writer = await EncryptedBlobWriter.create(dest, key);
    try {
      for await (const chunk of chunks) await writer.write(chunk);
    } catch (e) {
      await writer.abandon();
      throw e;
    }
    await writer.finish();
  };
}

/** Copies a file the user picked (by path) while hashing it; a missing or unreadable file is `not_found`. */
export async function copyHashedFile(sourcePath: string, dest: string, maxBytes: number, encryptWith?: Buffer): Promise<HashedFile> {
  let info: fs.Stats;
  try {
    info = await fs.promises.stat(sourcePath);
  } catch {
    throw new AppError('not_found', 'the file cannot be read');
  }
  if (!info.isFile()) throw new AppError('not_found', 'not a file');
  // Refused before reading a byte when the size is already known to be too large.
  if (info.size > maxBytes) throw new AppError('payload_too_large', 'file exceeds the size limit', { maxBytes });
  return writeHashedFile(fs.createReadStream(sourcePath), dest, maxBytes, encryptWith);
}
