import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBin, shippedKnowledge } from '../support/paths.js';

/**
 * `directive-bot serve` running as a child process, with what it has written so far. It runs the
 * compiled CLI, which vitest's global setup (`test/support/global-setup.ts`) builds before any test.
 */
export interface Running {
  child: ChildProcessWithoutNullStreams;
  dataDir: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: Running[] = [];

/** Starts `serve` in a fresh data folder, with only the variables given (and no platform unless given). */
export function serve(env: NodeJS.ProcessEnv = {}): Running {
  const dataDir = mkdtempSync(join(tmpdir(), 'directive-bot-serve-'));
  const child = spawn(process.execPath, [cliBin, 'serve'], {
    cwd: dataDir,
    env: { PATH: process.env.PATH, TZ: 'UTC', DATA_DIR: dataDir, KNOWLEDGE_DIR: shippedKnowledge, PORT: '0', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c) => {
    out += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c) => {
    err += c;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = { child, dataDir, stdout: () => out, stderr: () => err, exited };
  children.push(running);
  return running;
}

/** Kills whatever is still running and removes the data folders; call from afterEach. */
export async function cleanUpServes(): Promise<void> {
  for (const r of children.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) {
      r.child.kill('SIGKILL');
      await r.exited;
    }
    rmSync(r.dataDir, { recursive: true, force: true });
  }
}

/** Polls `done` every 20 ms for at most `limitMs`. */
export async function waitFor(what: string, done: () => boolean, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The port of `/healthz`, read from the log line that announces it (needs LOG_LEVEL info or lower). */
export function healthPort(bot: Running): string | undefined {
  return /"port":(\d+),"msg":"health endpoint/.exec(bot.stderr())?.[1];
}
