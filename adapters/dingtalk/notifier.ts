import { systemClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import type { Reply } from '../../src/reply.js';
import { cardParams, outTrackIdFor } from './card.js';
import { DingTalkOpenApi, OpenApiError } from './open-api.js';
import { renderMarkdown, STAFF_ID } from './render.js';

/**
 * Posts replies (reminders, chases) to a group through the OpenAPI; throws when DingTalk refuses.
 * With a card template, reminders and chases are interactive cards whose 已阅/已完成 buttons answer
 * over the stream, and a chase @-mentions its people through the card's `atUserIds` (never @all).
 * Without one they are markdown carrying the text commands: the robot's group-message API can
 * neither take a button click back nor @ anyone.
 */
export function dingtalkNotifier(api: DingTalkOpenApi, logger?: Logger): Notifier {
  return {
    platform: 'dingtalk',
    async send(conversationId: string, reply: Reply) {
      const outTrackId = api.cardTemplateId && reply.found ? outTrackIdFor(reply, conversationId) : undefined;
      if (!outTrackId) return api.sendGroupMarkdown(conversationId, renderMarkdown(reply));
      const atUserIds = Object.fromEntries(
        (reply.mentions ?? [])
          .filter((p) => p.platform === 'dingtalk' && STAFF_ID.test(p.userId))
          .map((p) => [p.userId, p.name.replace(/@/g, '＠')]),
      );
      try {
        await api.createAndDeliverCard(conversationId, outTrackId, cardParams(reply), atUserIds);
        return outTrackId;
      } catch (error) {
        // A refused card (template not published, not linked to the app, a permission missing) must not
        // hold the reminder back: it goes out as markdown with the text commands. Outages are retried.
        if (!(error instanceof OpenApiError) || error.status < 400 || error.status >= 500 || error.status === 401) {
          throw error;
        }
        logger?.error({ err: error, conversationId }, 'DingTalk refused the card; sent the reminder as markdown');
        await api.sendGroupMarkdown(conversationId, renderMarkdown(reply));
        return undefined;
      }
    },
    async update(_conversationId, outTrackId, reply) {
      // Markdown messages cannot be changed; only cards (whose ids the bot made) are updated.
      if (outTrackId.startsWith('dbot.')) await api.updateCard(outTrackId, cardParams(reply));
    },
  };
}

/** A notifier that needs no stream connection: for one-shot `reminders send-due`. */
export function standaloneDingTalkNotifier(dingtalk: NonNullable<Config['dingtalk']>): Notifier {
  return dingtalkNotifier(new DingTalkOpenApi({ ...dingtalk, clock: systemClock }));
}
