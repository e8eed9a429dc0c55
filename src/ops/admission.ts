import type { Clock } from '../clock.js';
import type { Incoming } from '../incoming.js';
import type { Logger } from '../logger.js';
import { messages } from '../messages.js';
import { notice, type Reply } from '../reply.js';
import { type AccessOptions, createAccessPolicy } from './access.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { RateLimiter } from './rate-limit.js';

export interface AdmissionOptions {
  access: AccessOptions;
  /** Questions one user may ask in any 60 seconds (`RATE_LIMIT_PER_MINUTE`). */
  rateLimitPerMinute: number;
  /** Answers computed at once (`MAX_CONCURRENT`). */
  maxConcurrent: number;
  /** How long a message waits for a free slot before the user is told the bot is busy. Default 5 s. */
  busyWaitMs?: number;
}

/** What happens to one message before the bot looks at its text. */
export type Admitted =
  | { kind: 'silent' }
  | { kind: 'refused'; reply: Reply }
  | { kind: 'admitted'; release: () => void };

/**
 * The door in front of the bot: allow-lists, direct-message switch, per-user rate limit and the
 * global concurrency cap, in that order. Reminders are posted by the scheduler through a Notifier and
 * never pass this door, so a flood of questions cannot starve them.
 */
export interface Admission {
  admit(m: Incoming): Promise<Admitted>;
  /** Stops admitting new messages (shutdown); they get a short "restarting" notice. */
  close(): void;
  /** Resolves true once every admitted message has been answered, false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean>;
  readonly inFlight: number;
}

export function createAdmission(options: AdmissionOptions, deps: { clock: Clock; logger: Logger }): Admission {
  const decide = createAccessPolicy(options.access, deps.logger);
  const limiter = new RateLimiter(options.rateLimitPerMinute, deps.clock);
  const gate = new ConcurrencyGate(options.maxConcurrent, options.busyWaitMs ?? 5_000, deps.clock);
  let isClosed = false;

  return {
    async admit(m) {
      const decision = decide(m);
      if (decision === 'outside') return { kind: 'silent' };
      if (decision === 'direct-off') return { kind: 'refused', reply: notice(messages.directOff) };
      if (isClosed) return { kind: 'refused', reply: notice(messages.shuttingDown) };
      // The terminal is the operator's own seat; limiting it would only get in the way of testing.
      if (m.platform !== 'console' && m.platform !== 'cli') {
        const taken = limiter.take(`${m.platform}:${m.userId}`);
        if (!taken.ok) {
          deps.logger.info({ platform: m.platform, user: m.userId }, 'rate limit reached');
          return { kind: 'refused', reply: notice(messages.rateLimited(Math.ceil(taken.retryAfterMs / 1000))) };
        }
      }
      const release = await gate.enter();
      if (!release) {
        deps.logger.warn({ maxConcurrent: options.maxConcurrent }, 'too many answers at once; told the user to retry');
        return { kind: 'refused', reply: notice(messages.busy) };
      }
      return { kind: 'admitted', release };
    },
    close() {
      isClosed = true;
    },
    drained: (timeoutMs) => gate.drained(timeoutMs),
    get inFlight() {
      return gate.inFlight;
    },
  };
}
