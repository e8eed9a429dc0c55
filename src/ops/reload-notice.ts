import { splitConversationKey } from '../incoming.js';
import type { Logger } from '../logger.js';
import { messages } from '../messages.js';
import type { Notifier } from '../notifier.js';
import { notice } from '../reply.js';
import type { ReloadResult } from './knowledge-watcher.js';
import { librarySize } from './library-size.js';

/**
 * Tells the admins' conversation (`ADMIN_CONVERSATION`, e.g. `dingtalk:cidAbC123==`) when a knowledge
 * reload fails, with each file:line problem, and once more when a later reload succeeds. Successful
 * reloads after successful ones stay quiet (an admin editing a file needs no message per save), unless
 * they left no deadline where there were some (every reminder stops) or brought new warnings.
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
    if (!adminConversation) return;
    if (result.ok && !wasFailing && !isNoteworthy(result)) return;
    const { platform, conversationId } = splitConversationKey(adminConversation);
    const notifier = notifiers.get(platform);
    if (!notifier) {
      logger.warn({ adminConversation }, 'no running platform for ADMIN_CONVERSATION; reload result not sent');
      return;
    }
    const text = reloadText(result);
    try {
      await notifier.send(conversationId, notice(text));
    } catch (error) {
      logger.error({ err: error, adminConversation }, 'could not tell the admins about the reload');
    }
  };
}

/** What the last reload did not have that this one has: warnings, or no deadline where there were some. */
function changes(result: ReloadResult & { ok: true }): { lostDeadlines: number; newWarnings: string[] } {
  return {
    lostDeadlines: result.library.deadlines.length === 0 ? result.previous.deadlines.length : 0,
    newWarnings: result.library.warnings.filter((w) => !result.previous.warnings.includes(w)),
  };
}

function isNoteworthy(result: ReloadResult & { ok: true }): boolean {
  const { lostDeadlines, newWarnings } = changes(result);
  return lostDeadlines > 0 || newWarnings.length > 0;
}

/** The admin-facing account of a reload, for ADMIN_CONVERSATION and the 重新加载 command alike. */
export function reloadText(result: ReloadResult): string {
  if (!result.ok) return messages.reloadFailed(result.error.errors.map((e) => e.message));
  const { lostDeadlines, newWarnings } = changes(result);
  return [
    messages.reloaded(result.library.directives.length, librarySize(result.library).passages),
    ...(lostDeadlines > 0 ? [messages.deadlinesDropped(lostDeadlines)] : []),
    ...(newWarnings.length > 0 ? [messages.reloadWarnings(newWarnings)] : []),
  ].join('\n');
}
