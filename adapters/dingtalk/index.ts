import { TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import type { Bot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { messages } from '../../src/messages.js';
import type { Notifier } from '../../src/notifier.js';
import { notice, type Reply } from '../../src/reply.js';
import type { Store } from '../../src/store/store.js';
import type { BackoffOptions } from './backoff.js';
import { cardParams, parseCardClick } from './card.js';
import { Connection, type ConnectionStatus } from './connection.js';
import { dingtalkNotifier } from './notifier.js';
import { DingTalkOpenApi } from './open-api.js';
import { renderMarkdown, renderWebhookBody } from './render.js';
import { parseRobotMessage, type RobotMessage, toIncoming } from './robot-message.js';
import { postToSessionWebhook } from './session-webhook.js';
import { StreamClient } from './stream-client.js';

export interface DingTalkOptions {
  dingtalk: NonNullable<Config['dingtalk']>;
  bot: Bot;
  store: Store;
  logger: Logger;
  /** Times retries and keepalives. Default: real timers that keep the process alive while waiting. */
  clock?: Clock;
  /** Reconnect delays. Default 1 s doubling to 60 s, with jitter. */
  backoff?: BackoffOptions;
  /** Keepalive ping interval, in ms. Default 8 000. */
  keepaliveMs?: number;
  /** Bound on each gateway, webhook and OpenAPI call, in ms. Default 10 000. */
  requestTimeoutMs?: number;
}

export interface DingTalkAdapter {
  /** Posts to a group by its `conversationId` (reminders, admin notices). */
  notifier: Notifier;
  status(): ConnectionStatus;
  /** Closes the stream and cancels every pending reconnect and keepalive; nothing connects afterwards. */
  stop(): Promise<void>;
}

/**
 * Unlike `systemClock`, these timers are not unref'd: while the gateway is down, the pending
 * reconnect is what keeps a DingTalk-only process alive. `stop()` cancels it.
 */
const processClock: Clock = {
  now: () => new Date(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  },
};

/**
 * Connects the robot over Stream mode and answers its messages: each callback is acked, each
 * `msgId` answered once (dedup in SQLite, so redeliveries after a restart stay quiet), and the reply
 * posted to the message's `sessionWebhook`. Resolves after the first connection attempt, whether it
 * connected or not; later attempts back off.
 */
export async function startDingTalk(opts: DingTalkOptions): Promise<DingTalkAdapter> {
  const { dingtalk, bot, store, logger } = opts;
  const clock = opts.clock ?? processClock;
  const requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;

  const client = new StreamClient({
    clientId: dingtalk.clientId,
    clientSecret: dingtalk.clientSecret,
    gatewayUrl: dingtalk.gatewayUrl,
    requestTimeoutMs,
    onError: (error, where) => logger.error({ err: error, where }, 'dingtalk stream error'),
  });
  const api = new DingTalkOpenApi({ ...dingtalk, clock, requestTimeoutMs });

  async function deliver(message: RobotMessage, reply: Reply): Promise<void> {
    const isDirect = message.conversationType === '1';
    const isGroup = !isDirect;
    if (clock.now().getTime() < message.sessionWebhookExpiredTime) {
      const body = renderWebhookBody(reply, { isDirect, mentionUserId: isGroup ? message.senderStaffId : undefined });
      await postToSessionWebhook(message.sessionWebhook, body, requestTimeoutMs);
    } else if (isGroup) {
      // The webhook lapsed (a slow answer or a late redelivery); a group can still be reached directly.
      await api.sendGroupMarkdown(message.conversationId, renderMarkdown(reply));
    } else {
      logger.warn({ msgId: message.msgId }, 'sessionWebhook expired before the reply; a direct chat cannot be reached');
    }
  }

  async function answer(data: string): Promise<void> {
    let message: RobotMessage | undefined;
    try {
      message = parseRobotMessage(data);
      if (!(await store.claimEvent('dingtalk', message.msgId))) {
        logger.debug({ msgId: message.msgId }, 'redelivered message ignored');
        return;
      }
      const incoming = toIncoming(message);
      if (!incoming || !(incoming.isDirect || incoming.mentionsBot)) return;
      // The bot posts through this inside its admission slot, and apologises itself if the post fails.
      const received = message;
      await bot.handle(incoming, (reply) => deliver(received, reply));
    } catch (error) {
      logger.error({ err: error, msgId: message?.msgId }, 'failed to answer a dingtalk message');
      if (!message) return;
      await deliver(message, notice(messages.apology)).catch((e: unknown) =>
        logger.error({ err: e, msgId: message?.msgId }, 'could not send the apology either'),
      );
    }
  }

  /**
   * A 已阅/已完成 click on a card: recorded as the clicker's own receipt, then the card's counts are
   * updated for everyone and the clicker's confirmation shown to them alone. The update is a separate
   * call after the ack, as DingTalk asks (no update API call inside the 2-second callback).
   */
  async function onCardClick(data: string): Promise<void> {
    try {
      const click = parseCardClick(data);
      if (!click) {
        logger.debug('card callback for a card or button that is not a receipt');
        return;
      }
      const outcome = await bot.mark({
        incoming: {
          text: '',
          platform: 'dingtalk',
          userId: click.userId,
          conversationId: click.conversationId,
          isDirect: false,
          mentionsBot: true,
        },
        status: click.status,
        deadlineId: click.deadlineId,
        occurrence: click.occurrence,
        via: 'card',
        messageRef: click.outTrackId,
      });
      if (!outcome) return;
      const params = outcome.isRecorded && outcome.reminder ? cardParams(outcome.reminder) : {};
      await api.updateCard(click.outTrackId, params, {
        [click.userId]: { myStatus: renderMarkdown(outcome.reply).text },
      });
    } catch (error) {
      logger.error({ err: error }, 'failed to handle a card click');
    }
  }

  client.registerCallbackListener(TOPIC_CARD, (frame) => {
    if (frame?.headers?.messageId) client.acknowledge(frame.headers.messageId, {});
    else logger.warn('card callback without a messageId');
    void onCardClick(frame?.data);
  });

  client.registerCallbackListener(TOPIC_ROBOT, (frame) => {
    // Ack first: DingTalk redelivers an unacknowledged callback within about 60 s.
    if (frame?.headers?.messageId) client.acknowledge(frame.headers.messageId);
    else logger.warn('robot callback without a messageId');
    void answer(frame?.data);
  });

  const connection = new Connection(client, {
    clock,
    logger,
    backoff: opts.backoff,
    keepaliveMs: opts.keepaliveMs,
  });
  await connection.start();

  return {
    notifier: dingtalkNotifier(api, logger),
    status: () => connection.status(),
    stop: () => connection.stop(),
  };
}
