import { createInterface } from 'node:readline';
import type { Bot } from '../../src/bot.js';
import { messages } from '../../src/messages.js';
import type { Notifier } from '../../src/notifier.js';
import type { Reply } from '../../src/reply.js';
import { renderTerminal } from './render.js';

/**
 * The terminal chat: what `npm start` runs when no chat platform is configured. It reads one
 * question a line and prints the rendered reply.
 */
export async function runChat(
  bot: Bot,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; color: boolean },
): Promise<void> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: io.color });
  const write = (text: string) => io.output.write(`${text}\n`);
  write(messages.consoleWelcome);
  rl.setPrompt(messages.consolePrompt);
  rl.prompt();
  for await (const line of rl) {
    const reply = await bot.handle({
      text: line,
      platform: 'console',
      userId: 'console',
      conversationId: 'console',
      isDirect: true,
      mentionsBot: false,
      isPlatformAdmin: true,
    });
    if (reply) write(renderTerminal(reply, { color: io.color }));
    rl.prompt();
  }
}

/** Prints reminders to the terminal: the console chat's `Notifier`. */
export function consoleNotifier(output: NodeJS.WritableStream): Notifier {
  return {
    platform: 'console',
    async send(_conversationId: string, reply: Reply) {
      output.write(`\n${messages.consoleReminderTag} ${reply.text}\n`);
    },
  };
}
