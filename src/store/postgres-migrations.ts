/**
 * The PostgreSQL schema, one entry per version (`schema_migrations` records those applied). Entries are
 * history: never edit one that has shipped, append a new one. Version 1 is SQLite's v3 at once: the
 * same tables and columns, times as epoch milliseconds (BIGINT), so `migrate-store` copies rows as they are.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE handled_events (
     platform TEXT NOT NULL,
     event_id TEXT NOT NULL,
     handled_at BIGINT NOT NULL,
     PRIMARY KEY (platform, event_id)
   );
   CREATE INDEX handled_events_handled_at ON handled_events (handled_at);
   CREATE TABLE subscriptions (
     target TEXT PRIMARY KEY,          -- platform:conversationId
     subscribed_by TEXT NOT NULL,      -- platform:userId
     subscribed_at BIGINT NOT NULL
   );
   CREATE TABLE deliveries (
     deadline_id TEXT NOT NULL,
     occurrence TEXT NOT NULL,         -- ISO instant the reminder was scheduled for
     target TEXT NOT NULL,             -- platform:conversationId
     status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'skipped')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     updated_at BIGINT NOT NULL,
     claimable_at BIGINT,              -- lease end ('sending') or retry time ('failed'); NULL once settled
     PRIMARY KEY (deadline_id, occurrence, target)
   );
   CREATE TABLE feedback (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     question TEXT NOT NULL,
     ref TEXT,
     vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
     created_at BIGINT NOT NULL
   );
   CREATE INDEX feedback_created_at ON feedback (created_at);
   CREATE TABLE unanswered (
     id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     platform TEXT NOT NULL,
     question TEXT NOT NULL,
     missing TEXT NOT NULL DEFAULT '',
     created_at BIGINT NOT NULL
   );
   CREATE INDEX unanswered_created_at ON unanswered (created_at);`,
];
