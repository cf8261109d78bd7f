/**
 * A PDF's bytes fetched by the page itself from the moment its URL is known, handed to pdf.js as
 * they arrive (pdf.js's `PDFDataRangeTransport`). Given a URL, pdf.js fetches nothing before its
 * worker is up and has asked for the file: when the app opens on a document, the worker's 1.2 MB
 * script is still compiling then, and the file was asked for 80–90 ms after its URL was known;
 * now its bytes are there when the worker asks. The whole file streams in order (as pdf.js's own
 * fetch does); a part pdf.js needs before the stream reaches it (a large file's cross-reference
 * table, at its end) is fetched on its own with an HTTP Range, as pdf.js would.
 */
import { PDFDataRangeTransport, type PDFDocumentLoadingTask, type PDFDocumentProxy } from 'pdfjs-dist';

/** A document being opened: what a reader needs of pdf.js's loading task. */
export interface PdfOpening {
  readonly promise: Promise<PDFDocumentProxy>;
  destroy(): Promise<void>;
}

/** How pdf.js is started on a document: given its URL, or the bytes as they come. */
export type PdfSource = { url: string } | { range: PDFDataRangeTransport };

/**
 * Opens `url`: its bytes are asked for at once, and pdf.js (`open`) is started on them when the
 * answer's headers are in; an answer that is not a plain file goes to pdf.js as a URL, which
 * reports its error as it always did.
 */
export function openEarly(url: string, open: (source: PdfSource) => PDFDocumentLoadingTask): PdfOpening {
  const closing = new AbortController();
  let task: PDFDocumentLoadingTask | null = null;
  const promise = fetchEarly(url, closing.signal).then((early) => {
    if (closing.signal.aborted) throw new Error('closed');
    if (!early) return (task = open({ url })).promise;
    // A part of the file that cannot be had ends the document, as a failed read of pdf.js's own does.
    let lost!: (e: Error) => void;
    const failed = new Promise<never>((_, reject) => {
      lost = (e) => {
        reject(e);
        void task?.destroy();
      };
    });
    task = open({ range: new EarlyTransport(url, early, closing, lost) });
    return Promise.race([task.promise, failed]);
  });
  return {
    promise,
    destroy: async () => {
      closing.abort();
      await task?.destroy();
    },
  };
}

/** The file's response, when it can be streamed this way: a plain 200 of known length. */
interface EarlyResponse {
  length: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * Asks for `url` now. Null when the answer is not a plain file of known length (an error, a
 * compressed or unsized body): the caller then gives pdf.js the URL, which reports it as before.
 */
async function fetchEarly(url: string, signal: AbortSignal): Promise<EarlyResponse | null> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch {
    return null;
  }
  const length = Number(res.headers.get('content-length'));
  const encoding = res.headers.get('content-encoding');
  if (res.status !== 200 || !res.body || !Number.isSafeInteger(length) || length <= 0 || (encoding && encoding !== 'identity')) {
    void res.body?.cancel().catch(() => undefined);
    return null;
  }
  return { length, body: res.body };
}

/**
 * pdf.js's end of an early response. The stream is read from construction on; pdf.js keeps what
 * arrives before its worker asks. A failed Range is asked once more, then left to the stream.
 */
class EarlyTransport extends PDFDataRangeTransport {
  readonly #url: string;
  readonly #closing: AbortController;
  readonly #onLost: (e: Error) => void;
  /** The whole file's stream: settles true once all of it has been handed to pdf.js, false if cut. */
  readonly #streamed: Promise<boolean>;

  /** `onLost`: a part pdf.js needs cannot be had (pdf.js itself has no way to be told, and would wait for it forever). */
  constructor(url: string, { length, body }: EarlyResponse, closing: AbortController, onLost: (e: Error) => void) {
    super(length, null);
    this.#url = url;
    this.#closing = closing;
    this.#onLost = onLost;
    this.#streamed = this.#stream(body.getReader());
  }

  async #stream(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<boolean> {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value.byteLength > 0) this.onDataProgressiveRead(value);
      }
      this.onDataProgressiveDone();
      return true;
    } catch {
      // Aborted (the document was closed) or cut: what is missing, pdf.js asks for by Range.
      return false;
    }
  }

  /** pdf.js is done with the document (destroyed): every request stops. */
  override abort(): void {
    this.#closing.abort();
  }

  override requestDataRange(begin: number, end: number): void {
    void this.#range(begin, end, 2);
  }

  async #range(begin: number, end: number, tries: number): Promise<void> {
    try {
      const res = await fetch(this.#url, { signal: this.#closing.signal, headers: { range: `bytes=${begin}-${end - 1}` } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const whole = res.status === 200 && begin === 0;
      if ((res.status !== 206 && !whole) || bytes.byteLength < end - begin) throw new Error(`HTTP ${res.status} for bytes ${begin}–${end - 1}`);
      this.onDataRange(begin, bytes.byteLength === end - begin ? bytes : bytes.subarray(0, end - begin));
    } catch (e) {
      if (this.#closing.signal.aborted) return;
      if (tries > 1) return void this.#range(begin, end, tries - 1);
      // The stream brings these bytes too, unless it was cut.
      if (!(await this.#streamed) && !this.#closing.signal.aborted) this.#onLost(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
