import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import { type BackoffOptions, backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';
import type { StreamClient } from './stream-client.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionOptions {
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
  /** Interval between keepalive pings, in ms; a socket silent for two intervals is replaced. Default 8 000 (the SDK's). */
  keepaliveMs?: number;
  random?: () => number;
}

/**
 * Keeps one stream connection up: connect, wait for the socket to close, back off, connect again,
 * until `stop()`. Exactly one timer is pending at any moment (a retry or a keepalive), and `stop()`
 * cancels it, so nothing reconnects or pings after shutdown.
 */
export class Connection {
  private state: ConnectionStatus = 'disconnected';
  private stopped = false;
  private failedAttempts = 0;
  private pending: { cancel(): void } | undefined;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly client: StreamClient,
    private readonly options: ConnectionOptions,
  ) {}

  status(): ConnectionStatus {
    return this.state;
  }

  /** Starts the loop; resolves once the first attempt has connected or failed. */
  start(): Promise<void> {
    let settleFirst: () => void = () => {};
    const first = new Promise<void>((resolve) => (settleFirst = resolve));
    this.loop = this.run(settleFirst).catch((error) => {
      this.options.logger.error({ err: error }, 'dingtalk connection loop ended unexpectedly');
      this.state = 'disconnected';
      settleFirst();
    });
    return first;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending?.cancel();
    this.pending = undefined;
    this.wakeUp?.();
    await this.client.close();
    await this.loop;
    this.state = 'disconnected';
  }

  private async run(settleFirst: () => void): Promise<void> {
    const { logger } = this.options;
    while (!this.stopped) {
      this.state = 'connecting';
      let closed: Promise<void> | undefined;
      try {
        ({ closed } = await this.client.open());
      } catch (error) {
        logger.warn({ err: error, attempt: this.failedAttempts + 1 }, 'dingtalk stream connection failed');
      }
      if (this.stopped) {
        await this.client.close();
        break;
      }
      if (closed) {
        this.state = 'connected';
        this.failedAttempts = 0;
        logger.info('dingtalk stream connected');
        settleFirst();
        this.keepAliveUntil(closed);
        await closed;
        this.pending?.cancel();
        this.pending = undefined;
        if (this.stopped) break;
        logger.warn('dingtalk stream closed; reconnecting');
      }
      settleFirst();
      this.state = 'disconnected';
      const delayMs = backoffDelayMs(this.failedAttempts, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
      this.failedAttempts++;
      logger.info({ delayMs }, 'dingtalk stream reconnect scheduled');
      await this.sleep(delayMs);
    }
    this.state = 'disconnected';
  }

  /** Chained timeouts rather than setInterval, so a connection never owns more than one keepalive timer. */
  private keepAliveUntil(closed: Promise<void>): void {
    let isOpen = true;
    void closed.then(() => (isOpen = false));
    const intervalMs = this.options.keepaliveMs ?? 8_000;
    const tick = () => {
      if (!isOpen || this.stopped) return;
      this.client.keepAlive();
      this.pending = this.options.clock.setTimeout(tick, intervalMs);
    };
    this.pending = this.options.clock.setTimeout(tick, intervalMs);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
      this.pending = this.options.clock.setTimeout(() => {
        this.pending = undefined;
        resolve();
      }, ms);
    });
  }
}
