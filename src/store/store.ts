import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Everything that must survive a restart lives in one SQLite file, and only there:
 * handled platform events (dedup), subscriptions, reminder deliveries, feedback and unanswered questions.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE handled_events (
     platform TEXT NOT NULL,
     event_id TEXT NOT NULL,
     handled_at INTEGER NOT NULL,
     PRIMARY KEY (platform, event_id)
   );
   CREATE TABLE subscriptions (
     target TEXT PRIMARY KEY,          -- platform:conversationId
     subscribed_by TEXT NOT NULL,      -- platform:userId
     subscribed_at INTEGER NOT NULL
   );
   CREATE TABLE deliveries (
     deadline_id TEXT NOT NULL,
     occurrence TEXT NOT NULL,         -- ISO instant the reminder was scheduled for
     target TEXT NOT NULL,             -- platform:conversationId
     status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'skipped')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (deadline_id, occurrence, target)
   );
   CREATE TABLE feedback (
     id INTEGER PRIMARY KEY,
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     question TEXT NOT NULL,
     ref TEXT,
     vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
     created_at INTEGER NOT NULL
   );
   CREATE TABLE unanswered (
     id INTEGER PRIMARY KEY,
     platform TEXT NOT NULL,
     question TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  // v2: the topic words a declined question asked about that no directive mentions ("会费"), comma-separated.
  `ALTER TABLE unanswered ADD COLUMN missing TEXT NOT NULL DEFAULT '';`,
];

export class Store {
  readonly db: Database.Database;

  /** Opens (creating if needed) `file`; `:memory:` is for tests that need no restart. */
  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  static inDataDir(dataDir: string): Store {
    return new Store(Store.fileIn(dataDir));
  }

  /** Where the database lives in a data folder. */
  static fileIn(dataDir: string): string {
    return join(dataDir, 'directive-bot.sqlite');
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** True the first time an event id is seen on a platform, false on every redelivery, across restarts. */
  claimEvent(platform: string, eventId: string, now = Date.now()): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO handled_events (platform, event_id, handled_at) VALUES (?, ?, ?)')
      .run(platform, eventId, now);
    return result.changes === 1;
  }

  /** Drops dedup rows older than `maxAgeMs`; platforms stop redelivering after minutes. */
  forgetEventsBefore(cutoffMs: number): void {
    this.db.prepare('DELETE FROM handled_events WHERE handled_at < ?').run(cutoffMs);
  }

  subscribe(target: string, by: string, now = Date.now()): boolean {
    const r = this.db
      .prepare('INSERT OR IGNORE INTO subscriptions (target, subscribed_by, subscribed_at) VALUES (?, ?, ?)')
      .run(target, by, now);
    return r.changes === 1;
  }

  unsubscribe(target: string): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE target = ?').run(target).changes === 1;
  }

  subscriptions(): string[] {
    return (this.db.prepare('SELECT target FROM subscriptions ORDER BY target').all() as Array<{ target: string }>).map(
      (r) => r.target,
    );
  }

  recordFeedback(f: { platform: string; userId: string; question: string; ref?: string; vote: 1 | -1 }): void {
    this.db
      .prepare('INSERT INTO feedback (platform, user_id, question, ref, vote, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(f.platform, f.userId, f.question, f.ref ?? null, f.vote, Date.now());
  }

  /** `missing`: the question's topic words that no directive mentions, for the admin's report. */
  recordUnanswered(platform: string, question: string, missing: readonly string[] = []): void {
    this.db
      .prepare('INSERT INTO unanswered (platform, question, missing, created_at) VALUES (?, ?, ?, ?)')
      .run(platform, question, missing.join(','), Date.now());
  }

  /** Questions the bot could not answer since `sinceMs`, most asked first: what the directive (or glossary) lacks. */
  unansweredSince(sinceMs: number, limit: number): Array<{ question: string; times: number }> {
    return this.db
      .prepare(
        'SELECT question, COUNT(*) AS times FROM unanswered WHERE created_at >= ? GROUP BY question ORDER BY times DESC, MAX(created_at) DESC LIMIT ?',
      )
      .all(sinceMs, limit) as Array<{ question: string; times: number }>;
  }

  /** The words declined questions asked about that no directive mentions, most asked first: what to add. */
  missingWordsSince(sinceMs: number, limit: number): Array<{ word: string; times: number }> {
    const rows = this.db
      .prepare("SELECT missing FROM unanswered WHERE created_at >= ? AND missing != ''")
      .all(sinceMs) as Array<{ missing: string }>;
    const counts = new Map<string, number>();
    for (const { missing } of rows)
      for (const word of missing.split(',')) counts.set(word, (counts.get(word) ?? 0) + 1);
    return [...counts]
      .map(([word, times]) => ({ word, times }))
      .sort((a, b) => b.times - a.times)
      .slice(0, limit);
  }

  /** 👍 and 👎 counts since `sinceMs`, and the questions voted down most. */
  feedbackSince(
    sinceMs: number,
    limit: number,
  ): { up: number; down: number; downVoted: Array<{ question: string; times: number }> } {
    const counts = this.db
      .prepare('SELECT vote, COUNT(*) AS n FROM feedback WHERE created_at >= ? GROUP BY vote')
      .all(sinceMs) as Array<{ vote: number; n: number }>;
    const downVoted = this.db
      .prepare(
        'SELECT question, COUNT(*) AS times FROM feedback WHERE vote = -1 AND created_at >= ? GROUP BY question ORDER BY times DESC LIMIT ?',
      )
      .all(sinceMs, limit) as Array<{ question: string; times: number }>;
    return {
      up: counts.find((c) => c.vote === 1)?.n ?? 0,
      down: counts.find((c) => c.vote === -1)?.n ?? 0,
      downVoted,
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
