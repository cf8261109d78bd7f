/**
 * The server's recognised text (OCR) for scanned pages: a scanned PDF has no text layer, so
 * pdf.js reads nothing on its pages and the search would silently find nothing in it. The
 * indexer asks the server for the text of such a PDF (by content hash) and indexes it in place
 * of the empty pages; the PDF itself is not changed.
 */
import { isAppError } from '../../../shared/app-error';
import { OcrStatus, ocrStatusPath } from '../../../shared/ocr';
import { foldWithMap } from '../../../shared/text/fold-map';
import { hasAtLeastLetters } from '../../../shared/text/letters';
import type { ApiClient } from '../api/api-client';
import type { IndexedPage } from './pdf-text';
import { nfcWords, type OcrWordPages } from './ocr-words';

/**
 * What the server says of one PDF: its page texts, "not yet" (it is recognising them: ask again
 * later), "none" (nothing to add), or unreachable (offline, signed out: the document is indexed
 * with what pdf.js read, so that offline search keeps working).
 */
export type OcrAnswer = { kind: 'text'; pages: (string | null)[]; words: OcrWordPages | null } | { kind: 'later' } | { kind: 'none' } | { kind: 'unreachable' };
export type OcrTextSource = (sha256: string) => Promise<OcrAnswer>;

/** A page pdf.js found no words on (fewer than a few letters: page numbers, stamps). */
export const lacksText = (p: Pick<IndexedPage, 'original'>) => !hasAtLeastLetters(p.original);

/** Recognised text, one line per line of the page, as one run (the way the reader joins a page). */
export function ocrPage(text: string): IndexedPage {
  const original = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return { original, folded: foldWithMap(original).folded };
}

/** The pages with the recognised text in place of those pdf.js found empty. */
export function withOcrText(pages: readonly IndexedPage[], ocr: readonly (string | null)[]): IndexedPage[] {
  return pages.map((p, i) => {
    const text = ocr[i];
    return text && lacksText(p) ? ocrPage(text) : p;
  });
}

/** Asks the signed-in session's server. */
export function serverOcrText(api: () => ApiClient | null): OcrTextSource {
  return async (sha256) => {
    const client = api();
    if (!client) return { kind: 'unreachable' };
    try {
      const s = await client.json(ocrStatusPath(sha256), OcrStatus);
      if (s.state === 'done' && s.pages) return { kind: 'text', pages: s.pages, words: s.words ? nfcWords(s.words) : null };
      if (s.state === 'queued' || s.state === 'running') return { kind: 'later' };
      return { kind: 'none' };
    } catch (e) {
      // A server without OCR, or a PDF it does not know: index what pdf.js read.
      if (isAppError(e) && e.code === 'not_found') return { kind: 'none' };
      return { kind: 'unreachable' };
    }
  };
}
