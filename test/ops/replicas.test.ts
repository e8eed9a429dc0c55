import { readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Health } from '../../src/ops/health.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { knowledgeDir } from '../reminders/knowledge-dir.js';
import { closedPort } from '../support/closed-port.js';
import { FakeDingTalk } from '../support/fake-dingtalk.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { fixtures } from '../support/paths.js';
import { postSigned } from '../support/signed-slack-request.js';
import { slackFixture } from '../support/slack-world.js';
import { freshSchemaUrl, postgresSkipReason } from '../support/test-postgres.js';
import { cleanUpServes, type Running, serve, waitFor } from './serve-process.js';

/**
 * Two real `serve` processes on one PostgreSQL database, behind the same Slack app (HTTP mode) and
 * DingTalk robot: the database, not the replicas, decides who answers and who sends.
 */
const secret = 'replica-test-signing-secret';
const REMINDER_CHANNELS = ['C0REMIND1', 'C0REMIND2', 'C0REMIND3'];

interface Replica {
  name: string;
  bot: Running;
  eventsUrl: string;
  /** The replica's own bot token, so the fake API can tell which replica made a call. */
  authorization: string;
}

/** One JSON log line of a replica. */
type LogLine = Record<string, unknown> & { msg?: string };
const logLines = (r: Replica): LogLine[] =>
  r.bot
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

/** A deadline whose one reminder fell due a minute ago (UTC), to the given Slack channels. */
function dueNowDeadlines(channels: string[]): string {
  const occurrence = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
  const due = new Date(occurrence.getTime() + 86_400_000).toISOString().slice(0, 10);
  const at = occurrence.toISOString().slice(11, 16);
  return `deadlines:
  - id: replica-check
    title: 年底对照年初目标查漏补缺
    due: "${due}"
    cite: 大家要再对照一下年初的工作目标和考核要求,查漏补缺,特别是一些办实事的项目要做到位
    remind:
      before: [1d]
      at: "${at}"
    to: [${channels.map((c) => `slack:${c}`).join(', ')}]
`;
}

// Each test starts two processes that load the knowledge; on a busy 2-core machine that alone can take seconds.
describe('two serve replicas on one PostgreSQL database', { timeout: 90_000 }, () => {
  if (postgresSkipReason) {
    it.skip(`is not tested: ${postgresSkipReason}`, () => {});
    return;
  }

  let api: FakeSlackApi;
  let dingtalk: FakeDingTalk;
  let databaseUrl: string;
  let knowledge: string | undefined;

  beforeEach(async () => {
    api = await FakeSlackApi.start();
    dingtalk = await FakeDingTalk.start();
    databaseUrl = await freshSchemaUrl('replicas');
  });

  afterEach(async () => {
    await cleanUpServes();
    await api.close();
    await dingtalk.close();
    if (knowledge) rmSync(knowledge, { recursive: true, force: true });
    knowledge = undefined;
  });

  async function replica(name: string, env: NodeJS.ProcessEnv = {}): Promise<Replica> {
    const token = `xoxb-replica-${name}`;
    const bot = serve({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'debug',
      BOT_TIMEZONE: 'UTC',
      SLACK_BOT_TOKEN: token,
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: api.url,
      DINGTALK_CLIENT_ID: 'dingfakeclient',
      DINGTALK_CLIENT_SECRET: 'fake-secret',
      DINGTALK_ROBOT_CODE: 'dingrobotfake',
      DINGTALK_GATEWAY_URL: dingtalk.gatewayUrl,
      DINGTALK_API_URL: dingtalk.baseUrl,
      ...(knowledge ? { KNOWLEDGE_DIR: knowledge } : {}),
      ...env,
    });
    const port = () => /"port":(\d+),"msg":"listening for Slack events/.exec(bot.stderr())?.[1];
    await waitFor(`replica ${name} to listen for Slack events`, () => port() !== undefined, 20_000);
    return { name, bot, eventsUrl: `http://127.0.0.1:${port()}/slack/events`, authorization: `Bearer ${token}` };
  }

  /** Both replicas, started together as a service manager would, each connected to Slack and DingTalk. */
  async function twoReplicas(env: NodeJS.ProcessEnv = {}): Promise<[Replica, Replica]> {
    const pair = await Promise.all([replica('a', env), replica('b', env)]);
    await dingtalk.until(() => dingtalk.openSockets === 2, 'both stream connections', 20_000);
    return pair;
  }

  // biome-ignore lint/suspicious/noExplicitAny: payload bodies
  const sendEvent = (r: Replica, body: any, headers?: Record<string, string>) =>
    postSigned(r.eventsUrl, JSON.stringify(body), { secret, contentType: 'application/json', headers });

  const reminderPosts = (channel?: string) =>
    api
      .callsTo('chat.postMessage')
      .filter((c) => (channel ? c.body.channel === channel : REMINDER_CHANNELS.includes(String(c.body.channel))));

  it('answers the same signed Slack event sent to both replicas once, and a retry routed to either not at all', async () => {
    const [a, b] = await twoReplicas();
    const body = slackFixture('app-mention');
    body.event_id = 'Ev0REPLICA0001';
    const [ra, rb] = await Promise.all([sendEvent(a, body), sendEvent(b, body)]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const answered = () => api.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === body.event.ts);
    await waitFor('the answer', () => answered().length > 0);
    // The replica that lost the claim says so; only then is "one answer" a settled fact.
    const ignored = (r: Replica) =>
      logLines(r).filter((l) => l.event === body.event_id && l.msg === 'ignored an event already answered').length;
    await waitFor('the other replica to drop the event', () => ignored(a) + ignored(b) === 1);

    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await sendEvent(a, body, retry)).status).toBe(200);
    expect((await sendEvent(b, body, retry)).status).toBe(200);
    await waitFor('both replicas to drop the retries', () => ignored(a) + ignored(b) === 3);
    expect(answered()).toHaveLength(1);
    expect(JSON.stringify(answered()[0]?.body.blocks)).toContain('劳模');
  });

  it('replies once to a DingTalk message delivered to both replicas, and not to its redelivery', async () => {
    const [a, b] = await twoReplicas();
    const payload = JSON.parse(readFileSync(`${fixtures}/dingtalk-robot-group.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    const message = { ...payload, msgId: 'msg-replicas-1', sessionWebhook: dingtalk.webhookUrl('replicas-1') };
    dingtalk.pushRobotMessage(message);
    const ignored = () =>
      [a, b].flatMap(logLines).filter((l) => l.msgId === 'msg-replicas-1' && l.msg === 'redelivered message ignored')
        .length;
    await dingtalk.until(() => dingtalk.webhookPosts.length >= 1, 'the reply');
    await waitFor('the other replica to drop the message', () => ignored() === 1);
    // DingTalk redelivers an unacknowledged message under a new stream id, to whichever connection.
    dingtalk.pushRobotMessage(message);
    await waitFor('both replicas to drop the redelivery', () => ignored() === 3);
    expect(dingtalk.webhookPosts).toHaveLength(1);
    expect(JSON.stringify(dingtalk.webhookPosts[0]?.body)).toContain('欠薪');
  });

  it('sends each reminder due now once, with the schedulers of both replicas racing', async () => {
    knowledge = knowledgeDir(dueNowDeadlines(REMINDER_CHANNELS));
    const replicas = await twoReplicas();
    /** Whether a replica has made up its mind about every target: sent it, or seen it claimed elsewhere. */
    const settled = (r: Replica) =>
      REMINDER_CHANNELS.every((c) =>
        logLines(r).some(
          (l) =>
            l.target === `slack:${c}` &&
            (l.msg === 'reminder sent' || String(l.msg).startsWith('reminder not claimed')),
        ),
      );
    await waitFor('both schedulers to handle every reminder', () => replicas.every(settled), 20_000);
    for (const channel of REMINDER_CHANNELS) expect(reminderPosts(channel)).toHaveLength(1);
    const sentBy = replicas.map((r) => logLines(r).filter((l) => l.msg === 'reminder sent').length);
    expect(sentBy[0]! + sentBy[1]!).toBe(3);

    const store = await PostgresStore.open(databaseUrl);
    try {
      expect((await store.deliveries()).map((d) => `${d.target} ${d.status} ${d.attempts}`)).toEqual(
        REMINDER_CHANNELS.map((c) => `slack:${c} sent 1`),
      );
    } finally {
      await store.close();
    }
  });

  it('takes over a reminder from a replica killed with kill -9 mid-send once the lease runs out, losing nothing', async () => {
    const channels = REMINDER_CHANNELS.slice(0, 2);
    knowledge = knowledgeDir(dueNowDeadlines(channels));
    api.stallNext('chat.postMessage', (body) => body.channel === channels[0]);
    const replicas = await twoReplicas({ REMINDER_LEASE: '3s' });
    await waitFor('a replica to start sending', () => reminderPosts(channels[0]).length === 1, 20_000);
    const stalled = reminderPosts(channels[0])[0]?.authorization;
    const victim = replicas.find((r) => r.authorization === stalled) as Replica;
    const survivor = replicas.find((r) => r !== victim) as Replica;
    victim.bot.child.kill('SIGKILL');
    expect((await victim.bot.exited).signal).toBe('SIGKILL');

    await waitFor('the survivor to resend after the lease', () => reminderPosts(channels[0]).length === 2, 20_000);
    await waitFor('the second reminder', () => reminderPosts(channels[1]).length === 1, 20_000);
    expect(reminderPosts(channels[0])[1]?.authorization).toBe(survivor.authorization);
    expect(logLines(survivor).filter((l) => l.msg?.startsWith('resending a reminder'))).toHaveLength(1);

    const store = await PostgresStore.open(databaseUrl);
    try {
      const rows = async () => (await store.deliveries()).map((d) => `${d.target} ${d.status} ${d.attempts}`);
      const expected = [`slack:${channels[0]} sent 2`, `slack:${channels[1]} sent 1`];
      for (let i = 0; i < 100 && JSON.stringify(await rows()) !== JSON.stringify(expected); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await rows()).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it('releases a claim still being sent when a replica is stopped, so the other sends it without waiting for the lease', async () => {
    knowledge = knowledgeDir(dueNowDeadlines(REMINDER_CHANNELS.slice(0, 1)));
    api.stallNext('chat.postMessage', (body) => body.channel === REMINDER_CHANNELS[0]);
    const replicas = await twoReplicas({ REMINDER_LEASE: '40s' });
    await waitFor('a replica to start sending', () => reminderPosts().length === 1, 20_000);
    const claimedBy = Date.now();
    const stopping = replicas.find((r) => r.authorization === reminderPosts()[0]?.authorization) as Replica;
    const other = replicas.find((r) => r !== stopping) as Replica;
    stopping.bot.child.kill('SIGTERM');
    // Shutdown waits 5 s for the hung send, then releases it; the other replica looks again every lease/4.
    await waitFor('the other replica to send it', () => reminderPosts().length === 2, 30_000);
    expect(Date.now() - claimedBy).toBeLessThan(40_000);
    expect(reminderPosts()[1]?.authorization).toBe(other.authorization);
    expect(logLines(stopping).some((l) => l.msg === 'released a reminder still being sent at shutdown')).toBe(true);
    expect((await stopping.bot.exited).code).toBe(0);
  });

  it('reports the database on /healthz of each replica', async () => {
    const [a] = await twoReplicas();
    const health = (await (await fetch(a.eventsUrl.replace('/slack/events', '/healthz'))).json()) as Health;
    expect(health.database).toMatchObject({ kind: 'postgres', state: 'ok', schemaVersion: 2 });
    expect(Math.abs(health.database?.clockOffsetMs ?? Number.NaN)).toBeLessThan(5_000);
  });
});

describe('serve with an unreachable DATABASE_URL', () => {
  afterEach(cleanUpServes);

  it('exits 1 at once, naming the database without its password, so systemd tries again later', async () => {
    const port = await closedPort();
    const bot = serve({ DATABASE_URL: `postgres://bot:s3cret@127.0.0.1:${port}/bot` });
    expect((await bot.exited).code).toBe(1);
    expect(bot.stderr()).toContain(`cannot open the store at postgres://bot@127.0.0.1:${port}/bot: `);
    expect(bot.stderr()).toContain('ECONNREFUSED');
    expect(bot.stderr()).not.toContain('s3cret');
  });
});
