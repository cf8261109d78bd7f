/**
 * The housekeeping schedule of one server instance: a timer that calls `runHousekeeping`. Every
 * instance runs it; the run itself makes sure the work is done once per period cluster-wide.
 */
import type { Db } from '../db/open';
import type { HousekeepingPolicy } from './policy';
import { runHousekeeping, type HousekeepingOutcome } from './run';

/** How often an instance checks whether a run is due (the run's own interval decides whether it works). */
export const HOUSEKEEPING_CHECK_MS = 5 * 60_000;

export function startHousekeepingJob(opts: {
  db: Db;
  now: () => Date;
  policy: HousekeepingPolicy;
  onError: (e: unknown) => void;
  onRun?: (outcome: HousekeepingOutcome) => void;
  checkMs?: number;
  /** Runs the tick unless another instance runs it now (server/cluster/jobs.ts); the run's own lock and period stay the guarantee. */
  exclusive?: (run: () => Promise<void>) => Promise<boolean>;
}): () => Promise<void> {
  const run = () => runHousekeeping(opts.db, { now: opts.now(), policy: opts.policy }).then((o) => opts.onRun?.(o));
  let ticking: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      ticking ??= (opts.exclusive ? opts.exclusive(run).then(() => undefined) : run())
        .catch(opts.onError)
        .finally(() => {
          ticking = null;
        });
    },
    opts.checkMs ?? Math.min(HOUSEKEEPING_CHECK_MS, opts.policy.intervalMs || HOUSEKEEPING_CHECK_MS),
  );
  timer.unref();
  return async () => {
    clearInterval(timer);
    await ticking;
  };
}
