import { truncate } from '../../src/characters.js';
import { sourceRequest } from '../../src/commands.js';
import { messages } from '../../src/messages.js';
import type { Citation, FoundReply, Reply } from '../../src/reply.js';

/** DingTalk's `markdown` message: `title` is what notifications and the chat list show. */
export interface DingTalkMarkdown {
  title: string;
  text: string;
}

/** A reply posted to a message's `sessionWebhook`. */
export type WebhookBody =
  | { msgtype: 'markdown'; markdown: DingTalkMarkdown; at: { atUserIds: string[]; isAtAll: false } }
  | {
      msgtype: 'actionCard';
      actionCard: { title: string; text: string; singleTitle: string; singleURL: string };
      at: { atUserIds: string[]; isAtAll: false };
    };

/** Notification titles are cut by the client around here; longer ones only hide the end. */
const MAX_TITLE_CHARS = 30;

/**
 * DingTalk only notifies people listed in `at`, but an `@name` in the text still shows as a mention;
 * a full-width ＠ reads the same and mentions no one.
 */
function inert(text: string): string {
  return text.replace(/@/g, '＠');
}

/** Text from the directive or the user, made inert and kept from being read as markdown syntax. */
function escapeMarkdown(text: string): string {
  return inert(text)
    .replace(/([\\*_`[\]])/g, '\\$1')
    .replace(/^([#>])/gm, '\\$1');
}

/** The excerpt with its matched terms in bold. Marks are UTF-16 offsets (`slice` indices), as the core defines them. */
export function emphasise(citation: Citation): string {
  const { excerpt } = citation;
  let out = '';
  let at = 0;
  for (const [start, end] of citation.marks) {
    if (start < at || end <= start || end > excerpt.length) continue;
    out += escapeMarkdown(excerpt.slice(at, start));
    out += `**${escapeMarkdown(excerpt.slice(start, end))}**`;
    at = end;
  }
  return out + escapeMarkdown(excerpt.slice(at));
}

function sourceLine(citation: Citation): string {
  return `> ${messages.sourceLabel}:${escapeMarkdown(citation.label)}`;
}

/** Each line its own paragraph: DingTalk's markdown joins single line breaks. */
function paragraphs(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(escapeMarkdown);
}

function titleOf(reply: Reply): string {
  const firstLine = reply.text.split('\n').find((line) => line.trim() !== '') ?? '';
  return inert(truncate(firstLine, MAX_TITLE_CHARS));
}

function foundBlocks(reply: FoundReply): string[] {
  const [first, ...rest] = reply.citations;
  switch (reply.kind) {
    case 'answer': {
      const blocks = [escapeMarkdown(messages.answerLead(first.docTitle)), emphasise(first), sourceLine(first)];
      if (rest.length > 0) blocks.push(`**${messages.otherSources}**`);
      for (const c of rest) blocks.push(emphasise(c), sourceLine(c));
      return blocks;
    }
    case 'list': {
      const items = reply.items ?? reply.citations.map((c) => c.excerpt);
      return [
        escapeMarkdown(messages.listLead(first.docTitle, items.length)),
        items.map((item, i) => `${i + 1}. ${escapeMarkdown(item)}`).join('\n'),
        sourceLine(first),
      ];
    }
    default:
      // Source paragraphs and deadlines are composed by the core; their text already names each source.
      return paragraphs(reply.text);
  }
}

/** The markdown for any reply: answers with bold terms and quoted sources, anything else as its text. */
export function renderMarkdown(reply: Reply): DingTalkMarkdown {
  const blocks = reply.found ? foundBlocks(reply) : paragraphs(reply.text);
  const shown = reply.text;
  const missing = reply.suggestions.filter((s) => !shown.includes(s));
  if (missing.length > 0) blocks.push(missing.map((s) => `- ${escapeMarkdown(s)}`).join('\n'));
  return { title: titleOf(reply), text: blocks.join('\n\n') };
}

/** Only an id of this shape is written as a live `@` after the text; anything else is not mentioned. */
export const STAFF_ID = /^[\w.-]{1,64}$/;

/** Who a webhook reply goes to. */
export interface WebhookAudience {
  /** A one-to-one chat: the only place the view-source button is offered. */
  isDirect: boolean;
  /** The asker's staff id, @-mentioned after the text (groups only). */
  mentionUserId?: string;
}

/**
 * The body for a `sessionWebhook`. In groups the asker is @-mentioned, and only the asker:
 * `isAtAll` is always false and every `@` echoed from text is inert.
 */
export function renderWebhookBody(reply: Reply, { isDirect, mentionUserId }: WebhookAudience): WebhookBody {
  const markdown = renderMarkdown(reply);
  const mention = mentionUserId !== undefined && STAFF_ID.test(mentionUserId) ? mentionUserId : undefined;
  // In a one-to-one chat a button can send "原文 <ref>" back as the user; in a group that message
  // would not @ the bot, so the bot would never see it.
  if (isDirect && reply.found && reply.kind === 'answer') {
    return {
      msgtype: 'actionCard',
      actionCard: {
        ...markdown,
        singleTitle: messages.viewSource,
        singleURL: `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(sourceRequest(reply.citations[0].ref))}`,
      },
      at: { atUserIds: [], isAtAll: false },
    };
  }
  return {
    msgtype: 'markdown',
    markdown: mention ? { ...markdown, text: `${markdown.text}\n\n@${mention}` } : markdown,
    at: { atUserIds: mention ? [mention] : [], isAtAll: false },
  };
}
