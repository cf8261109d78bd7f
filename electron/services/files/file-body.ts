/**
 * A file as a fetch request body that reads the next chunk only when the request asks for it:
 * the upload never runs ahead of the network, so at most a chunk is in memory whatever the
 * file's size. (Node 20's Readable.toWeb reads ahead without waiting for the reader.)
 *
 * fetch does not cancel a body it could not send (server unreachable, connection refused), so
 * the caller closes the file once the request is over, whatever its outcome: the upload queue
 * retries while offline, and each attempt would otherwise leave a file handle open.
 */
import { open } from 'node:fs/promises';
import { openEncryptedBlob } from '../crypto/blob-file';

const CHUNK_BYTES = 64 * 1024;

export interface FileBody {
  stream: ReadableStream<Uint8Array>;
  /** Closes the file if it is still open (the request is over). */
  close(): Promise<void>;
}

/** An opened file read chunk by chunk: the next chunk, or null at the end. */
interface ChunkSource {
  next(): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/** The body over a source opened at the first pull and closed at the end, on error, or by close(). */
function pulledBody(openSource: () => Promise<ChunkSource>): FileBody {
  let source: ChunkSource | null = null;
  // The open in flight: close() waits for it, so the file is shut when close() returns, not later.
  let opening: Promise<ChunkSource | null> | null = null;
  let done = false;
  const release = async () => {
    await opening?.catch(() => undefined);
    const s = source;
    source = null;
    await s?.close();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (done) return controller.close();
          if (!source) {
            opening = openSource().then(async (opened) => {
              // Closed while it was being opened (the request failed meanwhile): nobody would close it later.
              if (done) {
                await opened.close();
                return null;
              }
              return (source = opened);
            });
            const opened = await opening.finally(() => (opening = null));
            if (!opened) return controller.close();
          }
          const chunk = await source!.next();
          if (chunk === null) {
            done = true;
            await release();
            return controller.close();
          }
          controller.enqueue(chunk);
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

export function fileBody(file: string): FileBody {
  return pulledBody(async () => {
    const handle = await open(file, 'r');
    return {
      async next() {
        const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
        return bytesRead === 0 ? null : chunk.subarray(0, bytesRead);
      },
      close: () => handle.close(),
    };
  });
}

/** Like `fileBody`, for a file sealed with `key` (crypto/blob-file.ts): sends the plain bytes, one chunk decrypted per pull. */
export function sealedFileBody(file: string, key: Buffer): FileBody {
  return pulledBody(async () => {
    const reader = await openEncryptedBlob(file, key);
    const chunks = reader.range(0, reader.size - 1);
    return {
      async next() {
        const n = await chunks.next();
        return n.done ? null : n.value;
      },
      close: () => reader.close(),
    };
  });
}
