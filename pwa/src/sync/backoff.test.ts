import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

const options = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelay', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0.5, 1500],
    [3, 0, 2000],
    [7, 1, 60_000],
    [30, 0, 30_000],
  ])('after %i failures with random %f waits %i ms', (failures, random, expected) => {
    expect(retryDelay(failures, () => random, options)).toBe(expected);
  });
});
