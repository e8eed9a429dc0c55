import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DingTalkAdapter, startDingTalk } from '../../adapters/dingtalk/index.js';
import { type Bot, createBot } from '../../src/bot.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { messages } from '../../src/messages.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeDingTalk, type FakeDingTalkOptions } from '../support/fake-dingtalk.js';
import { fixtures, shippedKnowledge } from '../support/paths.js';

const groupPayload = JSON.parse(readFileSync(`${fixtures}/dingtalk-robot-group.json`, 'utf8')) as Record<
  string,
  unknown
>;
const directPayload = JSON.parse(readFileSync(`${fixtures}/dingtalk-robot-direct.json`, 'utf8')) as Record<
  string,
  unknown
>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let library: LibraryHolder;
let fake: FakeDingTalk;
let dir: string;
let store: Store;
let bot: Bot;
const adapters: DingTalkAdapter[] = [];

beforeAll(async () => {
  library = await LibraryHolder.load(shippedKnowledge);
});

async function setUp(options: FakeDingTalkOptions = {}): Promise<void> {
  fake = await FakeDingTalk.start(options);
  dir = mkdtempSync(join(tmpdir(), 'dingtalk-test-'));
  store = new SqliteStore(join(dir, 'bot.sqlite'));
  bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library, store });
}

afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.stop();
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(extra: { keepaliveMs?: number } = {}): Promise<DingTalkAdapter> {
  const adapter = await startDingTalk({
    dingtalk: {
      clientId: 'dingfakeclient',
      clientSecret: 'fake-secret',
      robotCode: 'dingrobotfake',
      gatewayUrl: fake.gatewayUrl,
      apiUrl: fake.baseUrl,
    },
    bot,
    store,
    logger: silentLogger(),
    backoff: { baseMs: 100, maxMs: 800 },
    requestTimeoutMs: 2_000,
    ...extra,
  });
  adapters.push(adapter);
  return adapter;
}

/** A group message as DingTalk sends it, its webhook pointed at the fake. */
function groupMessage(msgId: string, content?: string): Record<string, unknown> {
  return {
    ...groupPayload,
    msgId,
    sessionWebhook: fake.webhookUrl(msgId),
    ...(content === undefined ? {} : { text: { content } }),
  };
}

/** The search's term marks may move as it improves; what matters is that 欠薪 sits inside a bold run. */
const BOLD_ARREARS = /\*\*[^*]*欠薪[^*]*\*\*/;

function markdownOf(post: { body: Record<string, unknown> } | undefined): string {
  return ((post?.body.markdown ?? post?.body.actionCard ?? {}) as { text?: string }).text ?? '';
}

describe('the DingTalk stream adapter', () => {
  beforeEach(() => setUp());

  it('answers a group @-mention through its session webhook and acks the frame over the socket', async () => {
    const adapter = await start();
    expect(adapter.status()).toBe('connected');
    expect(fake.gatewayBodies[0]).toMatchObject({
      clientId: 'dingfakeclient',
      subscriptions: expect.arrayContaining([{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }]),
    });

    const messageId = fake.pushRobotMessage(groupMessage('msg-answer-1'));

    await fake.until(() => fake.webhookPosts.length === 1, 'the webhook reply');
    await fake.until(() => fake.acks.some((a) => a.messageId === messageId), 'the ack');
    expect(fake.acks.find((a) => a.messageId === messageId)?.code).toBe(200);
    const [post] = fake.webhookPosts;
    expect(post?.path).toContain('msg-answer-1');
    expect(post?.body).toMatchObject({ msgtype: 'markdown', at: { atUserIds: ['manager1234'], isAtAll: false } });
    const text = markdownOf(post);
    expect(text.replace(/\*\*/g, '')).toContain('到了年底有可能会出现欠薪等问题');
    expect(text).toMatch(BOLD_ARREARS);
    expect(text).toContain('> 出处:三是要贯彻好、落实好 › 三要 › 第3句');
    expect(text.endsWith('@manager1234')).toBe(true);
  });

  it('answers a one-to-one message without mentioning anyone', async () => {
    await start();
    fake.pushRobotMessage({ ...directPayload, sessionWebhook: fake.webhookUrl('direct') });

    await fake.until(() => fake.webhookPosts.length === 1, 'the webhook reply');
    const [post] = fake.webhookPosts;
    expect(post?.body.at).toEqual({ atUserIds: [], isAtAll: false });
    expect(markdownOf(post)).toContain('劳模');
    expect(markdownOf(post)).not.toContain('@');
  });

  it('strips the leading @name before asking, so the answer matches the question', async () => {
    await start();
    fake.pushRobotMessage(groupMessage('msg-strip', '@工会助手\u2005年底企业可能出现欠薪,工会该怎么做?'));

    await fake.until(() => fake.webhookPosts.length === 1, 'the webhook reply');
    expect(markdownOf(fake.webhookPosts[0])).toMatch(BOLD_ARREARS);
  });

  it('stays silent in a group when someone else is @-mentioned', async () => {
    await start();
    fake.pushRobotMessage({ ...groupMessage('msg-other'), isInAtList: false, atUsers: [{ dingtalkId: 'someone' }] });
    fake.pushRobotMessage(groupMessage('msg-marker'));

    await fake.until(() => fake.webhookPosts.length >= 1, 'the marker reply');
    await fake.until(() => fake.acks.length === 2, 'both acks');
    expect(fake.webhookPosts.map((p) => p.path)).toEqual([expect.stringContaining('msg-marker')]);
  });

  it('answers a redelivered message only once, but acks every delivery', async () => {
    await start();
    const payload = groupMessage('msg-redelivered');
    const first = fake.pushRobotMessage(payload);
    const again = fake.pushRobotMessage(payload);
    fake.pushRobotMessage(groupMessage('msg-marker'));

    await fake.until(() => fake.webhookPosts.length >= 2, 'the two distinct replies');
    await fake.until(() => fake.acks.length === 3, 'three acks');
    expect(fake.acks.map((a) => a.messageId)).toEqual(expect.arrayContaining([first, again]));
    expect(fake.webhookPosts.filter((p) => p.path.includes('msg-redelivered'))).toHaveLength(1);
  });

  it('still ignores a redelivery after a restart, because dedup lives in SQLite', async () => {
    const before = await start();
    fake.pushRobotMessage(groupMessage('msg-across-restart'));
    await fake.until(() => fake.webhookPosts.length === 1, 'the first reply');
    await before.stop();

    await start();
    fake.pushRobotMessage(groupMessage('msg-across-restart'));
    fake.pushRobotMessage(groupMessage('msg-marker'));

    await fake.until(() => fake.webhookPosts.length >= 2, 'the marker reply');
    expect(fake.webhookPosts.map((p) => p.path)).toEqual([
      expect.stringContaining('msg-across-restart'),
      expect.stringContaining('msg-marker'),
    ]);
  });

  it('survives frames and callbacks that throw, acks them, and keeps answering', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      await start();
      fake.pushRaw('this is not JSON');
      fake.pushRaw(JSON.stringify({ type: 'CALLBACK' }));
      fake.pushRaw(
        JSON.stringify({
          specVersion: '1.0',
          type: 'CALLBACK',
          headers: { messageId: 'msg-bad-data', topic: '/v1.0/im/bot/messages/get', contentType: 'application/json' },
          data: '{"msgId": 42',
        }),
      );
      await fake.until(() => fake.acks.some((a) => a.messageId === 'msg-bad-data'), 'the ack of the bad callback');

      fake.pushRobotMessage(groupMessage('msg-after-bad-frames'));
      await fake.until(() => fake.webhookPosts.length === 1, 'the reply after the bad frames');
      expect(markdownOf(fake.webhookPosts[0])).toMatch(BOLD_ARREARS);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('apologises when the reply cannot be delivered the first time', async () => {
    await start();
    fake.webhookFailures = 1;
    fake.pushRobotMessage(groupMessage('msg-apology'));

    await fake.until(() => fake.webhookPosts.length === 2, 'the failed reply and the apology');
    expect(markdownOf(fake.webhookPosts[1])).toContain(messages.apology.slice(0, 10));
  });

  it('reconnects with backoff after the gateway drops, without a storm, and answers again', async () => {
    const adapter = await start();
    fake.refusing = true;
    const callsBefore = fake.gatewayCalls;
    fake.dropConnections();
    await fake.until(() => adapter.status() !== 'connected', 'the client to notice the drop');

    await pause(2_000);
    const callsDuringOutage = fake.gatewayCalls - callsBefore;
    // Delays of at least 50, 100, 200, 400, 400… ms allow at most 8 calls in 2 s; the SDK's own retry made dozens.
    // No tighter floor: a slow machine makes fewer calls, and the answer below proves the reconnect.
    expect(callsDuringOutage).toBeGreaterThanOrEqual(1);
    expect(callsDuringOutage).toBeLessThanOrEqual(9);

    fake.refusing = false;
    await fake.until(() => adapter.status() === 'connected' && fake.openSockets === 1, 'the reconnection');
    fake.pushRobotMessage(groupMessage('msg-after-outage'));
    await fake.until(() => fake.webhookPosts.length === 1, 'the reply after the outage');

    await adapter.stop();
    expect(adapter.status()).toBe('disconnected');
    const callsAtStop = fake.gatewayCalls;
    // Connected, so a reconnect that stop() failed to cancel would come within the first delay (≤ 100 ms).
    await pause(1_000);
    expect(fake.gatewayCalls).toBe(callsAtStop);
    expect(fake.openSockets).toBe(0);
  });

  it('makes no further connection attempts once stopped during an outage', async () => {
    const adapter = await start();
    fake.refusing = true;
    const callsBefore = fake.gatewayCalls;
    fake.dropConnections();
    await fake.until(() => fake.gatewayCalls >= callsBefore + 2, 'a retry during the outage');

    await adapter.stop();
    const callsAtStop = fake.gatewayCalls;
    fake.refusing = false;
    // Every delay is capped at maxMs (800 ms), so a retry that stop() failed to cancel would land in this wait.
    await pause(1_500);
    expect(fake.gatewayCalls).toBe(callsAtStop);
    expect(fake.connectionsAccepted).toBe(1);
  });
});

describe('the DingTalk keepalive', () => {
  beforeEach(() => setUp({ answersPings: false }));

  it('replaces a connection whose server stops answering pings', async () => {
    const adapter = await start({ keepaliveMs: 150 });
    await fake.until(() => fake.connectionsAccepted >= 2, 'a fresh connection', 5_000);
    await fake.until(() => adapter.status() === 'connected', 'the new connection');
    // One socket at a time: the silent one was ended, not left beside the new one.
    expect(fake.openSockets).toBeLessThanOrEqual(1);
  });
});
