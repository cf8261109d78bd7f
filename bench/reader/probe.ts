/** In-page probes shared by both benchmark pages: render times, canvas memory, long frames. */
export interface BenchProbe {
  /** performance.now() when each page was first seen rendered after `since`. */
  rendered: Record<number, number>;
  /**
   * performance.now() when each page was first seen shown after `since`: drawn, or (ours, a
   * document opened again in the same session) its last picture in place before it is drawn.
   */
  shown: Record<number, number>;
  since: number;
  longFrames: number;
  peakCanvasBytes: number;
  canvasBytes(): number;
  reset(): void;
  waitRendered(page: number, timeoutMs?: number): Promise<number>;
  /** Like waitRendered, for the page shown (drawn or its last picture). */
  waitShown(page: number, timeoutMs?: number): Promise<number>;
  /**
   * ?defer=1 pages: opens the document now (page N as the saved reading position, or null: from
   * the start), `since` set at this moment. Defined once the page's code is loaded and its viewer
   * is ready to open a document (see each page).
   */
  openNow?: (page: number | null) => void;
  /** ?defer=1 pages: closes the document (as the app does when the reader leaves it), so that openNow opens it again. */
  closeNow?: () => void;
}

/** ?defer=1: the page loads its code and opens the document only when the bench calls `__bench.openNow`. */
export function deferred(): boolean {
  return new URLSearchParams(location.search).get('defer') === '1';
}

/** Makes `__bench.openNow` available: clears the times, sets `since`, then calls `open`. */
export function offerOpen(probe: BenchProbe, open: (page: number | null) => void, close: () => void): void {
  probe.closeNow = close;
  probe.openNow = (page) => {
    probe.rendered = {};
    probe.shown = {};
    probe.since = performance.now();
    open(page);
  };
}

export function installProbe(): BenchProbe {
  const probe: BenchProbe = {
    rendered: {},
    shown: {},
    since: 0,
    longFrames: 0,
    peakCanvasBytes: 0,
    canvasBytes() {
      let n = 0;
      for (const c of document.querySelectorAll('canvas')) n += c.width * c.height * 4;
      return n;
    },
    reset() {
      probe.rendered = {};
      probe.shown = {};
      probe.since = performance.now();
      probe.longFrames = 0;
      probe.peakCanvasBytes = probe.canvasBytes();
    },
    waitRendered(page, timeoutMs = 60_000) {
      return waitFor(() => probe.rendered[page], page, timeoutMs);
    },
    waitShown(page, timeoutMs = 60_000) {
      return waitFor(() => probe.shown[page] ?? probe.rendered[page], page, timeoutMs);
    },
  };
  function waitFor(seen: () => number | undefined, page: number, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const end = performance.now() + timeoutMs;
      const check = () => {
        const t = seen();
        if (t !== undefined) resolve(t - probe.since);
        else if (performance.now() > end) reject(new Error(`page ${page} not rendered`));
        else setTimeout(check, 5);
      };
      check();
    });
  }
  let last = performance.now();
  const frame = (t: number) => {
    if (t - last > 50) probe.longFrames++;
    last = t;
    probe.peakCanvasBytes = Math.max(probe.peakCanvasBytes, probe.canvasBytes());
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  (window as unknown as { __bench: BenchProbe }).__bench = probe;
  return probe;
}

export function markRendered(probe: BenchProbe, page: number): void {
  if (probe.rendered[page] !== undefined) return;
  probe.rendered[page] = performance.now();
  // For traces (BENCH_READER_CHROME_TRACE): the end of the window they summarise.
  if (page === 1) performance.mark('page-1-drawn');
}

/** Ours: page `page`'s last picture is in place (a document opened again). */
export function markShown(probe: BenchProbe, page: number): void {
  if (probe.shown[page] === undefined) probe.shown[page] = performance.now();
}
