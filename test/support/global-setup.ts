import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Tests that run the CLI as a child process need dist/ to match src/: build once before any test, the
 * bundle the CLI runs included (which also clears its code cache).
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (e) {
    // tsc still emits on type errors; `npm run typecheck` reports them. Only a missing compiler is fatal.
    const out = String((e as { stdout?: Buffer }).stdout ?? '');
    if (!out.includes('error TS')) throw e;
  }
  execFileSync(process.execPath, ['bin/bundle.js'], { cwd: root, stdio: 'pipe' });
}
