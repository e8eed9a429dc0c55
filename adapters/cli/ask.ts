import { createBot } from '../../src/bot.js';
import type { Incoming } from '../../src/incoming.js';
import { notice, replyToJson } from '../../src/reply.js';
import { renderTerminal } from '../console/render.js';
import { CliError, openContext } from './context.js';
import { inputLines } from './input-lines.js';

export interface AskFlags {
  json?: boolean;
  jsonl?: boolean;
  knowledge?: string;
}

const asker = (text: string): Incoming => ({
  text,
  platform: 'cli',
  userId: 'cli',
  conversationId: 'cli',
  isDirect: true,
  mentionsBot: false,
});

/**
 * `ask "问题"`, `ask --json "问题"`, and `ask --jsonl`: one question a line on stdin, one reply JSON
 * a line on stdout, in order. Every input line gets exactly one output line, whatever it holds.
 */
export async function runAsk(
  flags: AskFlags,
  words: string[],
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; isTTY: boolean },
): Promise<void> {
  // Answers go to stdout; only warnings and errors may reach stderr.
  const { config, logger, library } = await openContext(flags, process.env, 'warn');
  const bot = createBot({ admins: config.admins, timezone: config.timezone }, { library, logger });
  if (flags.jsonl) {
    // The replies to the lines already read go out in one write once the next line must be waited for
    // (a timer runs only then): one write per chunk of input, not per reply, and none held back from a
    // caller that sends a question and waits for its answer.
    let replies = '';
    const flush = () => {
      if (replies) io.stdout.write(replies);
      replies = '';
    };
    for await (const line of inputLines(io.stdin)) {
      if (!replies) setImmediate(flush);
      replies += `${replyToJson((await bot.handle(asker(line))) ?? notice(''))}\n`;
    }
    flush();
    return;
  }
  const question = words.join(' ');
  if (!question.trim())
    throw new CliError('usage: directive-bot ask [--json] "问题"   (or --jsonl with questions on stdin)', 2);
  const reply = (await bot.handle(asker(question))) ?? notice('');
  io.stdout.write(`${flags.json ? replyToJson(reply) : renderTerminal(reply, { color: io.isTTY })}\n`);
}
