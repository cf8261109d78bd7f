/**
 * What the reader showed of a document when it was closed: the drawn canvases of the pages in
 * view, the page sizes and count, and where the reader was. Reopening the same document in this
 * session shows those pictures at once, at the saved place, with the real column of pages around
 * them, while pdf.js opens the file and draws the pages for real behind them (a 352-page document
 * reopened at page 300 took 1.4–3.2 s to show anything on a loaded machine: opening the file,
 * then fetching and drawing the page).
 *
 * Memory only (never written anywhere: documents are confidential), and only the last few
 * documents. Keyed by the document's URL, which names its bytes (the file's sha256), so a new
 * version never shows an old picture. The canvases hold the page's drawing alone: watermark,
 * annotations and find highlights are page layers drawn again over them.
 */
import type { PageSize } from './PdfPage';

export interface PagePictures {
  numPages: number;
  /** Page sizes at scale 1 (page 1 always; others where they differ from it). */
  sizes: Record<number, PageSize>;
  /** Every page's size was known when the pictures were taken. */
  allSizesKnown: boolean;
  /** Where the reader was: page and how far down it (0–1). */
  anchor: { page: number; offset: number };
  /** Drawn canvases of the pages that were in view, by page number. */
  pictures: Map<number, HTMLCanvasElement>;
}

/** Documents whose pictures are kept (a canvas of a page at 1280 px is ~4–6 MB of bitmap). */
const KEEP = 3;
/** Largest picture kept (pixels, ~6 MB): a larger drawing (a high-density screen, a big zoom) is kept at a smaller size. */
const MAX_PIXELS = 1_500_000;
const store = new Map<string, PagePictures>();

/** The pictures kept for the document at `url`, if any. */
export function picturesFor(url: string): PagePictures | null {
  return store.get(url) ?? null;
}

/** Keeps `pictures` for `url` (the newest `KEEP` documents are kept). */
export function keepPictures(url: string, pictures: PagePictures): void {
  store.delete(url);
  store.set(url, pictures);
  while (store.size > KEEP) store.delete(store.keys().next().value as string);
}

/** Forgets every picture (tests; signing out). */
export function forgetPictures(): void {
  store.clear();
}

/**
 * Takes the pictures of the pages in view from the reader's scroll area: each page box
 * (`.pdf-page[data-page-number]`) that shows and has been drawn gives its canvas. Pages in view
 * that are not drawn (yet) keep the picture they had in `previous`, if any.
 */
export function takePictures(scrollArea: HTMLElement, pageEls: ReadonlyMap<number, HTMLElement>, around: number, previous: PagePictures | null): Map<number, HTMLCanvasElement> {
  const pictures = new Map<number, HTMLCanvasElement>();
  const top = scrollArea.scrollTop;
  const bottom = top + scrollArea.clientHeight;
  // The pages in view are the anchor's page and a few after it (and one before, for a short scroll area).
  for (let n = Math.max(1, around - 1); n <= around + 4; n++) {
    const el = pageEls.get(n);
    if (!el || el.offsetTop >= bottom || el.offsetTop + el.offsetHeight <= top) continue;
    const canvas = el.dataset.rendered === 'true' ? el.querySelector<HTMLCanvasElement>('.pdf-canvas canvas') : null;
    const picture = canvas ? smaller(canvas) : previous?.pictures.get(n);
    if (picture) pictures.set(n, picture);
  }
  return pictures;
}

/** `canvas`, or a copy of it at most MAX_PIXELS large (shown stretched to the page box, sharp again once drawn). */
function smaller(canvas: HTMLCanvasElement): HTMLCanvasElement {
  const pixels = canvas.width * canvas.height;
  if (pixels <= MAX_PIXELS || typeof document === 'undefined') return canvas;
  const k = Math.sqrt(MAX_PIXELS / pixels);
  const copy = document.createElement('canvas');
  copy.width = Math.max(1, Math.floor(canvas.width * k));
  copy.height = Math.max(1, Math.floor(canvas.height * k));
  copy.setAttribute('aria-hidden', 'true');
  copy.getContext('2d')?.drawImage(canvas, 0, 0, copy.width, copy.height);
  return copy;
}
