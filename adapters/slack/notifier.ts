import { webApi as slackWebApi, type webApi } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import type { Notifier } from '../../src/notifier.js';
import { renderReply } from './render.js';

/** Bolt's Web API default is ten retries over half an hour, which would stall start-up and every reminder. */
export function slackClientOptions(slack: NonNullable<Config['slack']>): webApi.WebClientOptions {
  return {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    timeout: 10_000,
  };
}

/** Posts replies (reminders) to a channel with `chat.postMessage`; throws when Slack refuses. */
export function slackNotifier(client: webApi.WebClient): Notifier {
  return {
    platform: 'slack',
    async send(channelId, reply) {
      const posted = await client.chat.postMessage({ channel: channelId, ...renderReply(reply) });
      return posted.ts;
    },
    async update(channelId, ts, reply) {
      await client.chat.update({ channel: channelId, ts, ...renderReply(reply) });
    },
  };
}

/** A notifier that needs no running app: for one-shot `reminders send-due`. */
export function standaloneSlackNotifier(slack: NonNullable<Config['slack']>): Notifier {
  return slackNotifier(new slackWebApi.WebClient(slack.botToken, slackClientOptions(slack)));
}
