/**
 * Peak memory of this process, sampled on a timer: how tests see that a file is streamed, not
 * held. Started with --expose-gc, the figures are taken after a collection, so the peak is what
 * the process really held (streamed chunks waiting for a collection are not counted).
 *
 * A sample collects the young generation only (a millisecond or so), where streamed chunks die;
 * only figures that would raise the peak are taken again after a full collection. The peak is
 * the same as with a full collection every time, which on a 20 s test every 50 ms was 15 s of
 * CPU (measured: a full collection of the services' heap costs ~35 ms).
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

const KEYS = ['rss', 'heapUsed', 'external', 'arrayBuffers'] as const;
const raises = (m: MemoryFigures, peak: MemoryFigures) => KEYS.some((k) => m[k] > peak[k]);

export function startMemoryProbe(everyMs: number): MemoryProbe {
  let peak = figures();
  const sample = () => {
    gc?.({ type: 'minor' });
    // A full collection only lowers the figures: one that would not raise the peak needs none.
    if (!raises(measure(), peak)) return;
    const m = figures();
    peak = {
      rss: Math.max(peak.rss, m.rss),
      heapUsed: Math.max(peak.heapUsed, m.heapUsed),
      external: Math.max(peak.external, m.external),
      arrayBuffers: Math.max(peak.arrayBuffers, m.arrayBuffers),
    };
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    now: figures,
    peak: () => (sample(), peak),
    resetPeak: () => void (peak = figures()),
    stop: () => clearInterval(timer),
  };
}
