import type { Reply } from './reply.js';

/** What an adapter implements so the core can post unprompted (reminders, reload errors). */
export interface Notifier {
  /** The platform prefix of the targets it serves: `slack`, `dingtalk` or `console`. */
  readonly platform: string;
  /** Posts to one conversation (the part after `platform:`). Throws on failure so the caller can retry. */
  send(conversationId: string, reply: Reply): Promise<void>;
}
