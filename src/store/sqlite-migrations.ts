/**
 * The SQLite schema, one entry per version (`PRAGMA user_version` counts those applied). Entries are
 * history: never edit one that has shipped, append a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
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
  // v3: when a delivery may be claimed again, so a claim compares one stored time in its WHERE clause.
  // Existing rows get the times v2's code computed: a 2-minute lease, and backoff of 1, 2, 4 … minutes up to an hour.
  `ALTER TABLE deliveries ADD COLUMN claimable_at INTEGER;
   UPDATE deliveries SET claimable_at = CASE status
     WHEN 'sending' THEN updated_at + 120000
     WHEN 'failed' THEN updated_at + CASE WHEN attempts >= 7 THEN 3600000 ELSE 60000 * (1 << MAX(0, attempts - 1)) END
   END;`,
  // v4 (督办): a delivery has a kind, so a reminder, a chase (催办) and an overdue notice each go out once per
  // (deadline, occurrence, target, kind); and receipts, one per (deadline, round, person, status).
  `CREATE TABLE deliveries_v4 (
     deadline_id TEXT NOT NULL,
     occurrence TEXT NOT NULL,         -- ISO instant it was scheduled for
     target TEXT NOT NULL,             -- platform:conversationId
     kind TEXT NOT NULL DEFAULT 'reminder' CHECK (kind IN ('reminder', 'chase', 'overdue')),
     status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'skipped')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     updated_at INTEGER NOT NULL,
     claimable_at INTEGER,
     message_ref TEXT,                 -- the platform's id of the message sent, when it can be updated
     PRIMARY KEY (deadline_id, occurrence, target, kind)
   );
   INSERT INTO deliveries_v4 (deadline_id, occurrence, target, kind, status, attempts, last_error, updated_at, claimable_at)
     SELECT deadline_id, occurrence, target, 'reminder', status, attempts, last_error, updated_at, claimable_at FROM deliveries;
   DROP TABLE deliveries;
   ALTER TABLE deliveries_v4 RENAME TO deliveries;
   CREATE TABLE receipts (
     deadline_id TEXT NOT NULL,
     occurrence TEXT NOT NULL,         -- the round's due date, 2026-12-31
     person TEXT NOT NULL,             -- platform:userId of whoever marked it
     status TEXT NOT NULL CHECK (status IN ('read', 'done')),
     name TEXT,                        -- display name from the platform payload
     at INTEGER NOT NULL,
     conversation TEXT NOT NULL,       -- platform:conversationId it was marked in
     via TEXT NOT NULL CHECK (via IN ('button', 'card', 'text')),
     message_ref TEXT,                 -- the reminder clicked: Slack ts, DingTalk outTrackId
     PRIMARY KEY (deadline_id, occurrence, person, status)
   );`,
];
