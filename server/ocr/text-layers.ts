/**
 * The recognised text of each scanned PDF, by content hash, in the database (migration 016):
 * every server instance sharing the database sees what any of them recognised, and how far a
 * recognition in progress is. Results written by earlier versions as one JSON file per hash in
 * `<data>/ocr/` are still read (and copied into the database the first time they are asked for).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { OcrFailureReason, OcrWord } from '../../shared/ocr';
import { privateDir, tightenIfPresent } from '../data-files';
import type { Db } from '../db/open';

declare module '../db/schema' {
  interface Database {
    ocr_results: {
      sha256: string;
      state: 'running' | StoredTextLayer['state'];
      done: number;
      total: number;
      attempts: number;
      layer: string | null;
      updated_at: string;
    };
  }
}

export const StoredTextLayer = z.discriminatedUnion('state', [
  // `words` missing: recognised by an earlier version, which kept only the text (recognised again).
  z.object({ state: z.literal('done'), pages: z.array(z.string().nullable()), words: z.array(z.array(OcrWord).nullable()).optional(), finishedAt: z.string() }),
  z.object({ state: z.literal('not_needed'), pages: z.number().int(), finishedAt: z.string() }),
  z.object({ state: z.literal('failed'), reason: OcrFailureReason, message: z.string(), finishedAt: z.string() }),
]);
export type StoredTextLayer = z.infer<typeof StoredTextLayer>;

/** A recognition some instance is running (or was, when it died: the next runner starts it again). */
export interface RunningTextLayer {
  done: number;
  total: number;
  attempts: number;
}

export class TextLayerStore {
  constructor(
    private readonly db: Db,
    /** The folder where earlier versions kept results as files, if any. */
    private readonly legacyDir: string | null = null,
  ) {}

  /** Results in the database; earlier versions' files read from `<data>/ocr`. */
  static of(db: Db, dataDir: string): TextLayerStore {
    return new TextLayerStore(db, path.join(dataDir, 'ocr'));
  }

  /** Folder 0700 and files 0600 of earlier versions' results, whatever the umask left (at server start). */
  static async tightenLegacy(dataDir: string): Promise<void> {
    const dir = path.join(dataDir, 'ocr');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return; // No OCR result kept as a file.
    }
    await privateDir(dir);
    for (const name of names) await tightenIfPresent(path.join(dir, name));
  }

  async get(sha256: string): Promise<StoredTextLayer | undefined> {
    const row = await this.db.selectFrom('ocr_results').select(['state', 'layer']).where('sha256', '=', sha256).executeTakeFirst();
    if (row && row.state !== 'running' && row.layer !== null) {
      const parsed = StoredTextLayer.safeParse(JSON.parse(row.layer));
      // Damaged counts as missing: the job recognises the PDF again.
      return parsed.success ? parsed.data : undefined;
    }
    if (row) return undefined;
    const legacy = await this.legacy(sha256);
    if (legacy) await this.put(sha256, legacy);
    return legacy;
  }

  private async legacy(sha256: string): Promise<StoredTextLayer | undefined> {
    if (!this.legacyDir) return undefined;
    try {
      return StoredTextLayer.parse(JSON.parse(await readFile(path.join(this.legacyDir, `${sha256}.json`), 'utf8')));
    } catch {
      return undefined;
    }
  }

  /** The recognition in progress (possibly of an instance that died), or undefined. */
  async running(sha256: string): Promise<RunningTextLayer | undefined> {
    const row = await this.db.selectFrom('ocr_results').select(['state', 'done', 'total', 'attempts']).where('sha256', '=', sha256).executeTakeFirst();
    return row?.state === 'running' ? { done: row.done, total: row.total, attempts: row.attempts } : undefined;
  }

  /** How many recognitions of the PDF were started, by any instance. */
  async attempts(sha256: string): Promise<number> {
    return (await this.db.selectFrom('ocr_results').select('attempts').where('sha256', '=', sha256).executeTakeFirst())?.attempts ?? 0;
  }

  /**
   * A recognition starts: recorded before any work, so a second start is visible. Returns the
   * attempt's number, which its progress and result name: a later start (another instance that
   * took the job over) makes them no-ops.
   */
  async start(sha256: string, at: string): Promise<number> {
    const row = await this.db
      .insertInto('ocr_results')
      .values({ sha256, state: 'running', done: 0, total: 0, attempts: 1, layer: null, updated_at: at })
      .onConflict((c) => c.column('sha256').doUpdateSet((eb) => ({ state: 'running', done: 0, total: 0, attempts: eb('ocr_results.attempts', '+', 1), layer: null, updated_at: at })))
      .returning('attempts')
      .executeTakeFirstOrThrow();
    return row.attempts;
  }

  async progress(sha256: string, attempt: number, done: number, total: number, at: string): Promise<void> {
    await this.db.updateTable('ocr_results').set({ done, total, updated_at: at }).where('sha256', '=', sha256).where('state', '=', 'running').where('attempts', '=', attempt).execute();
  }

  /** The attempt's result, unless another attempt started since; whether it was kept. */
  async finish(sha256: string, attempt: number, layer: StoredTextLayer): Promise<boolean> {
    const r = await this.db
      .updateTable('ocr_results')
      .set({ state: layer.state, layer: JSON.stringify(layer), updated_at: layer.finishedAt })
      .where('sha256', '=', sha256)
      .where('state', '=', 'running')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async put(sha256: string, layer: StoredTextLayer): Promise<void> {
    const values = { state: layer.state, layer: JSON.stringify(layer), updated_at: layer.finishedAt };
    await this.db
      .insertInto('ocr_results')
      .values({ sha256, done: 0, total: 0, attempts: 0, ...values })
      .onConflict((c) => c.column('sha256').doUpdateSet(values))
      .execute();
  }

  /** The one the next tick looks at again (tests, a result to redo). */
  async remove(sha256: string): Promise<void> {
    await this.db.deleteFrom('ocr_results').where('sha256', '=', sha256).execute();
  }
}
