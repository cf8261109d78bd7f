/**
 * Watching a document opened again in the same session: its pages' last pictures (see
 * renderer/src/pdf/page-pictures.ts) come with the column's first commit, before pdf.js has the
 * file, so they are seen by a MutationObserver installed before opening, whatever the timing.
 */
import type { Page } from 'playwright-core';

/** A page box seen with its last picture, when it was added to the page. */
export interface PictureSeen {
  page: number;
  /** The box's top against the scroll view's top (px), at that moment. */
  top: number;
  /** Its data-rendered then ('false': not drawn yet, the picture stands for it). */
  rendered: string | undefined;
  /** The page's overlay children then (annotations): none before pdf.js has the document. */
  overlays: number;
  /** Its picture's canvas size (px). */
  canvas: { width: number; height: number } | null;
}

/** Starts recording the page boxes that come with a picture (call before opening the document again). */
export async function watchPictures(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as any;
    w.__picturesSeen = [] as unknown[];
    w.__picturesWatch?.disconnect();
    w.__picturesWatch = new w.MutationObserver((records: any[]) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          const boxes = n.matches('[data-picture="true"]') ? [n] : [...n.querySelectorAll('[data-picture="true"]')];
          for (const box of boxes) {
            const view = box.closest('[data-testid="pdf-scroll"]');
            const canvas = box.querySelector('[data-testid="pdf-page-picture"] canvas');
            w.__picturesSeen.push({
              page: Number(box.dataset.pageNumber),
              top: Math.round(box.getBoundingClientRect().top - view.getBoundingClientRect().top),
              rendered: box.dataset.rendered,
              overlays: box.querySelector('.pdf-overlay')?.childElementCount ?? 0,
              canvas: canvas ? { width: canvas.width, height: canvas.height } : null,
            });
          }
        }
      }
    });
    w.__picturesWatch.observe(w.document.body, { subtree: true, childList: true });
  });
}

/** What `watchPictures` recorded, and stops recording. */
export async function picturesSeen(page: Page): Promise<PictureSeen[]> {
  return page.evaluate(() => {
    const w = globalThis as any;
    w.__picturesWatch?.disconnect();
    return w.__picturesSeen as PictureSeen[];
  });
}

/** Page `n`'s box top against the scroll view's top (px). */
export function pageTop(page: Page, n: number): Promise<number> {
  return page.evaluate((n) => {
    const d = (globalThis as any).document;
    const box = d.querySelector(`[data-testid="pdf-page"][data-page-number="${n}"]`);
    const view = d.querySelector('[data-testid="pdf-scroll"]');
    return Math.round(box.getBoundingClientRect().top - view.getBoundingClientRect().top);
  }, n);
}
