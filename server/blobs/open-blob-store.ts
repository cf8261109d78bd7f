import { FsBlobStore } from './fs-store';
import type { BlobStore, BlobStoreOption } from './store';

/** The store an option names, ready (`init` done). The S3 client is loaded only when S3 is configured. */
export async function openBlobStore(option: BlobStoreOption, localDir: string): Promise<BlobStore> {
  let store: BlobStore;
  if (option.kind === 's3') {
    const { S3BlobStore } = await import('./s3-store');
    store = new S3BlobStore(option, localDir);
  } else {
    store = new FsBlobStore(option.dir, localDir, { shared: option.shared });
  }
  await store.init();
  return store;
}
