import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../src/ops/health.js';
import { fixtures, shippedKnowledge } from '../support/paths.js';
import { cleanUpServes, healthPort, serve, waitFor } from './serve-process.js';

const temps: string[] = [];
afterEach(async () => {
  await cleanUpServes();
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped knowledge folder that a test may break. */
function knowledgeCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'directive-bot-serve-kb-')), 'knowledge');
  temps.push(join(dir, '..'));
  cpSync(shippedKnowledge, dir, { recursive: true });
  return dir;
}

async function healthOf(port: string | undefined): Promise<{ code: number; body: Health }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
  return { code: res.status, body: (await res.json()) as Health };
}

describe('directive-bot serve', () => {
  it('still delivers the answer to a question sent just before SIGTERM, and exits 0', async () => {
    const bot = serve();
    await waitFor('the welcome line', () => bot.stdout().includes('您好'));
    bot.child.stdin.write('劳模评选什么时候准备?\n');
    bot.child.kill('SIGTERM');
    const { code } = await bot.exited;
    expect(bot.stdout()).toContain('市级【劳模评选】');
    expect(code).toBe(0);
  });

  it('exits 0 when the terminal chat reaches the end of its input', async () => {
    const bot = serve();
    bot.child.stdin.end('帮助\n');
    const { code } = await bot.exited;
    expect(bot.stdout()).toContain('截止');
    expect(code).toBe(0);
  });

  it('reports adapters, index size and last reload on /healthz, and reloads on SIGHUP', async () => {
    const bot = serve({ LOG_LEVEL: 'debug' });
    await waitFor('the health endpoint', () => healthPort(bot) !== undefined);
    const port = healthPort(bot);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
    expect(health).toMatchObject({ status: 'ok', adapters: {}, index: { documents: 1 } });
    expect(health.index.passages).toBeGreaterThan(10);
    expect(Number.isNaN(Date.parse(health.lastReload))).toBe(false);

    bot.child.kill('SIGHUP');
    await waitFor('the reload', () => bot.stderr().includes('"msg":"knowledge reloaded"'));
    bot.child.kill('SIGINT');
    expect((await bot.exited).code).toBe(0);
  });

  it('logs the question text only at debug level, with a request id and timing', async () => {
    const bot = serve({ LOG_LEVEL: 'warn' });
    bot.child.stdin.end('劳模评选什么时候准备?\n');
    await bot.exited;
    expect(bot.stderr()).not.toContain('劳模');

    const verbose = serve({ LOG_LEVEL: 'debug' });
    verbose.child.stdin.end('劳模评选什么时候准备?\n');
    await verbose.exited;
    const answered = verbose
      .stderr()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'answered');
    expect(answered).toMatchObject({
      req: expect.any(String),
      platform: 'console',
      found: true,
      ms: expect.any(Number),
    });
    expect(verbose.stderr()).toContain('劳模评选什么时候准备');
  });

  it('refuses a FIFO linked into the knowledge folder without freezing: /healthz answers and SIGTERM stops it', async () => {
    const knowledge = knowledgeCopy();
    const bot = serve({ LOG_LEVEL: 'debug', KNOWLEDGE_DIR: knowledge });
    await waitFor('the health endpoint', () => healthPort(bot) !== undefined);
    spawnSync('mkfifo', [join(knowledge, 'fifo')]);
    symlinkSync('fifo', join(knowledge, 'pipe.txt'));
    await waitFor('the failed reload', () => bot.stderr().includes('knowledge reload failed'));
    const { code, body } = await healthOf(healthPort(bot));
    expect(code).toBe(200);
    expect(body.lastReloadError?.problems).toEqual([
      'pipe.txt:0: is not a regular file (a FIFO); only plain files are read',
    ]);
    bot.child.kill('SIGTERM');
    await waitFor('the exit', () => bot.child.exitCode !== null, 10_000);
    expect(bot.child.exitCode).toBe(0);
  });

  it('reports degraded on /healthz while the knowledge folder is gone, and reads the new one when it is back', async () => {
    const knowledge = knowledgeCopy();
    const bot = serve({ LOG_LEVEL: 'debug', KNOWLEDGE_DIR: knowledge });
    await waitFor('the health endpoint', () => healthPort(bot) !== undefined);
    const port = healthPort(bot);
    rmSync(knowledge, { recursive: true, force: true });
    let health = await healthOf(port);
    for (let i = 0; i < 150 && health.body.knowledgeFolder !== 'missing'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await healthOf(port);
    }
    expect(health.code).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', knowledgeFolder: 'missing', index: { documents: 1 } });

    mkdirSync(knowledge);
    cpSync(shippedKnowledge, knowledge, { recursive: true });
    cpSync(join(fixtures, 'eval', 'library', 'notice-year-end-2026.txt'), join(knowledge, 'notice.txt'));
    for (let i = 0; i < 150 && (health.code !== 200 || health.body.index.documents !== 2); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await healthOf(port);
    }
    expect(health.code).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', knowledgeFolder: 'watching', index: { documents: 2 } });
  });
});
