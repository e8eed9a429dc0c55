import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { type Health, healthHandler, startHealthServer } from '../../src/ops/health.js';

const healthy: Health = {
  status: 'ok',
  adapters: { slack: 'connected' },
  knowledgeFolder: 'watching',
  index: { documents: 1, passages: 51 },
  lastReload: '2026-11-24T08:00:00.000Z',
  uptimeSeconds: 5,
};

describe('/healthz', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function serveHealth(read: () => Health) {
    const server = await startHealthServer(0, healthHandler(read), silentLogger(), '127.0.0.1');
    closers.push(server.close);
    return `http://127.0.0.1:${server.port}`;
  }

  it('answers 200 with the JSON state when every platform is connected', async () => {
    const base = await serveHealth(() => healthy);
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(healthy);
  });

  it('answers 503 while a platform is disconnected, so a monitor notices', async () => {
    const base = await serveHealth(() => ({ ...healthy, status: 'degraded', adapters: { dingtalk: 'disconnected' } }));
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ adapters: { dingtalk: 'disconnected' } });
  });

  it('serves nothing but /healthz', async () => {
    const base = await serveHealth(() => healthy);
    expect((await fetch(`${base}/admin`)).status).toBe(404);
  });
});
