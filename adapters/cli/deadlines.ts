// PLACEHOLDER: being built.
import { CliError } from './context.js';
import type { Flags } from './main.js';

export async function runDeadlines(_flags: Flags, _args: string[]): Promise<void> {
  throw new CliError('"deadlines" is not available yet', 2);
}
