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
  // TODO(lead): wire the platform notifiers once adapters/slack and adapters/dingtalk export them, e.g.
  //   if (config.slack) notifiers.set('slack', (await import('../slack/notifier.js')).slackNotifier(config.slack, logger));
  //   if (config.dingtalk) notifiers.set('dingtalk', (await import('../dingtalk/notifier.js')).dingtalkNotifier(config.dingtalk, logger));
  // Until then their targets fail with "no notifier for platform", are logged, and are retried on a later run.
  if (config.slack || config.dingtalk) {
    logger.warn(
      { slack: Boolean(config.slack), dingtalk: Boolean(config.dingtalk) },
      'platform notifiers are not wired into send-due yet; only console targets are delivered',
    );
  }
  return notifiers;
}
