import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DingTalkAdapter, startDingTalk } from '../../adapters/dingtalk/index.js';
import { DingTalkOpenApi } from '../../adapters/dingtalk/open-api.js';
import { createBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeDingTalk } from '../support/fake-dingtalk.js';
import { shippedKnowledge } from '../support/paths.js';

let fake: FakeDingTalk;
let dir: string;
let store: Store;
let adapter: DingTalkAdapter | undefined;

beforeEach(async () => {
  fake = await FakeDingTalk.start();
  dir = mkdtempSync(join(tmpdir(), 'dingtalk-notifier-'));
  store = new SqliteStore(join(dir, 'bot.sqlite'));
});

afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Only `now()` matters to the token cache; the test moves it by hand. */
function handClock(startMs = Date.parse('2026-11-24T09:00:00Z')): Clock & { advance(ms: number): void } {
  let nowMs = startMs;
  return {
    now: () => new Date(nowMs),
    setTimeout: () => ({ cancel() {} }),
    advance(ms) {
      nowMs += ms;
    },
  };
}

const credentials = () => ({
  clientId: 'dingfakeclient',
  clientSecret: 'fake-secret',
  robotCode: 'dingrobotfake',
  gatewayUrl: fake.gatewayUrl,
  apiUrl: fake.baseUrl,
});

describe('proactive DingTalk messages', () => {
  it('posts markdown to a group with msgParam as a JSON string, reusing one access token', async () => {
    const bot = createBot(
      { admins: [], timezone: 'Asia/Shanghai' },
      { library: await LibraryHolder.load(shippedKnowledge), store },
    );
    adapter = await startDingTalk({ dingtalk: credentials(), bot, store, logger: silentLogger() });
    const reply = await bot.handle({
      text: '年底企业可能出现欠薪,工会该怎么做?',
      platform: 'dingtalk',
      userId: 'scheduler',
      conversationId: 'cidFakeGroup1234567890==',
      isDirect: false,
      mentionsBot: true,
    });
    if (!reply) throw new Error('the bot stayed silent');

    expect(adapter.notifier.platform).toBe('dingtalk');
    await adapter.notifier.send('cidFakeGroup1234567890==', reply);
    await adapter.notifier.send('cidFakeGroup1234567890==', reply);

    expect(fake.tokenRequests).toEqual([{ appKey: 'dingfakeclient', appSecret: 'fake-secret' }]);
    expect(fake.groupSends).toHaveLength(2);
    for (const send of fake.groupSends) {
      expect(send.token).toBe('token-1');
      expect(send.body).toMatchObject({
        robotCode: 'dingrobotfake',
        openConversationId: 'cidFakeGroup1234567890==',
        msgKey: 'sampleMarkdown',
      });
      expect(typeof send.body.msgParam).toBe('string');
      const param = JSON.parse(send.body.msgParam as string) as { title: string; text: string };
      expect(param.title.length).toBeGreaterThan(0);
      expect(param.text.replace(/\*\*/g, '')).toContain('到了年底有可能会出现欠薪等问题');
    }
  });

  it('throws when DingTalk refuses the message, so the reminder can be retried', async () => {
    const api = new DingTalkOpenApi({ ...credentials(), clock: handClock() });
    await expect(api.sendGroupMarkdown('cidUnknown', { title: 't', text: 'x' })).rejects.toThrow(/HTTP 400/);
  });

  it('fetches a new access token shortly before the old one expires', async () => {
    const clock = handClock();
    const api = new DingTalkOpenApi({ ...credentials(), clock });
    await api.sendGroupMarkdown('cidA', { title: 't', text: 'x' });
    clock.advance(60 * 60_000);
    await api.sendGroupMarkdown('cidA', { title: 't', text: 'x' });
    expect(fake.tokenRequests).toHaveLength(1);

    // The fake's tokens live 7 200 s; past 7 200 s minus the safety margin a new one is fetched.
    clock.advance(58 * 60_000);
    await api.sendGroupMarkdown('cidA', { title: 't', text: 'x' });
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.groupSends.map((s) => s.token)).toEqual(['token-1', 'token-1', 'token-2']);
  });
});
