import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import { consoleNotifier } from '../console/chat.js';

/**
 * The notifiers `reminders send-due` delivers through, built from configuration without starting
 * any listener: a one-shot run only posts. `console:<anything>` targets print to stdout.
 */
export async function notifiersFromConfig(config: Config, logger: Logger): Promise<Map<string, Notifier>> {
  const notifiers = new Map<string, Notifier>([['console', consoleNotifier(process.stdout)]]);
  if (config.slack) {
    notifiers.set('slack', (await import('../slack/notifier.js')).standaloneSlackNotifier(config.slack, logger));
  }
  if (config.dingtalk) {
    notifiers.set('dingtalk', (await import('../dingtalk/notifier.js')).standaloneDingTalkNotifier(config.dingtalk));
  }
  logger.debug({ platforms: [...notifiers.keys()] }, 'notifiers ready');
  return notifiers;
}
