import { existsSync } from 'node:fs';
import path from 'node:path';

/** The shared sample PDFs: beside the checkout (main) or further up (worktrees); BENCH_SAMPLES overrides. */
export function samplesDir(root = process.cwd()): string {
  if (process.env.BENCH_SAMPLES) return process.env.BENCH_SAMPLES;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'shared', 'samples', 'freeculture.pdf'))) return path.join(dir, 'shared', 'samples');
    if (path.dirname(dir) === dir) throw new Error('no shared/samples folder above the checkout (set BENCH_SAMPLES)');
  }
}
