import { type Clock, systemClock } from '../clock.js';
import { splitConversationKey } from '../incoming.js';
import type { Library } from '../library.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifier.js';
import type { DeliveryKey, Store } from '../store/store.js';
import { IN_DOUBT_AFTER_MS, retryDelayMs } from './delivery-policy.js';
import { allOccurrences, type Occurrence } from './occurrences.js';
import { reminderReply } from './reminder-message.js';

/**
 * How far back beyond the grace window a run looks for reminders to record as skipped, so a bot
 * that was down for days says what it missed instead of staying silent about it.
 */
const SKIP_LOOKBACK_MS = 7 * 86_400_000;

export interface DeliverDueOptions {
  library: Library;
  store: Store;
  /** By platform prefix: `slack`, `dingtalk`, `console`. */
  notifiers: Map<string, Notifier>;
  logger: Logger;
  timezone: string;
  /** A reminder later than this is skipped (with a log line) instead of sent. */
  graceMs: number;
  /** Picks the reminders that are due; the delivery log is stamped with `clock`'s time instead. */
  at: Date;
  /**
   * Stamps each claim and mark with the time it happens, not the run's start: a run slowed by one send
   * must not leave its later claims looking abandoned to a concurrent `send-due`. Default: `systemClock`.
   */
  clock?: Clock;
  /** Checked before each claim: once true (shutdown), no new send starts and the rest wait for the next run. */
  isStopping?: () => boolean;
  /** How long a claim is held before another process may take it over; default `IN_DOUBT_AFTER_MS`. */
  leaseMs?: number;
  /** Claims this run holds while it sends, so a shutdown that cannot wait for a send can release them. */
  held?: Set<HeldClaim>;
}

/** A reminder this process has claimed and is sending. */
export interface HeldClaim {
  key: DeliveryKey;
  attempt: number;
}

export interface DeliveryReport {
  sent: DeliveryKey[];
  failed: Array<DeliveryKey & { error: string; attempts: number }>;
  skipped: DeliveryKey[];
  /** The earliest moment a failed or interrupted send may be retried, if any is still within grace. */
  nextRetryAt: Date | undefined;
}

/** Conversations a deadline's reminders go to: its own `to` and every subscribed conversation. */
export function reminderTargets(occurrence: Occurrence, subscriptions: string[]): string[] {
  return [...new Set([...occurrence.deadline.to, ...subscriptions])];
}

/**
 * Sends every reminder due at `at` that has not gone out yet, each to each target, once. Reminders
 * missed by less than `graceMs` are caught up; older ones are recorded as skipped and logged.
 * Failed sends are recorded with their error and retried with backoff on a later run.
 */
export async function deliverDue(options: DeliverDueOptions): Promise<DeliveryReport> {
  const { library, store, notifiers, logger, timezone, graceMs, at, clock = systemClock } = options;
  const leaseMs = options.leaseMs ?? IN_DOUBT_AFTER_MS;
  const report: DeliveryReport = { sent: [], failed: [], skipped: [], nextRetryAt: undefined };
  const now = at.getTime();
  const laterRetry = (when: number, occurrenceMs: number) => {
    if (when - occurrenceMs > graceMs) return;
    if (!report.nextRetryAt || when < report.nextRetryAt.getTime()) report.nextRetryAt = new Date(when);
  };
  const occurrences = allOccurrences(
    library.deadlines,
    new Date(now - graceMs - SKIP_LOOKBACK_MS),
    new Date(now + 1),
    timezone,
  );
  const subscriptions = await store.subscriptions();

  for (const occurrence of occurrences) {
    const lateMs = now - occurrence.at.getTime();
    for (const target of reminderTargets(occurrence, subscriptions)) {
      const key: DeliveryKey = { deadlineId: occurrence.deadline.id, occurrence: occurrence.at.toISOString(), target };
      if (lateMs > graceMs) {
        const reason = `missed by ${Math.round(lateMs / 60_000)} min, more than the grace window`;
        if (await store.skipDelivery(key, reason, clock.now().getTime())) {
          report.skipped.push(key);
          logger.warn({ ...key, lateMs, graceMs }, 'reminder missed by more than the grace window; skipped');
        }
        continue;
      }
      if (options.isStopping?.()) return report;
      const claimedAt = clock.now().getTime();
      const claim = await store.claimDelivery(key, claimedAt, claimedAt + leaseMs);
      if (!claim.isClaimed) {
        logger.debug(
          { ...key, status: claim.row.status },
          'reminder not claimed: settled, waiting to retry, or being sent elsewhere',
        );
        // Failed, or being sent elsewhere: look again when it may be claimed. Sent and skipped rows never may.
        // A send elsewhere is looked at again sooner too, in case its replica stops and releases it.
        const { claimableAt } = claim.row;
        const recheckAt =
          claim.row.status === 'sending' ? clock.now().getTime() + leaseMs / 4 : Number.POSITIVE_INFINITY;
        if (claimableAt !== null) laterRetry(Math.min(claimableAt, recheckAt), occurrence.at.getTime());
        continue;
      }
      if (claim.wasInDoubt) {
        logger.warn(
          { ...key, attempt: claim.attempt },
          'resending a reminder whose send was interrupted; it may arrive twice',
        );
      }
      const { platform, conversationId } = splitConversationKey(target);
      const notifier = notifiers.get(platform);
      const held: HeldClaim = { key, attempt: claim.attempt };
      options.held?.add(held);
      try {
        if (!notifier) throw new Error(`no notifier for platform "${platform}" (is it configured?)`);
        await notifier.send(conversationId, reminderReply(occurrence, timezone));
        if (!(await store.markDeliverySent(key, clock.now().getTime(), claim.attempt))) {
          logger.warn(
            { ...key, attempt: claim.attempt },
            'reminder sent after its claim was taken over (lease ran out or released); the new holder records it',
          );
        }
        report.sent.push(key);
        logger.info({ ...key, attempt: claim.attempt, lateMs }, 'reminder sent');
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        const failedAt = clock.now().getTime();
        const retryAt = failedAt + retryDelayMs(claim.attempt);
        // Fenced: a send overtaken by another replica must not turn that replica's 'sent' back into 'failed'.
        await store.markDeliveryFailed(key, error, failedAt, retryAt, claim.attempt);
        report.failed.push({ ...key, error, attempts: claim.attempt });
        const isRetrying = retryAt - occurrence.at.getTime() <= graceMs;
        if (isRetrying) laterRetry(retryAt, occurrence.at.getTime());
        logger.error(
          { ...key, attempt: claim.attempt, error, retryAt: isRetrying ? new Date(retryAt).toISOString() : undefined },
          isRetrying
            ? 'reminder failed; will retry'
            : 'reminder failed; giving up, the next retry would be past the grace window',
        );
      } finally {
        options.held?.delete(held);
      }
    }
  }
  return report;
}
