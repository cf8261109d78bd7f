/**
 * Bridge methods for what the server keeps beside a document's PDF: the office file it was
 * converted from, and the words it recognised on scanned pages with their place on the page
 * (the reader's selectable text over a scan). The original is asked of the server (online); the
 * words are kept in the cache with the document's text, so they are there offline too.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id } from './ids';
import { OcrWord } from './ocr';

export const DocumentFilesBridgeMethods = {
  /** The original office file of the document's current version; null when it has none (or the reader may not download it). */
  'documents.original': { input: lazySchema(() => z.object({ id: Id })), output: z.object({ fileName: z.string(), size: z.number().int() }).nullable() },
  /** Downloads that original into the local cache (audited on the server) and gives the URL it is read from. */
  'documents.openOriginal': { input: lazySchema(() => z.object({ id: Id })), output: lazySchema(() => z.object({ url: z.string(), fileName: z.string() })) },
  /**
   * The recognised words of each page of the document's current version, with their boxes;
   * null for a page that has its own text layer. null when there is nothing (yet), or offline
   * for a scan whose words were never fetched.
   */
  'documents.ocrWords': { input: lazySchema(() => z.object({ id: Id })), output: z.object({ pages: z.array(z.array(OcrWord).nullable()) }).nullable() },
} as const;
