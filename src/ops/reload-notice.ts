import { splitConversationKey } from '../incoming.js';
import type { Logger } from '../logger.js';
import { messages } from '../messages.js';
import type { Notifier } from '../notifier.js';
import { notice } from '../reply.js';
import type { ReloadResult } from './knowledge-watcher.js';

/**
 * Tells the admins' conversation (`ADMIN_CONVERSATION`, e.g. `dingtalk:cidAbC123==`) when a knowledge
 * reload fails, with each file:line problem, and once more when a later reload succeeds. Successful
 * reloads after successful ones stay quiet: an admin editing a file needs no message per save.
 * `notifiers` is read at each reload, so adapters started later are found.
 */
export function reloadNotice(
  adminConversation: string | undefined,
  notifiers: ReadonlyMap<string, Notifier>,
  logger: Logger,
): (result: ReloadResult) => Promise<void> {
  let isFailing = false;
  return async (result) => {
    const wasFailing = isFailing;
    isFailing = !result.ok;
    if (!adminConversation || (result.ok && !wasFailing)) return;
    const { platform, conversationId } = splitConversationKey(adminConversation);
    const notifier = notifiers.get(platform);
    if (!notifier) {
      logger.warn({ adminConversation }, 'no running platform for ADMIN_CONVERSATION; reload result not sent');
      return;
    }
    const text = result.ok
      ? messages.reloaded(result.library.directives.length, result.library.index.passages.length)
      : messages.reloadFailed(result.error.errors.map((e) => e.message));
    try {
      await notifier.send(conversationId, notice(text));
    } catch (error) {
      logger.error({ err: error, adminConversation }, 'could not tell the admins about the reload');
    }
  };
}
