/** Exponential backoff with "full jitter": the delay grows 1 s → 60 s, drawn at random below the cap. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  readonly initialMs: number;
  readonly maxMs: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 1_000;
    this.maxMs = opts.maxMs ?? 60_000;
    this.random = opts.random ?? Math.random;
  }

  /** Delay before the next attempt after one more failure. Never below half the step, so retries cannot hammer. */
  next(): number {
    const step = Math.min(this.maxMs, this.initialMs * 2 ** this.failures);
    this.failures++;
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}
