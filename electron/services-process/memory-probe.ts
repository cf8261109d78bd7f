/**
 * Peak memory of this process, sampled on a timer: how tests see that a file is streamed, not
 * held. Started with --expose-gc, each sample collects garbage first, so the peak is what the
 * process really held (streamed chunks waiting for a collection are not counted).
 */
import type { MemoryFigures } from './protocol';

export interface MemoryProbe {
  now(): MemoryFigures;
  peak(): MemoryFigures;
  resetPeak(): void;
  stop(): void;
}

function figures(): MemoryFigures {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

export function startMemoryProbe(everyMs: number): MemoryProbe {
  let peak = figures();
  const sample = () => {
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
