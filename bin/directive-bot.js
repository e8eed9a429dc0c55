#!/usr/bin/env node
// Runs the compiled CLI. `npm ci` builds it (the `prepare` script); run `npm run build` after editing src/.
// The bundle (dist/bundle/, made by bin/bundle.js) starts faster, the more so through V8's code cache
// (src/code-cache.ts); dist/ unbundled is the same code.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundled = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
const unbundled = new URL('../dist/adapters/cli/main.js', import.meta.url);
let main;
if (existsSync(bundled)) {
  if (process.env.DIRECTIVE_BOT_CODE_CACHE !== '0') {
    const { useCodeCache } = await import('../dist/src/code-cache.js');
    useCodeCache({
      bundleDir: fileURLToPath(new URL('../dist/bundle', import.meta.url)),
      cacheDir: fileURLToPath(new URL('../dist/code-cache', import.meta.url)),
      command: process.argv[2],
    });
  }
  ({ main } = createRequire(import.meta.url)(bundled));
} else if (existsSync(unbundled)) {
  ({ main } = await import(unbundled.href));
} else {
  process.stderr.write(
    'directive-bot: not built yet. Run `npm ci` (or `npm run build`) in the project folder first.\n',
  );
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
