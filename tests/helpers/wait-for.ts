/**
 * Waiting for a state instead of sleeping. The deadline only bounds a failure, so it is
 * generous: the suite shares two cores with other work and must stay green when they are busy.
 */
import { vi } from 'vitest';

/**
 * How long a test waits for a state before it fails, at the least: a shorter bound a caller
 * gives is raised to it (on a loaded machine 5 s is no bound at all, and a passing test never
 * waits this long).
 */
export const STATE_DEADLINE_MS = 60_000;

/**
 * Polls `check` until it returns a truthy value and returns that value. A `check` that throws
 * counts as "not yet"; its last error is reported if the deadline passes.
 */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = STATE_DEADLINE_MS, what = 'condition'): Promise<NonNullable<T>> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (!value) throw new Error(`timed out waiting for ${what}`);
      return value as NonNullable<T>;
    },
    { timeout: Math.max(timeoutMs, STATE_DEADLINE_MS), interval: 50 },
  );
}
