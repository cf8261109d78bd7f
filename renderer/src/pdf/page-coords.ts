/**
 * Page coordinates for layers drawn over a page (watermark today; private annotations next).
 * An overlay gets a PageOverlayContext; it positions its elements in CSS pixels of the page box
 * (which already includes zoom and rotation) and stores positions in PDF user space, which
 * survives zoom, rotation and a new rendering. These helpers convert between the two.
 */
import type { PageViewport, PDFDocumentProxy } from 'pdfjs-dist';

export interface PageOverlayContext {
  pageNumber: number;
  /** CSS pixels per PDF point. */
  scale: number;
  /** Extra rotation the reader chose (0, 90, 180, 270), on top of the page's own. */
  rotation: number;
  /** Size of the page box in CSS pixels. */
  width: number;
  height: number;
  /** pdf.js viewport of this page at this scale and rotation; null until the page is first drawn. */
  viewport: PageViewport | null;
  /**
   * The page's pdf.js text items (`getTextContent(TEXT_CONTENT_OPTIONS)`): its text-layer spans
   * are those with a non-empty `str`, in order; join them with shared/text/page-text.ts.
   */
  textItems: () => Promise<readonly unknown[]>;
  /** The document, for layers that place themselves by the page's text (the changes since the previous version). */
  pdf: PDFDocumentProxy;
}

/** A point in the page box (CSS px from its top-left) → PDF user space. */
export function toPdfPoint(viewport: PageViewport, x: number, y: number): [number, number] {
  const [px, py] = viewport.convertToPdfPoint(x, y);
  return [px, py];
}

/** A PDF user-space point → CSS px in the page box. */
export function toPagePoint(viewport: PageViewport, x: number, y: number): [number, number] {
  const [vx, vy] = viewport.convertToViewportPoint(x, y);
  return [vx, vy];
}

/** A PDF rectangle [x1, y1, x2, y2] → {left, top, width, height} in CSS px of the page box. */
export function toPageRect(viewport: PageViewport, rect: readonly [number, number, number, number]) {
  const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([...rect]);
  return { left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}

/** A mouse event → PDF user space of the page under it (the page box is `pageEl`). */
export function eventToPdfPoint(viewport: PageViewport, pageEl: HTMLElement, e: { clientX: number; clientY: number }): [number, number] {
  const box = pageEl.getBoundingClientRect();
  return toPdfPoint(viewport, e.clientX - box.left, e.clientY - box.top);
}
