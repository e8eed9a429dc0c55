import { z } from 'zod';
import type { Incoming } from '../../src/incoming.js';

/**
 * The fields we use of a robot callback on `TOPIC_ROBOT` (the frame's `data`, itself JSON).
 * `atUsers` and `isInAtList` arrive in real payloads but are missing from the SDK's types.
 */
const robotMessageSchema = z.object({
  msgId: z.string().min(1),
  msgtype: z.string(),
  conversationId: z.string().min(1),
  conversationType: z.enum(['1', '2']),
  senderStaffId: z.string().optional(),
  senderId: z.string().optional(),
  senderNick: z.string().optional(),
  isAdmin: z.boolean().optional(),
  chatbotUserId: z.string().optional(),
  sessionWebhook: z.url(),
  sessionWebhookExpiredTime: z.number(),
  text: z.object({ content: z.string() }).optional(),
  atUsers: z.array(z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() })).optional(),
  isInAtList: z.boolean().optional(),
});

export type RobotMessage = z.output<typeof robotMessageSchema>;

/** Parses a callback's `data`; throws naming the field that is wrong. */
export function parseRobotMessage(data: string): RobotMessage {
  const parsed = robotMessageSchema.safeParse(JSON.parse(data));
  if (!parsed.success) {
    throw new Error(
      `robot callback is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * In a group, DingTalk only delivers messages that @ the robot, so a payload without mention fields
 * counts as a mention; one that lists its mentions without the robot does not.
 */
function mentionsRobot(message: RobotMessage): boolean {
  if (message.isInAtList !== undefined) return message.isInAtList;
  if (message.atUsers === undefined) return true;
  return message.atUsers.some((u) => u.dingtalkId !== undefined && u.dingtalkId === message.chatbotUserId);
}

/**
 * Group messages start with the robot's `@name` when the client leaves it in, followed by a space
 * (DingTalk puts U+2005 there, which `\s` covers).
 */
export function stripLeadingMentions(content: string): string {
  return content.replace(/^\s*(?:@\S+\s+)*/u, '').trim();
}

/** The core's view of a text message, or undefined for messages it never sees (pictures, files). */
export function toIncoming(message: RobotMessage): Incoming | undefined {
  if (message.msgtype !== 'text' || message.text === undefined) return undefined;
  const isDirect = message.conversationType === '1';
  return {
    text: stripLeadingMentions(message.text.content),
    platform: 'dingtalk',
    userId: message.senderStaffId ?? message.senderId ?? 'unknown',
    conversationId: message.conversationId,
    isDirect,
    mentionsBot: isDirect || mentionsRobot(message),
    isPlatformAdmin: message.isAdmin === true,
    userName: message.senderNick,
    // Anyone @-mentioned besides the robot: a 已完成 in such a message might be meant for them, and is refused.
    mentionsSomeoneElse: (message.atUsers ?? []).some(
      (u) => u.dingtalkId !== undefined && u.dingtalkId !== message.chatbotUserId,
    ),
  };
}
