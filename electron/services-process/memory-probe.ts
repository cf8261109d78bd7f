/**
 * Peak memory of this process, sampled on a timer: how tests see that a file is streamed, not
 * held. Started with --expose-gc, the figures are taken after a collection, so the peak is what
 * the process really held (streamed chunks waiting for a collection are not counted).
 *
 * A sample collects the young generation only (a millisecond or so), where streamed chunks die;
 * only figures that would raise the peak are taken again after a full collection (~30 ms of the
 * services' heap). While a file streams, most samples need one, so samples are spaced to keep
 * the probe under a tenth of the process's time: on a busy machine a fixed 50 ms timer ran them
 * back to back (21 of 27 s of a 50 MB upload with four other busy processes), starving the
 * upload it measures. The resident set is a plain maximum: a collection barely lowers it.
 */
import type { MemoryFigures } from './protocol';

export interface MemoryProbe {
  now(): MemoryFigures;
  peak(): MemoryFigures;
  resetPeak(): void;
  stop(): void;
}

type Gc = (options?: { type: 'minor' | 'major' }) => void;
const gc = (globalThis as { gc?: Gc }).gc;

function measure(): MemoryFigures {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

function figures(): MemoryFigures {
  gc?.();
  return measure();
}

const HELD = ['heapUsed', 'external', 'arrayBuffers'] as const;
const raises = (m: MemoryFigures, peak: MemoryFigures) => HELD.some((k) => m[k] > peak[k]);
const higher = (a: MemoryFigures, b: MemoryFigures): MemoryFigures => ({
  rss: Math.max(a.rss, b.rss),
  heapUsed: Math.max(a.heapUsed, b.heapUsed),
  external: Math.max(a.external, b.external),
  arrayBuffers: Math.max(a.arrayBuffers, b.arrayBuffers),
});

/** The probe's share of the process's time, at most (a sample's cost times this is the gap). */
const GAP_PER_COST = 9;

export function startMemoryProbe(everyMs: number): MemoryProbe {
  let peak = figures();
  const sample = () => {
    gc?.({ type: 'minor' });
    const quick = measure();
    peak = { ...peak, rss: Math.max(peak.rss, quick.rss) };
    // A full collection only lowers the figures: one that would not raise the peak needs none.
    if (raises(quick, peak)) peak = higher(peak, figures());
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      const started = performance.now();
      sample();
      schedule(Math.max(everyMs, (performance.now() - started) * GAP_PER_COST));
    }, delayMs);
    timer.unref();
  };
  schedule(everyMs);
  return {
    now: figures,
    peak: () => (sample(), peak),
    resetPeak: () => void (peak = figures()),
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
