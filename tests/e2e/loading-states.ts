/**
 * What a user sees while the app moves to a screen whose code loads on demand: the app's own
 * loading state in place of any screen (its Suspense fallback, a direct child of <main>), a moment
 * with none of the `screens` expected (the one left, the one arriving) in <main>, and a
 * loading state inside a screen once what says its data is in (`readySelector`) is shown (a
 * reader loaded lazily inside the screen showed one, which React then held 300 ms at least; the
 * reader's own "opening the document" is not counted).
 */
import type { Page } from 'playwright-core';

export interface LoadingStatesSeen {
  screenFallback: boolean;
  noScreen: boolean;
  loadingAfterReady: boolean;
}

const NOTHING_SEEN: LoadingStatesSeen = { screenFallback: false, noScreen: false, loadingAfterReady: false };

/** Starts watching <main> (every DOM change); the function returned stops and says what was seen. */
export async function watchLoadingStates(page: Page, opts: { ready?: string; screens?: string } = {}): Promise<() => Promise<LoadingStatesSeen>> {
  await page.evaluate(([ready, screens, nothing]) => {
    // In the page: typed loosely (this file is compiled with Node's types, not the DOM's).
    const g = globalThis as unknown as { document: any; MutationObserver: any; __loadingWatch?: { observer: any; seen: LoadingStatesSeen } };
    const main = g.document.getElementById('main');
    const seen: LoadingStatesSeen = { ...nothing };
    const observer = new g.MutationObserver(() => {
      if (main.querySelector(':scope > .loading')) seen.screenFallback = true;
      if (screens && !main.querySelector(screens)) seen.noScreen = true;
      // The reader's own "opening the document" is not one: it says the PDF is being opened.
      if (ready && main.querySelector(ready) && main.querySelector('.loading:not(.pdf-scroll .loading)')) seen.loadingAfterReady = true;
    });
    g.__loadingWatch?.observer.disconnect();
    g.__loadingWatch = { observer, seen };
    observer.observe(main, { childList: true, subtree: true });
  }, [opts.ready ?? null, opts.screens ?? null, NOTHING_SEEN] as const);
  return () =>
    page.evaluate((nothing) => {
      const g = globalThis as unknown as { __loadingWatch?: { observer: { disconnect(): void }; seen: LoadingStatesSeen } };
      g.__loadingWatch?.observer.disconnect();
      return g.__loadingWatch?.seen ?? nothing;
    }, NOTHING_SEEN);
}
