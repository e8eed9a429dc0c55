import pg from 'pg';
import type { Logger } from '../logger.js';
import type { Receipt } from '../supervision/receipt.js';
import { toDelivery } from './delivery-row.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { redactUrl } from './redact-url.js';
import type {
  DeliveryClaim,
  DeliveryKey,
  DeliveryKind,
  DeliveryRow,
  DeliveryStatus,
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

const KEY = 'deadline_id = $1 AND occurrence = $2 AND target = $3 AND kind = $4';
const keyParams = (k: DeliveryKey) => [k.deadlineId, k.occurrence, k.target, k.kind ?? 'reminder'];
const DELIVERY_COLUMNS =
  'deadline_id, occurrence, target, kind, status, attempts, last_error, updated_at, claimable_at, message_ref';
const RECEIPT_COLUMNS = 'deadline_id, occurrence, person, status, name, at, conversation, via, message_ref';

const toReceipt = (r: Record<string, unknown>): Receipt => ({
  deadlineId: r.deadline_id as string,
  occurrence: r.occurrence as string,
  person: r.person as string,
  status: r.status as Receipt['status'],
  name: (r.name as string | null) ?? undefined,
  at: r.at as number,
  conversation: r.conversation as string,
  via: r.via as Receipt['via'],
  messageRef: (r.message_ref as string | null) ?? undefined,
});

/** Epoch milliseconds are BIGINT; they fit a JS number exactly, and so do our counts. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresStoreOptions {
  /** Idle connections that break (a server restart) are reported here instead of crashing the process. */
  logger?: Logger;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** False: do not migrate (`doctor` only looks). Default true. */
  migrate?: boolean;
  /** How long connecting may take before it fails; default 10 s. */
  connectTimeoutMs?: number;
}

/** A statement that runs longer than this is cancelled by the server, so a stuck database cannot wedge a handler. */
const STATEMENT_TIMEOUT_MS = 15_000;

/**
 * The server store, for several replicas sharing one PostgreSQL database. The same statements as
 * `SqliteStore`, one atomic statement per claim, so the database decides which replica answers an event
 * or sends a reminder. Times are the callers' clocks (epoch ms), so replicas need NTP-synchronised clocks;
 * `check()` reports the offset from the database's clock.
 */
export class PostgresStore implements Store {
  private isClosed = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {}

  /** Connects and brings the schema up to date, under an advisory lock so replicas starting together do not race. */
  static async open(connectionString: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      types,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      keepAlive: true,
    });
    pool.on('error', (error) => options.logger?.warn({ err: error }, 'a database connection broke; reconnecting'));
    const store = new PostgresStore(pool, redactUrl(connectionString));
    try {
      if (options.migrate ?? true) await store.migrate();
      else await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.withClient(async (client) => {
      // Keyed by schema, so databases (or test schemas) migrate independently.
      await client.query("SELECT pg_advisory_lock(hashtext('directive-bot migrations ' || current_schema()))");
      try {
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
        );
        const applied = await schemaVersion(client);
        for (let v = applied; v < POSTGRES_MIGRATIONS.length; v++) {
          await client.query('BEGIN');
          try {
            await client.query(POSTGRES_MIGRATIONS[v] as string);
            await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        }
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext('directive-bot migrations ' || current_schema()))");
      }
    });
  }

  /**
   * Runs `work` on one connection of the pool. While a connection is checked out the pool does not listen
   * for its errors, so a connection that breaks between two statements would crash the process: this
   * listens, and a broken connection is discarded rather than returned to the pool.
   */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  private async run(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    return await this.pool.query(text, values);
  }

  async claimEvent(platform: string, eventId: string, now = Date.now()): Promise<boolean> {
    const r = await this.run(
      'INSERT INTO handled_events (platform, event_id, handled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [platform, eventId, now],
    );
    return r.rowCount === 1;
  }

  async forgetEventsBefore(cutoffMs: number): Promise<void> {
    await this.run('DELETE FROM handled_events WHERE handled_at < $1', [cutoffMs]);
  }

  async subscribe(target: string, by: string, now = Date.now()): Promise<boolean> {
    const r = await this.run(
      'INSERT INTO subscriptions (target, subscribed_by, subscribed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [target, by, now],
    );
    return r.rowCount === 1;
  }

  async unsubscribe(target: string): Promise<boolean> {
    return (await this.run('DELETE FROM subscriptions WHERE target = $1', [target])).rowCount === 1;
  }

  async subscriptions(): Promise<string[]> {
    const r = await this.run('SELECT target FROM subscriptions ORDER BY target COLLATE "C"');
    return r.rows.map((row: { target: string }) => row.target);
  }

  private async insertDelivery(row: DeliveryRow): Promise<boolean> {
    const r = await this.run(
      `INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [...keyParams(row), row.status, row.attempts, row.lastError, row.updatedAt, row.claimableAt, row.messageRef],
    );
    return r.rowCount === 1;
  }

  async claimDelivery(key: DeliveryKey, now: number, leaseUntil: number): Promise<DeliveryClaim> {
    const fresh: DeliveryRow = {
      ...key,
      status: 'sending',
      attempts: 1,
      lastError: null,
      updatedAt: now,
      claimableAt: leaseUntil,
      kind: key.kind ?? 'reminder',
      messageRef: null,
    };
    if (await this.insertDelivery(fresh)) return { isClaimed: true, attempt: 1, wasInDoubt: false };
    // Two guarded updates rather than one, so the caller learns which kind of row it took over. Under READ
    // COMMITTED a second updater waits for the first, re-reads the row, and its WHERE no longer holds.
    const inDoubt = await this.run(
      `UPDATE deliveries SET attempts = attempts + 1, updated_at = $5, claimable_at = $6
       WHERE ${KEY} AND status = 'sending' AND claimable_at <= $5 RETURNING attempts`,
      [...keyParams(key), now, leaseUntil],
    );
    if (inDoubt.rows[0]) return { isClaimed: true, attempt: inDoubt.rows[0].attempts, wasInDoubt: true };
    const retry = await this.run(
      `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = $5, claimable_at = $6
       WHERE ${KEY} AND status = 'failed' AND claimable_at <= $5 RETURNING attempts`,
      [...keyParams(key), now, leaseUntil],
    );
    if (retry.rows[0]) return { isClaimed: true, attempt: retry.rows[0].attempts, wasInDoubt: false };
    return { isClaimed: false, row: (await this.delivery(key)) as DeliveryRow };
  }

  private async markDelivery(
    key: DeliveryKey,
    status: DeliveryStatus,
    lastError: string | null,
    now: number,
    claimableAt: number | null,
    attempt: number | undefined,
    messageRef: string | null = null,
  ): Promise<boolean> {
    const r = await this.run(
      `UPDATE deliveries SET status = $5, last_error = $6, updated_at = $7, claimable_at = $8, message_ref = $10
       WHERE ${KEY} AND ($9::integer IS NULL OR (status = 'sending' AND attempts = $9::integer))`,
      [...keyParams(key), status, lastError, now, claimableAt, attempt ?? null, messageRef],
    );
    return r.rowCount === 1;
  }

  async markDeliverySent(key: DeliveryKey, now: number, attempt?: number, messageRef?: string): Promise<boolean> {
    return await this.markDelivery(key, 'sent', null, now, null, attempt, messageRef ?? null);
  }

  async sentMessages(deadlineId: string, afterIso: string, untilIso: string): Promise<SentMessage[]> {
    const r = await this.run(
      `SELECT target, kind, occurrence, message_ref FROM deliveries
       WHERE deadline_id = $1 AND occurrence COLLATE "C" > $2 AND occurrence COLLATE "C" <= $3
         AND status = 'sent' AND message_ref IS NOT NULL
       ORDER BY occurrence COLLATE "C", target COLLATE "C", kind`,
      [deadlineId, afterIso, untilIso],
    );
    return r.rows.map((row: { target: string; kind: DeliveryKind; occurrence: string; message_ref: string }) => ({
      target: row.target,
      kind: row.kind,
      occurrence: row.occurrence,
      messageRef: row.message_ref,
    }));
  }

  async recordReceipt(receipt: Receipt): Promise<{ recorded: boolean; receipt: Receipt }> {
    const values = [
      receipt.deadlineId,
      receipt.occurrence,
      receipt.person,
      receipt.status,
      receipt.name ?? null,
      receipt.at,
      receipt.conversation,
      receipt.via,
      receipt.messageRef ?? null,
    ];
    const r = await this.run(
      `INSERT INTO receipts (${RECEIPT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      values,
    );
    if (r.rowCount === 1) return { recorded: true, receipt };
    const kept = await this.run(
      `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE deadline_id = $1 AND occurrence = $2 AND person = $3 AND status = $4`,
      values.slice(0, 4),
    );
    return { recorded: false, receipt: toReceipt(kept.rows[0]) };
  }

  async receiptsFor(deadlineId: string, occurrence: string): Promise<Receipt[]> {
    const r = await this.run(
      `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE deadline_id = $1 AND occurrence = $2
       ORDER BY at, person COLLATE "C", status`,
      [deadlineId, occurrence],
    );
    return r.rows.map(toReceipt);
  }

  async markDeliveryFailed(
    key: DeliveryKey,
    error: string,
    now: number,
    retryAt: number,
    attempt?: number,
  ): Promise<boolean> {
    return await this.markDelivery(key, 'failed', error, now, retryAt, attempt);
  }

  async skipDelivery(key: DeliveryKey, reason: string, now: number): Promise<boolean> {
    const skipped: DeliveryRow = {
      ...key,
      status: 'skipped',
      attempts: 0,
      lastError: reason,
      updatedAt: now,
      claimableAt: null,
      kind: key.kind ?? 'reminder',
      messageRef: null,
    };
    if (await this.insertDelivery(skipped)) return true;
    const r = await this.run(
      `UPDATE deliveries SET status = 'skipped', last_error = $5, updated_at = $6, claimable_at = NULL
       WHERE ${KEY} AND status = 'sending'`,
      [...keyParams(key), reason, now],
    );
    return r.rowCount === 1;
  }

  async releaseDelivery(key: DeliveryKey, attempt: number, now: number): Promise<boolean> {
    const r = await this.run(
      `UPDATE deliveries SET updated_at = $6, claimable_at = $6
       WHERE ${KEY} AND status = 'sending' AND attempts = $5 AND claimable_at > $6`,
      [...keyParams(key), attempt, now],
    );
    return r.rowCount === 1;
  }

  async delivery(key: DeliveryKey): Promise<DeliveryRow | undefined> {
    const r = await this.run(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${KEY}`, keyParams(key));
    return r.rows[0] && toDelivery(r.rows[0]);
  }

  async deliveries(): Promise<DeliveryRow[]> {
    const r = await this.run(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries
       ORDER BY occurrence COLLATE "C", deadline_id COLLATE "C", target COLLATE "C", kind COLLATE "C"`,
    );
    return r.rows.map(toDelivery);
  }

  async recordFeedback(f: Feedback, now = Date.now()): Promise<void> {
    await this.run(
      'INSERT INTO feedback (platform, user_id, question, ref, vote, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [f.platform, f.userId, f.question, f.ref ?? null, f.vote, now],
    );
  }

  async listFeedback(sinceMs: number): Promise<RecordedFeedback[]> {
    const r = await this.run(
      'SELECT platform, user_id, question, ref, vote, created_at FROM feedback WHERE created_at >= $1 ORDER BY id',
      [sinceMs],
    );
    return r.rows.map((row) => ({
      platform: row.platform,
      userId: row.user_id,
      question: row.question,
      ...(row.ref === null ? {} : { ref: row.ref }),
      vote: row.vote,
      createdAt: row.created_at,
    }));
  }

  async feedbackSince(sinceMs: number, limit: number): Promise<FeedbackSummary> {
    const counts = await this.run('SELECT vote, COUNT(*) AS n FROM feedback WHERE created_at >= $1 GROUP BY vote', [
      sinceMs,
    ]);
    const downVoted = await this.run(
      `SELECT question, COUNT(*) AS times FROM feedback WHERE vote = -1 AND created_at >= $1
       GROUP BY question ORDER BY times DESC, MIN(id) LIMIT $2`,
      [sinceMs, limit],
    );
    const votes = counts.rows as Array<{ vote: number; n: number }>;
    return {
      up: votes.find((c) => c.vote === 1)?.n ?? 0,
      down: votes.find((c) => c.vote === -1)?.n ?? 0,
      downVoted: downVoted.rows as QuestionCount[],
    };
  }

  async recordUnanswered(
    platform: string,
    question: string,
    missing: readonly string[] = [],
    now = Date.now(),
  ): Promise<void> {
    await this.run('INSERT INTO unanswered (platform, question, missing, created_at) VALUES ($1, $2, $3, $4)', [
      platform,
      question,
      missing.join(','),
      now,
    ]);
  }

  async unansweredSince(sinceMs: number, limit: number): Promise<QuestionCount[]> {
    const r = await this.run(
      `SELECT question, COUNT(*) AS times FROM unanswered WHERE created_at >= $1
       GROUP BY question ORDER BY times DESC, MAX(created_at) DESC LIMIT $2`,
      [sinceMs, limit],
    );
    return r.rows as QuestionCount[];
  }

  async missingWordsSince(sinceMs: number, limit: number): Promise<WordCount[]> {
    const r = await this.run("SELECT missing FROM unanswered WHERE created_at >= $1 AND missing <> '' ORDER BY id", [
      sinceMs,
    ]);
    return countWords(
      r.rows.map((row: { missing: string }) => row.missing),
      limit,
    );
  }

  async check(): Promise<StoreCheck> {
    return await this.withClient(async (client) => {
      const sentAt = Date.now();
      const clock = await client.query('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now');
      const receivedAt = Date.now();
      const schema = await schemaVersion(client);
      let isWritable = true;
      await client.query('BEGIN');
      try {
        // Before the first migration there is no table to write to: creating the tables is the write needed.
        if (schema === 0) {
          const r = await client.query(
            "SELECT current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE') AS ok",
          );
          isWritable = r.rows[0].ok === true;
          await client.query('CREATE TABLE directive_bot_write_check (id INTEGER)');
        } else {
          await client.query(
            "INSERT INTO handled_events (platform, event_id, handled_at) VALUES ('doctor', 'write check', 0) ON CONFLICT DO NOTHING",
          );
        }
      } catch {
        isWritable = false;
      } finally {
        await client.query('ROLLBACK');
      }
      return {
        kind: 'postgres',
        location: this.location,
        schemaVersion: schema,
        latestVersion: POSTGRES_MIGRATIONS.length,
        isWritable,
        clockOffsetMs: Math.round(clock.rows[0].now - (sentAt + receivedAt) / 2),
      };
    });
  }

  async dump(): Promise<StoreSnapshot> {
    const events = await this.run(
      'SELECT platform, event_id, handled_at FROM handled_events ORDER BY handled_at, platform COLLATE "C", event_id COLLATE "C"',
    );
    const subs = await this.run(
      'SELECT target, subscribed_by, subscribed_at FROM subscriptions ORDER BY target COLLATE "C"',
    );
    const feedback = await this.listFeedback(Number.MIN_SAFE_INTEGER);
    const unanswered = await this.run('SELECT platform, question, missing, created_at FROM unanswered ORDER BY id');
    return {
      handledEvents: events.rows.map((r) => ({ platform: r.platform, eventId: r.event_id, handledAt: r.handled_at })),
      subscriptions: subs.rows.map((r) => ({
        target: r.target,
        subscribedBy: r.subscribed_by,
        subscribedAt: r.subscribed_at,
      })),
      deliveries: await this.deliveries(),
      receipts: (
        await this.run(
          `SELECT ${RECEIPT_COLUMNS} FROM receipts
           ORDER BY at, deadline_id COLLATE "C", occurrence COLLATE "C", person COLLATE "C", status`,
        )
      ).rows.map(toReceipt),
      feedback,
      unanswered: unanswered.rows.map((r) => ({
        platform: r.platform,
        question: r.question,
        missing: r.missing === '' ? [] : r.missing.split(','),
        createdAt: r.created_at,
      })),
    };
  }

  async load(snapshot: StoreSnapshot): Promise<StoreCounts> {
    const counts: StoreCounts = {
      handledEvents: 0,
      subscriptions: 0,
      deliveries: 0,
      receipts: 0,
      feedback: 0,
      unanswered: 0,
    };
    return await this.withClient(async (client) => {
      const add = async (table: keyof StoreCounts, text: string, values: unknown[]) => {
        counts[table] += (await client.query(text, values)).rowCount ?? 0;
      };
      // One transaction: an interrupted copy leaves nothing half done, and running it again adds what is missing.
      try {
        await client.query('BEGIN');
        for (const e of snapshot.handledEvents)
          await add(
            'handledEvents',
            'INSERT INTO handled_events (platform, event_id, handled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [e.platform, e.eventId, e.handledAt],
          );
        for (const s of snapshot.subscriptions)
          await add(
            'subscriptions',
            'INSERT INTO subscriptions (target, subscribed_by, subscribed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [s.target, s.subscribedBy, s.subscribedAt],
          );
        for (const d of snapshot.deliveries)
          await add(
            'deliveries',
            `INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
            [...keyParams(d), d.status, d.attempts, d.lastError, d.updatedAt, d.claimableAt, d.messageRef ?? null],
          );
        for (const r of snapshot.receipts ?? [])
          await add(
            'receipts',
            `INSERT INTO receipts (${RECEIPT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
            [
              r.deadlineId,
              r.occurrence,
              r.person,
              r.status,
              r.name ?? null,
              r.at,
              r.conversation,
              r.via,
              r.messageRef ?? null,
            ],
          );
        for (const f of snapshot.feedback)
          await add(
            'feedback',
            `INSERT INTO feedback (platform, user_id, question, ref, vote, created_at)
           SELECT $1::text, $2::text, $3::text, $4::text, $5::int, $6::bigint
           WHERE NOT EXISTS (SELECT 1 FROM feedback WHERE platform = $1 AND user_id = $2 AND question = $3
             AND ref IS NOT DISTINCT FROM $4 AND vote = $5 AND created_at = $6)`,
            [f.platform, f.userId, f.question, f.ref ?? null, f.vote, f.createdAt],
          );
        for (const u of snapshot.unanswered)
          await add(
            'unanswered',
            `INSERT INTO unanswered (platform, question, missing, created_at)
           SELECT $1::text, $2::text, $3::text, $4::bigint
           WHERE NOT EXISTS (SELECT 1 FROM unanswered WHERE platform = $1 AND question = $2 AND missing = $3 AND created_at = $4)`,
            [u.platform, u.question, u.missing.join(','), u.createdAt],
          );
        await client.query('COMMIT');
        return counts;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.pool.end();
  }
}

async function schemaVersion(client: pg.PoolClient): Promise<number> {
  const exists = await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!exists.rows[0].present) return 0;
  const r = await client.query('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations');
  return r.rows[0].version;
}
