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
  // v2 (督办, SQLite's v4): a delivery has a kind (reminder, chase, overdue) in its key and may keep the
  // platform's id of the message sent; and 已阅/已完成 receipts, one per (deadline, round, person, status).
  `ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'reminder'
     CHECK (kind IN ('reminder', 'chase', 'overdue'));
   ALTER TABLE deliveries ADD COLUMN message_ref TEXT;
   ALTER TABLE deliveries DROP CONSTRAINT deliveries_pkey;
   ALTER TABLE deliveries ADD PRIMARY KEY (deadline_id, occurrence, target, kind);
   CREATE TABLE receipts (
     deadline_id TEXT NOT NULL,
     occurrence TEXT NOT NULL,         -- the round's due date, 2026-12-31
     person TEXT NOT NULL,             -- platform:userId of whoever marked it
     status TEXT NOT NULL CHECK (status IN ('read', 'done')),
     name TEXT,
     at BIGINT NOT NULL,
     conversation TEXT NOT NULL,
     via TEXT NOT NULL CHECK (via IN ('button', 'card', 'text')),
     message_ref TEXT,
     PRIMARY KEY (deadline_id, occurrence, person, status)
   );`,
];
