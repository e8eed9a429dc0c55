import type { Reply } from './reply.js';

/** What an adapter implements so the core can post unprompted (reminders, reload errors). */
export interface Notifier {
  /** The platform prefix of the targets it serves: `slack`, `dingtalk` or `console`. */
  readonly platform: string;
  /**
   * Posts to one conversation (the part after `platform:`). Throws on failure so the caller can retry.
   * Resolves to the platform's id of the message when it can be updated later (Slack `ts`, DingTalk card
   * `outTrackId`), so a receipt can refresh the reminder's counts.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: notifiers with nothing to update resolve to nothing at all
  send(conversationId: string, reply: Reply): Promise<string | void>;
  /** Replaces a message `send` posted (by the id it resolved to) with `reply`; platforms that cannot, omit it. */
  update?(conversationId: string, messageRef: string, reply: Reply): Promise<void>;
}
