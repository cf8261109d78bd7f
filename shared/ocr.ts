/**
 * The recognised text of scanned PDFs (OCR on the server). The PDF itself is never rewritten
 * (it may be signed): the text lives beside it, keyed by the PDF's SHA-256, and a reader or
 * search index uses it for the pages that have no text layer of their own.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Sha256 } from './ids';

export const OCR_STATES = ['queued', 'running', 'done', 'not_needed', 'failed'] as const;
export const OcrState = lazySchema(() => z.enum(OCR_STATES));
export type OcrState = z.infer<typeof OcrState>;

export const OcrFailureReason = lazySchema(() => z.enum(['timeout', 'unreadable', 'ocr_unavailable']));
export type OcrFailureReason = z.infer<typeof OcrFailureReason>;

/**
 * One recognised word and where it lies on the page: left, top, right, bottom as fractions of
 * the page as displayed (its own rotation applied), from its top-left corner. Top and bottom are
 * those of the word's line, so a line's words make one even band to select and highlight.
 */
export const OcrWord = lazySchema(() => z.object({
  text: z.string().min(1),
  box: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]),
}));
export type OcrWord = z.infer<typeof OcrWord>;

/** `GET /api/ocr/:sha256`: where recognition of one PDF stands, and its text once done. */
export const OcrStatus = lazySchema(() => z.object({
  sha256: Sha256,
  state: OcrState,
  /** Pages recognised so far / pages to recognise (those without a text layer). */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /**
   * Once `done`: one entry per page of the PDF, the recognised text of a page that had no text
   * layer, null for a page that had its own (use the PDF's text there).
   */
  pages: z.array(z.string().nullable()).optional(),
  /**
   * Once `done`: the words of each recognised page with their boxes, in reading order; a
   * page's text is its words joined by a space within a line and a line break between lines.
   */
  words: z.array(z.array(OcrWord).nullable()).optional(),
  reason: OcrFailureReason.optional(),
}));
export type OcrStatus = z.infer<typeof OcrStatus>;

export const ocrStatusPath = (sha256: string) => `/api/ocr/${sha256}`;
