import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DingTalkAdapter, startDingTalk } from '../../adapters/dingtalk/index.js';
import { type Bot, createBot } from '../../src/bot.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import { deliverDue } from '../../src/reminders/deliver-due.js';
import { reminderReply } from '../../src/reminders/reminder-message.js';
import { zonedInstant } from '../../src/reminders/zoned-time.js';
import type { FoundReply } from '../../src/reply.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { knowledgeDir } from '../reminders/knowledge-dir.js';
import { FakeClock } from '../support/fake-clock.js';
import { FakeDingTalk } from '../support/fake-dingtalk.js';

const GROUP = 'cidFakeGroup1234567890==';
const DEADLINES = `deadlines:
  - id: year-end-review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    to: ["dingtalk:${GROUP}"]
    owners: [{ id: dingtalk:manager1234, name: 王芳 }, dingtalk:staff5678]
`;

let fake: FakeDingTalk;
let tmp: string;
let knowledge: string;
let store: SqliteStore;
let bot: Bot;
let library: LibraryHolder;
let adapter: DingTalkAdapter | undefined;
let notifiers: Map<string, Notifier>;

beforeEach(async () => {
  fake = await FakeDingTalk.start();
  tmp = mkdtempSync(join(tmpdir(), 'dingtalk-cards-'));
  knowledge = knowledgeDir(DEADLINES);
  store = new SqliteStore(join(tmp, 'bot.sqlite'));
  library = await LibraryHolder.load(knowledge);
  notifiers = new Map();
  bot = createBot(
    { admins: [], timezone: 'Asia/Shanghai' },
    { library, store, notifiers, clock: new FakeClock(Date.parse('2026-12-01T02:00:00Z')) },
  );
});

afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  await fake.close();
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
  rmSync(knowledge, { recursive: true, force: true });
});

async function start(cardTemplateId?: string): Promise<DingTalkAdapter> {
  adapter = await startDingTalk({
    dingtalk: {
      clientId: 'dingfakeclient',
      clientSecret: 'fake-secret',
      robotCode: 'dingrobotfake',
      gatewayUrl: fake.gatewayUrl,
      apiUrl: fake.baseUrl,
      ...(cardTemplateId ? { cardTemplateId } : {}),
    },
    bot,
    store,
    logger: silentLogger(),
    backoff: { baseMs: 100, maxMs: 800 },
    requestTimeoutMs: 2_000,
  });
  notifiers.set('dingtalk', adapter.notifier);
  return adapter;
}

function reminder(): FoundReply {
  const deadline = library.current.deadlines[0]!;
  return reminderReply(
    {
      deadline,
      due: { year: 2026, month: 12, day: 31 },
      at: zonedInstant({ year: 2026, month: 12, day: 1 }, 9, 0, 'Asia/Shanghai'),
    },
    'Asia/Shanghai',
  );
}

/** A click as DingTalk pushes it: `content` is itself JSON, with the button's action id. */
const clickOn = (outTrackId: string, userId: string, actionId: string) => ({
  type: 'actionCallback',
  outTrackId,
  corpId: 'dingcorpfake',
  userId,
  content: JSON.stringify({ cardPrivateData: { actionIds: [actionId], params: {} } }),
});

const receipts = async () =>
  (await store.receiptsFor('year-end-review', '2026-12-31')).map((r) => ({
    person: r.person,
    status: r.status,
    via: r.via,
    conversation: r.conversation,
    message_ref: r.messageRef,
  }));

describe('DingTalk interactive cards', () => {
  it('posts a reminder as an interactive card whose clicks come back over the stream', async () => {
    const dt = await start('tpl-receipts.schema');
    await dt.notifier.send(GROUP, reminder());
    const [card] = fake.cardsCreated;
    expect(card?.token).toBe('token-1');
    expect(card?.body).toMatchObject({
      cardTemplateId: 'tpl-receipts.schema',
      callbackType: 'STREAM',
      userIdType: 1,
      openSpaceId: `dtv1.card//IM_GROUP.${GROUP}`,
      imGroupOpenDeliverModel: { robotCode: 'dingrobotfake' },
    });
    const params = (card!.body.cardData as { cardParamMap: Record<string, string> }).cardParamMap;
    expect(params.title).toBe('【截止提醒】年底查漏补缺');
    expect(params.content).toContain('查漏补缺');
    expect(params.content).toContain('已完成 year-end-review');
    expect(Object.values(params).every((v) => typeof v === 'string')).toBe(true);
    expect(fake.groupSends).toHaveLength(0);
  });

  it('acks a card click, records it as the clicker’s own receipt, and updates the card', async () => {
    const dt = await start('tpl-receipts.schema');
    await dt.notifier.send(GROUP, reminder());
    const outTrackId = String(fake.cardsCreated[0]?.body.outTrackId);
    const messageId = fake.pushCardCallback(clickOn(outTrackId, 'manager1234', 'mark_done'));

    await fake.until(() => fake.acks.some((a) => a.messageId === messageId), 'the ack');
    expect(fake.acks.find((a) => a.messageId === messageId)?.code).toBe(200);
    await fake.until(() => fake.cardUpdates.length === 1, 'the card update');
    expect(await receipts()).toEqual([
      {
        person: 'dingtalk:manager1234',
        status: 'done',
        via: 'card',
        conversation: `dingtalk:${GROUP}`,
        message_ref: outTrackId,
      },
    ]);
    const update = fake.cardUpdates[0]!.body as {
      outTrackId: string;
      cardData: { cardParamMap: Record<string, string> };
      privateData: Record<string, { cardParamMap: Record<string, string> }>;
      cardUpdateOptions: Record<string, boolean>;
    };
    expect(update.outTrackId).toBe(outTrackId);
    expect(update.cardUpdateOptions).toEqual({ updateCardDataByKey: true, updatePrivateDataByKey: true });
    expect(update.cardData.cardParamMap.progress).toBe('1/2');
    expect(update.cardData.cardParamMap.content).toContain('已完成:王芳');
    expect(update.cardData.cardParamMap.content).toContain('未反馈:staff5678');
    expect(update.privateData.manager1234?.cardParamMap.myStatus).toContain('已记录');
  });

  it('changes nothing when a click is delivered again, and tells only the clicker', async () => {
    const dt = await start('tpl-receipts.schema');
    await dt.notifier.send(GROUP, reminder());
    const outTrackId = String(fake.cardsCreated[0]?.body.outTrackId);
    fake.pushCardCallback(clickOn(outTrackId, 'staff5678', 'mark_read'));
    await fake.until(() => fake.cardUpdates.length === 1, 'the first update');
    fake.pushCardCallback(clickOn(outTrackId, 'staff5678', 'mark_read'));
    await fake.until(() => fake.cardUpdates.length === 2, 'the second update');
    expect(await receipts()).toHaveLength(1);
    const second = fake.cardUpdates[1]!.body as {
      cardData: { cardParamMap: Record<string, string> };
      privateData: Record<string, { cardParamMap: Record<string, string> }>;
    };
    expect(second.cardData.cardParamMap).toEqual({});
    expect(second.privateData.staff5678?.cardParamMap.myStatus).toContain('无需重复标记');
  });

  it('ignores clicks on cards that are not its own, and survives a malformed callback', async () => {
    await start('tpl-receipts.schema');
    const foreign = fake.pushCardCallback(clickOn('someone-elses-card', 'manager1234', 'mark_done'));
    fake.pushCardCallback({ type: 'actionCallback' });
    await fake.until(() => fake.acks.some((a) => a.messageId === foreign), 'the ack');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await receipts()).toEqual([]);
    expect(fake.cardUpdates).toHaveLength(0);
    expect(adapter?.status()).toBe('connected');
  });

  it('posts a chase as a card that @-mentions only the people named, by atUserIds, never everyone', async () => {
    const dt = await start('tpl-receipts.schema');
    await dt.notifier.send(GROUP, {
      ...reminder(),
      text: '【催办】年底查漏补缺',
      mentions: [
        { platform: 'dingtalk', userId: 'staff5678', name: '@所有人' },
        { platform: 'slack', userId: 'U0LI', name: 'li' },
        { platform: 'dingtalk', userId: 'bad id', name: 'x' },
      ],
    });
    const body = fake.cardsCreated[0]?.body as { imGroupOpenDeliverModel: Record<string, unknown> };
    expect(body.imGroupOpenDeliverModel).toEqual({ robotCode: 'dingrobotfake', atUserIds: { staff5678: '＠所有人' } });
    expect(JSON.stringify(fake.cardsCreated[0]?.body)).not.toMatch(/isAtAll|@ALL/);
  });

  it('updates the card it posted when an owner answers by text in the group', async () => {
    await start('tpl-receipts.schema');
    await deliverDue({
      library: library.current,
      store,
      notifiers,
      logger: silentLogger(),
      timezone: 'Asia/Shanghai',
      graceMs: 12 * 3_600_000,
      at: new Date('2026-12-24T01:00:00Z'),
    });
    const outTrackId = String(fake.cardsCreated[0]?.body.outTrackId);
    fake.pushRobotMessage({
      msgId: 'msg-text-receipt',
      msgtype: 'text',
      conversationId: GROUP,
      conversationType: '2',
      senderStaffId: 'staff5678',
      senderNick: '李明',
      sessionWebhook: fake.webhookUrl('text-receipt'),
      sessionWebhookExpiredTime: Date.now() + 3_600_000,
      text: { content: ' 已完成 年底查漏补缺' },
    });
    await fake.until(() => fake.webhookPosts.length === 1, 'the confirmation');
    await fake.until(() => fake.cardUpdates.length === 1, 'the card update');
    const update = fake.cardUpdates[0]!.body as {
      outTrackId: string;
      cardData: { cardParamMap: Record<string, string> };
    };
    expect(update.outTrackId).toBe(outTrackId);
    expect(update.cardData.cardParamMap.content).toContain('已完成:李明');
    expect(JSON.stringify(fake.webhookPosts[0]?.body)).toContain('已记录');
  });

  it('sends the reminder as markdown with the text commands when DingTalk refuses the card', async () => {
    const dt = await start('tpl-unpublished');
    await dt.notifier.send(GROUP, reminder());
    expect(fake.cardsCreated).toHaveLength(1);
    const param = JSON.parse(String(fake.groupSends[0]?.body.msgParam)) as { text: string };
    expect(param.text).toContain('“已完成 year-end-review”');
  });

  it('without a card template, posts the reminder as markdown that spells out the text commands', async () => {
    const dt = await start();
    await dt.notifier.send(GROUP, reminder());
    expect(fake.cardsCreated).toHaveLength(0);
    const param = JSON.parse(String(fake.groupSends[0]?.body.msgParam)) as { text: string };
    expect(param.text).toContain('“已完成 year-end-review”');
  });
});
