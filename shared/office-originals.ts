/**
 * The office file a document's PDF was converted from (.docx, .xlsx, .pptx…), kept by the server
 * beside the PDF and downloadable by whoever may read and download that PDF.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Sha256 } from './ids';

/** `GET /api/originals/:sha256` (the PDF's hash): the original, if the PDF was converted from one. */
export const OfficeOriginal = lazySchema(() => z.object({
  pdfSha256: Sha256,
  sha256: Sha256,
  fileName: z.string().min(1),
  size: z.number().int().nonnegative(),
}));
export type OfficeOriginal = z.infer<typeof OfficeOriginal>;

export const ORIGINAL_PATHS = {
  /** What the original of a PDF is (404 when it has none, or the caller may not have it). */
  info: (pdfSha256: string) => `/api/originals/${pdfSha256}`,
  /** Its bytes, as an attachment under its file name. */
  file: (pdfSha256: string) => `/api/originals/${pdfSha256}/file`,
} as const;

/** The extension shown on the download button: "docx" for "bao-cao.docx". */
export const originalExtension = (fileName: string) => /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
