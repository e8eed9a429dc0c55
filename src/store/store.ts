import type { Receipt } from '../supervision/receipt.js';

/**
 * Everything that must survive a restart goes through this one interface, and nothing else touches the
 * database: handled platform events (dedup), subscriptions, reminder deliveries (chases and overdue
 * notices too), 已阅/已完成 receipts, feedback and unanswered questions. `SqliteStore` is the embedded
 * default; `PostgresStore` implements the same methods with the same statements for several replicas
 * sharing one database.
 *
 * Every claim is one atomic statement (an insert that does nothing on conflict, or an update guarded
 * by its WHERE clause), so it holds between processes and machines sharing the database, not only
 * within one process. Times are epoch milliseconds from the caller's clock, compared in the statement.
 */
export interface Store {
  /** True the first time an event id is seen on a platform, false on every redelivery, across restarts. */
  claimEvent(platform: string, eventId: string, now?: number): Promise<boolean>;
  /** Drops dedup rows handled before `cutoffMs`; platforms stop redelivering after minutes. */
  forgetEventsBefore(cutoffMs: number): Promise<void>;

  /** Subscribes `target` (`platform:conversationId`) to every reminder; false if it already was. */
  subscribe(target: string, by: string, now?: number): Promise<boolean>;
  /** False if `target` was not subscribed. */
  unsubscribe(target: string): Promise<boolean>;
  /** Every subscribed target, sorted. */
  subscriptions(): Promise<string[]>;

  /**
   * Takes the right to send `key` now, and holds it until `leaseUntil`: a new row; a 'failed' row whose
   * retry time has come; or a 'sending' row whose lease ran out (its sender died mid-send, `wasInDoubt`).
   * Of any number of concurrent callers, at most one is given the claim.
   */
  claimDelivery(key: DeliveryKey, now: number, leaseUntil: number): Promise<DeliveryClaim>;
  /**
   * Records the send. With `attempt` (the claim's), only while that claim still holds the row: a sender
   * overtaken after its lease (or that released its claim) cannot overwrite what the new holder records.
   * `messageRef`: the platform's id of the message, if it can be updated later (a receipt refreshes its
   * counts). False when nothing was recorded.
   */
  markDeliverySent(key: DeliveryKey, now: number, attempt?: number, messageRef?: string): Promise<boolean>;
  /** Records the error; the row may be claimed again from `retryAt`. `attempt` fences as above. */
  markDeliveryFailed(key: DeliveryKey, error: string, now: number, retryAt: number, attempt?: number): Promise<boolean>;
  /**
   * The updatable messages sent for a deadline with occurrences after `afterIso` and up to `untilIso`
   * (one round's reminders and chases), oldest first.
   */
  sentMessages(deadlineId: string, afterIso: string, untilIso: string): Promise<SentMessage[]>;
  /**
   * Records a reminder missed by more than the grace window (or a send interrupted long ago) as skipped;
   * true if it was not recorded as skipped before. A sent or failed row is left as it is.
   */
  skipDelivery(key: DeliveryKey, reason: string, now: number): Promise<boolean>;
  delivery(key: DeliveryKey): Promise<DeliveryRow | undefined>;
  /** Every delivery row, by occurrence, deadline and target. */
  deliveries(): Promise<DeliveryRow[]>;
  /**
   * Gives up a claim still 'sending' at shutdown: its lease ends at `now`, so another replica may take it
   * over at once instead of after the lease. Only the holder of `attempt` releases; false if it no longer holds it.
   */
  releaseDelivery(key: DeliveryKey, attempt: number, now: number): Promise<boolean>;

  /**
   * Keeps a 已阅/已完成 once per (deadline, occurrence, person, status). A repeat changes nothing:
   * `recorded` is false and `receipt` is the one kept first.
   */
  recordReceipt(receipt: Receipt): Promise<{ recorded: boolean; receipt: Receipt }>;
  /** Every receipt of one round of a deadline, oldest first. */
  receiptsFor(deadlineId: string, occurrence: string): Promise<Receipt[]>;

  /** A 👍 or 👎 on an answer. */
  recordFeedback(feedback: Feedback, now?: number): Promise<void>;
  /** Votes cast since `sinceMs`, oldest first. */
  listFeedback(sinceMs: number): Promise<RecordedFeedback[]>;
  /** 👍 and 👎 counts since `sinceMs`, and the questions voted down most (at most `limit`). */
  feedbackSince(sinceMs: number, limit: number): Promise<FeedbackSummary>;

  /** A question the bot declined; `missing`: its topic words that no directive mentions ("会费"). */
  recordUnanswered(platform: string, question: string, missing?: readonly string[], now?: number): Promise<void>;
  /** Questions declined since `sinceMs`, most asked first (then most recent): what the directive lacks. */
  unansweredSince(sinceMs: number, limit: number): Promise<QuestionCount[]>;
  /** The missing words of questions declined since `sinceMs`, most asked first (ties: first asked first): what to add. */
  missingWordsSince(sinceMs: number, limit: number): Promise<WordCount[]>;

  /** Connects, reads the schema version, and tries a write that is rolled back: for `doctor` and `/healthz`. */
  check(): Promise<StoreCheck>;
  /** Every row, for `migrate-store`. */
  dump(): Promise<StoreSnapshot>;
  /**
   * Adds the rows of a snapshot that are not here yet (by key; feedback and unanswered rows by all their
   * values), so loading the same snapshot twice changes nothing the second time. Returns the rows added.
   */
  load(snapshot: StoreSnapshot): Promise<StoreCounts>;

  /** Releases the database; safe to call twice. */
  close(): Promise<void>;
}

/** What `check()` found. */
export interface StoreCheck {
  kind: 'sqlite' | 'postgres';
  /** The file, or the server and database (without a password). */
  location: string;
  schemaVersion: number;
  /** The version this build migrates to; higher in the database means a newer build migrated it. */
  latestVersion: number;
  isWritable: boolean;
  /** Database time minus this machine's, in ms (PostgreSQL only): leases assume clocks agree well within a minute. */
  clockOffsetMs?: number;
}

export interface HandledEvent {
  platform: string;
  eventId: string;
  handledAt: number;
}

export interface Subscription {
  target: string;
  subscribedBy: string;
  subscribedAt: number;
}

export interface UnansweredQuestion {
  platform: string;
  question: string;
  missing: string[];
  createdAt: number;
}

/** Every row of a store, table by table. */
export interface StoreSnapshot {
  handledEvents: HandledEvent[];
  subscriptions: Subscription[];
  deliveries: DeliveryRow[];
  receipts: Receipt[];
  feedback: RecordedFeedback[];
  unanswered: UnansweredQuestion[];
}

export type StoreCounts = Record<keyof StoreSnapshot, number>;

/** One reminder (or chase, or overdue notice) to one conversation: the `deliveries` table's primary key. */
export interface DeliveryKey {
  deadlineId: string;
  /** ISO instant it was scheduled for. */
  occurrence: string;
  /** `platform:conversationId` */
  target: string;
  /** Default `reminder`. */
  kind?: DeliveryKind;
}

/** A sent message that can be updated: where, what kind, and the platform's id for it. */
export interface SentMessage {
  target: string;
  kind: DeliveryKind;
  occurrence: string;
  messageRef: string;
}

/** A reminder, a follow-up to the owners not yet done (催办), or the notice to the admins once it is overdue. */
export type DeliveryKind = 'reminder' | 'chase' | 'overdue';

export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'skipped';

export interface DeliveryRow extends DeliveryKey {
  kind: DeliveryKind;
  status: DeliveryStatus;
  /** The platform's id of the message sent, when it can be updated; null otherwise. */
  messageRef: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: number;
  /** When a 'sending' row's lease ends, or a 'failed' row may be retried; null once sent or skipped. */
  claimableAt: number | null;
}

export type DeliveryClaim =
  | { isClaimed: true; attempt: number; wasInDoubt: boolean }
  | { isClaimed: false; row: DeliveryRow };

export interface Feedback {
  platform: string;
  userId: string;
  question: string;
  /** The citation voted on. */
  ref?: string;
  vote: 1 | -1;
}

export interface RecordedFeedback extends Feedback {
  createdAt: number;
}

export interface FeedbackSummary {
  up: number;
  down: number;
  downVoted: QuestionCount[];
}

/** Report lines: a question, or a word, and how many times it came up. */
export interface QuestionCount {
  question: string;
  times: number;
}

export interface WordCount {
  word: string;
  times: number;
}
