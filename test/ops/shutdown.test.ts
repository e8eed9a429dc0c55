import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createShutdown } from '../../src/ops/shutdown.js';
import { FakeClock } from '../support/fake-clock.js';

describe('shutdown', () => {
  it('closes the database even when an adapter refuses to stop', async () => {
    const done: string[] = [];
    const shutdown = createShutdown({ logger: silentLogger(), clock: new FakeClock() });
    shutdown.add({ name: 'stop slack', run: () => Promise.reject(new Error('socket already closed')) });
    shutdown.add({ name: 'close database', run: () => done.push('database') });
    await shutdown.run('SIGTERM');
    expect(done).toEqual(['database']);
  });

  it('moves on from a step that hangs once its time is up', async () => {
    const clock = new FakeClock();
    const done: string[] = [];
    const shutdown = createShutdown({ logger: silentLogger(), clock, stepTimeoutMs: 5_000 });
    shutdown.add({ name: 'stop dingtalk', run: () => new Promise(() => {}) });
    shutdown.add({ name: 'close database', run: () => done.push('database') });
    const finished = shutdown.run('SIGTERM');
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(5_000);
    await finished;
    expect(done).toEqual(['database']);
  });

  it('runs the steps only once when a second signal arrives', async () => {
    let runs = 0;
    const shutdown = createShutdown({ logger: silentLogger(), clock: new FakeClock() });
    shutdown.add({ name: 'close database', run: () => runs++ });
    await Promise.all([shutdown.run('SIGTERM'), shutdown.run('SIGINT')]);
    expect(runs).toBe(1);
  });
});
