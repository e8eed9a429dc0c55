import { messages } from '../../src/messages.js';
import { openStore, storeExists } from '../../src/store/open-store.js';
import { type Cycle, openCycles } from '../../src/supervision/cycle.js';
import { type Progress, progressOf } from '../../src/supervision/progress.js';
import { progressJson } from '../../src/supervision/progress-report.js';
import { progressText } from '../../src/supervision/supervision.js';
import { CliError, openContext } from './context.js';
import { parseInstant } from './deadlines.js';
import type { Flags } from './main.js';

/**
 * `progress [--json] [--deadline ID] [--at ISO]`: 督办 progress of every open round (or one deadline's),
 * read from DATA_DIR: who is done, who has read it, who has not answered. `--json` prints one object,
 * `{ at, deadlines: ProgressJson[] }` (README, "JSON output"), and nothing else.
 */
export async function runProgress(flags: Flags, args: string[]): Promise<void> {
  if (args.length > 0) throw new CliError(`"progress" takes no arguments, got "${args.join(' ')}"`, 2);
  const at = parseInstant(flags.at, '--at') ?? new Date();
  const { config, library } = await openContext(flags, process.env, 'warn');
  let open = openCycles(library.current.deadlines, at, config.timezone).map((cycle, i) => ({ number: i + 1, cycle }));
  if (flags.deadline !== undefined) {
    open = open.filter((n) => n.cycle.deadline.id === flags.deadline);
    if (open.length === 0) {
      const ids = library.current.deadlines.map((d) => d.id).join(', ') || '(none)';
      throw new CliError(`--deadline "${flags.deadline}" is not an open deadline (deadlines: ${ids})`, 2);
    }
  }
  const progresses = await progressOfEach(
    config,
    open.map((n) => n.cycle),
  );
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ at: at.toISOString(), deadlines: progresses.map(progressJson) }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(`${open.length === 0 ? messages.noOpenItems : progressText(open, progresses)}\n`);
}

/**
 * The progress of each round, from the store's receipts. A bot that never ran has none, and a read-only
 * command must not create the database.
 */
export async function progressOfEach(config: { dataDir: string }, cycles: Cycle[]): Promise<Progress[]> {
  if (!storeExists(config)) return cycles.map((cycle) => progressOf(cycle, []));
  const store = await openStore(config);
  try {
    return await Promise.all(
      cycles.map(async (cycle) => progressOf(cycle, await store.receiptsFor(cycle.deadline.id, cycle.occurrence))),
    );
  } finally {
    await store.close();
  }
}
