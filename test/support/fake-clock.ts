import type { Clock } from '../../src/clock.js';

/** A clock that moves only when the test says so; timers fire in due order as it passes them. */
export class FakeClock implements Clock {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 0;

  constructor(private nowMs: number = Date.parse('2026-11-24T09:00:00Z')) {}

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

  /** Moves `ms` ahead, firing due timers synchronously. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    while (this.fireNext(until)) {}
    this.nowMs = until;
  }

  /**
   * Moves to `iso`, firing every timer due on the way and letting the async work each one starts
   * (a send, then the next `setTimeout`) settle before the next fires, as the scheduler's ticks are async.
   */
  async advanceTo(iso: string): Promise<void> {
    const until = Date.parse(iso);
    await settle();
    while (this.fireNext(until)) await settle();
    this.nowMs = until;
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  private fireNext(until: number): boolean {
    const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
    if (!due) return false;
    this.timers = this.timers.filter((t) => t.id !== due.id);
    this.nowMs = Math.max(this.nowMs, due.at);
    due.fn();
    return true;
  }
}

/** Lets promise chains and SQLite-backed awaits run to completion (no real time passes). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}
