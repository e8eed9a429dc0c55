import { existsSync } from 'node:fs';
import { replyToJson } from '../../src/reply.js';
import { Store } from '../../src/store/store.js';
import { usageReport } from '../../src/usage-report.js';
import { CliError, readCliConfig } from './context.js';
import type { Flags } from './main.js';

/** `directive-bot report [--json]`: unanswered questions and votes of the last 30 days, from DATA_DIR. */
export async function runReport(flags: Flags, _args: string[]): Promise<void> {
  const config = readCliConfig(flags);
  const file = Store.fileIn(config.dataDir);
  if (!existsSync(file)) throw new CliError(`no data yet: ${file} does not exist (DATA_DIR=${config.dataDir})`, 1);
  const store = new Store(file);
  try {
    const reply = usageReport(store, new Date());
    process.stdout.write(`${flags.json ? replyToJson(reply) : reply.text}\n`);
  } finally {
    store.close();
  }
}
