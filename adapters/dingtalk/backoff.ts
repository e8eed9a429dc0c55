/** How long to wait before the next connection attempt. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms. Default 1 000. */
  baseMs: number;
  /** Ceiling of every retry, in ms, however many attempts failed. Default 60 000. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": half the capped delay is fixed, half is random.
 * The fixed half guarantees a floor, so a dead gateway never sees a burst of calls (the SDK's own
 * retry doubled its attempts every second); the random half keeps many bots from retrying in step.
 *
 * @example
 * backoffDelayMs(0, { baseMs: 1000, maxMs: 60000 }) // between 500 and 1000
 * backoffDelayMs(10, { baseMs: 1000, maxMs: 60000 }) // between 30000 and 60000
 */
export function backoffDelayMs(failedAttempts: number, options: BackoffOptions, random = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(failedAttempts, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
