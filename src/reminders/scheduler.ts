import type { Clock } from '../clock.js';
import type { LibraryHolder } from '../library.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifier.js';
import type { Store } from '../store/store.js';
import { chaseOccurrences } from '../supervision/chases.js';
import { type DeliveryReport, deliverDue, type HeldClaim } from './deliver-due.js';
import { allOccurrences } from './occurrences.js';

export interface SchedulerOptions {
  /** Read afresh on every tick, so a knowledge reload changes the schedule without a restart. */
  library: LibraryHolder;
  store: Store;
  notifiers: Map<string, Notifier>;
  clock: Clock;
  logger: Logger;
  timezone: string;
  graceMs: number;
  /** How long a claim is held before another replica may take it over; default `IN_DOUBT_AFTER_MS`. */
  leaseMs?: number;
  /** Where overdue notices of supervised deadlines go (`ADMIN_CONVERSATION`). */
  adminConversation?: string | undefined;
}

export interface Scheduler {
  /**
   * Starts no further runs and resolves once a run in flight has finished, so the caller can close the
   * database without leaving a sent reminder marked 'sending' (which would send it again after a restart).
   */
  stop(): Promise<void>;
  /**
   * After a `stop()` that could not wait for a send (a hung network call), gives up the claims still
   * held, so another replica sends them at once rather than after the lease. Returns how many.
   */
  releaseHeld(): Promise<number>;
  /** Sends whatever is due at `at` (default: the clock's now) and not yet sent. Runs never overlap. */
  runDue(at?: Date): Promise<DeliveryReport>;
}

/**
 * The longest the scheduler sleeps. It wakes at least this often to notice new subscriptions, a
 * reloaded deadlines.yaml, or a system clock that jumped, none of which announce themselves.
 */
const MAX_SLEEP_MS = 15 * 60_000;

/**
 * Runs the reminder schedule: catches up at once (within the grace window), then sleeps until the
 * next reminder or retry, whichever comes first, through the injected clock.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { library, store, notifiers, clock, logger, timezone, graceMs, adminConversation } = options;
  let isStopped = false;
  let timer: { cancel(): void } | undefined;
  let running: Promise<DeliveryReport> = Promise.resolve(emptyReport());
  const held = new Set<HeldClaim>();

  function runDue(at?: Date): Promise<DeliveryReport> {
    const run = running.then(() =>
      isStopped
        ? emptyReport()
        : deliverDue({
            library: library.current,
            store,
            notifiers,
            clock,
            logger,
            timezone,
            graceMs,
            adminConversation,
            at: at ?? clock.now(),
            isStopping: () => isStopped,
            held,
            ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
          }),
    );
    // A failed run must not wedge the chain for every later tick.
    running = run.catch(() => emptyReport());
    return run;
  }

  function schedule(delayMs: number): void {
    if (isStopped) return;
    timer?.cancel();
    timer = clock.setTimeout(() => void tick(), Math.max(0, delayMs));
  }

  async function tick(): Promise<void> {
    if (isStopped) return;
    let report: DeliveryReport | undefined;
    try {
      report = await runDue();
    } catch (e) {
      logger.error({ err: e }, 'reminder run failed; trying again later');
    }
    const now = clock.now().getTime();
    const [from, to] = [new Date(now + 1), new Date(now + MAX_SLEEP_MS)];
    const next = allOccurrences(library.current.deadlines, from, to, timezone)[0];
    const nextChase = chaseOccurrences(library.current.deadlines, from, to, timezone)[0];
    const wakeAt = Math.min(
      next?.at.getTime() ?? Number.POSITIVE_INFINITY,
      nextChase?.at.getTime() ?? Number.POSITIVE_INFINITY,
      report?.nextRetryAt?.getTime() ?? Number.POSITIVE_INFINITY,
      now + MAX_SLEEP_MS,
    );
    schedule(wakeAt - now);
  }

  schedule(0);
  return {
    async stop() {
      isStopped = true;
      timer?.cancel();
      await running;
    },
    async releaseHeld() {
      let released = 0;
      for (const claim of [...held]) {
        if (await store.releaseDelivery(claim.key, claim.attempt, clock.now().getTime())) {
          released++;
          logger.warn({ ...claim.key, attempt: claim.attempt }, 'released a reminder still being sent at shutdown');
        }
      }
      return released;
    },
    runDue,
  };
}

function emptyReport(): DeliveryReport {
  return { sent: [], failed: [], skipped: [], nextRetryAt: undefined };
}
