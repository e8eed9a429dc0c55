// PLACEHOLDER: being built.
import { CliError } from './context.js';
import type { Flags } from './main.js';

export async function runReminders(_flags: Flags, _args: string[]): Promise<void> {
  throw new CliError('"reminders" is not available yet', 2);
}
