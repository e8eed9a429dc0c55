import type { Clock } from '../clock.js';

/**
 * At most `max` answers at a time; the rest queue for up to `waitMs`, then give up so the user hears
 * "busy" instead of nothing. It also counts answers in flight, so shutdown can wait for them.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly idle: Array<() => void> = [];

  constructor(
    readonly max: number,
    readonly waitMs: number,
    private readonly clock: Clock,
  ) {}

  get inFlight(): number {
    return this.running;
  }

  /** Resolves to a release function, or to undefined when no slot freed up within `waitMs`. */
  async enter(): Promise<(() => void) | undefined> {
    if (this.running < this.max) return this.take();
    return new Promise((resolve) => {
      const wake = () => {
        timer.cancel();
        resolve(this.take());
      };
      const timer = this.clock.setTimeout(() => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(undefined);
      }, this.waitMs);
      this.waiting.push(wake);
    });
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<boolean> {
    if (this.running === 0 && this.waiting.length === 0) return true;
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        resolve(true);
      };
      const timer = this.clock.setTimeout(() => {
        const at = this.idle.indexOf(done);
        if (at >= 0) this.idle.splice(at, 1);
        resolve(false);
      }, timeoutMs);
      this.idle.push(done);
    });
  }

  private take(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.waiting.shift();
      if (next) next();
      else if (this.running === 0) for (const done of this.idle.splice(0)) done();
    };
  }
}
