import { describe, expect, it } from 'vitest';
import { Backoff } from '../../electron/services/sync/backoff';

describe('Backoff', () => {
  it('doubles from 1 s up to the 60 s cap, with jitter inside [step/2, step]', () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 1 });
    const lows = Array.from({ length: 9 }, () => low.next());
    const highs = Array.from({ length: 9 }, () => high.next());
    expect(highs).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(lows).toEqual(highs.map((h) => h / 2));
  });

  it('starts over after a success', () => {
    const b = new Backoff({ random: () => 1 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(1000);
  });
});
