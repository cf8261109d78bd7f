/**
 * The recognised text of each scanned PDF, one JSON file per content hash in `<data>/ocr/`
 * (beside `blobs/` when the blobs are in the data folder): derived data, rebuilt by running OCR again if lost, so it needs no table
 * and no migration; the file is written whole (temp file, fsync, rename) or not at all.
 */
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { OcrFailureReason, OcrWord } from '../../shared/ocr';
import { PRIVATE_FILE_MODE, privateDir, syncDir, tightenIfPresent } from '../data-files';

export const StoredTextLayer = z.discriminatedUnion('state', [
  // `words` missing: recognised by an earlier version, which kept only the text (recognised again).
  z.object({ state: z.literal('done'), pages: z.array(z.string().nullable()), words: z.array(z.array(OcrWord).nullable()).optional(), finishedAt: z.string() }),
  z.object({ state: z.literal('not_needed'), pages: z.number().int(), finishedAt: z.string() }),
  z.object({ state: z.literal('failed'), reason: OcrFailureReason, message: z.string(), finishedAt: z.string() }),
]);
export type StoredTextLayer = z.infer<typeof StoredTextLayer>;

export class TextLayerStore {
  constructor(readonly dir: string) {}

  /** In the instance's data folder (`<data>/ocr`), wherever the blobs themselves are kept. */
  static inDataDir(dataDir: string): TextLayerStore {
    return new TextLayerStore(path.join(dataDir, 'ocr'));
  }

  /** Folder 0700 and files 0600 whatever an earlier version or the umask left (at server start). */
  async tighten(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return; // No OCR result yet.
    }
    await privateDir(this.dir);
    for (const name of names) await tightenIfPresent(path.join(this.dir, name));
  }

  private fileOf(sha256: string): string {
    return path.join(this.dir, `${sha256}.json`);
  }

  async get(sha256: string): Promise<StoredTextLayer | undefined> {
    try {
      return StoredTextLayer.parse(JSON.parse(await readFile(this.fileOf(sha256), 'utf8')));
    } catch {
      // Missing, or damaged (counts as missing: the job recognises the PDF again).
      return undefined;
    }
  }

  async put(sha256: string, layer: StoredTextLayer): Promise<void> {
    await privateDir(this.dir);
    const tmp = `${this.fileOf(sha256)}.${process.pid}.tmp`;
    const f = await open(tmp, 'w', PRIVATE_FILE_MODE);
    try {
      await f.chmod(PRIVATE_FILE_MODE);
      await f.writeFile(JSON.stringify(layer));
      await f.sync();
    } finally {
      await f.close();
    }
    await rename(tmp, this.fileOf(sha256));
    await syncDir(this.dir);
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.fileOf(sha256), { force: true });
  }
}
