import { systemClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { Notifier } from '../../src/notifier.js';
import { DingTalkOpenApi } from './open-api.js';
import { renderMarkdown } from './render.js';

/** Posts replies (reminders) to a group through the OpenAPI; throws when DingTalk refuses. */
export function dingtalkNotifier(api: DingTalkOpenApi): Notifier {
  return {
    platform: 'dingtalk',
    send: (conversationId, reply) => api.sendGroupMarkdown(conversationId, renderMarkdown(reply)),
  };
}

/** A notifier that needs no stream connection: for one-shot `reminders send-due`. */
export function standaloneDingTalkNotifier(dingtalk: NonNullable<Config['dingtalk']>): Notifier {
  return dingtalkNotifier(new DingTalkOpenApi({ ...dingtalk, clock: systemClock }));
}
