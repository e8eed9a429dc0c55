import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../adapters/slack/index.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { openCycles } from '../../src/supervision/cycle.js';
import { FakeSlackApi, pollUntil } from '../support/fake-slack-api.js';
import { FakeSlackSocket } from '../support/fake-slack-socket.js';
import { shippedKnowledge } from '../support/paths.js';
import { realBot, slackFixture } from '../support/slack-world.js';

const world = await realBot();
let api: FakeSlackApi;
let socket: FakeSlackSocket;
let slack: SlackAdapter;

// biome-ignore lint/suspicious/noExplicitAny: fixtures are edited freely
function mention(eventId: string): any {
  const body = slackFixture('app-mention');
  body.event_id = eventId;
  return body;
}

const posts = () => api.callsTo('chat.postMessage').length;

/**
 * Sends a fresh mention and waits until it is answered: a barrier after which every envelope sent
 * before it has been handled, so a test can assert that one of them was not answered.
 */
async function answerAnotherMention(eventId: string): Promise<void> {
  const body = mention(eventId);
  body.event.ts = `1732459999.${eventId.slice(-6)}`;
  await socket.waitForAck(socket.sendEvent(body));
  const isAnswered = () => api.callsTo('chat.postMessage').some((c) => c.body.thread_ts === body.event.ts);
  await pollUntil(isAnswered, 5_000, `${eventId} to be answered`);
}

beforeAll(async () => {
  api = await FakeSlackApi.start();
  socket = await FakeSlackSocket.start();
  api.socketUrl = socket.url;
  slack = await startSlack({
    slack: {
      botToken: 'xoxb-test-token',
      appToken: 'xapp-1-A0APP-test',
      signingSecret: undefined,
      mode: 'socket',
      apiUrl: api.url,
      command: '/directive',
    },
    port: 0,
    bot: world.bot,
    store: world.store,
    logger: silentLogger(),
    startAttempts: 1,
    // Reconnects wait a multiple of this; Bolt's 5 s default would make the test slow, not different.
    socketPingTimeoutMs: 200,
  });
});

afterAll(async () => {
  await slack?.stop();
  await socket?.close();
  await api?.close();
  await world.cleanup();
});

describe('Slack over Socket Mode', () => {
  it('connects with the app token and reports itself connected', async () => {
    expect(slack.status()).toBe('connected');
    const [open] = api.callsTo('apps.connections.open');
    expect(open!.authorization).toBe('Bearer xapp-1-A0APP-test');
  });

  it('acknowledges an events_api envelope by its id and answers in the thread', async () => {
    const envelopeId = socket.sendEvent(mention('Ev0SOCKET0001'));
    const ack = await socket.waitForAck(envelopeId);
    expect(ack.envelope_id).toBe(envelopeId);
    const [post] = await api.waitFor('chat.postMessage');
    expect(post!.body.channel).toBe('C0CHAN');
    expect(post!.body.thread_ts).toBe('1732450000.000100');
  });

  it('records a 已完成 click that arrives over the socket, and updates the reminder', async () => {
    await world.store.subscribe('slack:C0CHAN', 'slack:U0ADMIN');
    const [round] = openCycles(
      (await LibraryHolder.load(shippedKnowledge)).current.deadlines,
      new Date(),
      'Asia/Shanghai',
    );
    const payload = slackFixture('block-actions');
    payload.actions[0] = {
      ...payload.actions[0],
      action_id: 'mark_done',
      value: JSON.stringify({ d: round!.deadline.id, o: round!.occurrence }),
    };
    // An envelope sent while the client reconnects is lost, and Slack sends it again: so does the test.
    for (let attempt = 1; ; attempt++) {
      await socket.waitForConnections(1);
      const acked = await socket.waitForAck(socket.sendInteractive(payload), 2_000).then(
        () => true,
        () => false,
      );
      if (acked || attempt === 5) break;
    }
    const [update] = await api.waitFor('chat.update');
    expect(update!.body).toMatchObject({ channel: 'C0CHAN', ts: '1732450001.000900' });
    expect(JSON.stringify(update!.body.blocks)).toContain('已完成:zhang.wei');
    const receipts = await world.store.receiptsFor(round!.deadline.id, round!.occurrence);
    expect(receipts.map((r) => `${r.person} ${r.status} ${r.via}`)).toEqual(['slack:U0ASKER done button']);
    expect(api.callsTo('chat.update')).toHaveLength(1);
  });

  it('acknowledges but does not answer again a redelivered envelope', async () => {
    const before = posts();
    socket.sendEvent(mention('Ev0SOCKET0010'));
    await api.waitFor('chat.postMessage', before + 1);
    // A plain duplicate (no retry marker) as well as a retry: only the event id can tell them apart.
    await socket.waitForAck(socket.sendEvent(mention('Ev0SOCKET0010')));
    await socket.waitForAck(socket.sendEvent(mention('Ev0SOCKET0010'), 1));
    await answerAnotherMention('Ev0SOCKET0011');
    expect(posts()).toBe(before + 2);
  });

  it('answers once a redelivered envelope whose first delivery never arrived', async () => {
    const before = posts();
    await socket.waitForAck(socket.sendEvent(mention('Ev0SOCKET0020'), 1));
    await api.waitFor('chat.postMessage', before + 1);
    await socket.waitForAck(socket.sendEvent(mention('Ev0SOCKET0020'), 2));
    await answerAnotherMention('Ev0SOCKET0021');
    expect(posts()).toBe(before + 2);
  });

  it('reconnects after the server drops the socket and answers further questions', async () => {
    const opened = api.callsTo('apps.connections.open').length;
    socket.dropAll();
    await pollUntil(() => slack.status() !== 'connected', 5_000, 'the drop to be noticed');
    await socket.waitForConnections(2, 10_000);
    await pollUntil(() => slack.status() === 'connected', 5_000, 'the reconnect');
    expect(api.callsTo('apps.connections.open').length).toBeGreaterThan(opened);

    const before = posts();
    const envelopeId = socket.sendEvent(mention('Ev0SOCKET0002'));
    await socket.waitForAck(envelopeId);
    await api.waitFor('chat.postMessage', before + 1);
  });
});
