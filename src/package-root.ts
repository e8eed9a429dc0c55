import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding our package.json, found by walking up from this file. The same code runs
 * from `src/` under vitest and from `dist/src/` when built, so a fixed `../` would be wrong in one.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('directive-bot: cannot find package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** The knowledge folder shipped with the bot. */
export function bundledKnowledgeDir(): string {
  return join(packageRoot(), 'knowledge');
}
