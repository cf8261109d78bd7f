/** The reader prepares the pages after the ones near the view while it is idle (see warm-pages.ts). */
import { useEffect, useRef } from 'react';
import type { PDFDocumentProxy } from '../pdfjs';
import { readerQueue } from '../render-queue';
import { warmPages } from '../warm-pages';

/**
 * Pages prepared after the last one near the view: a few screens of reading ahead, and in practice
 * a document's typefaces (a report's headings, body, notes and tables appear within its first pages).
 */
export const WARM_AHEAD = 8;

const whenIdle = () => new Promise<void>((resolve) => requestIdleCallback(() => resolve()));

/**
 * `ready`: the document's first page is drawn and every page's size is known (the background work
 * of opening is over). `drawn`: the pages near the view, which the reader draws itself.
 */
export function useWarmAhead(pdf: PDFDocumentProxy | null, ready: boolean, drawn: ReadonlySet<number>): void {
  /** This document's pages prepared, and its closing. */
  const prepared = useRef<{ pdf: PDFDocumentProxy; pages: Set<number>; closed: AbortSignal } | null>(null);
  const drawnRef = useRef(drawn);
  drawnRef.current = drawn;
  let last = 0;
  for (const n of drawn) last = Math.max(last, n);

  useEffect(() => {
    if (!pdf) return;
    const closing = new AbortController();
    prepared.current = { pdf, pages: new Set(), closed: closing.signal };
    return () => closing.abort();
  }, [pdf]);

  useEffect(() => {
    const doc = prepared.current;
    if (!pdf || !ready || last === 0 || doc?.pdf !== pdf) return;
    let live = true;
    const end = Math.min(pdf.numPages, last + WARM_AHEAD);
    const pages = Array.from({ length: Math.max(0, end - last) }, (_, i) => last + 1 + i);
    warmPages({
      pdf,
      pages,
      queue: readerQueue,
      done: doc.pages,
      isDrawn: (n) => drawnRef.current.has(n),
      live: () => live,
      closed: doc.closed,
      idle: whenIdle,
    }).catch(() => undefined); // the document was closed meanwhile
    return () => {
      live = false;
    };
  }, [pdf, ready, last]);
}
