import type { types } from '@slack/bolt';
import { messages } from '../../src/messages.js';
import type { Citation, Reply } from '../../src/reply.js';
import { chunk, emphasise, escapeMrkdwn, truncate } from './mrkdwn.js';

type Block = types.KnownBlock;
type Button = types.Button;

/** What `chat.postMessage`, `chat.postEphemeral` and a slash command's response take. */
export interface SlackMessage {
  /** Plain fallback for notifications and clients without Block Kit; escaped like the blocks. */
  text: string;
  blocks: Block[];
}

/** The `action_id`s our buttons carry; the listeners match on them. */
export const actionIds = {
  viewSource: 'view_source',
  voteUp: 'vote_up',
  voteDown: 'vote_down',
  /** Suffixed with the button's position: Slack wants action ids unique within a block. */
  askSuggestion: 'ask_suggestion',
  /** 已阅 / 已完成 on a reminder; the value is a `MarkValue`. */
  markRead: 'mark_read',
  markDone: 'mark_done',
} as const;

/** The value of a 已阅/已完成 button: the deadline and the round (its due date) it marks. */
export interface MarkValue {
  d: string;
  o: string;
}

/** Only ids of this shape become a live `<@U…>`; the bot builds every mention itself. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** The value of a 👍/👎 button: the question it answered and the first citation's ref. */
export interface VoteValue {
  q: string;
  r?: string;
}

// Block Kit limits (docs: "Blocks", "Block elements"); going over makes Slack reject the whole message.
const MAX_SECTION_CHARS = 3_000;
const MAX_CONTEXT_CHARS = 2_000;
const MAX_BLOCKS = 50;
const MAX_HOME_BLOCKS = 100;
const MAX_BUTTON_LABEL_CHARS = 75;
const MAX_BUTTON_VALUE_CHARS = 2_000;
const MAX_BUTTONS = 5;
/** The fallback is what a phone notification shows; a whole paragraph there is noise. */
const MAX_FALLBACK_CHARS = 3_000;
/** Enough of the question to review feedback by, well inside a button's 2,000-character value. */
const MAX_QUESTION_IN_VALUE = 300;

export interface RenderOptions {
  /** The question asked; with it, answers carry 👍/👎 buttons that store the vote with the question. */
  question?: string;
}

/**
 * Renders a reply as Block Kit: the answer with matched terms in bold, a context line per citation,
 * a "查看原文" button per excerpt, 👍/👎 for answers, and suggestions as buttons that ask them.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const body = reply.kind === 'answer' ? answerBlocks(reply.citations) : textBlocks(reply);
  const tail: Block[] = [];
  const mentions = (reply.mentions ?? []).filter((p) => p.platform === 'slack' && SLACK_USER_ID.test(p.userId));
  if (mentions.length > 0) {
    tail.push(section(truncate(mentions.map((p) => `<@${p.userId}>`).join(' '), MAX_SECTION_CHARS)));
  }
  if (reply.found && reply.reminder) {
    const value = JSON.stringify({ d: reply.reminder.deadlineId, o: reply.reminder.occurrence } satisfies MarkValue);
    tail.push({
      type: 'actions',
      block_id: 'receipt',
      elements: [
        button(messages.buttonRead, actionIds.markRead, value),
        { ...button(messages.buttonDone, actionIds.markDone, value), style: 'primary' },
      ],
    });
  }
  const suggestions = reply.suggestions.slice(0, MAX_BUTTONS);
  if (suggestions.length > 0) {
    tail.push({
      type: 'actions',
      block_id: 'suggestions',
      elements: suggestions.map((s, i) => button(s, `${actionIds.askSuggestion}_${i}`, s)),
    });
  }
  if (options.question !== undefined && (reply.kind === 'answer' || reply.kind === 'list')) {
    // Slack markup (`<!channel>`, `<@U…>`) is noise to whoever reviews feedback, and must not ride along in a post.
    const question = options.question
      .replace(/<[!@#][^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const value: VoteValue = { q: cutChars(question, MAX_QUESTION_IN_VALUE), r: reply.citations[0]?.ref };
    const json = JSON.stringify(value);
    tail.push({
      type: 'actions',
      block_id: 'feedback',
      elements: [button('👍', actionIds.voteUp, json), button('👎', actionIds.voteDown, json)],
    });
  }
  return {
    text: truncate(escapeMrkdwn(reply.text), MAX_FALLBACK_CHARS),
    blocks: [...body.slice(0, MAX_BLOCKS - tail.length), ...tail],
  };
}

/** App Home: what is due (whatever `bot.deadlines()` says), then how to ask. */
export function renderHome(deadlines: Reply, command: string): { type: 'home'; blocks: Block[] } {
  const head: Block[] = [{ type: 'header', text: { type: 'plain_text', text: messages.homeDeadlinesTitle } }];
  const foot: Block[] = [
    { type: 'divider' },
    ...chunk(escapeMrkdwn(`${messages.homeHowToAsk(command)}\n\n${messages.help}`), MAX_SECTION_CHARS).map(section),
  ];
  const body = textBlocks(deadlines).slice(0, MAX_HOME_BLOCKS - head.length - foot.length);
  return { type: 'home', blocks: [...head, ...body, ...foot] };
}

function answerBlocks(citations: Citation[]): Block[] {
  const blocks: Block[] = [];
  citations.forEach((c, i) => {
    const lead = i === 0 ? `${escapeMrkdwn(messages.answerLead(c.docTitle))}\n` : '';
    const quote = `>${emphasise(c.excerpt, c.marks).replace(/\n/g, '\n>')}`;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(lead + quote, MAX_SECTION_CHARS) },
      accessory: button(messages.viewSource, actionIds.viewSource, c.ref),
    });
    blocks.push(citationContext(c));
  });
  return blocks;
}

/** Replies whose meaning is their text (lists, deadlines, notices, the source paragraph). */
function textBlocks(reply: Reply): Block[] {
  const text =
    reply.kind === 'not-covered' && reply.suggestions.length > 0
      ? `${messages.notCovered}\n${messages.notCoveredWithTopics}`
      : reply.text;
  const blocks = chunk(escapeMrkdwn(text), MAX_SECTION_CHARS).map(section);
  // The source paragraph and the deadline list already name, in their text, where each part comes from.
  if (reply.kind === 'source' || reply.kind === 'deadlines') return blocks;
  const seen = new Set<string>();
  for (const c of reply.citations) {
    if (seen.has(c.ref)) continue;
    seen.add(c.ref);
    blocks.push(citationContext(c));
  }
  return blocks;
}

function citationContext(c: Citation): Block {
  return {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncate(escapeMrkdwn(`${messages.sourceLabel}:${c.label} · 《${c.docTitle}》`), MAX_CONTEXT_CHARS),
      },
    ],
  };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function button(label: string, actionId: string, value: string): Button {
  return {
    type: 'button',
    // plain_text is never parsed for mentions, so the label needs no escaping.
    text: { type: 'plain_text', text: truncate(label, MAX_BUTTON_LABEL_CHARS), emoji: true },
    action_id: actionId,
    value: cutChars(value, MAX_BUTTON_VALUE_CHARS),
  };
}

/** At most `max` characters (code points), for values that must stay parseable rather than show `…`. */
function cutChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max).join('');
}
