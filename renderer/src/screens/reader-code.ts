/**
 * The reader's code: the document screen with pdf.js, whose worker starts as it loads (1.2 MB to
 * fetch and compile). Loaded lazily, so that the first screens do not wait for it, and warmed up
 * while a meeting's documents are listed: the click on one then waits for the document only.
 */
import { useEffect } from 'react';

let loading: Promise<typeof import('./DocumentScreen')> | null = null;

export function loadDocumentScreen(): Promise<typeof import('./DocumentScreen')> {
  loading ??= import('./DocumentScreen').catch((e: unknown) => {
    // A failed load (the app was updated meanwhile) is tried again by the next caller.
    loading = null;
    throw e;
  });
  return loading;
}

/** Loads the reader's code once the screen is idle, while `wanted` (a screen listing documents). */
export function useReaderCodeWarm(wanted: boolean): void {
  useEffect(() => {
    if (!wanted || loading) return;
    const id = requestIdleCallback(() => void loadDocumentScreen().catch(() => undefined), { timeout: 2_000 });
    return () => cancelIdleCallback(id);
  }, [wanted]);
}
