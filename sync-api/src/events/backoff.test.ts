import { describe, expect, it } from 'vitest';
import { backoffDelay, pause } from './backoff';

describe('backoffDelay', () => {
  const options = { initialMs: 500, maxMs: 30_000 };

  it.each([
    [1, 500],
    [2, 1_000],
    [3, 2_000],
    [7, 30_000],
    [50, 30_000],
  ])('attempt %i stays between half and all of %i ms', (attempt, ceiling) => {
    for (let sample = 0; sample < 100; sample++) {
      const delay = backoffDelay(attempt, options);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('spreads the delays of one attempt', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('pause', () => {
  it('ends early when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);

    await pause(10_000, controller.signal);

    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
