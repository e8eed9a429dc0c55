// PLACEHOLDER: the serve composition (Slack, DingTalk, reminders, ops) is being built; this runs the terminal chat.
import { createBot } from '../../src/bot.js';
import { runChat } from '../console/chat.js';
import { openContext } from './context.js';
import type { Flags } from './main.js';

export async function runServe(flags: Flags): Promise<void> {
  const { config, logger, library } = openContext(flags);
  const bot = createBot({ admins: config.admins, timezone: config.timezone }, { library, logger });
  await runChat(bot, { input: process.stdin, output: process.stdout, color: Boolean(process.stdout.isTTY) });
}
