/** Opens a PDF with pdf.js and learns its page sizes: page 1 at once, the others in the background once a first page is drawn. */
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { PageSize } from '../PdfPage';
import { releaseFirstPage, startFirstPage } from '../first-page';
import { openPdf, type PDFDocumentProxy } from '../pdfjs';

/** Page sizes already known for the document (from its last pictures, see page-pictures.ts). */
export interface KnownSizes {
  sizes: Record<number, PageSize>;
  allSizesKnown: boolean;
}

/** The canvas of a render that never draws (first-page.ts). */
function blankCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  return canvas;
}

/**
 * `onOpen` runs once the document and its first page are known, in the same update that shows
 * the document, so the viewer can restore the reader's place before anything is drawn.
 * `startPage` names the page the reader opens on: pdf.js starts on it at once (first-page.ts).
 */
export function usePdfDocument(
  url: string,
  onOpen: (doc: PDFDocumentProxy) => void,
  known: KnownSizes | null = null,
  startPage: (doc: PDFDocumentProxy) => number = () => 1,
) {
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [sizes, setSizes] = useState<Record<number, PageSize>>(known?.sizes ?? {});
  const [firstDrawn, setFirstDrawn] = useState(false);
  /** Every page's size is known (the column has its final heights). */
  const [allSizesKnown, setAllSizesKnown] = useState(known?.allSizesKnown ?? false);
  const opened = useEffectEvent(onOpen);
  const startPageOf = useEffectEvent(startPage);
  /** The document whose sizes are in state: those given (its last pictures'), then each one opened. */
  const sizesOf = useRef(known ? url : null);

  // Opened as soon as the viewer is committed (a layout effect), not after the browser has painted
  // it (a passive effect ran 1–5 frames later on a busy machine, all of it before pdf.js was asked).
  useLayoutEffect(() => {
    const task = openPdf(url);
    let live = true;
    // Another document: forget the last one's (no new state on the first opening, which would
    // render the viewer once more before it is painted). Sizes given for this URL are kept.
    const keepSizes = sizesOf.current === url;
    sizesOf.current = url;
    setPdf(null);
    setLoadError(null);
    if (!keepSizes) {
      setSizes((prev) => (Object.keys(prev).length === 0 ? prev : {}));
      setAllSizesKnown(false);
    }
    setFirstDrawn(false);
    task.promise.then(
      async (doc) => {
        if (!live) return;
        const start = startPageOf(doc);
        // The opening page is asked for first; page 1 (whose size the column needs) beside it.
        if (start !== 1) void doc.getPage(start).then((page) => live && startFirstPage(doc, page, blankCanvas()), () => undefined);
        const page1 = await doc.getPage(1);
        if (!live) return;
        if (start === 1) startFirstPage(doc, page1, blankCanvas());
        const first = page1.getViewport({ scale: 1 });
        opened(doc);
        const size = { width: first.width, height: first.height };
        setSizes((prev) => (keepSizes && prev[1]?.width === size.width && prev[1]?.height === size.height ? prev : { 1: size }));
        setPdf(doc);
      },
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
      void task.destroy();
    };
  }, [url]);

  // Once a first page is drawn, the opening page's early start is let go (first-page.ts) and, like
  // pdf.js's own viewer, every page (and its size) is fetched in the background, so that a jump
  // far ahead (page 300) only has to draw, and the column has the right heights. One setSizes at
  // the end, and only for pages that differ from page 1.
  const onRendered = useCallback(() => setFirstDrawn(true), []);
  useEffect(() => {
    if (!pdf || !firstDrawn) return;
    releaseFirstPage(pdf);
    let live = true;
    (async () => {
      const found = new Map<number, PageSize>();
      for (let n = 2; n <= pdf.numPages && live; n++) {
        const vp = (await pdf.getPage(n)).getViewport({ scale: 1 });
        found.set(n, { width: vp.width, height: vp.height });
      }
      if (!live) return;
      setSizes((prev) => {
        let next = prev;
        for (const [n, size] of found) {
          const old = prev[n] ?? prev[1];
          if (old && old.width === size.width && old.height === size.height) continue;
          if (next === prev) next = { ...prev };
          next[n] = size;
        }
        return next;
      });
      setAllSizesKnown(true);
    })().catch(() => undefined); // closed meanwhile
    return () => {
      live = false;
    };
  }, [pdf, firstDrawn]);

  /** A page reports its real size once pdf.js has it (no new state when its box does not change: pages without an entry have page 1's). */
  const onSize = useCallback((n: number, size: PageSize) => {
    setSizes((prev) => {
      const old = prev[n] ?? prev[1];
      return old && old.width === size.width && old.height === size.height ? prev : { ...prev, [n]: size };
    });
  }, []);

  return { pdf, loadError, sizes, allSizesKnown, firstDrawn, onSize, onRendered };
}
