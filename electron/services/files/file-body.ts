/**
 * A file as a fetch request body that reads the next chunk only when the request asks for it:
 * the upload never runs ahead of the network, so at most a chunk is in memory whatever the
 * file's size. (Node 20's Readable.toWeb reads ahead without waiting for the reader.)
 *
 * fetch does not cancel a body it could not send (server unreachable, connection refused), so
 * the caller closes the file once the request is over, whatever its outcome: the upload queue
 * retries while offline, and each attempt would otherwise leave a file handle open.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { openEncryptedBlob, type BlobReader } from '../crypto/blob-file';

const CHUNK_BYTES = 64 * 1024;

export interface FileBody {
  stream: ReadableStream<Uint8Array>;
  /** Closes the file if it is still open (the request is over). */
  close(): Promise<void>;
}

export function fileBody(file: string): FileBody {
  let handle: FileHandle | null = null;
  let done = false;
  const release = async () => {
    const h = handle;
    handle = null;
    await h?.close();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        try {
          if (done) return controller.close();
          if (!handle) {
            const opened = await open(file, 'r');
            // Closed while it was being opened (the request failed meanwhile): nobody would close it later.
            if (done) {
              await opened.close();
              return controller.close();
            }
            handle = opened;
          }
          const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
          if (bytesRead === 0) {
            done = true;
            await release();
            return controller.close();
          }
          controller.enqueue(chunk.subarray(0, bytesRead));
        } catch (e) {
          done = true;
          await release();
          controller.error(e);
        }
      },
      cancel: async () => {
        done = true;
        await release();
      },
    },
    // Nothing read ahead: the file is opened when the request starts sending.
    { highWaterMark: 0 },
  );
  return {
    stream,
    close: async () => {
      done = true;
      await release();
    },
  };
}

/** Like `fileBody`, for a file sealed with `key` (crypto/blob-file.ts): sends the plain bytes, one chunk decrypted per pull. */
export function sealedFileBody(file: string, key: Buffer): FileBody {
  let reader: BlobReader | null = null;
  let chunks: AsyncGenerator<Buffer> | null = null;
  let done = false;
  const release = async () => {
    const r = reader;
    reader = null;
    chunks = null;
    await r?.close();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (done) return controller.close();
          if (!reader) {
            const opened = await openEncryptedBlob(file, key);
            if (done) {
              await opened.close();
              return controller.close();
            }
            reader = opened;
            chunks = reader.range(0, reader.size - 1);
          }
          const next = await chunks!.next();
          if (next.done) {
            done = true;
            await release();
            return controller.close();
          }
          controller.enqueue(next.value);
        } catch (e) {
          done = true;
          await release();
          controller.error(e);
        }
      },
      cancel: async () => {
        done = true;
        await release();
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    close: async () => {
      done = true;
      await release();
    },
  };
}
