import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../adapters/slack/index.js';
import type { Config } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { messages } from '../../src/messages.js';
import type { Reply } from '../../src/reply.js';
import type { Store } from '../../src/store/store.js';
import { FakeSlackApi, pollUntil } from '../support/fake-slack-api.js';
import { postSigned } from '../support/signed-slack-request.js';
import { realBot, slackFixture } from '../support/slack-world.js';

const secret = 'test-signing-secret-8f742231';
const world = await realBot();
let api: FakeSlackApi;
let slack: SlackAdapter;
let eventsUrl: string;
let nextId = 0;

const slackConfig = (): NonNullable<Config['slack']> => ({
  botToken: 'xoxb-test-token',
  appToken: undefined,
  signingSecret: secret,
  mode: 'http',
  apiUrl: api.url,
  command: '/directive',
});

async function startOn(store: Store, bot = world.bot): Promise<SlackAdapter> {
  const adapter = await startSlack({
    slack: slackConfig(),
    port: 0,
    host: '127.0.0.1',
    bot,
    store,
    logger: silentLogger(),
    startAttempts: 1,
  });
  eventsUrl = `http://127.0.0.1:${adapter.port}/slack/events`;
  return adapter;
}

/** An event fixture with a fresh event id, so tests do not dedup each other. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are edited freely
function event(name: string, edit: (e: any) => void = () => {}): any {
  const body = slackFixture(name);
  body.event_id = `Ev0TEST${++nextId}`;
  edit(body.event);
  return body;
}

// biome-ignore lint/suspicious/noExplicitAny: payload bodies
const sendEvent = (body: any, headers?: Record<string, string>, timestamp?: number) =>
  postSigned(eventsUrl, JSON.stringify(body), { secret, contentType: 'application/json', headers, timestamp });

// biome-ignore lint/suspicious/noExplicitAny: payload bodies
const sendForm = (fields: Record<string, any>) =>
  postSigned(eventsUrl, new URLSearchParams(fields).toString(), {
    secret,
    contentType: 'application/x-www-form-urlencoded',
  });

const ask = async (text: string, conversationId = 'C0CHAN') =>
  (await world.bot.handle({
    text,
    platform: 'slack',
    userId: 'U0X',
    conversationId,
    isDirect: false,
    mentionsBot: true,
  })) as Reply;

// biome-ignore lint/suspicious/noExplicitAny: payload bodies
const answersTo = (body: any) => api.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === body.event.ts);

/**
 * Sends a fresh mention and waits until it is answered: a barrier after which whatever was sent
 * before it has been handled, so a test can assert that something was not answered.
 */
async function answerAnotherMention(): Promise<void> {
  const body = event('app-mention', (e) => {
    e.ts = `1732459999.${String(nextId).padStart(6, '0')}`;
  });
  expect((await sendEvent(body)).status).toBe(200);
  await pollUntil(() => answersTo(body).length > 0, 5_000, 'a later mention to be answered');
}

/** Gives Bolt time to misbehave before asserting that nothing more was posted. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

beforeAll(async () => {
  api = await FakeSlackApi.start();
  slack = await startOn(world.store);
});

afterEach(() => {
  api.calls.length = 0;
});

afterAll(async () => {
  await slack?.stop();
  await api?.close();
  await world.cleanup();
});

describe('Slack over HTTP', () => {
  it('answers a channel mention in the thread of the question, with the excerpt in the blocks', async () => {
    const body = event('app-mention');
    const res = await sendEvent(body);
    expect(res.status).toBe(200);
    const [post] = await api.waitFor('chat.postMessage');
    expect(post!.body.channel).toBe('C0CHAN');
    expect(post!.body.thread_ts).toBe(body.event.ts);
    const expected = await ask('明年劳模评选什么时候准备?');
    const blocks = JSON.stringify(post!.body.blocks).replace(/\\u200b|\u200b|\*/g, '');
    expect(blocks).toContain(expected.citations[0]!.excerpt);
    expect(post!.authorization).toBe('Bearer xoxb-test-token');
  });

  it('answers any signed payload shape with 200 or a 4xx, never a crash or a 500, and goes on answering', async () => {
    const json = [
      'null',
      '1',
      '"text"',
      'true',
      '[]',
      '[{}]',
      '{}',
      '{"event":null}',
      '{"type":"event_callback","event":null}',
      '{"type":"event_callback","event":"x"}',
      '{"type":"event_callback","event":{}}',
      '{"type":"event_callback","event":{"type":5}}',
      '{"type":"event_callback","event":{"type":"app_mention"}}',
      '{"type":"event_callback","event":{"type":"app_mention","text":5,"user":"U1","channel":"C1","ts":"1.2"}}',
      '{"type":"event_callback","event":{"type":"app_mention","text":"hi","user":{},"channel":[],"ts":7}}',
      '{"type":"event_callback","event":{"type":"message","channel":null,"channel_type":"im"}}',
      '{"type":"event_callback","authorizations":null,"event":{"type":"app_mention"}}',
      '{"type":"event_callback","team_id":5,"event_id":[],"event":{"type":"app_home_opened","user":null}}',
      '{"type":null}',
      '{"type":"url_verification"}',
      '{"type":"block_actions"}',
      '{"type":"block_actions","actions":null,"user":null}',
      '{"type":"block_actions","actions":[null],"user":{"id":"U1"}}',
      '{"type":"view_submission","view":null}',
      '{"type":"shortcut"}',
      '{"command":"/directive"}',
      '{"command":"/directive","text":null,"user_id":null,"channel_id":null}',
    ];
    const forms = [
      'payload=null',
      'payload=5',
      'payload=%5B%5D',
      'payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%22x%22%7D',
      'payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22action_id%22%3A%22view_source%22%7D%5D%7D',
      'command=%2Fdirective',
      'command=%2Fdirective&text=&user_id=&channel_id=',
      'payload=not-json',
    ];
    const statuses: string[] = [];
    for (const body of json) {
      const { status } = await postSigned(eventsUrl, body, { secret, contentType: 'application/json' });
      statuses.push(`${status} ${body}`);
    }
    for (const body of forms) {
      const { status } = await postSigned(eventsUrl, body, {
        secret,
        contentType: 'application/x-www-form-urlencoded',
      });
      statuses.push(`${status} ${body}`);
    }
    expect(statuses.filter((s) => !/^(200|4\d\d) /.test(s))).toEqual([]);
    await answerAnotherMention();
  });

  it('refuses a request with a bad signature with 401 and posts nothing', async () => {
    const res = await postSigned(eventsUrl, JSON.stringify(event('app-mention')), {
      secret,
      contentType: 'application/json',
      signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000',
    });
    expect(res.status).toBe(401);
    await settle();
    expect(api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('refuses a correctly signed request older than five minutes', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await sendEvent(event('app-mention'), undefined, sixMinutesAgo);
    expect(res.status).toBe(401);
    await settle();
    expect(api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('a retried delivery of an answered event is not answered twice', async () => {
    const body = event('app-mention');
    expect((await sendEvent(body)).status).toBe(200);
    expect((await sendEvent(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(
      200,
    );
    expect((await sendEvent(body)).status).toBe(200);
    await answerAnotherMention();
    expect(answersTo(body)).toHaveLength(1);
  });

  it('a retried delivery whose first attempt never arrived is answered once', async () => {
    const body = event('app-mention');
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await sendEvent(body, retry)).status).toBe(200);
    await pollUntil(() => answersTo(body).length > 0, 5_000, 'the retried delivery to be answered');
    expect((await sendEvent(body, { ...retry, 'x-slack-retry-num': '2' })).status).toBe(200);
    await answerAnotherMention();
    expect(answersTo(body)).toHaveLength(1);
  });

  it('remembers answered events across a restart', async () => {
    const body = event('app-mention');
    await sendEvent(body);
    await api.waitFor('chat.postMessage');
    await slack.stop();
    const restarted = world.reopen();
    slack = await startOn(restarted.store, restarted.bot);
    expect((await sendEvent(body)).status).toBe(200);
    await settle();
    expect(api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('never lets a question trigger @channel, @here or a user mention in what it posts', async () => {
    await sendEvent(
      event('app-mention', (e) => {
        e.text = '<@U0BOT> <!channel> <!here> <!everyone> <@U0BOSS> <!subteam^S0ALL|@all> 明年劳模评选什么时候准备?';
      }),
    );
    const [post] = await api.waitFor('chat.postMessage');
    const json = JSON.stringify(post!.body);
    for (const mention of ['<!channel>', '<!here>', '<!everyone>', '<@U', '<!subteam']) {
      expect(json).not.toContain(mention);
    }
  });

  it('ignores messages from bots', async () => {
    expect((await sendEvent(event('bot-message'))).status).toBe(200);
    await settle();
    expect(api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('ignores message edits', async () => {
    const res = await sendEvent(
      event('message-im', (e) => {
        e.subtype = 'message_changed';
      }),
    );
    expect(res.status).toBe(200);
    await settle();
    expect(api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers a direct message without a mention, in the conversation itself', async () => {
    await sendEvent(event('message-im'));
    const [post] = await api.waitFor('chat.postMessage');
    expect(post!.body.channel).toBe('D0DIRECT');
    expect(post!.body.thread_ts).toBeUndefined();
    expect(JSON.stringify(post!.body.blocks)).toContain('section');
  });

  it('answers the slash command privately in its response', async () => {
    const res = await sendForm(slackFixture('slash-command'));
    expect(res.status).toBe(200);
    const response = JSON.parse(res.text);
    expect(response.response_type).toBe('ephemeral');
    const expected = await ask('明年劳模评选什么时候准备?');
    expect(JSON.stringify(response.blocks).replace(/\\u200b|\u200b|\*/g, '')).toContain(expected.citations[0]!.excerpt);
  });

  it('answers a 40,000-character message politely and within Block Kit limits', async () => {
    await sendEvent(
      event('app-mention', (e) => {
        e.text = `<@U0BOT> ${'劳模评选'.repeat(10_000)}`;
      }),
    );
    const [post] = await api.waitFor('chat.postMessage');
    // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
    const blocks = post!.body.blocks as any[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3_000);
    expect(post!.body.text).toContain(messages.tooLong(500).slice(0, 5));
  });

  it('answers a signed event of three megabytes with the too-long notice', async () => {
    // A million U+FDFA: NFKC would make 18 million characters of them, if the length were checked after it.
    const body = event('app-mention', (e) => {
      e.text = `<@U0BOT> ${'\ufdfa'.repeat(1_000_000)}`;
    });
    expect((await sendEvent(body)).status).toBe(200);
    const [post] = await api.waitFor('chat.postMessage');
    expect(post!.body.text).toContain(messages.tooLong(500).slice(0, 5));
  });

  it('shows the whole paragraph privately when 查看原文 is clicked', async () => {
    const answer = await ask('明年劳模评选什么时候准备?');
    const payload = slackFixture('block-actions');
    payload.actions[0].value = answer.citations[0]!.ref;
    expect((await sendForm({ payload: JSON.stringify(payload) })).status).toBe(200);
    const [ephemeral] = await api.waitFor('chat.postEphemeral');
    expect(ephemeral!.body.user).toBe('U0ASKER');
    expect(ephemeral!.body.channel).toBe('C0CHAN');
    expect(String(ephemeral!.body.text)).toContain(
      world.bot.source(answer.citations[0]!.ref).citations[0]?.excerpt.slice(0, 30),
    );
  });

  it('stores a 👎 vote with the question it answered', async () => {
    const payload = slackFixture('block-actions');
    payload.actions[0] = {
      ...payload.actions[0],
      action_id: 'vote_down',
      value: JSON.stringify({ q: '明年劳模评选什么时候准备?', r: 'speech#1' }),
    };
    expect((await sendForm({ payload: JSON.stringify(payload) })).status).toBe(200);
    const votes = await world.store.listFeedback(0);
    expect(votes.at(-1)).toMatchObject({
      userId: 'U0ASKER',
      question: '明年劳模评选什么时候准备?',
      ref: 'speech#1',
      vote: -1,
    });
  });

  it('answers a suggested question when its button is clicked', async () => {
    const payload = slackFixture('block-actions');
    payload.actions[0] = { ...payload.actions[0], action_id: 'ask_suggestion_0', value: '明年劳模评选什么时候准备?' };
    expect((await sendForm({ payload: JSON.stringify(payload) })).status).toBe(200);
    const [post] = await api.waitFor('chat.postMessage');
    expect(post!.body.channel).toBe('C0CHAN');
    expect(post!.body.thread_ts).toBe('1732450000.000100');
    expect(JSON.stringify(post!.body.blocks)).toContain('view_source');
  });

  it('publishes App Home with the deadlines when a user opens it', async () => {
    await sendEvent(slackFixture('app-home-opened'));
    const [publish] = await api.waitFor('views.publish');
    expect(publish!.body.user_id).toBe('U0ASKER');
    expect(JSON.stringify(publish!.body.view)).toContain(messages.homeDeadlinesTitle);
  });

  it('apologises instead of crashing when posting the answer fails', async () => {
    api.failNext('chat.postMessage', 'internal_error');
    await sendEvent(event('app-mention'));
    const posts = await api.waitFor('chat.postMessage', 2);
    expect(posts[1]!.body.text).toBe(messages.apology);
    expect(slack.status()).toBe('connected');
  });

  it('posts reminders through its notifier and throws when Slack refuses', async () => {
    await slack.notifier.send('C0REMIND', world.bot.deadlines());
    const [post] = api.callsTo('chat.postMessage');
    expect(post!.body.channel).toBe('C0REMIND');
    api.failNext('chat.postMessage', 'channel_not_found');
    await expect(slack.notifier.send('C0GONE', world.bot.deadlines())).rejects.toThrow(/channel_not_found/);
  });
});
