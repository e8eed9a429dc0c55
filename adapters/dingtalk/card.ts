import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FoundReply, Reply } from '../../src/reply.js';
import type { ReceiptStatus } from '../../src/supervision/receipt.js';
import { renderMarkdown } from './render.js';

/**
 * The interactive card (互动卡片) reminders and chases use when `DINGTALK_CARD_TEMPLATE_ID` is set.
 * The admin builds the template in the card platform with these variables and buttons (README,
 * "DingTalk cards"); every value is a string, as the card API wants.
 */
export interface CardParams extends Record<string, string> {
  /** 【截止提醒】… / 【催办】… */
  title: string;
  /** The reminder as markdown: due date, days left, the quoted sentence, how to answer. */
  content: string;
  /** "已完成 1/3 · 已阅 2/3", or empty before anyone answered. */
  progress: string;
}

/** Button action ids in the template; `params.action` of `read`/`done` works as well. */
export const CARD_ACTIONS = { read: 'mark_read', done: 'mark_done' } as const;

/** The card's variables for a reply: markdown made inert by `renderMarkdown`, like every other post. */
export function cardParams(reply: Reply): CardParams {
  const markdown = renderMarkdown(reply);
  const [title = '', ...rest] = markdown.text.split('\n\n');
  const progress = reply.found ? reply.reminder?.progress : undefined;
  return {
    title: markdown.title || title,
    content: rest.join('\n\n'),
    progress: progress && progress.total > 0 ? `${progress.done}/${progress.total}` : '',
  };
}

/**
 * A card's `outTrackId` names what it reminds of, so a click can be traced back without a lookup:
 * `dbot.<deadline>.<due date>.<conversation, base64url>.<random>`. Only the bot creates cards, and
 * their callbacks come over its own authenticated stream, so the id is trusted.
 */
export function outTrackIdFor(reply: FoundReply, conversationId: string): string | undefined {
  if (!reply.reminder) return undefined;
  const conversation = Buffer.from(conversationId).toString('base64url');
  return `dbot.${reply.reminder.deadlineId}.${reply.reminder.occurrence}.${conversation}.${randomBytes(6).toString('hex')}`;
}

const OUT_TRACK_ID = /^dbot\.([a-z0-9][a-z0-9-]*)\.(\d{4}-\d{2}-\d{2})\.([\w-]+)\.[0-9a-f]+$/;

/** One 已阅/已完成 click on a card, from a `TOPIC_CARD` callback's `data`. */
export interface CardClick {
  outTrackId: string;
  /** The clicker's staff id (`userIdType` 1, as the cards are created). */
  userId: string;
  deadlineId: string;
  occurrence: string;
  conversationId: string;
  status: ReceiptStatus;
}

const callbackSchema = z.object({
  type: z.string().optional(),
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  content: z.string(),
});

const contentSchema = z.object({
  cardPrivateData: z
    .object({
      actionIds: z.array(z.string()).optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

/**
 * Reads a card callback (`{ type: 'actionCallback', outTrackId, userId, content: "{\"cardPrivateData\":…}" }`,
 * with `content` itself JSON). Returns undefined for a card or a button that is not ours.
 */
export function parseCardClick(data: string): CardClick | undefined {
  const callback = callbackSchema.safeParse(JSON.parse(data));
  if (!callback.success) throw new Error(`card callback is not valid: ${callback.error.issues[0]?.message}`);
  const { outTrackId, userId, content } = callback.data;
  const ids = OUT_TRACK_ID.exec(outTrackId);
  if (!ids) return undefined;
  const parsed = contentSchema.safeParse(JSON.parse(content));
  if (!parsed.success) return undefined;
  const privateData = parsed.data.cardPrivateData;
  const action = privateData?.actionIds?.[0] ?? '';
  const param = privateData?.params?.action;
  // The card platform suffixes ids of buttons built from a list (mark_done0); the prefix is what counts.
  const status: ReceiptStatus | undefined =
    action.startsWith(CARD_ACTIONS.done) || param === 'done'
      ? 'done'
      : action.startsWith(CARD_ACTIONS.read) || param === 'read'
        ? 'read'
        : undefined;
  if (!status) return undefined;
  return {
    outTrackId,
    userId,
    deadlineId: ids[1] as string,
    occurrence: ids[2] as string,
    conversationId: Buffer.from(ids[3] as string, 'base64url').toString(),
    status,
  };
}
