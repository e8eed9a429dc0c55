import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../adapters/slack/index.js';
import { createBot } from '../../src/bot.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import { deliverDue } from '../../src/reminders/deliver-due.js';
import { reminderReply } from '../../src/reminders/reminder-message.js';
import { zonedInstant } from '../../src/reminders/zoned-time.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { knowledgeDir } from '../reminders/knowledge-dir.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeSlackApi, pollUntil } from '../support/fake-slack-api.js';
import { postSigned } from '../support/signed-slack-request.js';
import { slackFixture } from '../support/slack-world.js';

const secret = 'test-signing-secret-receipts';
const DEADLINES = `deadlines:
  - id: year-end-review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    to: [slack:C0CHAN]
    owners: [slack:U0ASKER, { id: slack:U0OTHER, name: 李强 }]
`;

const dir = knowledgeDir(DEADLINES);
const dataDir = mkdtempSync(join(tmpdir(), 'slack-receipts-'));
const store = new SqliteStore(join(dataDir, 'bot.sqlite'));
const library = await LibraryHolder.load(dir);
const clock = new FakeClock(Date.parse('2026-12-01T02:00:00Z'));
const notifiers = new Map<string, Notifier>();
const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library, store, clock, notifiers });
let api: FakeSlackApi;
let slack: SlackAdapter;
let eventsUrl: string;

beforeAll(async () => {
  api = await FakeSlackApi.start();
  slack = await startSlack({
    slack: {
      botToken: 'xoxb-test-token',
      appToken: undefined,
      signingSecret: secret,
      mode: 'http',
      apiUrl: api.url,
      command: '/directive',
    },
    port: 0,
    host: '127.0.0.1',
    bot,
    store,
    logger: silentLogger(),
    startAttempts: 1,
  });
  eventsUrl = `http://127.0.0.1:${slack.port}/slack/events`;
  notifiers.set('slack', slack.notifier);
});

afterEach(() => {
  api.calls.length = 0;
});

afterAll(async () => {
  await slack?.stop();
  await api?.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const reminder = () => {
  const deadline = library.current.deadlines[0]!;
  const due = { year: 2026, month: 12, day: 31 };
  return reminderReply(
    { deadline, due, at: zonedInstant({ year: 2026, month: 12, day: 1 }, 9, 0, 'Asia/Shanghai') },
    'Asia/Shanghai',
  );
};

/** A block_actions payload as Slack sends it for a click on one of the reminder's buttons. */
function click(actionId: 'mark_read' | 'mark_done', user = { id: 'U0ASKER', name: 'zhang.wei' }) {
  const payload = slackFixture('block-actions');
  payload.user = { ...payload.user, ...user };
  payload.actions[0] = {
    ...payload.actions[0],
    action_id: actionId,
    block_id: 'receipt',
    value: JSON.stringify({ d: 'year-end-review', o: '2026-12-31' }),
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const send = (body: string, signature?: string) =>
  postSigned(eventsUrl, body, { secret, contentType: 'application/x-www-form-urlencoded', signature });

const rows = async () =>
  (await store.receiptsFor('year-end-review', '2026-12-31')).map((r) => ({
    person: r.person,
    status: r.status,
    via: r.via,
    message_ref: r.messageRef,
    name: r.name,
  }));

describe('已阅 and 已完成 buttons on Slack', () => {
  it('posts reminders with 已阅 and 已完成 buttons that carry the deadline and its round', async () => {
    await slack.notifier.send('C0CHAN', reminder());
    const [post] = await api.waitFor('chat.postMessage');
    // biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON
    const actions = (post!.body.blocks as any[]).find((b) => b.block_id === 'receipt');
    expect(
      actions.elements.map((e: { action_id: string; text: { text: string } }) => [e.action_id, e.text.text]),
    ).toEqual([
      ['mark_read', '已阅'],
      ['mark_done', '已完成'],
    ]);
    expect(JSON.parse(actions.elements[1].value)).toEqual({ d: 'year-end-review', o: '2026-12-31' });
  });

  it('records the click, updates the reminder with the counts, and tells only the clicker', async () => {
    expect((await send(click('mark_done'))).status).toBe(200);
    expect(await rows()).toEqual([
      { person: 'slack:U0ASKER', status: 'done', via: 'button', message_ref: '1732450001.000900', name: 'zhang.wei' },
    ]);
    const [update] = await api.waitFor('chat.update');
    expect(update!.body).toMatchObject({ channel: 'C0CHAN', ts: '1732450001.000900' });
    const shown = JSON.stringify(update!.body.blocks);
    expect(shown).toContain('已完成 1/2 · 已阅 1/2');
    expect(shown).toContain('已完成:zhang.wei');
    expect(shown).toContain('未反馈:李强');
    const [ephemeral] = await api.waitFor('chat.postEphemeral');
    expect(ephemeral!.body).toMatchObject({ channel: 'C0CHAN', user: 'U0ASKER' });
    expect(String(ephemeral!.body.text)).toContain('已记录');
  });

  it('changes nothing when the same click is replayed', async () => {
    const before = await rows();
    expect((await send(click('mark_done'))).status).toBe(200);
    expect((await send(click('mark_read'))).status).toBe(200);
    await api.waitFor('chat.postEphemeral', 2);
    expect(await rows()).toEqual(before);
    expect(api.callsTo('chat.update')).toHaveLength(0);
    expect(String(api.callsTo('chat.postEphemeral')[0]!.body.text)).toContain('无需重复标记');
  });

  it('rejects a click with a forged signature and records nothing', async () => {
    const before = await rows();
    const res = await send(click('mark_read', { id: 'U0OTHER', name: 'li.qiang' }), `v0=${'0'.repeat(64)}`);
    expect(res.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await rows()).toEqual(before);
    expect(api.calls).toHaveLength(0);
  });

  it('refuses someone who is not an owner, privately, and keeps the reminder as it was', async () => {
    expect((await send(click('mark_done', { id: 'U0STRANGER', name: 'wang' }))).status).toBe(200);
    const [ephemeral] = await api.waitFor('chat.postEphemeral');
    expect(String(ephemeral!.body.text)).toContain('没有登记您为责任人');
    expect(api.callsTo('chat.update')).toHaveLength(0);
  });

  it('tells the clicker a button on a finished round marks nothing', async () => {
    const payload = new URLSearchParams(click('mark_done'));
    const body = JSON.parse(payload.get('payload') ?? '{}');
    body.actions[0].value = JSON.stringify({ d: 'year-end-review', o: '2025-12-31' });
    expect((await send(new URLSearchParams({ payload: JSON.stringify(body) }).toString())).status).toBe(200);
    const [ephemeral] = await api.waitFor('chat.postEphemeral');
    expect(String(ephemeral!.body.text)).toContain('这一轮已经结束');
    expect(api.callsTo('chat.update')).toHaveLength(0);
  });

  it('shows a display name such as <!channel> as inert text in the update', async () => {
    expect((await send(click('mark_read', { id: 'U0OTHER', name: '<!channel> @所有人' }))).status).toBe(200);
    const [update] = await api.waitFor('chat.update');
    const json = JSON.stringify(update!.body);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    await pollUntil(() => api.callsTo('chat.postEphemeral').length === 1, 5_000, 'the confirmation');
  });

  it('updates the reminder it posted when someone answers by text instead of the button', async () => {
    const report = await deliverDue({
      library: library.current,
      store,
      notifiers,
      logger: silentLogger(),
      timezone: 'Asia/Shanghai',
      graceMs: 12 * 3_600_000,
      at: new Date('2026-12-24T01:00:00Z'),
      clock,
    });
    expect(report.sent).toHaveLength(1);
    const [posted] = await api.waitFor('chat.postMessage');
    const event = slackFixture('app-mention');
    event.event_id = 'Ev0TEXTRECEIPT';
    event.event.user = 'U0OTHER';
    event.event.text = '<@U0BOT> 已完成 year-end-review';
    const res = await postSigned(eventsUrl, JSON.stringify(event), { secret, contentType: 'application/json' });
    expect(res.status).toBe(200);
    const [update] = await api.waitFor('chat.update');
    expect(update!.body.channel).toBe('C0CHAN');
    expect(update!.body.ts).toBeTypeOf('string');
    expect(JSON.stringify(update!.body.blocks)).toContain('已完成 2/2');
    expect(posted!.body.channel).toBe('C0CHAN');
  });
});
