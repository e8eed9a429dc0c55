import type { Incoming } from '../../src/incoming.js';

/** The fields of a Slack message-like event we read; `app_mention` and `message` share them. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  team?: string;
}

/**
 * Why an event is not a question for us, or undefined when it is. Bots (our own replies included)
 * would start loops; subtypes are edits, deletions, joins and the like, never a new question.
 */
export function reasonToIgnore(event: SlackMessageEvent): string | undefined {
  if (event.bot_id || event.subtype === 'bot_message') return 'from a bot';
  if (event.subtype) return `subtype ${event.subtype}`;
  if (!event.user) return 'no sender';
  return undefined;
}

/** A channel mention or a direct message as an `Incoming`, with our own mention taken out of the text. */
export function incomingFromEvent(
  event: SlackMessageEvent,
  options: { teamId: string | undefined; botUserId: string | undefined },
): Incoming {
  const text = event.text ?? '';
  const isDirect = event.channel_type === 'im';
  return {
    text: withoutMention(text, options.botUserId),
    platform: 'slack',
    userId: event.user ?? '',
    teamId: event.team ?? options.teamId,
    conversationId: event.channel,
    isDirect,
    mentionsBot:
      event.type === 'app_mention' || (options.botUserId !== undefined && text.includes(`<@${options.botUserId}`)),
    mentionsSomeoneElse: [...text.matchAll(/<@([UW][A-Z0-9]+)/g)].some((m) => m[1] !== options.botUserId),
  };
}

/** A slash command (`/directive 问题`) as an `Incoming`: addressed to the bot by construction. */
export function incomingFromCommand(command: {
  text: string;
  user_id: string;
  team_id?: string;
  channel_id: string;
  channel_name?: string;
}): Incoming {
  return {
    text: command.text,
    platform: 'slack',
    userId: command.user_id,
    teamId: command.team_id,
    conversationId: command.channel_id,
    isDirect: command.channel_name === 'directmessage' || command.channel_id.startsWith('D'),
    mentionsBot: true,
  };
}

/** `<@U123>` or `<@U123|name>` for our bot user, wherever it appears. */
function withoutMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text;
  return text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ').trim();
}
