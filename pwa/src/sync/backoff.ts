export interface BackoffOptions {
  /** Delay after the first failure, in milliseconds. */
  baseMs: number;
  /** Upper bound of the delay, in milliseconds. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/**
 * Returns the delay before retry number `failures` (1 for the first retry): exponential with
 * "equal jitter", so the delay lies between half and all of the exponential step and many
 * clients that failed together do not retry together.
 */
export function retryDelay(failures: number, random: () => number, options = DEFAULT_BACKOFF) {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
