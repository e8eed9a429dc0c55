#!/usr/bin/env node
// Runs the compiled CLI. `npm ci` builds it (the `prepare` script); run `npm run build` after editing src/.
// The bundle (dist/bundle/, made by bin/bundle.js) starts faster; dist/ unbundled is the same code.
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const entry = existsSync(bundled) ? bundled : new URL('../dist/adapters/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'directive-bot: not built yet. Run `npm ci` (or `npm run build`) in the project folder first.\n',
  );
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
