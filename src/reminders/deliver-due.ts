import { type Clock, systemClock } from '../clock.js';
import { splitConversationKey } from '../incoming.js';
import type { Library } from '../library.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifier.js';
import type { Reply } from '../reply.js';
import type { DeliveryKey, DeliveryKind, DeliveryRow, Store } from '../store/store.js';
import { chasedPeople, chaseOccurrences, chaseReply, overdueReply, peopleOn } from '../supervision/chases.js';
import { type Cycle, cycleOn } from '../supervision/cycle.js';
import { isComplete, progressOf, summarise } from '../supervision/progress.js';
import { IN_DOUBT_AFTER_MS, retryDelayMs } from './delivery-policy.js';
import { allOccurrences, type Occurrence } from './occurrences.js';
import { mayRepeat, reminderReply } from './reminder-message.js';
import { localDateOf } from './zoned-time.js';

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
  /** `platform:conversationId` told once when a supervised deadline passes unfinished (`ADMIN_CONVERSATION`). */
  adminConversation?: string | undefined;
}

/** A reminder (or chase, or overdue notice) this process has claimed and is sending. */
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

/** One message to send once: a reminder, a chase or an overdue notice, to one conversation. */
export interface Dispatch {
  key: DeliveryKey & { kind: DeliveryKind };
  /** When it was due to go out. */
  at: Date;
  /**
   * Builds the message just before it is claimed, so a chase names whoever is still not done. Undefined:
   * there is nothing to say (everyone is done), and no row is written.
   */
  compose(): Promise<Reply | undefined>;
}

/**
 * Sends every reminder due at `at` that has not gone out yet, each to each target, once; then the
 * chases (催办) of the owners not yet done, and the overdue notices to `adminConversation`, by the same
 * rules. Those missed by less than `graceMs` are caught up; older ones are recorded as skipped and
 * logged. Failed sends are recorded with their error and retried with backoff on a later run.
 */
export async function deliverDue(options: DeliverDueOptions): Promise<DeliveryReport> {
  const { store, notifiers, logger, graceMs, at, clock = systemClock } = options;
  const leaseMs = options.leaseMs ?? IN_DOUBT_AFTER_MS;
  const report: DeliveryReport = { sent: [], failed: [], skipped: [], nextRetryAt: undefined };
  const now = at.getTime();
  const laterRetry = (when: number, occurrenceMs: number) => {
    if (when - occurrenceMs > graceMs) return;
    if (!report.nextRetryAt || when < report.nextRetryAt.getTime()) report.nextRetryAt = new Date(when);
  };
  /**
   * Sent, skipped, failed or being sent elsewhere: look again when the row may be claimed, and a send
   * elsewhere sooner, in case its replica stops and releases it. Sent and skipped rows never may.
   */
  const lookAgainLater = (row: DeliveryRow, dueAt: Date) => {
    logger.debug(
      { ...keyOfRow(row), status: row.status },
      `${row.kind} not claimed: settled, waiting to retry, or being sent elsewhere`,
    );
    if (row.claimableAt === null) return;
    const recheckAt = row.status === 'sending' ? clock.now().getTime() + leaseMs / 4 : Number.POSITIVE_INFINITY;
    laterRetry(Math.min(row.claimableAt, recheckAt), dueAt.getTime());
  };
  const subscriptions = await store.subscriptions();
  const dispatches = dispatchesBetween(
    options,
    new Date(now - graceMs - SKIP_LOOKBACK_MS),
    new Date(now + 1),
    subscriptions,
  );

  for (const { key, at: dueAt, compose } of dispatches) {
    const lateMs = now - dueAt.getTime();
    if (lateMs > graceMs) {
      const reason = `missed by ${Math.round(lateMs / 60_000)} min, more than the grace window`;
      if (await store.skipDelivery(key, reason, clock.now().getTime())) {
        report.skipped.push(key);
        logger.warn({ ...key, lateMs, graceMs }, `${key.kind} missed by more than the grace window; skipped`);
      }
      continue;
    }
    if (options.isStopping?.()) return report;
    const existing = await store.delivery(key);
    if (existing && (existing.claimableAt === null || existing.claimableAt > clock.now().getTime())) {
      lookAgainLater(existing, dueAt);
      continue;
    }
    const reply = await compose();
    if (!reply) continue;
    const claimedAt = clock.now().getTime();
    const claim = await store.claimDelivery(key, claimedAt, claimedAt + leaseMs);
    if (!claim.isClaimed) {
      lookAgainLater(claim.row, dueAt);
      continue;
    }
    const { platform, conversationId } = splitConversationKey(key.target);
    const notifier = notifiers.get(platform);
    const held: HeldClaim = { key, attempt: claim.attempt };
    options.held?.add(held);
    const deliveryKey = platformKey(key);
    try {
      if (!notifier) throw new Error(`no notifier for platform "${platform}" (is it configured?)`);
      const message = claim.wasInDoubt
        ? await afterInterruption(
            notifier,
            conversationId,
            deliveryKey,
            dueAt,
            reply,
            { ...key, attempt: claim.attempt },
            logger,
          )
        : reply;
      if (message === 'arrived') {
        await store.markDeliverySent(key, clock.now().getTime(), claim.attempt);
        report.sent.push(key);
        continue;
      }
      const messageRef = await notifier.send(conversationId, message, { deliveryKey });
      if (!(await store.markDeliverySent(key, clock.now().getTime(), claim.attempt, messageRef || undefined))) {
        logger.warn(
          { ...key, attempt: claim.attempt },
          `${key.kind} sent after its claim was taken over (lease ran out or released); the new holder records it`,
        );
      }
      report.sent.push(key);
      logger.info({ ...key, attempt: claim.attempt, lateMs }, `${key.kind} sent`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const failedAt = clock.now().getTime();
      const retryAt = failedAt + retryDelayMs(claim.attempt);
      // Fenced: a send overtaken by another replica must not turn that replica's 'sent' back into 'failed'.
      await store.markDeliveryFailed(key, error, failedAt, retryAt, claim.attempt);
      report.failed.push({ ...key, error, attempts: claim.attempt });
      const isRetrying = retryAt - dueAt.getTime() <= graceMs;
      if (isRetrying) laterRetry(retryAt, dueAt.getTime());
      logger.error(
        { ...key, attempt: claim.attempt, error, retryAt: isRetrying ? new Date(retryAt).toISOString() : undefined },
        isRetrying
          ? `${key.kind} failed; will retry`
          : `${key.kind} failed; giving up, the next retry would be past the grace window`,
      );
    } finally {
      options.held?.delete(held);
    }
  }
  return report;
}

/**
 * Everything due from `from` to `to`, earliest first (at one instant: reminders, then chases, then
 * overdue notices), each message composed from the receipts as they stand when it goes out.
 */
export function dispatchesBetween(
  options: Pick<DeliverDueOptions, 'library' | 'store' | 'timezone' | 'adminConversation'>,
  from: Date,
  to: Date,
  subscriptions: string[],
): Dispatch[] {
  const { library, store, timezone, adminConversation } = options;
  const progressAt = async (cycle: Cycle) =>
    progressOf(cycle, await store.receiptsFor(cycle.deadline.id, cycle.occurrence));
  const out: Dispatch[] = [];
  for (const occurrence of allOccurrences(library.deadlines, from, to, timezone)) {
    const cycle = cycleOn(occurrence.deadline, occurrence.due, localDateOf(occurrence.at, timezone));
    for (const target of reminderTargets(occurrence, subscriptions)) {
      out.push({
        key: { deadlineId: occurrence.deadline.id, occurrence: occurrence.at.toISOString(), target, kind: 'reminder' },
        at: occurrence.at,
        async compose() {
          const progress = await progressAt(cycle);
          const isShown = progress.total > 0;
          return reminderReply(occurrence, timezone, isShown ? summarise(progress) : undefined);
        },
      });
    }
  }
  for (const chase of chaseOccurrences(library.deadlines, from, to, timezone)) {
    const base = { deadlineId: chase.deadline.id, occurrence: chase.at.toISOString() };
    if (chase.kind === 'overdue') {
      if (!adminConversation) continue;
      out.push({
        key: { ...base, target: adminConversation, kind: 'overdue' },
        at: chase.at,
        async compose() {
          const progress = await progressAt(chase.cycle);
          return isComplete(progress) ? undefined : overdueReply(chase, progress);
        },
      });
      continue;
    }
    for (const target of new Set([...chase.deadline.to, ...subscriptions])) {
      out.push({
        key: { ...base, target, kind: 'chase' },
        at: chase.at,
        async compose() {
          const progress = await progressAt(chase.cycle);
          const people = peopleOn(target, chasedPeople(progress, chase.at));
          return people.length > 0 ? chaseReply(chase, progress, people) : undefined;
        },
      });
    }
  }
  const rank = { reminder: 0, chase: 1, overdue: 2 } as const;
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.key.kind] - rank[b.key.kind]);
}

function keyOfRow(row: DeliveryRow): DeliveryKey {
  return { deadlineId: row.deadlineId, occurrence: row.occurrence, target: row.target, kind: row.kind };
}

/** Names one delivery on the platform (Slack message metadata), so an interrupted send can be looked for. */
function platformKey(key: DeliveryKey): string {
  const base = `${key.deadlineId}|${key.occurrence}`;
  return key.kind === 'reminder' ? base : `${base}|${key.kind}`;
}

/**
 * What to send in place of a delivery whose send was interrupted: nothing (`arrived`) when the platform
 * shows it got there, the message when it shows it did not, and the message saying it may repeat an
 * earlier one when the platform cannot tell.
 */
async function afterInterruption(
  notifier: Notifier,
  conversationId: string,
  deliveryKey: string,
  dueAt: Date,
  reply: Reply,
  about: DeliveryKey & { attempt: number },
  logger: Logger,
): Promise<Reply | 'arrived'> {
  const delivered = await findDelivered(notifier, conversationId, deliveryKey, dueAt, logger);
  if (delivered) {
    logger.info(about, `an interrupted ${about.kind} had arrived after all; not sent again`);
    return 'arrived';
  }
  if (delivered === false) {
    logger.warn(about, `resending a ${about.kind} whose interrupted send never arrived`);
    return reply;
  }
  logger.warn(
    about,
    `resending a ${about.kind} whose send was interrupted; the platform cannot tell whether it arrived, so it says it may repeat`,
  );
  return mayRepeat(reply);
}

/** How far before its occurrence an earlier send of a reminder is looked for: clocks of machines differ. */
const LOOK_BACK_MS = 5 * 60_000;

/** The notifier's answer, or undefined when it has no way to look or the look failed. */
async function findDelivered(
  notifier: Notifier,
  conversationId: string,
  deliveryKey: string,
  occurrenceAt: Date,
  logger: Logger,
): Promise<boolean | undefined> {
  if (!notifier.findDelivered) return undefined;
  try {
    return await notifier.findDelivered(conversationId, deliveryKey, new Date(occurrenceAt.getTime() - LOOK_BACK_MS));
  } catch (error) {
    logger.warn({ err: error, conversationId }, 'could not check whether an interrupted reminder arrived');
    return undefined;
  }
}
