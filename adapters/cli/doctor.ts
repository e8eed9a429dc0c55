// PLACEHOLDER: being built.
import { CliError } from './context.js';
import type { Flags } from './main.js';

export async function runDoctor(_flags: Flags, _args: string[]): Promise<void> {
  throw new CliError('"doctor" is not available yet', 2);
}
