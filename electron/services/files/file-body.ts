/**
 * A file as a fetch request body that reads the next chunk only when the request asks for it:
 * the upload never runs ahead of the network, so at most a chunk or two is in memory whatever
 * the file's size. (Node 20's Readable.toWeb reads ahead without waiting for the reader.)
 */
import { open, type FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;

export function fileBodyStream(file: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | null = null;
  const release = async () => {
    const h = handle;
    handle = null;
    await h?.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      async start() {
        handle = await open(file, 'r');
      },
      async pull(controller) {
        if (!handle) return controller.close();
        const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        try {
          const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
          if (bytesRead === 0) {
            await release();
            return controller.close();
          }
          controller.enqueue(chunk.subarray(0, bytesRead));
        } catch (e) {
          await release();
          controller.error(e);
        }
      },
      cancel: release,
    },
    // One chunk queued ahead at most.
    { highWaterMark: 1 },
  );
}
