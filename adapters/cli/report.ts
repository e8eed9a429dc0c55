import { replyToJson } from '../../src/reply.js';
import { openStore, storeExists, storeLocation } from '../../src/store/open-store.js';
import { usageReport } from '../../src/usage-report.js';
import { CliError, readCliConfig } from './context.js';
import type { Flags } from './main.js';

/** `directive-bot report [--json]`: unanswered questions and votes of the last 30 days, from DATA_DIR. */
export async function runReport(flags: Flags, _args: string[]): Promise<void> {
  const config = readCliConfig(flags);
  if (!storeExists(config))
    throw new CliError(`no data yet: ${storeLocation(config)} does not exist (DATA_DIR=${config.dataDir})`, 1);
  const store = await openStore(config);
  try {
    const reply = await usageReport(store, new Date());
    process.stdout.write(`${flags.json ? replyToJson(reply) : reply.text}\n`);
  } finally {
    await store.close();
  }
}
