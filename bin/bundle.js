#!/usr/bin/env node
// Bundles the compiled CLI (dist/adapters/cli/main.js) and the reload worker into dist/bundle/, after
// `tsc` (`npm run build` runs both). A one-off command then loads a handful of files instead of about a
// hundred modules, which saves ~45 ms of every `ask`, `deadlines` and `reminders send-due` start-up.
// Each command's code stays in its own chunk, loaded by the dynamic import that needs it.
//
// The chunks are CommonJS (.cjs) so that V8's code cache can keep their compiled code between runs
// (src/code-cache.ts; Node 20 caches no ES modules): that saves another ~25 ms of each start-up.
//
// Native addons and the platform SDKs stay outside: they load their own files at run time, and only the
// commands that use them import them. Without the bundle (rolldown missing, an unsupported platform),
// bin/directive-bot.js runs dist/ unbundled: the same code, just slower to start.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const out = `${dist}bundle`;
rmSync(out, { recursive: true, force: true });
// The code cache of the previous bundle (src/code-cache.ts) fits no chunk of this one.
rmSync(`${dist}code-cache`, { recursive: true, force: true });

let rolldown;
try {
  ({ rolldown } = await import('rolldown'));
} catch (error) {
  process.stderr.write(`bundle: skipped, rolldown is not available (${error.message}); dist/ runs unbundled\n`);
  process.exit(0);
}

const bundle = await rolldown({
  input: { main: `${dist}adapters/cli/main.js`, 'library-worker': `${dist}src/library-worker.js` },
  platform: 'node',
  external: [/^node:/, 'hanzi', /^hanzi\//, /^@node-rs\//, 'better-sqlite3', 'pg', /^@slack\//, 'dingtalk-stream'],
  logLevel: 'warn',
});
// Chunks sit beside the entries, so `new URL('./library-worker.cjs', import.meta.url)` finds the worker.
await bundle.write({ dir: out, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' });
await bundle.close();
