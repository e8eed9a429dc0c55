import { deadlineReply } from '../../src/reminders/deadline-reply.js';
import { suggestDeadlines, suggestionsYaml } from '../../src/reminders/suggest.js';
import { upcomingCycles } from '../../src/supervision/cycle.js';
import { deadlineJson } from '../../src/supervision/progress-report.js';
import { CliError, openContext } from './context.js';
import type { Flags } from './main.js';
import { progressOfEach } from './progress.js';

/**
 * `deadlines [--json] [--at ISO]`: what is due, soonest first, as the `截止` command answers.
 * `deadlines suggest`: draft deadlines.yaml entries from the directives' own wording.
 */
export async function runDeadlines(flags: Flags, args: string[]): Promise<void> {
  const [sub, ...extra] = args;
  if (sub === 'suggest') {
    if (extra.length > 0) throw new CliError(`"deadlines suggest" takes no arguments, got "${extra.join(' ')}"`, 2);
    const { library } = await openContext(flags, process.env, 'warn');
    const suggestions = suggestDeadlines(library.current.directives);
    process.stdout.write(flags.json ? `${JSON.stringify(suggestions, null, 2)}\n` : suggestionsYaml(suggestions));
    return;
  }
  if (sub !== undefined) throw new CliError(`unknown "deadlines ${sub}" (try "deadlines" or "deadlines suggest")`, 2);
  const at = parseInstant(flags.at, '--at') ?? new Date();
  const { config, library } = await openContext(flags, process.env, 'warn');
  if (!flags.json) {
    process.stdout.write(`${deadlineReply(library.current, at, config.timezone).text}\n`);
    return;
  }
  // The same deadlines `截止` lists, as data: each with its next due date and the progress of that round.
  const progresses = await progressOfEach(config, upcomingCycles(library.current.deadlines, at, config.timezone));
  const deadlines = progresses.map((p) => deadlineJson(p.cycle, p));
  process.stdout.write(`${JSON.stringify({ at: at.toISOString(), deadlines }, null, 2)}\n`);
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
