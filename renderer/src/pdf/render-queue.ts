/**
 * Which page gets drawn next. The pdf.js worker draws one thing at a time anyway, so starting
 * every page near the viewport at once only makes the page the reader is looking at wait behind
 * its neighbours (a jump to page 300 drew 299-302 together). Like pdf.js's own rendering queue:
 * one page at a time, the one closest to the viewport first (asked at start time, so a page
 * that scrolled away meanwhile loses its turn).
 */
interface Waiting {
  distance: () => number;
  cancelled: () => boolean;
  start: () => void;
}

export class RenderQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private dispatching = false;

  constructor(private readonly concurrency = 1) {}

  /**
   * Runs `job` when it is its turn; false (job not run) when `cancelled()` became true while
   * it waited. `distance()`: how far (px) the page is from the viewport, 0 when in view.
   */
  async run(distance: () => number, cancelled: () => boolean, job: () => Promise<void>): Promise<boolean> {
    const turn = await new Promise<boolean>((resolve) => {
      this.waiting.push({ distance, cancelled: () => cancelled() && (resolve(false), true), start: () => resolve(true) });
      this.schedule();
    });
    if (!turn) return false;
    try {
      await job();
    } finally {
      this.running--;
      this.schedule();
    }
    return true;
  }

  /** Dispatch after the current task: every page whose effect runs in this commit is waiting by then. */
  private schedule(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    queueMicrotask(() => {
      this.dispatching = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.running < this.concurrency) {
      let best = -1;
      let bestDistance = Infinity;
      for (let i = this.waiting.length - 1; i >= 0; i--) {
        const w = this.waiting[i];
        if (w.cancelled()) {
          this.waiting.splice(i, 1);
          if (best > i) best--;
          continue;
        }
        const d = w.distance();
        if (best < 0 || d <= bestDistance) {
          best = i;
          bestDistance = d;
        }
      }
      if (best < 0) return;
      const [next] = this.waiting.splice(best, 1);
      this.running++;
      next.start();
    }
  }
}

/**
 * The reader's one queue: every page drawn (PdfPage.tsx) and every page prepared ahead
 * (viewer/useWarmAhead.ts) takes its turn here, so preparing never runs beside a page the reader
 * is waiting for.
 */
export const readerQueue = new RenderQueue(1);
