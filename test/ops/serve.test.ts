import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../src/ops/health.js';
import { cleanUpServes, healthPort, serve, waitFor } from './serve-process.js';

afterEach(cleanUpServes);

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
});
