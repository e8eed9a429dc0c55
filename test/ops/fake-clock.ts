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

  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.nowMs = due.at;
      due.fn();
    }
    this.nowMs = until;
  }
}
