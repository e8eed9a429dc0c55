import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, type SlackOptions, SlackStartError, startSlack } from '../../adapters/slack/index.js';
import { silentLogger } from '../../src/logger.js';
import { FakeSlackApi, pollUntil } from '../support/fake-slack-api.js';
import { FakeSlackSocket } from '../support/fake-slack-socket.js';
import { realBot } from '../support/slack-world.js';

const world = await realBot();
let api: FakeSlackApi;
let socket: FakeSlackSocket;
const started: SlackAdapter[] = [];

function options(mode: 'http' | 'socket', apiUrl = api.url): SlackOptions {
  return {
    slack: {
      botToken: 'xoxb-test-token',
      appToken: 'xapp-1-A0APP-test',
      signingSecret: 'test-signing-secret-8f742231',
      mode,
      apiUrl,
      command: '/directive',
    },
    port: 0,
    host: '127.0.0.1',
    bot: world.bot,
    store: world.store,
    logger: silentLogger(),
    startAttempts: 3,
    startBackoffMs: 20,
    socketPingTimeoutMs: 200,
  };
}

async function start(opts: SlackOptions): Promise<SlackAdapter> {
  const adapter = await startSlack(opts);
  started.push(adapter);
  return adapter;
}

/** A URL on 127.0.0.1 where nothing listens. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/api/`;
}

beforeAll(async () => {
  api = await FakeSlackApi.start();
  socket = await FakeSlackSocket.start();
  api.socketUrl = socket.url;
});

afterEach(async () => {
  for (const adapter of started.splice(0)) await adapter.stop();
  api.heal('auth.test');
  api.heal('apps.connections.open');
  api.calls.length = 0;
});

afterAll(async () => {
  await socket?.close();
  await api?.close();
  await world.cleanup();
});

describe('starting the Slack adapter', () => {
  it('gives up at once with a clear error when Slack refuses the bot token', async () => {
    api.failAlways('auth.test', 'invalid_auth');
    const error = await startSlack(options('http')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartError);
    expect(String(error)).toMatch(/SLACK_BOT_TOKEN.*invalid_auth/);
    expect(api.callsTo('auth.test')).toHaveLength(1);
  });

  it('retries a bounded number of times when Slack cannot be reached, then says where it tried', async () => {
    const url = await deadUrl();
    const error = await startSlack(options('http', url)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartError);
    expect(String(error)).toContain(`could not reach Slack at ${url} after 3 attempts`);
  });

  it('comes up once a passing failure of auth.test clears', async () => {
    api.failNext('auth.test', 'internal_error', 2);
    const slack = await start(options('http'));
    expect(slack.status()).toBe('connected');
    expect(api.callsTo('auth.test')).toHaveLength(3);
  });

  it('says which port is taken when the events endpoint cannot listen', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      const error = await startSlack({ ...options('http'), port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SlackStartError);
      expect(String(error)).toContain(`could not listen on port ${port}`);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('names the app-level token when Socket Mode refuses it', async () => {
    api.failAlways('apps.connections.open', 'invalid_auth');
    const error = await startSlack(options('socket')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartError);
    expect(String(error)).toMatch(/SLACK_APP_TOKEN.*invalid_auth/);
  });

  it('survives Slack refusing a reconnect and connects again once Slack is back', async () => {
    const slack = await start(options('socket'));
    expect(slack.status()).toBe('connected');
    const connections = socket.connectionCount;
    api.failAlways('apps.connections.open', 'invalid_auth');
    socket.dropAll();
    await pollUntil(() => slack.status() === 'disconnected', 5_000, 'the failed reconnect to show');
    api.heal('apps.connections.open');
    await pollUntil(() => slack.status() === 'connected', 10_000, 'the reconnect');
    expect(socket.connectionCount).toBeGreaterThan(connections);
  });
});
