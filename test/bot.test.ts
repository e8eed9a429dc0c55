import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../src/bot.js';
import { systemClock } from '../src/clock.js';
import type { Incoming } from '../src/incoming.js';
import { LibraryHolder } from '../src/library.js';
import { messages } from '../src/messages.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { shippedKnowledge } from './support/paths.js';
import { folderOf } from './support/temp-library.js';

let library: LibraryHolder;
const stores: SqliteStore[] = [];

beforeAll(async () => {
  library = await LibraryHolder.load(shippedKnowledge);
});
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

function setup(admins: string[] = []): { bot: Bot; store: SqliteStore } {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bot-')), 'state.sqlite'));
  stores.push(store);
  return { bot: createBot({ admins, timezone: 'Asia/Shanghai' }, { library, store }), store };
}

const from = (text: string, extra: Partial<Incoming> = {}): Incoming => ({
  text,
  platform: 'dingtalk',
  userId: 'staff1',
  conversationId: 'cid1',
  isDirect: false,
  mentionsBot: true,
  ...extra,
});

describe('the bot', () => {
  it('answers a question with citations', async () => {
    const { bot } = setup();
    const reply = await bot.handle(from('@政策小助手 劳模评选什么时候启动准备?'));
    expect(reply?.found).toBe(true);
  });

  it('answers a typo cut into lone characters as the word it was typed for (积份 → 积分)', async () => {
    const notice = await LibraryHolder.load(
      folderOf({ 'notice.txt': '会员积分通知\n会员可用积分兑换电影票，过期未使用的，积分不予退还。\n' }),
    );
    const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library: notice });
    const typed = await bot.handle(from('用积份换的电影票过期了还能退吗'));
    expect(typed?.found).toBe(true);
    expect(typed).toEqual(await bot.handle(from('用积分换的电影票过期了还能退吗')));
  });

  it('answers help, outline and their typos as commands', async () => {
    const { bot } = setup();
    expect((await bot.handle(from('帮助')))?.text).toContain('目录');
    expect((await bot.handle(from('目錄')))?.text).toContain('三是要贯彻好、落实好');
    expect((await bot.handle(from('hlep')))?.text).toContain('目录');
  });

  it('treats a question that merely contains a command word as a question', async () => {
    const { bot } = setup();
    const reply = await bot.handle(from('目录里有没有讲网上工会建设?'));
    expect(reply?.found).toBe(true);
  });

  it('lets only admins subscribe a conversation to reminders, and remembers it in SQLite', async () => {
    const { bot, store } = setup(['dingtalk:boss']);
    expect((await bot.handle(from('订阅提醒')))?.text).toContain('管理员');
    expect(await store.subscriptions()).toEqual([]);
    await bot.handle(from('订阅提醒', { userId: 'boss' }));
    expect(await store.subscriptions()).toEqual(['dingtalk:cid1']);
    await bot.handle(from('订阅提醒', { userId: 'someone', conversationId: 'cid2', isPlatformAdmin: true }));
    expect(await store.subscriptions()).toEqual(['dingtalk:cid1', 'dingtalk:cid2']);
    await bot.handle(from('取消提醒', { userId: 'boss' }));
    expect(await store.subscriptions()).toEqual(['dingtalk:cid2']);
  });

  it('records questions it could not answer, and reports them to admins only', async () => {
    const { bot, store } = setup(['dingtalk:boss']);
    await bot.handle(from('食堂几点开饭?'));
    await bot.handle(from('食堂几点开饭?'));
    await store.recordFeedback({ platform: 'slack', userId: 'U1', question: '欠薪怎么办', vote: -1 });
    expect((await bot.handle(from('报告')))?.text).toContain('管理员');
    const report = (await bot.handle(from('报告', { userId: 'boss' })))?.text ?? '';
    expect(report).toContain('食堂几点开饭?(2 次)');
    expect(report).toContain('👎 1 次');
    expect(report).toContain('欠薪怎么办(1 次)');
  });

  it('tells the admin which words declined questions asked about, so the glossary or documents can grow', async () => {
    const { bot, store } = setup(['dingtalk:boss']);
    const reply = await bot.handle(from('工会会费每个月交多少?'));
    expect(reply?.text).toContain('没有提到“会费”');
    await bot.handle(from('会费交多少钱'));
    const report = (await bot.handle(from('报告', { userId: 'boss' })))?.text ?? '';
    expect(report).toContain('会费(2 次)');
    // Kept in the store: a new store on the same file still has them.
    const again = new SqliteStore(store.file);
    stores.push(again);
    expect(await again.missingWordsSince(0, 10)).toContainEqual({ word: '会费', times: 2 });
  });

  it('declines a time-left question about something no directive mentions, naming it', async () => {
    const clock = { now: () => new Date('2026-11-25T02:00:00Z'), setTimeout: systemClock.setTimeout };
    const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library, clock });
    const reply = await bot.handle(from('会费缴纳还有几天截止?'));
    expect(reply?.found).toBe(false);
    expect(reply?.text).toContain('没有提到“会费');
  });

  it('answers how many days are left for the deadline a question names', async () => {
    const clock = { now: () => new Date('2026-11-25T02:00:00Z'), setTimeout: systemClock.setTimeout };
    const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library, clock });
    const reply = await bot.handle(from('劳模评选还有几天?'));
    expect(reply?.found && reply.kind).toBe('deadlines');
    expect(reply?.citations).toHaveLength(1);
    expect(reply?.text).toContain('距 2026年12月15日 还有 20 天');
    const all = await bot.handle(from('离截止还有多少天?'));
    expect(all?.citations.length).toBe(library.current.deadlines.length);
  });

  it('says plainly that the terminal chat cannot subscribe, instead of apologising for an error', async () => {
    // `directive-bot chat` runs without a store: there is nowhere to keep a subscription.
    const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library });
    const terminal = {
      platform: 'console',
      userId: 'console',
      conversationId: 'console',
      isPlatformAdmin: true,
    } as const;
    for (const command of ['订阅提醒', '取消提醒']) {
      const reply = await bot.handle(from(command, terminal));
      expect(reply?.text).toBe(messages.cannotSubscribeHere);
      expect(reply?.text).not.toContain('管理员已收到记录');
    }
  });

  it('reads a question through zero-width characters pasted into it', async () => {
    const clock = { now: () => new Date('2026-11-25T02:00:00Z'), setTimeout: systemClock.setTimeout };
    const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library, clock });
    const list = await bot.handle(from('讲话提了哪三\u200b点要求?'));
    expect(list?.found && list.kind).toBe('list');
    const days = await bot.handle(from('劳模评选还有几\u200b天'));
    expect(days?.found && days.kind).toBe('deadlines');
    expect(days?.text).toContain('距 2026年12月15日 还有 20 天');
  });

  it('refuses a message too long as sent before normalising it, however much it would shrink', async () => {
    const { bot } = setup();
    // NFKC turns each U+FDFA into 18 characters: a million of them would take seconds and a gigabyte.
    const expanding = await bot.handle(from('\ufdfa'.repeat(1_000_000)));
    expect(expanding?.found).toBe(false);
    expect(expanding?.text).toMatch(/问题太长了/);
    // Spaces vanish in normalisation; the message as sent is still far beyond any question.
    const padded = await bot.handle(from(`${' '.repeat(50_000)}劳模评选什么时候准备?`));
    expect(padded?.text).toMatch(/问题太长了/);
  });

  it('lists what is due by year end when asked what must be finished before then', async () => {
    const { bot } = setup();
    const reply = await bot.handle(from('年底前要完成哪些工作?'));
    expect(reply?.found && reply.kind).toBe('deadlines');
    expect(reply?.found && reply.citations[0].excerpt).toContain('查漏补缺');
  });

  it('answers a dated question the deadlines do not cover from the text, which sets no time for it', async () => {
    const { bot } = setup();
    // No deadline is about 网上工会; the speech asks for it (要进一步加强网上工会建设) but gives no time.
    const reply = await bot.handle(from('网上工会建设还有几天截止?'));
    expect(reply?.kind).toBe('not-covered');
    expect(reply?.text).toContain('没有写明具体的时限');
  });

  it('shows the whole paragraph behind a citation', async () => {
    const { bot } = setup();
    const reply = await bot.handle(from('欠薪怎么办?'));
    const ref = reply?.found ? reply.citations[0].ref : '';
    const source = bot.source(ref);
    expect(source.found && source.kind).toBe('source');
    expect(source.text).toContain('要着力抓好工会组建专项行动');
    expect(bot.source('no-such#1.p1.s1').found).toBe(false);
    const asked = await bot.handle(from(`原文 ${ref}`));
    expect(asked?.kind).toBe('source');
  });
});
