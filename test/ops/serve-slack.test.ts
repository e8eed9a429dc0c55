import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../src/ops/health.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { postSigned, slackSignature } from '../support/signed-slack-request.js';
import { slackFixture } from '../support/slack-world.js';
import { cleanUpServes, type Running, serve, waitFor } from './serve-process.js';

const secret = 'serve-signing-secret-1234';

describe('directive-bot serve with Slack over HTTP', () => {
  let api: FakeSlackApi;

  afterEach(async () => {
    await cleanUpServes();
    await api.close();
  });

  /** `serve` in HTTP mode against the fake Web API; resolves once `/slack/events` listens. */
  async function start(): Promise<{ bot: Running; port: string }> {
    api = await FakeSlackApi.start();
    const bot = serve({
      LOG_LEVEL: 'debug',
      SLACK_BOT_TOKEN: 'xoxb-serve-test',
      SLACK_SIGNING_SECRET: secret,
      SLACK_MODE: 'http',
      SLACK_API_URL: api.url,
    });
    let port: string | undefined;
    await waitFor('the events endpoint', () => {
      port = /"port":(\d+),"msg":"listening for Slack events/.exec(bot.stderr())?.[1];
      return port !== undefined;
    });
    return { bot, port: port as string };
  }

  it('survives a correctly signed body of null, and still answers a mention', async () => {
    const { bot, port } = await start();
    const url = `http://127.0.0.1:${port}/slack/events`;
    expect((await postSigned(url, 'null', { secret, contentType: 'application/json' })).status).toBe(400);
    expect((await postSigned(url, '{"event":null}', { secret, contentType: 'application/json' })).status).toBe(400);

    const mention = slackFixture('app-mention');
    mention.event_id = 'EvServeNull1';
    expect((await postSigned(url, JSON.stringify(mention), { secret, contentType: 'application/json' })).status).toBe(
      200,
    );
    await api.waitFor('chat.postMessage');
    expect(bot.child.exitCode).toBeNull();
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
    expect(health.adapters).toEqual({ slack: 'connected' });
  });

  it('closes keep-alive connections at once on SIGTERM under load, instead of waiting out a timeout', async () => {
    const { bot, port } = await start();
    api.delayMs = 300;
    // Slack delivering events over keep-alive: each socket is reused as soon as its answer is in.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    let sent = 0;
    const poll = () =>
      new Promise<number>((resolve) => {
        const mention = slackFixture('app-mention');
        mention.event_id = `EvLoad${++sent}`;
        const body = JSON.stringify(mention);
        const timestamp = Math.floor(Date.now() / 1000);
        request(
          {
            host: '127.0.0.1',
            port,
            path: '/slack/events',
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'x-slack-request-timestamp': String(timestamp),
              'x-slack-signature': slackSignature(secret, timestamp, body),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        )
          .on('error', () => resolve(0))
          .end(body);
      });
    let answered = 0;
    const pollers = Array.from({ length: 4 }, async () => {
      // Bounded: stops when the bot has exited, or after 2,000 polls at most.
      for (let i = 0; i < 2_000 && bot.child.exitCode === null; i++) if ((await poll()) === 200) answered++;
    });
    await waitFor('polls under way', () => answered > 20);

    bot.child.kill('SIGTERM');
    const { code } = await bot.exited;
    await Promise.all(pollers);
    agent.destroy();
    console.error(
      bot
        .stderr()
        .split('\n')
        .filter((l) => /shut|stop|signal/.test(l))
        .join('\n'),
      answered,
    );
    expect(code).toBe(0);
    expect(bot.stderr()).not.toContain('shutdown step timed out');
    expect(bot.stderr()).toContain('"msg":"Slack adapter stopped"');
  });
});
