import { startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { BridgeEventPayload, SyncStatus } from '../../shared/bridge';
import { invoke, subscribe, toUiError, type UiError } from './bridge';

export interface Loaded<T> {
  data: T | null;
  error: UiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads something through the bridge and re-reads it whenever the services say cached data
 * changed (`data.changed`) and `isRelevant` agrees. Keeps showing the old data while re-reading.
 */
export function useBridgeData<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  isRelevant: (change: BridgeEventPayload<'data.changed'>) => boolean = () => true,
  /** An answer already in for the first load (the first screen's: first-screen.ts), used instead of asking. */
  initial?: () => T | undefined,
  /**
   * `transition`: an answer is shown as a React transition, rendered in slices that let the page's
   * other work run between them (a reader's screen: pdf.js's worker messages, so the document it
   * started opening on the answer is fetched while the reader renders: pdf/useReaderFile.ts).
   * `keep`: when the deps change, the old answer stays shown until the new one comes (no loading
   * state in between: a list given more, a calendar turned to its next page).
   */
  opts: { transition?: boolean; keep?: boolean } = {},
): Loaded<T> {
  const [first] = useState(() => initial?.());
  const [data, setData] = useState<T | null>(first ?? null);
  const [error, setError] = useState<UiError | null>(null);
  const [loading, setLoading] = useState(first === undefined);
  const loadedAtMount = useRef(first !== undefined);
  const generation = useRef(0);
  // Read when a load starts or a change arrives: always the caller's newest functions.
  const loadRef = useRef(load);
  const relevantRef = useRef(isRelevant);
  const transitionRef = useRef(opts.transition === true);
  const keep = opts.keep === true;
  useLayoutEffect(() => {
    loadRef.current = load;
    relevantRef.current = isRelevant;
  });

  const run = useCallback((initial: boolean) => {
    const mine = ++generation.current;
    if (initial) {
      setData(null);
      setLoading(true);
    }
    setError(null);
    loadRef.current().then(
      (value) => {
        if (mine !== generation.current) return;
        const show = () => {
          setData(value);
          setLoading(false);
        };
        if (transitionRef.current) startTransition(show);
        else show();
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        setError(toUiError(e));
        setLoading(false);
      },
    );
  }, []);
  /** Answers of loads started before this call are dropped (unmounted, or something else is loaded now). */
  const dropPending = useCallback(() => {
    generation.current++;
  }, []);

  useEffect(() => {
    // At mount nothing is shown yet: `loading` is already true.
    if (!loadedAtMount.current) run(!keep);
    loadedAtMount.current = false;
    const off = subscribe('data.changed', (change) => {
      if (relevantRef.current(change)) run(false);
    });
    return () => {
      dropPending();
      off();
    };
    // The caller's `deps` say when to load again (like an effect's); `load` and `isRelevant` are read through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, loading, reload: useCallback(() => run(false), [run]) };
}

/** The current sync status, kept fresh by the `sync.status` event. */
export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = subscribe('sync.status', (s) => live && setStatus(s));
    invoke('sync.status', {}).then(
      (s) => live && setStatus((prev) => prev ?? s),
      () => {},
    );
    return () => {
      live = false;
      off();
    };
  }, []);
  return [status, setStatus];
}

/** Re-renders every `ms` so "today" and relative states stay right across midnight. */
export function useNow(ms = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}
