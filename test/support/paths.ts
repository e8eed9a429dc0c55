import { fileURLToPath } from 'node:url';

/** The repository root, the shipped knowledge folder, fixtures and the CLI, for tests. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const shippedKnowledge = `${repoRoot}knowledge`;
export const fixtures = `${repoRoot}test/fixtures`;
/** A knowledge folder of several documents: the speech, the year-end notice and a notice pair of two editions. */
export const library = `${fixtures}/eval/library`;
export const cliBin = `${repoRoot}bin/directive-bot.js`;
