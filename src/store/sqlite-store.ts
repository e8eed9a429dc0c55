import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Receipt, ReceiptStatus, ReceiptVia } from '../supervision/receipt.js';
import { type RawDelivery, toDelivery } from './delivery-row.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import type {
  DeliveryClaim,
  DeliveryKey,
  DeliveryKind,
  DeliveryRow,
  Feedback,
  FeedbackSummary,
  QuestionCount,
  RecordedFeedback,
  SentMessage,
  Store,
  StoreCheck,
  StoreCounts,
  StoreSnapshot,
  WordCount,
} from './store.js';
import { countWords } from './word-counts.js';

const KEY = 'deadline_id = @deadlineId AND occurrence = @occurrence AND target = @target AND kind = @kind';
const DELIVERY_COLUMNS =
  'deadline_id, occurrence, target, kind, status, attempts, last_error, updated_at, claimable_at, message_ref';

/** A key with its kind filled in, as the statements bind it. */
const keyOf = (key: DeliveryKey) => ({
  deadlineId: key.deadlineId,
  occurrence: key.occurrence,
  target: key.target,
  kind: key.kind ?? 'reminder',
});

interface RawReceipt {
  deadline_id: string;
  occurrence: string;
  person: string;
  status: ReceiptStatus;
  name: string | null;
  at: number;
  conversation: string;
  via: ReceiptVia;
  message_ref: string | null;
}

const toReceipt = (r: RawReceipt): Receipt => ({
  deadlineId: r.deadline_id,
  occurrence: r.occurrence,
  person: r.person,
  status: r.status,
  name: r.name ?? undefined,
  at: r.at,
  conversation: r.conversation,
  via: r.via,
  messageRef: r.message_ref ?? undefined,
});

const RECEIPT_COLUMNS = 'deadline_id, occurrence, person, status, name, at, conversation, via, message_ref';

/**
 * The embedded store: one SQLite file, shared safely by `serve` and a cron'd `send-due` on one machine.
 * better-sqlite3 is synchronous; the methods are async only to honour `Store`.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly sql;

  /** Opens (creating if needed) `file` and brings its schema up to date; `:memory:` is for tests that need no restart. */
  constructor(readonly file: string) {
    if (file !== ':memory:') makePrivate(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    const db = this.db;
    this.sql = {
      claimEvent: db.prepare(
        'INSERT INTO handled_events (platform, event_id, handled_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      forgetEvents: db.prepare('DELETE FROM handled_events WHERE handled_at < ?'),
      subscribe: db.prepare(
        'INSERT INTO subscriptions (target, subscribed_by, subscribed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      unsubscribe: db.prepare('DELETE FROM subscriptions WHERE target = ?'),
      subscriptions: db.prepare('SELECT target FROM subscriptions ORDER BY target').pluck(),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (${DELIVERY_COLUMNS})
         VALUES (@deadlineId, @occurrence, @target, @kind, @status, @attempts, @lastError, @now, @claimableAt, @messageRef)
         ON CONFLICT DO NOTHING`,
      ),
      // Two guarded updates rather than one, so the caller learns which kind of row it took over.
      takeOverInDoubt: db.prepare(
        `UPDATE deliveries SET attempts = attempts + 1, updated_at = @now, claimable_at = @leaseUntil
         WHERE ${KEY} AND status = 'sending' AND claimable_at <= @now RETURNING attempts`,
      ),
      retryFailed: db.prepare(
        `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = @now, claimable_at = @leaseUntil
         WHERE ${KEY} AND status = 'failed' AND claimable_at <= @now RETURNING attempts`,
      ),
      markDelivery: db.prepare(
        `UPDATE deliveries SET status = @status, last_error = @lastError, updated_at = @now, claimable_at = @claimableAt,
           message_ref = @messageRef
         WHERE ${KEY} AND (@attempt IS NULL OR (status = 'sending' AND attempts = @attempt))`,
      ),
      sentMessages: db.prepare(
        `SELECT target, kind, occurrence, message_ref FROM deliveries
         WHERE deadline_id = ? AND occurrence > ? AND occurrence <= ? AND status = 'sent' AND message_ref IS NOT NULL
         ORDER BY occurrence, target, kind`,
      ),
      skipInterrupted: db.prepare(
        `UPDATE deliveries SET status = 'skipped', last_error = @lastError, updated_at = @now, claimable_at = NULL
         WHERE ${KEY} AND status = 'sending'`,
      ),
      releaseDelivery: db.prepare(
        `UPDATE deliveries SET updated_at = @now, claimable_at = @now
         WHERE ${KEY} AND status = 'sending' AND attempts = @attempt AND claimable_at > @now`,
      ),
      delivery: db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${KEY}`),
      deliveries: db.prepare(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries ORDER BY occurrence, deadline_id, target, kind`,
      ),
      insertReceipt: db.prepare(
        `INSERT INTO receipts (${RECEIPT_COLUMNS})
         VALUES (@deadlineId, @occurrence, @person, @status, @name, @at, @conversation, @via, @messageRef)
         ON CONFLICT DO NOTHING`,
      ),
      receipt: db.prepare(
        `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE deadline_id = ? AND occurrence = ? AND person = ? AND status = ?`,
      ),
      receiptsFor: db.prepare(
        `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE deadline_id = ? AND occurrence = ? ORDER BY at, person, status`,
      ),
      recordFeedback: db.prepare(
        'INSERT INTO feedback (platform, user_id, question, ref, vote, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      listFeedback: db.prepare(
        'SELECT platform, user_id, question, ref, vote, created_at FROM feedback WHERE created_at >= ? ORDER BY id',
      ),
      votes: db.prepare('SELECT vote, COUNT(*) AS n FROM feedback WHERE created_at >= ? GROUP BY vote'),
      downVoted: db.prepare(
        'SELECT question, COUNT(*) AS times FROM feedback WHERE vote = -1 AND created_at >= ? GROUP BY question ORDER BY times DESC, MIN(id) LIMIT ?',
      ),
      recordUnanswered: db.prepare(
        'INSERT INTO unanswered (platform, question, missing, created_at) VALUES (?, ?, ?, ?)',
      ),
      unanswered: db.prepare(
        'SELECT question, COUNT(*) AS times FROM unanswered WHERE created_at >= ? GROUP BY question ORDER BY times DESC, MAX(created_at) DESC LIMIT ?',
      ),
      missing: db.prepare("SELECT missing FROM unanswered WHERE created_at >= ? AND missing != '' ORDER BY id").pluck(),
    };
  }

  /** The store's file in a data folder: `DATA_DIR/directive-bot.sqlite`. */
  static fileIn(dataDir: string): string {
    return join(dataDir, 'directive-bot.sqlite');
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < SQLITE_MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(SQLITE_MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  async claimEvent(platform: string, eventId: string, now = Date.now()): Promise<boolean> {
    return this.sql.claimEvent.run(platform, eventId, now).changes === 1;
  }

  async forgetEventsBefore(cutoffMs: number): Promise<void> {
    this.sql.forgetEvents.run(cutoffMs);
  }

  async subscribe(target: string, by: string, now = Date.now()): Promise<boolean> {
    return this.sql.subscribe.run(target, by, now).changes === 1;
  }

  async unsubscribe(target: string): Promise<boolean> {
    return this.sql.unsubscribe.run(target).changes === 1;
  }

  async subscriptions(): Promise<string[]> {
    return this.sql.subscriptions.all() as string[];
  }

  async claimDelivery(delivery: DeliveryKey, now: number, leaseUntil: number): Promise<DeliveryClaim> {
    const key = keyOf(delivery);
    const fresh = {
      ...key,
      status: 'sending',
      attempts: 1,
      lastError: null,
      now,
      claimableAt: leaseUntil,
      messageRef: null,
    };
    if (this.sql.insertDelivery.run(fresh).changes === 1) return { isClaimed: true, attempt: 1, wasInDoubt: false };
    const inDoubt = this.sql.takeOverInDoubt.get({ ...key, now, leaseUntil }) as { attempts: number } | undefined;
    if (inDoubt) return { isClaimed: true, attempt: inDoubt.attempts, wasInDoubt: true };
    const retry = this.sql.retryFailed.get({ ...key, now, leaseUntil }) as { attempts: number } | undefined;
    if (retry) return { isClaimed: true, attempt: retry.attempts, wasInDoubt: false };
    return { isClaimed: false, row: (await this.delivery(key)) as DeliveryRow };
  }

  async markDeliverySent(key: DeliveryKey, now: number, attempt?: number, messageRef?: string): Promise<boolean> {
    const mark = {
      ...keyOf(key),
      status: 'sent',
      lastError: null,
      now,
      claimableAt: null,
      attempt: attempt ?? null,
      messageRef: messageRef ?? null,
    };
    return this.sql.markDelivery.run(mark).changes === 1;
  }

  async markDeliveryFailed(
    key: DeliveryKey,
    error: string,
    now: number,
    retryAt: number,
    attempt?: number,
  ): Promise<boolean> {
    const mark = {
      ...keyOf(key),
      status: 'failed',
      lastError: error,
      now,
      claimableAt: retryAt,
      attempt: attempt ?? null,
      messageRef: null,
    };
    return this.sql.markDelivery.run(mark).changes === 1;
  }

  async sentMessages(deadlineId: string, afterIso: string, untilIso: string): Promise<SentMessage[]> {
    const rows = this.sql.sentMessages.all(deadlineId, afterIso, untilIso) as Array<{
      target: string;
      kind: DeliveryKind;
      occurrence: string;
      message_ref: string;
    }>;
    return rows.map((r) => ({ target: r.target, kind: r.kind, occurrence: r.occurrence, messageRef: r.message_ref }));
  }

  async skipDelivery(delivery: DeliveryKey, reason: string, now: number): Promise<boolean> {
    const key = keyOf(delivery);
    const skipped = {
      ...key,
      status: 'skipped',
      attempts: 0,
      lastError: reason,
      now,
      claimableAt: null,
      messageRef: null,
    };
    if (this.sql.insertDelivery.run(skipped).changes === 1) return true;
    // A send interrupted long ago is past saving too; say so rather than leave it 'sending' for ever.
    return this.sql.skipInterrupted.run({ ...key, lastError: reason, now }).changes === 1;
  }

  async releaseDelivery(key: DeliveryKey, attempt: number, now: number): Promise<boolean> {
    return this.sql.releaseDelivery.run({ ...keyOf(key), attempt, now }).changes === 1;
  }

  async delivery(key: DeliveryKey): Promise<DeliveryRow | undefined> {
    const raw = this.sql.delivery.get(keyOf(key)) as RawDelivery | undefined;
    return raw && toDelivery(raw);
  }

  async deliveries(): Promise<DeliveryRow[]> {
    return (this.sql.deliveries.all() as RawDelivery[]).map(toDelivery);
  }

  async recordReceipt(receipt: Receipt): Promise<{ recorded: boolean; receipt: Receipt }> {
    const row = { ...receipt, name: receipt.name ?? null, messageRef: receipt.messageRef ?? null };
    if (this.sql.insertReceipt.run(row).changes === 1) return { recorded: true, receipt };
    const kept = this.sql.receipt.get(receipt.deadlineId, receipt.occurrence, receipt.person, receipt.status);
    return { recorded: false, receipt: toReceipt(kept as RawReceipt) };
  }

  async receiptsFor(deadlineId: string, occurrence: string): Promise<Receipt[]> {
    return (this.sql.receiptsFor.all(deadlineId, occurrence) as RawReceipt[]).map(toReceipt);
  }

  async recordFeedback(f: Feedback, now = Date.now()): Promise<void> {
    this.sql.recordFeedback.run(f.platform, f.userId, f.question, f.ref ?? null, f.vote, now);
  }

  async listFeedback(sinceMs: number): Promise<RecordedFeedback[]> {
    const rows = this.sql.listFeedback.all(sinceMs) as Array<{
      platform: string;
      user_id: string;
      question: string;
      ref: string | null;
      vote: 1 | -1;
      created_at: number;
    }>;
    return rows.map((r) => ({
      platform: r.platform,
      userId: r.user_id,
      question: r.question,
      ...(r.ref === null ? {} : { ref: r.ref }),
      vote: r.vote,
      createdAt: r.created_at,
    }));
  }

  async feedbackSince(sinceMs: number, limit: number): Promise<FeedbackSummary> {
    const counts = this.sql.votes.all(sinceMs) as Array<{ vote: number; n: number }>;
    return {
      up: counts.find((c) => c.vote === 1)?.n ?? 0,
      down: counts.find((c) => c.vote === -1)?.n ?? 0,
      downVoted: this.sql.downVoted.all(sinceMs, limit) as QuestionCount[],
    };
  }

  async recordUnanswered(
    platform: string,
    question: string,
    missing: readonly string[] = [],
    now = Date.now(),
  ): Promise<void> {
    this.sql.recordUnanswered.run(platform, question, missing.join(','), now);
  }

  async unansweredSince(sinceMs: number, limit: number): Promise<QuestionCount[]> {
    return this.sql.unanswered.all(sinceMs, limit) as QuestionCount[];
  }

  async missingWordsSince(sinceMs: number, limit: number): Promise<WordCount[]> {
    return countWords(this.sql.missing.all(sinceMs) as string[], limit);
  }

  async check(): Promise<StoreCheck> {
    let isWritable = true;
    try {
      // A write that is rolled back: a read-only file or folder fails here, not at the first answer.
      this.db.transaction(() => {
        this.sql.claimEvent.run('doctor', 'write check', 0);
        throw new RollBack();
      })();
    } catch (error) {
      if (!(error instanceof RollBack)) isWritable = false;
    }
    return {
      kind: 'sqlite',
      location: this.file,
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      latestVersion: SQLITE_MIGRATIONS.length,
      isWritable,
    };
  }

  async dump(): Promise<StoreSnapshot> {
    const events = this.db
      .prepare('SELECT platform, event_id, handled_at FROM handled_events ORDER BY handled_at, platform, event_id')
      .all() as Array<{ platform: string; event_id: string; handled_at: number }>;
    const subs = this.db
      .prepare('SELECT target, subscribed_by, subscribed_at FROM subscriptions ORDER BY target')
      .all() as Array<{ target: string; subscribed_by: string; subscribed_at: number }>;
    const unanswered = this.db
      .prepare('SELECT platform, question, missing, created_at FROM unanswered ORDER BY id')
      .all() as Array<{ platform: string; question: string; missing: string; created_at: number }>;
    return {
      handledEvents: events.map((r) => ({ platform: r.platform, eventId: r.event_id, handledAt: r.handled_at })),
      subscriptions: subs.map((r) => ({
        target: r.target,
        subscribedBy: r.subscribed_by,
        subscribedAt: r.subscribed_at,
      })),
      deliveries: await this.deliveries(),
      receipts: (
        this.db
          .prepare(`SELECT ${RECEIPT_COLUMNS} FROM receipts ORDER BY at, deadline_id, occurrence, person, status`)
          .all() as RawReceipt[]
      ).map(toReceipt),
      feedback: await this.listFeedback(Number.MIN_SAFE_INTEGER),
      unanswered: unanswered.map((r) => ({
        platform: r.platform,
        question: r.question,
        missing: r.missing === '' ? [] : r.missing.split(','),
        createdAt: r.created_at,
      })),
    };
  }

  async load(snapshot: StoreSnapshot): Promise<StoreCounts> {
    const db = this.db;
    const addFeedback = db.prepare(
      `INSERT INTO feedback (platform, user_id, question, ref, vote, created_at)
       SELECT @platform, @userId, @question, @ref, @vote, @createdAt
       WHERE NOT EXISTS (SELECT 1 FROM feedback WHERE platform = @platform AND user_id = @userId
         AND question = @question AND ref IS @ref AND vote = @vote AND created_at = @createdAt)`,
    );
    const addUnanswered = db.prepare(
      `INSERT INTO unanswered (platform, question, missing, created_at)
       SELECT @platform, @question, @missing, @createdAt
       WHERE NOT EXISTS (SELECT 1 FROM unanswered WHERE platform = @platform AND question = @question
         AND missing = @missing AND created_at = @createdAt)`,
    );
    return db.transaction(() => {
      const counts: StoreCounts = {
        handledEvents: 0,
        subscriptions: 0,
        deliveries: 0,
        receipts: 0,
        feedback: 0,
        unanswered: 0,
      };
      for (const e of snapshot.handledEvents)
        counts.handledEvents += this.sql.claimEvent.run(e.platform, e.eventId, e.handledAt).changes;
      for (const s of snapshot.subscriptions)
        counts.subscriptions += this.sql.subscribe.run(s.target, s.subscribedBy, s.subscribedAt).changes;
      for (const d of snapshot.deliveries)
        counts.deliveries += this.sql.insertDelivery.run({ ...keyOf(d), ...d, kind: d.kind, now: d.updatedAt }).changes;
      for (const r of snapshot.receipts ?? [])
        counts.receipts += this.sql.insertReceipt.run({
          ...r,
          name: r.name ?? null,
          messageRef: r.messageRef ?? null,
        }).changes;
      for (const f of snapshot.feedback) counts.feedback += addFeedback.run({ ...f, ref: f.ref ?? null }).changes;
      for (const u of snapshot.unanswered)
        counts.unanswered += addUnanswered.run({ ...u, missing: u.missing.join(',') }).changes;
      return counts;
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Thrown inside a transaction only to roll it back. */
class RollBack extends Error {}

/**
 * The database holds user ids and the questions people asked: only the bot's user may read it. A new
 * DATA_DIR is made 0700 and a new database file 0600 before SQLite opens it (SQLite gives its -wal and
 * -shm files the database's mode); an existing file with wider modes is narrowed. An existing DATA_DIR
 * is left as the admin made it; `doctor` warns when others can read it.
 */
function makePrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      // Missing (no WAL yet) or not ours to change: SQLite reports what matters when it opens the file.
    }
  }
}
