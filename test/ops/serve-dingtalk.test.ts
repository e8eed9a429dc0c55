import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../src/ops/health.js';
import { FakeDingTalk } from '../support/fake-dingtalk.js';
import { fixtures, shippedKnowledge } from '../support/paths.js';
import { cleanUpServes, healthPort, type Running, serve, waitFor } from './serve-process.js';

const groupPayload = JSON.parse(readFileSync(`${fixtures}/dingtalk-robot-group.json`, 'utf8')) as Record<
  string,
  unknown
>;

describe('directive-bot serve with DingTalk', () => {
  let fake: FakeDingTalk;
  let knowledge: string;

  afterEach(async () => {
    await cleanUpServes();
    await fake.close();
    rmSync(knowledge, { recursive: true, force: true });
  });

  async function start(env: NodeJS.ProcessEnv = {}): Promise<{ bot: Running; health: () => Promise<Health> }> {
    fake = await FakeDingTalk.start();
    knowledge = mkdtempSync(join(tmpdir(), 'directive-bot-knowledge-'));
    cpSync(shippedKnowledge, knowledge, { recursive: true });
    const bot = serve({
      KNOWLEDGE_DIR: knowledge,
      DINGTALK_CLIENT_ID: 'dingfakeclient',
      DINGTALK_CLIENT_SECRET: 'fake-secret',
      DINGTALK_ROBOT_CODE: 'dingrobotfake',
      DINGTALK_GATEWAY_URL: fake.gatewayUrl,
      DINGTALK_API_URL: fake.baseUrl,
      ...env,
    });
    await waitFor('the health endpoint', () => healthPort(bot) !== undefined);
    const health = async () => (await (await fetch(`http://127.0.0.1:${healthPort(bot)}/healthz`)).json()) as Health;
    return { bot, health };
  }

  it('reports the DingTalk connection on /healthz and answers a group question', async () => {
    const { bot, health } = await start();
    await fake.until(() => fake.openSockets === 1, 'the stream connection');
    await waitFor('a connected adapter', () => bot.stderr().includes('"status":"connected"'));
    expect((await health()).adapters).toEqual({ dingtalk: 'connected' });

    fake.pushRobotMessage({ ...groupPayload, msgId: 'msg-ops-1', sessionWebhook: fake.webhookUrl('ops-1') });
    await fake.until(() => fake.webhookPosts.length === 1, 'the answer');
    expect(JSON.stringify(fake.webhookPosts[0]?.body)).toContain('欠薪');

    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    // The SDK's own lines ("connect success") are log lines on stderr; serve prints no result of its own.
    expect(bot.stdout()).toBe('');
    expect(bot.stderr()).toMatch(/"component":"console".*connect success/);
  });

  it("tells the admins' group when an edit breaks the knowledge, and keeps answering", async () => {
    const { bot, health } = await start({ ADMIN_CONVERSATION: 'dingtalk:cidAdmins==' });
    await fake.until(() => fake.openSockets === 1, 'the stream connection');

    writeFileSync(join(knowledge, 'speech.txt'), '---\ntitle: 改了一半\n');
    await fake.until(() => fake.groupSends.length === 1, 'the notice to the admins', 8_000);
    const sent = JSON.stringify(fake.groupSends[0]?.body);
    expect(sent).toContain('cidAdmins==');
    expect(sent).toContain('speech.txt:1');
    expect((await health()).lastReloadError?.problems).toEqual([
      'speech.txt:1: front matter starts with "---" but has no closing "---" line',
    ]);

    fake.pushRobotMessage({ ...groupPayload, msgId: 'msg-ops-2', sessionWebhook: fake.webhookUrl('ops-2') });
    await fake.until(() => fake.webhookPosts.length === 1, 'the answer from the last good index');
    expect(JSON.stringify(fake.webhookPosts[0]?.body)).toContain('欠薪');

    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  });

  it('stays silent in a group outside ALLOW_DINGTALK_CONVERSATIONS', async () => {
    const { bot } = await start({ ALLOW_DINGTALK_CONVERSATIONS: 'cidTheOnlyGroup==' });
    await fake.until(() => fake.openSockets === 1, 'the stream connection');
    const ignored = fake.pushRobotMessage({
      ...groupPayload,
      msgId: 'msg-ops-3',
      sessionWebhook: fake.webhookUrl('x'),
    });
    await fake.until(() => fake.acks.some((a) => a.messageId === ignored), 'the ack');
    await waitFor('the allow-list log line', () => bot.stderr().includes('outside the allow-lists'));
    expect(fake.webhookPosts).toEqual([]);
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  });
});
