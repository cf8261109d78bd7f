/**
 * The recognised words of scanned pages (the server's OCR, each word with its box), kept in the
 * cache by the PDF's content hash, so that a scan synced while online can still be selected,
 * highlighted and searched in offline. Stored beside the search index's text of the same PDF
 * and dropped with it (`TextIndex.remove`): both say what the scan reads.
 */
import { z } from 'zod';
import { OcrWord } from '../../../shared/ocr';
import type Database from 'better-sqlite3-multiple-ciphers';

// Not CacheDb from open-cache: that module imports the migrations, which import this one.
type CacheDb = Database.Database;

/** One entry per page of the PDF: its recognised words, null for a page with a text layer of its own. */
export const OcrWordPages = z.array(z.array(OcrWord).nullable());
export type OcrWordPages = z.infer<typeof OcrWordPages>;

/** Client cache migration (version 10): the word layer of scanned pages, by PDF. */
export function ocrWordsCacheMigration(db: CacheDb): void {
  db.exec(`CREATE TABLE doc_ocr_words (sha256 TEXT PRIMARY KEY, pages TEXT NOT NULL);`);
}

/**
 * The words as the rest of the client holds text: NFC (the recognised text is indexed NFC, see
 * ocr-text.ts; a decomposed "ị" in a word would shift every offset after it between the
 * reader's spans and the indexed page text that find and highlights are placed by).
 */
export function nfcWords(pages: OcrWordPages): OcrWordPages {
  return pages.map((p) => p && p.map((w) => ({ ...w, text: w.text.normalize('NFC') })));
}

export class OcrWordStore {
  constructor(private readonly db: CacheDb) {}

  get(sha256: string): OcrWordPages | null {
    const row = this.db.prepare('SELECT pages FROM doc_ocr_words WHERE sha256 = ?').get(sha256) as { pages: string } | undefined;
    if (!row) return null;
    const parsed = OcrWordPages.safeParse(JSON.parse(row.pages));
    // A damaged entry counts as missing: it is asked of the server again.
    return parsed.success ? parsed.data : null;
  }

  /** Stored together with the document's text (TextIndex.storeGradually), or when a reader asked the server for them. */
  put(sha256: string, pages: OcrWordPages): void {
    this.db.prepare('INSERT OR REPLACE INTO doc_ocr_words (sha256, pages) VALUES (?, ?)').run(sha256, JSON.stringify(pages));
  }
}
