import type Database from 'better-sqlite3';

/** One reminder to one conversation: the `deliveries` table's primary key. */
export interface DeliveryKey {
  deadlineId: string;
  /** ISO instant the reminder was scheduled for. */
  occurrence: string;
  /** `platform:conversationId` */
  target: string;
}

export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'skipped';

export interface DeliveryRow extends DeliveryKey {
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  updatedAt: number;
}

/** Waits between attempts of a failed send: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * A row left in 'sending' this long is taken to belong to a process that died mid-send, and is sent
 * again. Notifiers time out their own HTTP calls well within this, so a live sender is never overtaken.
 */
export const IN_DOUBT_AFTER_MS = 120_000;

export type Claim = { isClaimed: true; attempt: number; wasInDoubt: boolean } | { isClaimed: false; row: DeliveryRow };

interface RawRow {
  deadline_id: string;
  occurrence: string;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  updated_at: number;
}

const toRow = (r: RawRow): DeliveryRow => ({
  deadlineId: r.deadline_id,
  occurrence: r.occurrence,
  target: r.target,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  updatedAt: r.updated_at,
});

const KEY = 'deadline_id = @deadlineId AND occurrence = @occurrence AND target = @target';

/**
 * The `deliveries` table: a reminder goes out once per (deadline, occurrence, target), across
 * restarts and across processes sharing the SQLite file (`serve` and a cron'd `send-due`).
 *
 * A send is claim → send → mark. The claim and the mark are each one transaction; the send cannot
 * sit inside one, since better-sqlite3 transactions are synchronous and the send is a network call.
 * So the one window for a duplicate is a process that dies after the platform accepted the message
 * and before `markSent` commits: the row stays 'sending', and after `IN_DOUBT_AFTER_MS` it is sent
 * again (at least once rather than possibly never).
 */
export class DeliveryLog {
  private readonly statements;
  private readonly claimTx: Database.Transaction<(key: DeliveryKey, now: number) => Claim>;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO deliveries (deadline_id, occurrence, target, status, attempts, last_error, updated_at)
         VALUES (@deadlineId, @occurrence, @target, @status, @attempts, @lastError, @now)`,
      ),
      get: db.prepare(`SELECT * FROM deliveries WHERE ${KEY}`),
      reclaim: db.prepare(
        `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = @now
         WHERE ${KEY} AND status = @status`,
      ),
      mark: db.prepare(
        `UPDATE deliveries SET status = @status, last_error = @lastError, updated_at = @now WHERE ${KEY}`,
      ),
      skipInterrupted: db.prepare(
        `UPDATE deliveries SET status = 'skipped', last_error = @lastError, updated_at = @now
         WHERE ${KEY} AND status = 'sending'`,
      ),
      all: db.prepare('SELECT * FROM deliveries ORDER BY occurrence, deadline_id, target'),
    };
    this.claimTx = db.transaction((key: DeliveryKey, now: number): Claim => {
      const inserted = this.statements.insert.run({ ...key, status: 'sending', attempts: 1, lastError: null, now });
      if (inserted.changes === 1) return { isClaimed: true, attempt: 1, wasInDoubt: false };
      const row = this.get(key) as DeliveryRow;
      const isRetryDue = row.status === 'failed' && now >= row.updatedAt + retryDelayMs(row.attempts);
      const isAbandoned = row.status === 'sending' && now >= row.updatedAt + IN_DOUBT_AFTER_MS;
      if (
        (isRetryDue || isAbandoned) &&
        this.statements.reclaim.run({ ...key, status: row.status, now }).changes === 1
      ) {
        return { isClaimed: true, attempt: row.attempts + 1, wasInDoubt: isAbandoned };
      }
      return { isClaimed: false, row };
    });
  }

  /**
   * Takes the right to send `key` now: a new row, a failed one whose backoff has passed, or an abandoned one.
   * BEGIN IMMEDIATE takes the write lock before the read, so two processes cannot both re-claim a row.
   */
  claim(key: DeliveryKey, now: number): Claim {
    return this.claimTx.immediate(key, now);
  }

  markSent(key: DeliveryKey, now: number): void {
    this.statements.mark.run({ ...key, status: 'sent', lastError: null, now });
  }

  markFailed(key: DeliveryKey, error: string, now: number): void {
    this.statements.mark.run({ ...key, status: 'failed', lastError: error, now });
  }

  /** Records a reminder missed by more than the grace window; true if it was not recorded before. */
  skip(key: DeliveryKey, reason: string, now: number): boolean {
    const inserted = this.statements.insert.run({ ...key, status: 'skipped', attempts: 0, lastError: reason, now });
    if (inserted.changes === 1) return true;
    // A send interrupted long ago is past saving too; say so rather than leave it 'sending' for ever.
    return this.statements.skipInterrupted.run({ ...key, lastError: reason, now }).changes === 1;
  }

  get(key: DeliveryKey): DeliveryRow | undefined {
    const raw = this.statements.get.get(key) as RawRow | undefined;
    return raw && toRow(raw);
  }

  all(): DeliveryRow[] {
    return (this.statements.all.all() as RawRow[]).map(toRow);
  }
}
