import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import { LibraryHolder, loadLibrary } from '../../src/library.js';
import { messages } from '../../src/messages.js';
import { deadlineReply } from '../../src/reminders/deadline-reply.js';
import { shippedKnowledge } from '../support/paths.js';
import { knowledgeDir } from './knowledge-dir.js';

const at = (iso: string): Clock => ({ now: () => new Date(iso), setTimeout: () => ({ cancel() {} }) });

describe('the 截止 command', () => {
  it('answers in chat with what is due, soonest first, days left and the quoted sentence', async () => {
    const bot = createBot(
      { admins: [], timezone: 'Asia/Shanghai' },
      { library: await LibraryHolder.load(shippedKnowledge), clock: at('2026-11-24T08:00:00Z') },
    );
    const reply = await bot.handle({
      text: '截止',
      platform: 'console',
      userId: 'u',
      conversationId: 'c',
      isDirect: true,
      mentionsBot: false,
    });
    expect(reply).toMatchObject({ found: true, kind: 'deadlines' });
    const lines = reply?.text.split('\n') ?? [];
    expect(lines[1]).toBe('1. 及早启动明年市级劳模评选的准备工作');
    expect(lines[2]).toContain('距 2026年12月15日 还有 21 天');
    expect(reply?.text).toContain('距 2026年12月31日 还有 37 天');
    expect(reply?.citations[0]?.ref).toBe('speech-2018-17th-congress#3.3.p2.s2');
  });

  it("rolls a yearly deadline over to next year once this year's has passed", async () => {
    const reply = deadlineReply(await loadLibrary(shippedKnowledge), new Date('2027-01-01T01:00:00Z'), 'Asia/Shanghai');
    expect(reply.text).toContain('距 2027年12月15日 还有 348 天');
  });

  it('drops a one-off deadline once its date has passed', async () => {
    const library = await loadLibrary(
      knowledgeDir('deadlines:\n  - id: once\n    title: 一次性\n    due: "2026-12-20"\n    cite: 查漏补缺\n'),
    );
    expect(deadlineReply(library, new Date('2026-12-19T12:00:00Z'), 'Asia/Shanghai').found).toBe(true);
    expect(deadlineReply(library, new Date('2026-12-20T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({
      found: false,
      text: messages.noDeadlines,
    });
  });
});
