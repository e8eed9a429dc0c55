import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, Context, RespondFn } from '@slack/bolt';
import type { Bot } from '../../src/bot.js';
import type { Logger } from '../../src/logger.js';
import { messages } from '../../src/messages.js';
import { notice } from '../../src/reply.js';
import type { Store } from '../../src/store/store.js';
import { actionIds, type MarkValue, renderHome, renderReply, type SlackMessage, type VoteValue } from './render.js';
import { incomingFromCommand, incomingFromEvent, reasonToIgnore, type SlackMessageEvent } from './slack-incoming.js';

type WebClient = AllMiddlewareArgs['client'];

export interface ListenerDeps {
  bot: Bot;
  store: Store;
  logger: Logger;
  /** The slash command, e.g. `/directive`. */
  command: string;
}

/** The apology, rendered once: it is what every failed handler answers with. */
const apology = renderReply(notice(messages.apology));

/**
 * Registers what the bot listens to: mentions in channels, direct messages, the slash command,
 * its buttons and App Home. Each handler catches its own errors, logs them and apologises, so one
 * bad event never takes the process down; `app.error` catches whatever escapes Bolt's middleware.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const log = deps.logger;

  /** Answers one message event once: not bots, not edits, not an event id seen before (retries included). */
  async function answerEvent(
    event: SlackMessageEvent,
    body: { event_id?: string; team_id?: string },
    context: Context,
    client: WebClient,
    threadTs: string | undefined,
  ): Promise<void> {
    const elog = log.child({ event: body.event_id, channel: event.channel });
    // A retry is not dropped on sight: the first delivery may never have reached us (restart, socket down).
    // The event id claim below is what keeps a retry of an answered event from being answered twice.
    const reason = reasonToIgnore(event);
    if (reason) {
      elog.debug({ reason }, 'ignored a message');
      return;
    }
    if (body.event_id && !(await deps.store.claimEvent('slack', body.event_id))) {
      elog.debug('ignored an event already answered');
      return;
    }
    try {
      const incoming = incomingFromEvent(event, { teamId: body.team_id, botUserId: context.botUserId });
      // The bot posts through this inside its admission slot, and apologises itself if the post fails.
      await deps.bot.handle(incoming, async (reply) => {
        await client.chat.postMessage({
          channel: event.channel,
          thread_ts: threadTs,
          ...renderReply(reply, { question: incoming.text }),
        });
      });
    } catch (error) {
      elog.error({ err: error }, 'failed to answer a Slack message');
      await postQuietly(client, { channel: event.channel, thread_ts: threadTs, ...apology }, elog);
    }
  }

  app.event('app_mention', async ({ event, body, context, client }) => {
    const e = event as unknown as SlackMessageEvent;
    // A mention inside a direct message also arrives as `message.im`; that listener answers it.
    if (e.channel.startsWith('D')) return;
    await answerEvent(e, body, context, client, e.thread_ts ?? e.ts);
  });

  app.event('message', async ({ event, body, context, client }) => {
    const e = event as unknown as SlackMessageEvent;
    if (e.channel_type !== 'im') return;
    await answerEvent(e, body, context, client, e.thread_ts);
  });

  app.command(deps.command, async ({ command, ack }) => {
    let acked = false;
    try {
      const incoming = incomingFromCommand(command);
      const reply = await deps.bot.handle(incoming);
      acked = true;
      // The answer rides in the acknowledgement itself: seen only by the asker, and works in channels the bot is not in.
      await ack(reply ? { response_type: 'ephemeral', ...renderReply(reply, { question: incoming.text }) } : undefined);
    } catch (error) {
      log.error({ err: error, command: command.command }, 'failed to answer a slash command');
      if (!acked) await ack({ response_type: 'ephemeral', ...apology });
    }
  });

  app.action<BlockAction<ButtonAction>>(actionIds.viewSource, async ({ ack, body, action, client, respond }) => {
    await ack();
    try {
      const source = deps.bot.source(action.value ?? '');
      await tellPrivately(client, respond, body, renderReply(source));
    } catch (error) {
      log.error({ err: error, ref: action.value }, 'failed to show a source paragraph');
      await tellPrivately(client, respond, body, apology).catch(() => {});
    }
  });

  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^(${actionIds.voteUp}|${actionIds.voteDown})$`),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      try {
        const value = parseVote(action.value);
        await deps.store.recordFeedback({
          platform: 'slack',
          userId: body.user.id,
          question: value.q,
          ref: value.r,
          vote: action.action_id === actionIds.voteUp ? 1 : -1,
        });
        await tellPrivately(client, respond, body, renderReply(notice(messages.feedbackThanks)));
      } catch (error) {
        log.error({ err: error }, 'failed to record feedback');
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${actionIds.askSuggestion}_\\d+$`),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id;
      const threadTs = body.message?.thread_ts;
      try {
        if (!channel) return;
        const text = action.value ?? '';
        const suggested = {
          text,
          platform: 'slack' as const,
          userId: body.user.id,
          teamId: body.team?.id,
          conversationId: channel,
          isDirect: channel.startsWith('D'),
          mentionsBot: true,
        };
        await deps.bot.handle(suggested, async (reply) => {
          const message = renderReply(reply, { question: text });
          // A suggestion under a private answer (the slash command's) is answered privately too.
          if (!body.message) await respond({ response_type: 'ephemeral', replace_original: false, ...message });
          else await client.chat.postMessage({ channel, thread_ts: threadTs, ...message });
        });
      } catch (error) {
        log.error({ err: error, channel }, 'failed to answer a suggested question');
        if (channel) await postQuietly(client, { channel, thread_ts: threadTs, ...apology }, log);
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^(${actionIds.markRead}|${actionIds.markDone})$`),
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id;
      const ts = body.message?.ts ?? body.container?.message_ts;
      try {
        const value = parseMark(action.value);
        if (!channel || !value) return;
        const outcome = await deps.bot.mark({
          // The clicker is whoever Slack says clicked: a receipt is never for anyone else.
          incoming: {
            text: '',
            platform: 'slack',
            userId: body.user.id,
            userName: body.user.name ?? body.user.username,
            teamId: body.team?.id ?? body.user.team_id,
            conversationId: channel,
            isDirect: channel.startsWith('D'),
            mentionsBot: true,
          },
          status: action.action_id === actionIds.markDone ? 'done' : 'read',
          deadlineId: value.d,
          occurrence: value.o,
          via: 'button',
          messageRef: ts,
        });
        if (!outcome) return;
        if (outcome.isRecorded && outcome.reminder && body.message && ts) {
          await client.chat.update({ channel, ts, ...renderReply(outcome.reminder) });
        }
        await tellPrivately(client, respond, body, renderReply(outcome.reply));
      } catch (error) {
        log.error({ err: error, channel }, 'failed to record a 已阅/已完成 click');
        await tellPrivately(client, respond, body, apology).catch(() => {});
      }
    },
  );

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({ user_id: event.user, view: renderHome(deps.bot.deadlines(), deps.command) });
    } catch (error) {
      log.error({ err: error, user: event.user }, 'failed to publish App Home');
    }
  });

  app.error(async (error) => {
    log.error({ err: error, code: (error as { code?: string }).code }, 'Slack handler failed');
  });
}

/**
 * An ephemeral note to whoever clicked: `chat.postEphemeral` where the button sits in a channel
 * message, the response URL where it sits in an ephemeral one (Slack keeps no channel message for those).
 */
async function tellPrivately(
  client: WebClient,
  respond: RespondFn,
  body: BlockAction,
  message: SlackMessage,
): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (body.message && channel) {
    await client.chat.postEphemeral({ channel, user: body.user.id, thread_ts: body.message.thread_ts, ...message });
  } else {
    await respond({ response_type: 'ephemeral', replace_original: false, ...message });
  }
}

function parseMark(value: string | undefined): MarkValue | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<MarkValue>;
    return typeof parsed.d === 'string' && typeof parsed.o === 'string' ? { d: parsed.d, o: parsed.o } : undefined;
  } catch {
    return undefined;
  }
}

function parseVote(value: string | undefined): VoteValue {
  const parsed = JSON.parse(value ?? '{}') as Partial<VoteValue>;
  return { q: typeof parsed.q === 'string' ? parsed.q : '', r: typeof parsed.r === 'string' ? parsed.r : undefined };
}

/** Posting the apology is best effort: if Slack is what failed, it fails too, and the log already says why. */
async function postQuietly(
  client: WebClient,
  message: SlackMessage & { channel: string; thread_ts: string | undefined },
  log: Logger,
): Promise<void> {
  try {
    await client.chat.postMessage(message);
  } catch (error) {
    log.warn({ err: error }, 'could not post the apology either');
  }
}
