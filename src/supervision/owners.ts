import { CONVERSATION_KEY } from '../incoming.js';

/**
 * Who answers for a deadline (督办): named people, and conversations in which everyone who answers counts.
 *
 * @example
 * owners:
 *   - dingtalk:manager1234                 # a DingTalk staff id (senderStaffId)
 *   - { id: slack:U0123ABCD, name: 张伟 }   # a Slack user id, with the name progress shows before they answer
 *   - { conversation: dingtalk:cidAbC123== } # everyone who answers in this group
 */
export type Owner = PersonOwner | ConversationOwner;

export interface PersonOwner {
  kind: 'person';
  /** `platform:userId`, the form `ADMINS` uses too. */
  key: string;
  platform: OwnerPlatform;
  userId: string;
  /** What progress calls them until a platform payload gives their own display name. */
  name: string | undefined;
}

export interface ConversationOwner {
  kind: 'conversation';
  /** `platform:conversationId`: whoever marks 已阅/已完成 there joins the deadline's owners. */
  target: string;
}

export type OwnerPlatform = 'slack' | 'dingtalk' | 'console';

/**
 * The user id each platform gives a person: Slack's `U…`/`W…` ids, DingTalk staff ids (digits,
 * letters, `_`, `.`, `-`), and the terminal's own name. Anything else would never match a click.
 */
const USER_ID: Record<OwnerPlatform, { pattern: RegExp; example: string }> = {
  slack: { pattern: /^[UW][A-Z0-9]{2,20}$/, example: 'slack:U0123ABCD' },
  dingtalk: { pattern: /^[\w.-]{1,64}$/, example: 'dingtalk:manager1234' },
  console: { pattern: /^[\w.-]{1,64}$/, example: 'console:console' },
};

const PLATFORMS = Object.keys(USER_ID) as OwnerPlatform[];

/** A person owner from `platform:userId`, or the reason it is not one, written for the admin. */
export function parsePersonKey(text: string): { platform: OwnerPlatform; userId: string } | string {
  const at = text.indexOf(':');
  if (at <= 0) {
    return `owner "${text}" is not platform:userId (e.g. "dingtalk:manager1234" or "slack:U0123ABCD")`;
  }
  const platform = text.slice(0, at);
  const userId = text.slice(at + 1);
  if (!(PLATFORMS as string[]).includes(platform)) {
    return `owner "${text}": unknown platform "${platform}" (owners are ${PLATFORMS.filter((p) => p !== 'console')
      .map((p) => `${p}:…`)
      .join(' or ')})`;
  }
  const rule = USER_ID[platform as OwnerPlatform];
  if (!rule.pattern.test(userId)) {
    return `owner "${text}" is not a ${platform} user id (e.g. "${rule.example}")`;
  }
  return { platform: platform as OwnerPlatform, userId };
}

/** A conversation owner's address, or the reason it is not one. */
export function parseConversationKey(text: string): string | undefined {
  return CONVERSATION_KEY.test(text)
    ? undefined
    : `conversation "${text}" is not platform:conversationId (e.g. "dingtalk:cidAbC123==" or "slack:C0123ABCD")`;
}
