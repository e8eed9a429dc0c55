import { describe, expect, it } from 'vitest';
import { emphasise, renderMarkdown, renderWebhookBody } from '../../adapters/dingtalk/render.js';
import { messages } from '../../src/messages.js';
import { type Citation, type FoundReply, notice, type Reply } from '../../src/reply.js';

const citation = (over: Partial<Citation> = {}): Citation => ({
  doc: 'speech-2018-17th-congress',
  docTitle: '在传达学习中国工会十七大精神会议上的讲话',
  ref: 'speech-2018-17th-congress#3.3.p1.s3',
  label: '三是要贯彻好、落实好 › 三要 › 第3句',
  excerpt: '到了年底有可能会出现欠薪等问题,工会组织要掌握好动态。',
  marks: [
    [10, 12],
    [16, 18],
  ],
  score: 10,
  ...over,
});

const answer = (citations: [Citation, ...Citation[]]): FoundReply => ({
  found: true,
  kind: 'answer',
  text: `${messages.answerLead(citations[0].docTitle)}\n“${citations[0].excerpt}”`,
  citations,
  suggestions: [],
});

describe('rendering a reply for DingTalk', () => {
  it('puts the matched terms of the excerpt in bold', () => {
    expect(emphasise(citation())).toBe('到了年底有可能会出现**欠薪**等问题,**工会**组织要掌握好动态。');
  });

  it('reads marks as UTF-16 offsets, so a character outside the BMP before a term does not shift the bold', () => {
    // '𠮷' is two UTF-16 units, so 欠薪 sits at [4, 6), as `excerpt.slice` counts.
    expect(emphasise(citation({ excerpt: '𠮷野家欠薪问题', marks: [[4, 6]] }))).toBe('𠮷野家**欠薪**问题');
    expect(emphasise(citation({ excerpt: '👍欠薪问题', marks: [[2, 4]] }))).toBe('👍**欠薪**问题');
  });

  it('quotes where each excerpt comes from', () => {
    const second = citation({
      label: '三是要贯彻好、落实好 › 三要 › 第4句',
      excerpt: '帮助企业用好用足政策。',
      marks: [],
    });
    const { text, title } = renderMarkdown(answer([citation(), second]));
    expect(text).toContain('> 出处:三是要贯彻好、落实好 › 三要 › 第3句');
    expect(text).toContain('> 出处:三是要贯彻好、落实好 › 三要 › 第4句');
    expect(text).toContain(`**${messages.otherSources}**`);
    expect(title.length).toBeGreaterThan(0);
    expect([...title].length).toBeLessThanOrEqual(30);
  });

  it('lists the items of an enumeration in order', () => {
    const reply: Reply = {
      found: true,
      kind: 'list',
      text: '',
      items: ['一是要学习好、领悟好', '二是要宣传好、动员好', '三是要贯彻好、落实好'],
      citations: [citation({ label: '一是要学习好、领悟好 › 标题', excerpt: '一是要学习好、领悟好', marks: [] })],
      suggestions: [],
    };
    const { text } = renderMarkdown(reply);
    expect(text).toContain('1. 一是要学习好、领悟好\n2. 二是要宣传好、动员好\n3. 三是要贯彻好、落实好');
    expect(text).toContain('> 出处:一是要学习好、领悟好 › 标题');
  });

  it('offers the suggestions when the directive does not cover the question', () => {
    const reply: Reply = {
      found: false,
      kind: 'not-covered',
      text: messages.notCovered,
      citations: [],
      suggestions: ['一是要学习好、领悟好', '三是要贯彻好、落实好'],
    };
    const { text } = renderMarkdown(reply);
    expect(text).toContain(messages.notCovered);
    expect(text).toContain('- 一是要学习好、领悟好');
    expect(text).toContain('- 三是要贯彻好、落实好');
  });

  it('mentions only the asker, however many @ the echoed text holds', () => {
    const body = renderWebhookBody(notice(`${messages.didYouMean('@所有人 @all @13800000000')}`), {
      isDirect: false,
      mentionUserId: 'manager1234',
    });
    expect(body.at).toEqual({ atUserIds: ['manager1234'], isAtAll: false });
    const text = body.msgtype === 'markdown' ? body.markdown.text : '';
    expect(text.match(/@\S+/g)).toEqual(['@manager1234']);
    expect(text).toContain('＠所有人');
  });

  it('mentions no one when the asker id is not a plain staff id', () => {
    const body = renderWebhookBody(notice(messages.help), { isDirect: false, mentionUserId: 'x @all' });
    expect(body.at).toEqual({ atUserIds: [], isAtAll: false });
    expect(body.msgtype === 'markdown' && body.markdown.text).not.toContain('@');
  });

  it('offers 查看原文 in a one-to-one answer as a button that asks for the source', () => {
    const citation = {
      doc: 'd',
      docTitle: '通知',
      ref: 'd#1.p1.s1',
      label: '一、 › 第1句',
      excerpt: '要做好排查。',
      marks: [],
      score: 1,
    };
    const body = renderWebhookBody(
      {
        found: true,
        kind: 'answer',
        text: '要做好排查。',
        citations: [citation],
        suggestions: [],
      },
      { isDirect: true },
    );
    expect(body.msgtype).toBe('actionCard');
    if (body.msgtype !== 'actionCard') return;
    expect(body.actionCard.singleTitle).toBe(messages.viewSource);
    expect(decodeURIComponent(body.actionCard.singleURL)).toBe(
      'dtmd://dingtalkclient/sendMessage?content=原文 d#1.p1.s1',
    );
  });

  it('never offers the button in a group, even when the asker cannot be mentioned', () => {
    for (const mentionUserId of [undefined, 'x @all']) {
      const body = renderWebhookBody(answer([citation()]), { isDirect: false, mentionUserId });
      expect(body.msgtype).toBe('markdown');
      expect(body).not.toHaveProperty('actionCard');
    }
  });

  it('keeps markdown characters in the text from becoming formatting', () => {
    const { text } = renderMarkdown(notice('# 不是标题\n*不是强调*'));
    expect(text).toBe('\\# 不是标题\n\n\\*不是强调\\*');
  });
});
