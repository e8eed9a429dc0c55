import type { Clock } from '../../src/clock.js';

/**
 * A clock that moves only when the test says so. Unlike a synchronous fake, `advanceTo` lets the
 * async work a timer starts (a send, then the next `setTimeout`) settle before the next timer fires,
 * as the scheduler's ticks are async.
 */
export class AsyncFakeClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;

  constructor(private nowMs: number) {}

  now(): Date {
    return new Date(this.nowMs);
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const id = this.nextId++;
    this.timers.push({ at: this.nowMs + ms, fn, id });
    return {
      cancel: () => {
        this.timers = this.timers.filter((t) => t.id !== id);
      },
    };
  }

  /** Moves to `iso`, firing every timer due on the way in order, and letting each one's work finish. */
  async advanceTo(iso: string): Promise<void> {
    const until = Date.parse(iso);
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.nowMs = Math.max(this.nowMs, due.at);
      due.fn();
      await settle();
    }
    this.nowMs = until;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

/** Lets promise chains and SQLite-backed awaits run to completion (no real time passes). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}
