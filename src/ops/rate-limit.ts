import type { Clock } from '../clock.js';

const WINDOW_MS = 60_000;

/**
 * A per-key sliding window: at most `perMinute` accepted events in any 60 seconds. Refused attempts
 * are not counted, so a user who keeps asking while limited is not locked out for longer.
 *
 * @example
 * const limit = new RateLimiter(10, systemClock);
 * limit.take('slack:U1') // { ok: true } ten times, then { ok: false, retryAfterMs: … }
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {}

  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.clock.now().getTime();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return { ok: false, retryAfterMs: (recent[0] as number) + WINDOW_MS - now };
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.forgetIdle(now);
    return { ok: true };
  }

  /** Keeps memory bounded over months of uptime: users silent for a minute need no entry. */
  private forgetIdle(now: number): void {
    for (const [key, times] of this.hits) {
      if ((times.at(-1) ?? 0) <= now - WINDOW_MS) this.hits.delete(key);
    }
  }
}
