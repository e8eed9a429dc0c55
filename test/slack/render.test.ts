import { afterAll, describe, expect, it } from 'vitest';
import { renderHome, renderReply } from '../../adapters/slack/render.js';
import { messages } from '../../src/messages.js';
import { notice, type Reply } from '../../src/reply.js';
import { realBot } from '../support/slack-world.js';

const world = await realBot();
afterAll(() => world.cleanup());

const ask = async (text: string) =>
  (await world.bot.handle({
    text,
    platform: 'slack',
    userId: 'U0ASKER',
    conversationId: 'C0CHAN',
    isDirect: false,
    mentionsBot: true,
  })) as Reply;

// biome-ignore lint/suspicious/noExplicitAny: walking Block Kit JSON
const sectionTexts = (blocks: any[]): string[] =>
  blocks.filter((b) => b.type === 'section').map((b) => b.text.text as string);

/** What a reader sees: bold markers and zero-width spaces removed. */
const visible = (text: string) => text.replace(/[\u200b*]/g, '');

describe('rendering a reply for Slack', () => {
  it('puts the excerpt in a section with the matched terms in bold', async () => {
    const reply = await ask('明年劳模评选什么时候准备?');
    expect(reply.found).toBe(true);
    const first = reply.citations[0]!;
    const message = renderReply(reply, { question: '明年劳模评选什么时候准备?' });
    const [lead] = sectionTexts(message.blocks);
    expect(visible(lead!)).toContain(first.excerpt);
    const [start, end] = first.marks[0]!;
    expect(lead).toContain(`\u200b*${first.excerpt.slice(start, end)}*\u200b`);
  });

  it('bolds the marked term, not its neighbour, when an astral character such as 𠮷 comes before it', () => {
    // '𠮷' is two UTF-16 code units, so the marks (slice indices) of 劳模 are [4, 6), not the code-point [3, 5).
    const excerpt = '𠮷字，劳模评选年底准备。';
    const start = excerpt.indexOf('劳模');
    const reply: Reply = {
      found: true,
      kind: 'answer',
      text: excerpt,
      suggestions: [],
      citations: [
        {
          doc: 'd',
          docTitle: '文件',
          ref: 'd#1.p1.s1',
          label: '第1句',
          excerpt,
          marks: [[start, start + 2]],
          score: 1,
        },
      ],
    };
    const [lead] = sectionTexts(renderReply(reply).blocks);
    expect(lead).toContain('𠮷字，\u200b*劳模*\u200b评选');
  });

  it('shows each citation as a context line with its label and document title', async () => {
    const reply = await ask('明年劳模评选什么时候准备?');
    const contexts = renderReply(reply).blocks.filter((b) => b.type === 'context');
    expect(contexts).toHaveLength(reply.citations.length);
    const json = JSON.stringify(contexts);
    for (const c of reply.citations) expect(json).toContain(c.label);
    expect(json).toContain(reply.citations[0]!.docTitle);
  });

  it('offers 查看原文 for each excerpt and 👍/👎 that carry the question and the ref', async () => {
    const reply = await ask('明年劳模评选什么时候准备?');
    const json = JSON.stringify(renderReply(reply, { question: '明年劳模评选什么时候准备?' }).blocks);
    expect(json).toContain(messages.viewSource);
    expect(json).toContain('"action_id":"vote_up"');
    expect(json).toContain('"action_id":"vote_down"');
    expect(json).toContain(
      JSON.stringify(JSON.stringify({ q: '明年劳模评选什么时候准备?', r: reply.citations[0]!.ref })).slice(1, -1),
    );
  });

  it('turns the suggestions of a not-covered reply into buttons that ask them', async () => {
    const reply = await ask('今天天气怎么样?');
    expect(reply.kind).toBe('not-covered');
    expect(reply.suggestions.length).toBeGreaterThan(0);
    const actions = renderReply(reply).blocks.find((b) => b.block_id === 'suggestions');
    // biome-ignore lint/suspicious/noExplicitAny: walking Block Kit JSON
    const buttons = (actions as any).elements as Array<{ value: string; action_id: string }>;
    expect(buttons.map((b) => b.value)).toEqual(reply.suggestions.slice(0, 5));
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
  });

  it('keeps a plain text fallback for notifications', async () => {
    const reply = await ask('明年劳模评选什么时候准备?');
    const message = renderReply(reply);
    expect(message.text).toContain(reply.citations[0]!.excerpt.slice(0, 20));
  });

  it('neutralises channel, user and group mentions in anything it echoes', () => {
    const hostile = notice('<!channel> <!here> <!everyone> <@U0BOSS> <!subteam^S0ALL|@all> & 1 < 2');
    const json = JSON.stringify(renderReply(hostile));
    for (const mention of ['<!channel>', '<!here>', '<!everyone>', '<@U0BOSS>', '<!subteam^']) {
      expect(json).not.toContain(mention);
    }
    expect(renderReply(hostile).text).toContain('&lt;!channel&gt;');
    expect(renderReply(hostile).text).toContain('&amp; 1 &lt; 2');
  });

  it('keeps a 40,000-character reply inside 3,000 characters a section and 50 blocks', () => {
    const huge = notice('劳'.repeat(40_000), ['问题一', '问题二']);
    const message = renderReply(huge);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(3_000);
    expect(message.text.length).toBeLessThanOrEqual(3_000);
    expect(message.blocks.at(-1)?.block_id).toBe('suggestions');
  });

  it('lists deadlines on App Home and says how to ask', () => {
    const view = renderHome(world.bot.deadlines(), '/directive');
    const json = JSON.stringify(view);
    expect(view.type).toBe('home');
    expect(json).toContain(messages.homeDeadlinesTitle);
    expect(json).toContain('/directive');
  });
});

describe('Slack chases', () => {
  it('mentions only the people the chase names, with mentions the bot builds, and keeps their names inert', () => {
    const chase = {
      ...notice('【催办】年底查漏补缺\n以下同志尚未标记“已完成”,请抓紧办理:<!channel>、U0LI'),
      mentions: [
        { platform: 'slack', userId: 'U0LI', name: '<!channel>' },
        { platform: 'slack', userId: '<!here>', name: 'x' },
        { platform: 'dingtalk', userId: 'manager1234', name: '王芳' },
      ],
    };
    const json = JSON.stringify(renderReply(chase));
    expect(json).toContain('<@U0LI>');
    expect(json.match(/<@/g)).toHaveLength(1);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
  });
});
