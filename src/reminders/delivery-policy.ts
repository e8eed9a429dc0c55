/**
 * When a reminder delivery may be claimed again. A reminder goes out once per (deadline, occurrence,
 * target), across restarts and across processes sharing the store (`serve` and a cron'd `send-due`).
 *
 * A send is claim → send → mark, each claim and mark one atomic statement in the store; the send cannot
 * sit inside a transaction, since it is a network call. So the one window for a duplicate is a process
 * that dies after the platform accepted the message and before the mark commits: the row stays
 * 'sending', and once its lease (`IN_DOUBT_AFTER_MS`) runs out it is sent again (at least once rather
 * than possibly never).
 */

/** Waits between attempts of a failed send: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * A claim's lease: a row left in 'sending' this long is taken to belong to a process that died mid-send,
 * and is sent again. Notifiers time out their own HTTP calls well within this, so a live sender is never overtaken.
 */
export const IN_DOUBT_AFTER_MS = 120_000;
