import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/bot.js';
import type { Incoming } from '../../src/incoming.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { messages } from '../../src/messages.js';
import { createAdmission } from '../../src/ops/admission.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { knowledgeDir } from '../reminders/knowledge-dir.js';
import { FakeClock } from '../support/fake-clock.js';

const DEADLINES = `deadlines:
  - id: year-end-review
    title: 年底查漏补缺,办实事项目做到位
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    to: [dingtalk:cidGroup1]
    owners:
      - { id: dingtalk:manager1234, name: 王芳 }
      - dingtalk:staff5678
  - id: year-end-wage-arrears
    title: 年底关注欠薪动态
    due: "12-31"
    cite: 到了年底有可能会出现欠薪等问题
    to: [dingtalk:cidGroup1]
  - id: model-worker-selection-prep
    title: 及早启动明年市级劳模评选的准备工作
    due: "12-15"
    cite: 这项工作也要及早启动准备
    to: [dingtalk:cidGroup2]
    owners: [dingtalk:manager1234]
`;

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

async function world(allowOnly?: string[]): Promise<{ bot: Bot; store: SqliteStore }> {
  const dir = knowledgeDir(DEADLINES);
  const store = new SqliteStore(join(tmpdir(), `receipts-${process.pid}-${Math.random()}.sqlite`));
  cleanup.push(() => {
    void store.close();
    rmSync(store.file, { force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const clock = new FakeClock(Date.parse('2026-12-01T02:00:00Z'));
  const bot = createBot(
    { admins: ['dingtalk:boss0001'], timezone: 'Asia/Shanghai' },
    {
      library: await LibraryHolder.load(dir),
      store,
      clock,
      admission: allowOnly
        ? createAdmission(
            {
              access: { allowDirect: true, slackTeams: [], slackChannels: [], dingtalkConversations: allowOnly },
              rateLimitPerMinute: 100,
              maxConcurrent: 4,
            },
            { clock, logger: silentLogger() },
          )
        : undefined,
    },
  );
  return { bot, store };
}

const from = (userId: string, text: string, extra: Partial<Incoming> = {}): Incoming => ({
  text,
  platform: 'dingtalk',
  userId,
  conversationId: 'cidGroup1',
  isDirect: false,
  mentionsBot: true,
  ...extra,
});

/** Every receipt of every deadline's current round. */
const receipts = async (store: SqliteStore) => {
  const rounds = [
    ['year-end-review', '2026-12-31'],
    ['year-end-wage-arrears', '2026-12-31'],
    ['model-worker-selection-prep', '2026-12-15'],
  ] as const;
  const all = await Promise.all(rounds.map(([d, o]) => store.receiptsFor(d, o)));
  return all.flat().map((r) => ({
    deadline_id: r.deadlineId,
    occurrence: r.occurrence,
    person: r.person,
    status: r.status,
    via: r.via,
    name: r.name,
  }));
};

describe('已阅 and 已完成 as text', () => {
  it('records a named owner marking a task done by words from its title, once', async () => {
    const { bot, store } = await world();
    const first = await bot.handle(from('manager1234', '已完成 劳模评选', { userName: '王芳' }));
    expect(first?.text).toContain(messages.markedDone('及早启动明年市级劳模评选的准备工作'));
    expect(first?.text).toContain('已完成 1/1 · 已阅 1/1');
    const again = await bot.handle(from('manager1234', '已完成 劳模评选'));
    expect(again?.text).toContain('无需重复标记');
    expect(await receipts(store)).toEqual([
      {
        deadline_id: 'model-worker-selection-prep',
        occurrence: '2026-12-15',
        person: 'dingtalk:manager1234',
        status: 'done',
        via: 'text',
        name: '王芳',
      },
    ]);
  });

  it('matches a Traditional Chinese 事项 and a glossary synonym the same way', async () => {
    const { bot } = await world();
    expect((await bot.handle(from('manager1234', '已閱 勞模評選')))?.text).toContain(
      messages.markedRead('及早启动明年市级劳模评选的准备工作'),
    );
    expect((await bot.handle(from('manager1234', '已阅 劳动模范评选')))?.text).toContain('无需重复标记');
  });

  it('offers a numbered choice when words fit several tasks, and records nothing until one is picked', async () => {
    const { bot, store } = await world();
    const reply = await bot.handle(from('manager1234', '已完成 年底'));
    expect(reply?.text.split('\n')).toEqual([
      messages.itemChoice('年底'),
      '2. 年底查漏补缺,办实事项目做到位(year-end-review)',
      '3. 年底关注欠薪动态(year-end-wage-arrears)',
    ]);
    expect(await receipts(store)).toEqual([]);
    const picked = await bot.handle(from('manager1234', '已完成 2'));
    expect(picked?.text).toContain(messages.markedDone('年底查漏补缺,办实事项目做到位'));
    expect(picked?.text).toContain('已完成 1/2 · 已阅 1/2');
  });

  it('takes the id, and refuses someone who is not an owner', async () => {
    const { bot, store } = await world();
    expect((await bot.handle(from('stranger9', '已完成 year-end-review')))?.text).toBe(
      messages.markNotOwner('年底查漏补缺,办实事项目做到位'),
    );
    expect(await receipts(store)).toEqual([]);
  });

  it('lets anyone in a deadline conversation answer when the deadline names no owners, but not from elsewhere', async () => {
    const { bot, store } = await world();
    expect((await bot.handle(from('anyone1', '已阅 欠薪')))?.text).toContain(messages.markedRead('年底关注欠薪动态'));
    expect((await bot.handle(from('anyone2', '已阅 欠薪', { conversationId: 'cidOther' })))?.text).toBe(
      messages.markElsewhere('年底关注欠薪动态'),
    );
    expect(await receipts(store)).toHaveLength(1);
  });

  it('never marks a task for someone else', async () => {
    const { bot, store } = await world();
    expect((await bot.handle(from('manager1234', '帮王芳已完成 劳模评选')))?.text).toBe(messages.markForSomeoneElse);
    expect((await bot.handle(from('manager1234', '已完成 劳模评选', { mentionsSomeoneElse: true })))?.text).toBe(
      messages.markForSomeoneElse,
    );
    expect(
      // As the Slack adapter hands it over: the other person's mention is flagged, whatever the markup.
      (
        await bot.handle({
          ...from('U0ME', '已完成 劳模评选 <@U0BOSS>', { mentionsSomeoneElse: true }),
          platform: 'slack',
          conversationId: 'C1',
        })
      )?.text,
    ).toBe(messages.markForSomeoneElse);
    expect(await receipts(store)).toEqual([]);
  });

  it('ignores receipts, typed or clicked, from a conversation outside the allow-lists', async () => {
    const { bot, store } = await world(['cidGroup2']);
    expect(await bot.handle(from('manager1234', '已完成 year-end-review'))).toBeUndefined();
    const click = await bot.mark({
      incoming: from('manager1234', ''),
      status: 'done',
      deadlineId: 'year-end-review',
      occurrence: '2026-12-31',
      via: 'card',
    });
    expect(click).toBeUndefined();
    expect(await receipts(store)).toEqual([]);
    const allowed = await bot.handle(from('manager1234', '已完成 劳模评选', { conversationId: 'cidGroup2' }));
    expect(allowed?.text).toContain('已记录');
  });

  it('still answers a question that only starts like a receipt', async () => {
    const { bot, store } = await world();
    const reply = await bot.handle(from('manager1234', '已完成的工作怎么报?'));
    expect(reply?.text).not.toContain('督办');
    expect(await receipts(store)).toEqual([]);
  });
});

describe('进度', () => {
  it('shows an admin who is done, who has read it and who has not answered', async () => {
    const { bot } = await world();
    await bot.handle(from('manager1234', '已完成 year-end-review', { userName: '王芳<!channel>' }));
    const reply = await bot.handle(from('boss0001', '进度'));
    const text = reply?.text ?? '';
    expect(text).toContain(messages.progressLead(3));
    expect(text).toContain('2. 年底查漏补缺,办实事项目做到位(year-end-review)');
    expect(text).toContain('已完成 1/2 · 已阅 1/2');
    expect(text).toContain('已完成:王芳<!channel>');
    expect(text).toContain('未反馈:staff5678');
  });

  it('shows an owner only the tasks of the conversation they ask in, and nobody else anything', async () => {
    const { bot } = await world();
    const mine = (await bot.handle(from('staff5678', '督办')))?.text ?? '';
    expect(mine).toContain('year-end-review');
    expect(mine).not.toContain('model-worker-selection-prep');
    expect((await bot.handle(from('stranger9', '进度', { conversationId: 'cidElse' })))?.text).toBe(
      messages.progressNotAllowed,
    );
  });
});
