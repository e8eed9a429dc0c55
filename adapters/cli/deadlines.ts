import { deadlineReply } from '../../src/reminders/deadline-reply.js';
import { suggestDeadlines, suggestionsYaml } from '../../src/reminders/suggest.js';
import { replyToJson } from '../../src/reply.js';
import { CliError, openContext } from './context.js';
import type { Flags } from './main.js';

/**
 * `deadlines [--json] [--at ISO]`: what is due, soonest first, as the `截止` command answers.
 * `deadlines suggest`: draft deadlines.yaml entries from the directives' own wording.
 */
export async function runDeadlines(flags: Flags, args: string[]): Promise<void> {
  const [sub, ...extra] = args;
  if (sub === 'suggest') {
    if (extra.length > 0) throw new CliError(`"deadlines suggest" takes no arguments, got "${extra.join(' ')}"`, 2);
    const { library } = openContext(flags, process.env, 'warn');
    const suggestions = suggestDeadlines(library.current.directives);
    process.stdout.write(flags.json ? `${JSON.stringify(suggestions, null, 2)}\n` : suggestionsYaml(suggestions));
    return;
  }
  if (sub !== undefined) throw new CliError(`unknown "deadlines ${sub}" (try "deadlines" or "deadlines suggest")`, 2);
  const at = parseInstant(flags.at, '--at') ?? new Date();
  const { config, library } = openContext(flags, process.env, 'warn');
  const reply = deadlineReply(library.current, at, config.timezone);
  process.stdout.write(flags.json ? `${replyToJson(reply)}\n` : `${reply.text}\n`);
}

/** An ISO time from a flag; a date alone (`2026-12-01`) means its midnight UTC. */
export function parseInstant(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new CliError(`${flag} "${value}" is not an ISO time (e.g. "2026-12-01T09:00:00+08:00")`, 2);
  }
  return date;
}
