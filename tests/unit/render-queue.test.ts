/** The reader's render queue: one page at a time, nearest the viewport first, cancelled ones skipped. */
import { describe, expect, it } from 'vitest';
import { RenderQueue } from '../../renderer/src/pdf/render-queue';

describe('RenderQueue', () => {
  it('draws the page in view before its neighbours that asked first, one at a time', async () => {
    const q = new RenderQueue(1);
    const order: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (n: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      order.push(n);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    // A jump to page 300: the effects of 299..302 run in page order in one commit.
    const distances: Record<number, number> = { 299: 400, 300: 0, 301: 300, 302: 1200 };
    const cancelled = new Set<number>([302]);
    const results = await Promise.all(
      [299, 300, 301, 302].map((n) => q.run(() => distances[n], () => cancelled.has(n), job(n))),
    );
    expect(order).toEqual([300, 301, 299]);
    expect(maxRunning).toBe(1);
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
