/** The reader's render queue: one page at a time, nearest the viewport first, cancelled ones skipped. */
import { describe, expect, it, vi } from 'vitest';
import { RenderQueue } from '../../renderer/src/pdf/render-queue';

describe('RenderQueue', () => {
  it('draws the page in view before its neighbours that asked first, one at a time', async () => {
    const q = new RenderQueue(1);
    // Each job runs until the test lets it finish, so a second job starting early would overlap it.
    const started: { n: number; finish: () => void }[] = [];
    let running = 0;
    const job = (n: number) => () =>
      new Promise<void>((resolve) => {
        running++;
        started.push({ n, finish: () => (running--, resolve()) });
      });
    // A jump to page 300: the effects of 299..302 run in page order in one commit.
    const distances: Record<number, number> = { 299: 400, 300: 0, 301: 300, 302: 1200 };
    const cancelled = new Set<number>([302]);
    const all = Promise.all([299, 300, 301, 302].map((n) => q.run(() => distances[n], () => cancelled.has(n), job(n))));
    for (let turn = 1; turn <= 3; turn++) {
      await vi.waitFor(() => expect(started).toHaveLength(turn));
      expect(running).toBe(1);
      started[turn - 1].finish();
    }
    const results = await all;
    expect(started.map((s) => s.n)).toEqual([300, 301, 299]);
    expect(results).toEqual([true, true, true, false]);
  });

  it('a failing job frees its turn', async () => {
    const q = new RenderQueue(1);
    const failed = q.run(() => 0, () => false, async () => {
      throw new Error('render failed');
    });
    await expect(failed).rejects.toThrow('render failed');
    expect(await q.run(() => 0, () => false, async () => undefined)).toBe(true);
  });
});
