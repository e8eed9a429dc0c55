/** Where a message came from. `cli` is one-shot `ask`; `console` is the terminal chat. */
export type Platform = 'slack' | 'dingtalk' | 'console' | 'cli';

/** One message to the bot, whatever platform carried it. Adapters build it; the core never sees a platform event. */
export interface Incoming {
  /** The message text as the user wrote it; the core strips mentions and noise itself. */
  text: string;
  platform: Platform;
  /** Platform user id (Slack `U…`, DingTalk `senderStaffId`). */
  userId: string;
  /** Slack workspace (team) id, for the team allow-list. */
  teamId?: string;
  /** Platform conversation id (Slack channel, DingTalk `conversationId`); the target of subscriptions. */
  conversationId: string;
  /** A one-to-one chat with the bot, rather than a group or channel. */
  isDirect: boolean;
  /** The bot was @-mentioned. */
  mentionsBot: boolean;
  /** The platform itself says the sender is an admin (DingTalk's `isAdmin`). `ADMINS` also counts. */
  isPlatformAdmin?: boolean;
  /** The sender's display name as the platform payload gave it (DingTalk `senderNick`, Slack `user.name`). */
  userName?: string;
  /** The message mentions someone besides the bot, so a 已完成 in it could be meant for them: it is refused. */
  mentionsSomeoneElse?: boolean;
}

/** A conversation address as written in config and `deadlines.yaml`: `slack:C123`, `dingtalk:cidXXXX`. */
export function conversationKey(platform: Platform, conversationId: string): string {
  return `${platform}:${conversationId}`;
}

/** A valid conversation address: a platform that can be posted to, a colon, and an id without spaces. */
export const CONVERSATION_KEY = /^(slack|dingtalk|console):[^\s:]+$/;

/** `dingtalk:cidAbC123==` → `{ platform: 'dingtalk', conversationId: 'cidAbC123==' }` */
export function splitConversationKey(key: string): { platform: string; conversationId: string } {
  const at = key.indexOf(':');
  return { platform: key.slice(0, at), conversationId: key.slice(at + 1) };
}
