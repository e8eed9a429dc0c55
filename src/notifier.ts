import type { Reply } from './reply.js';

/** What an adapter implements so the core can post unprompted (reminders, reload errors). */
export interface Notifier {
  /** The platform prefix of the targets it serves: `slack`, `dingtalk` or `console`. */
  readonly platform: string;
  /**
   * Posts to one conversation (the part after `platform:`). Throws on failure so the caller can retry.
   * Resolves to the platform's id of the message when it can be updated later (Slack `ts`, DingTalk card
   * `outTrackId`), so a receipt can refresh the reminder's counts. `deliveryKey` names this one delivery;
   * a platform that can tag a message with it does (Slack: message metadata), so `findDelivered` can
   * look for it later.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: notifiers with nothing to update resolve to nothing at all
  send(conversationId: string, reply: Reply, options?: { deliveryKey?: string }): Promise<string | void>;
  /** Replaces a message `send` posted (by the id it resolved to) with `reply`; platforms that cannot, omit it. */
  update?(conversationId: string, messageRef: string, reply: Reply): Promise<void>;
  /**
   * Whether a message tagged with `deliveryKey` was posted to the conversation since `since`: true or
   * false when the platform can tell, undefined when it cannot (no such API, or no permission to read).
   * Asked before re-sending a delivery whose first send was interrupted.
   */
  findDelivered?(conversationId: string, deliveryKey: string, since: Date): Promise<boolean | undefined>;
}
