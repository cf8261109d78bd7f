/**
 * kill -9 of the server process during pushes and uploads from the desktop client services:
 * nothing acknowledged is lost, nothing is applied twice, every file arrives intact. One round
 * aimed at each kill point here; bench/crash-loop.ts runs many.
 */
import { describe, expect, it } from 'vitest';
import { runCrashLoop } from './crash-loop';

describe('crash loop', () => {
  it('survives kill -9 at a received upload, a first commit and half an outbox: every acknowledged mutation exactly once, every file intact', async () => {
    // A hundred saves a round: enough for a kill at half of them to land mid-push (bench/crash-loop.ts runs larger rounds).
    const report = await runCrashLoop({ rounds: 3, items: 10, editsPerItem: 10, uploadsPerRound: 2, uploadBytes: 3 * 1024 * 1024, deadlineMs: 60_000 });
    expect(report.problems).toEqual([]);
    expect(report.rounds).toHaveLength(3);
    expect(report.mutations).toBe(3 * (10 * 10 + 2));
    // The kills landed while work was under way, not after it was all done.
    expect(report.rounds.filter((r) => r.killedAt === 'after-everything').length).toBeLessThan(3);
  }, 300_000);
});
