import { webApi as slackWebApi, type webApi } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import { boltLogger } from './bolt-logger.js';
import { renderReply } from './render.js';

/**
 * Bolt's Web API default is ten retries over half an hour, which would stall start-up and every reminder.
 * With `logger`, the client's own lines (a rate limit, a retry) go to our log; without one it would print
 * them to stdout, which belongs to results.
 */
export function slackClientOptions(slack: NonNullable<Config['slack']>, logger?: Logger): webApi.WebClientOptions {
  return {
    ...(logger ? { logger: boltLogger(logger) } : {}),
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    timeout: 10_000,
  };
}

/** The metadata event type our reminders carry; `event_payload.delivery` is the reminder's delivery key. */
export const REMINDER_EVENT_TYPE = 'directive_bot_reminder';

/** Slack errors that mean "cannot look", not "not there": the re-send then says it may repeat. */
const CANNOT_READ_HISTORY = new Set(['missing_scope', 'not_in_channel', 'channel_not_found', 'not_allowed_token_type']);

/** Pages of history searched for an earlier send, 200 messages each: a reminder is hours old at most. */
const HISTORY_PAGES = 5;

/**
 * Posts replies (reminders) to a channel with `chat.postMessage`; throws when Slack refuses. A reminder
 * carries message metadata naming its delivery, and `findDelivered` looks for it in `conversations.history`
 * (`include_all_metadata`), so a send interrupted after Slack took the message is not posted twice.
 */
export function slackNotifier(client: webApi.WebClient): Notifier {
  return {
    platform: 'slack',
    async send(channelId, reply, options) {
      const posted = await client.chat.postMessage({
        channel: channelId,
        ...renderReply(reply),
        ...(options?.deliveryKey
          ? { metadata: { event_type: REMINDER_EVENT_TYPE, event_payload: { delivery: options.deliveryKey } } }
          : {}),
      });
      return posted.ts;
    },
    async update(channelId, ts, reply) {
      await client.chat.update({ channel: channelId, ts, ...renderReply(reply) });
    },
    async findDelivered(channelId, deliveryKey, since) {
      let cursor: string | undefined;
      try {
        for (let page = 0; page < HISTORY_PAGES; page++) {
          const history = await client.conversations.history({
            channel: channelId,
            oldest: (since.getTime() / 1000).toFixed(6),
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          });
          const found = (history.messages ?? []).some(
            (m) =>
              m.metadata?.event_type === REMINDER_EVENT_TYPE &&
              (m.metadata.event_payload as { delivery?: unknown } | undefined)?.delivery === deliveryKey,
          );
          if (found) return true;
          cursor = history.response_metadata?.next_cursor || undefined;
          if (!history.has_more || !cursor) return false;
        }
        // More history than a reminder's lifetime can hold: cannot be sure.
        return undefined;
      } catch (error) {
        const code = (error as { data?: { error?: unknown } }).data?.error;
        if (typeof code === 'string' && CANNOT_READ_HISTORY.has(code)) return undefined;
        throw error;
      }
    },
  };
}

/** A notifier that needs no running app: for one-shot `reminders send-due`. */
export function standaloneSlackNotifier(slack: NonNullable<Config['slack']>, logger: Logger): Notifier {
  return slackNotifier(new slackWebApi.WebClient(slack.botToken, slackClientOptions(slack, logger)));
}
