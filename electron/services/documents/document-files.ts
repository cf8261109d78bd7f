/**
 * What the server keeps beside a document's PDF, for the reader: the office file it was
 * converted from (downloaded into the sealed blob cache like the PDFs, then read through the
 * same document URL), and the words recognised on its scanned pages with their boxes (kept in
 * the cache once read, for the reader offline).
 */
import type { BridgeHandlers } from '../../../shared/bridge';
import type { Document } from '../../../shared/entities';
import { AppError, isAppError } from '../../../shared/errors';
import { OcrStatus, ocrStatusPath } from '../../../shared/ocr';
import { OfficeOriginal, ORIGINAL_PATHS } from '../../../shared/office-originals';
import type { ApiClient } from '../api/api-client';
import type { BlobCache } from '../blobs/blob-cache';
import { nfcWords, type OcrWordStore } from '../search/ocr-words';

type Handlers = Pick<BridgeHandlers, 'documents.original' | 'documents.openOriginal' | 'documents.ocrWords'>;

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

export class DocumentFiles {
  /** Originals downloaded in this run: the document server may serve them (no document row names them). */
  private readonly opened = new Set<string>();

  constructor(
    private readonly deps: {
      api: () => ApiClient;
      getDocument: (id: string) => Document | null;
      blobs: BlobCache;
      documentUrl: (sha256: string) => string;
      /** The recognised words kept in the cache, by PDF. */
      ocrWords: OcrWordStore;
    },
  ) {}

  mayServe(sha256: string): boolean {
    return this.opened.has(sha256);
  }

  private document(id: string): Document {
    const doc = this.deps.getDocument(id);
    if (!doc) throw new AppError('not_found', 'document not found');
    return doc;
  }

  private async original(doc: Document): Promise<OfficeOriginal | null> {
    try {
      return await this.deps.api().json(ORIGINAL_PATHS.info(doc.sha256), OfficeOriginal);
    } catch (e) {
      if (isAppError(e) && e.code === 'not_found') return null;
      throw e;
    }
  }

  readonly handlers: Handlers = {
    'documents.original': async ({ id }) => {
      const o = await this.original(this.document(id));
      return o && { fileName: o.fileName, size: o.size };
    },

    'documents.openOriginal': async ({ id }) => {
      const doc = this.document(id);
      const o = await this.original(doc);
      if (!o) throw new AppError('not_found', 'this document has no original file');
      const api = this.deps.api();
      await this.deps.blobs.ensure(o.sha256, o.size, (_sha, headers) =>
        api.fetchAuthorized(ORIGINAL_PATHS.file(doc.sha256), { headers: { accept: 'application/octet-stream', ...headers }, timeoutMs: DOWNLOAD_TIMEOUT_MS }),
      );
      this.opened.add(o.sha256);
      return { url: this.deps.documentUrl(o.sha256), fileName: o.fileName };
    },

    'documents.ocrWords': async ({ id }) => {
      const doc = this.document(id);
      // Kept since the indexer read the scan (or since it was last opened online): offline too.
      const kept = this.deps.ocrWords.get(doc.sha256);
      if (kept) return { pages: kept };
      try {
        const s = await this.deps.api().json(ocrStatusPath(doc.sha256), OcrStatus);
        if (s.state !== 'done' || !s.words) return null;
        const words = nfcWords(s.words);
        // A scan indexed before the words were kept: keep them now, with the file.
        if (this.deps.blobs.isCached(doc.sha256)) this.deps.ocrWords.put(doc.sha256, words);
        return { pages: words };
      } catch (e) {
        // Offline, or a PDF the server has no recognition for: the pages show no text over the scan.
        if (isAppError(e)) return null;
        throw e;
      }
    },
  };
}
