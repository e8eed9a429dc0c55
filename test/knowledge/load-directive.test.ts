import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/knowledge/knowledge-error.js';
import { parseDirective } from '../../src/knowledge/load-directive.js';
import { flattenOutline } from '../../src/knowledge/outline.js';
import { fixtures, shippedKnowledge } from '../support/paths.js';

const speechFile = `${shippedKnowledge}/speech.txt`;
const speech = parseDirective(readFileSync(speechFile, 'utf8'), 'speech.txt');

describe('the shipped speech', () => {
  it('keeps the speech verbatim after its front matter', () => {
    // sha256 of ../shared/knowledge/speech.txt as delivered; not a character may change.
    const digest = createHash('sha256').update(speech.body, 'utf8').digest('hex');
    expect(digest).toBe('9183323981c7fd0cedb1819b95ecd6de876d66675a3ca82f0ac5cfd8f9bf1a99');
  });

  it('reads id, title, date and source from the front matter', () => {
    expect(speech.id).toBe('speech-2018-17th-congress');
    expect(speech.title).toContain('十七大');
    expect(speech.date).toMatch(/^2018-11-/);
    expect(speech.source).toBeTruthy();
  });

  it('parses the three requirements and the three 要 items under the third', () => {
    expect(speech.outline.map((n) => n.marker + n.title)).toEqual([
      '一是要学习好、领悟好',
      '二是要宣传好、动员好',
      '三是要贯彻好、落实好',
    ]);
    const third = speech.outline[2];
    expect(third?.children.map((n) => n.marker)).toEqual(['一要', '二要', '三要']);
    expect(third?.children[0]?.title).toBe('加强党的领导,引导广大职工听党话、跟党走');
  });

  it('labels every sentence in Chinese and gives it a unique ref', () => {
    const sentences = speech.paragraphs.flatMap((p) => p.sentences);
    expect(new Set(sentences.map((s) => s.ref)).size).toBe(sentences.length);
    const wage = sentences.find((s) => s.text.includes('欠薪'));
    expect(wage?.label).toBe('三是要贯彻好、落实好 › 三要 › 第3句');
    expect(wage?.ref).toBe('speech-2018-17th-congress#3.3.p1.s3');
  });

  it('joins its sentences back into the paragraph, losing nothing', () => {
    for (const p of speech.paragraphs) {
      expect(p.sentences.map((s) => s.text).join('')).toBe(p.text.replace(/\s+/g, ''));
    }
  });
});

describe('a directive file', () => {
  it('keeps a sentence ref when an unrelated paragraph elsewhere is edited', () => {
    const edited = readFileSync(speechFile, 'utf8')
      .replace('同志们:', '同志们,大家好:')
      .replace('习近平总书记的重要讲话,站在事关', '习近平总书记的重要讲话,始终站在事关');
    const after = parseDirective(edited, 'speech.txt');
    const ref = (d: typeof speech) =>
      d.paragraphs.flatMap((p) => p.sentences).find((s) => s.text.includes('欠薪'))?.ref;
    expect(ref(after)).toBe(ref(speech));
  });

  it('takes its title from the first line and its date from a trailing date line when it has no front matter', () => {
    const notice = parseDirective(
      readFileSync(`${fixtures}/notice-year-end-2026.txt`, 'utf8'),
      'notice-year-end-2026.txt',
    );
    expect(notice.title).toBe('关于做好2026年年底前工会重点工作的通知');
    expect(notice.date).toBe('2026-11-10');
    expect(notice.id).toBe('notice-year-end-2026');
    expect(notice.outline.map((n) => n.marker)).toEqual(['一、', '二、', '三、', '四、', '五、', '六、']);
  });

  it('nests 一、 (一) 1. numbering in order', () => {
    const d = parseDirective(
      '标题\n一、总体要求\n(一)坚持方向\n1.第一条。\n2.第二条。\n(二)突出重点\n二、工作安排\n正文。',
      'x.txt',
    );
    expect(flattenOutline(d.outline).map((n) => `${n.path}:${n.marker}`)).toEqual([
      '1:一、',
      '1.1:(一)',
      '1.1.1:1.',
      '1.1.2:2.',
      '1.2:(二)',
      '2:二、',
    ]);
  });

  it('reads a regulation: chapters, and articles numbered through the text, cited by chapter and article', () => {
    const d = parseDirective(
      [
        '某某管理办法',
        '第一章 总则',
        '第一条 为规范管理,制定本办法。',
        '第二条 本办法适用于全市。',
        '第二章 补助标准',
        '第三条 住院的,给予补助。超过部分不补。',
        '第四条 意外伤害的,给予补助五万元。',
        '第十条 不接续的编号不是条文。',
      ].join('\n'),
      'x.txt',
    );
    expect(flattenOutline(d.outline).map((n) => `${n.path}:${n.marker}`)).toEqual([
      '1:第一章',
      '1.1:第一条',
      '1.2:第二条',
      '2:第二章',
      '2.1:第三条',
      '2.2:第四条',
    ]);
    const third = d.paragraphs.find((p) => p.text.startsWith('第三条'));
    expect(third?.sentences.map((s) => s.label)).toEqual([
      '第二章 补助标准 › 第三条 › 第1句',
      '第二章 补助标准 › 第三条 › 第2句',
    ]);
    expect(d.paragraphs.find((p) => p.text.startsWith('第二章'))?.isHeading).toBe(true);
  });

  it('reads a numbered clause ending in a semicolon as an item of text, not a heading', () => {
    const d = parseDirective(
      '会员普惠服务办法\n一、会员权益\n（一）入会满一年可申领服务卡；\n（二）生日当月可领取50元消费券一张；\n二、附则\n本办法自印发之日起施行。',
      'x.txt',
    );
    const heading = (start: string) => d.paragraphs.find((p) => p.text.startsWith(start))?.isHeading;
    expect(heading('一、会员权益')).toBe(true);
    expect(heading('（二）生日当月')).toBe(false);
  });

  it('reads each Markdown list item as a paragraph of its own, though no blank line parts them', () => {
    const d = parseDirective(
      '# 问答\n\n## 一、会费\n1. 会员每月按工资的百分之零点五缴纳会费。\n2. 会费由单位工会按月收缴,\n不得挪作他用。\n- 另有规定的除外。',
      'faq.md',
    );
    expect(d.title).toBe('问答');
    expect(d.paragraphs.map((p) => p.text)).toEqual([
      '一、会费',
      '1. 会员每月按工资的百分之零点五缴纳会费。',
      '2. 会费由单位工会按月收缴,不得挪作他用。',
      '- 另有规定的除外。',
    ]);
    expect(d.paragraphs[1]?.sentences.map((s) => s.label)).toEqual(['一、会费 › 1. › 第1句']);
  });

  it('reads a Markdown Q&A written a paragraph a line: bold questions numbered through its sections head their answers', () => {
    const d = parseDirective(
      [
        '# 经费问答',
        '## 一、会费',
        '**1. 会费按什么标准缴纳？**',
        '会员按本人每月工资收入的0.5%缴纳会费。会费由基层工会按月收缴。',
        '**2. 会费可以*减免*吗？**',
        '困难会员可以申请减免，详见[《实施细则》](https://example.org/rules)。',
        '## 二、慰问',
        '**3. 会员生病住院怎么慰问？**',
        '每人每次不超过1000元，',
        '同一会员全年不超过2次。',
        '联系邮箱xx_gh@example.org，电话`12351`。',
      ].join('\n'),
      'faq.md',
    );
    expect(d.paragraphs.map((p) => p.text)).toEqual([
      '一、会费',
      '1. 会费按什么标准缴纳？',
      '会员按本人每月工资收入的0.5%缴纳会费。会费由基层工会按月收缴。',
      '2. 会费可以减免吗？',
      '困难会员可以申请减免，详见《实施细则》。',
      '二、慰问',
      '3. 会员生病住院怎么慰问？',
      '每人每次不超过1000元，同一会员全年不超过2次。',
      '联系邮箱xx_gh@example.org，电话12351。',
    ]);
    expect(flattenOutline(d.outline).map((n) => `${n.path}:${n.marker}${n.title}`)).toEqual([
      '1:一、会费',
      '1.1:1.会费按什么标准缴纳',
      '1.2:2.会费可以减免吗',
      '2:二、慰问',
      '2.1:3.会员生病住院怎么慰问',
    ]);
    expect(d.paragraphs.filter((p) => p.isHeading)).toHaveLength(5);
    expect(d.paragraphs[7]?.sentences[0]?.label).toBe('二、慰问 › 3.会员生病住院怎么慰问 › 第1段 › 第1句');
  });

  it('reads article numbers past ten and a hundred', () => {
    const lines = Array.from({ length: 105 }, (_, i) => `第${chineseNumber(i + 1)}条 第${i + 1}项规定。`);
    const d = parseDirective(['某某条例', ...lines].join('\n'), 'x.txt');
    expect(
      flattenOutline(d.outline)
        .map((n) => n.marker)
        .slice(-3),
    ).toEqual(['第一百零三条', '第一百零四条', '第一百零五条']);
  });

  it('does not take a stray 二要 without a 一要 for an outline item', () => {
    const d = parseDirective('标题\n二要说明的是,这不是编号。', 'x.txt');
    expect(d.outline).toEqual([]);
  });

  it('names the file and line of bad front matter', () => {
    const bad = '---\nid: ok\ndate: 2018-13-45\n---\n正文。';
    expect(() => parseDirective(bad, 'bad.txt')).toThrow(KnowledgeError);
    expect(() => parseDirective(bad, 'bad.txt')).toThrow(/^bad\.txt:3: date: /);
  });

  it('rejects an unknown front matter field with its line', () => {
    expect(() => parseDirective('---\nid: ok\nauthor: 某人\n---\n正文。', 'bad.txt')).toThrow(/bad\.txt:3: .*author/);
  });

  it('rejects text that is not UTF-8 with the line of the first bad byte', () => {
    const raw = Buffer.concat([Buffer.from('标题\n正文。\n'), Buffer.from([0xff, 0xfe, 0x41])]).toString('utf8');
    expect(() => parseDirective(raw, 'gbk.txt')).toThrow(/^gbk\.txt:3: .*UTF-8/);
  });
});

/** 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, as regulations number their articles. */
function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n >= 100) {
    const rest = n % 100;
    return `${digits[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${digits[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest)}`;
  }
  if (n < 10) return digits[n] as string;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : digits[tens]}十${n % 10 === 0 ? '' : digits[n % 10]}`;
}
