/**
 * Which screens this test run has scanned for accessibility, shared by its test processes: a
 * file per screen in the run's folder (tests/global-setup.ts), created exclusively, so the first
 * process to reach a screen scans it and the others skip it. Outside a run (no folder named),
 * this process's own memory.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const A11Y_CLAIMS_ENV = 'ECABINET_A11Y_CLAIMS';

const claimedHere = new Set<string>();

/** true once per screen and run: the caller scans it. */
export function claimScreen(screen: string): boolean {
  if (claimedHere.has(screen)) return false;
  claimedHere.add(screen);
  const dir = process.env[A11Y_CLAIMS_ENV];
  if (!dir) return true;
  try {
    writeFileSync(path.join(dir, createHash('sha256').update(screen).digest('hex').slice(0, 32)), screen, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}
