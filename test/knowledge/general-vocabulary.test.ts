import { describe, expect, it } from 'vitest';
import { answer } from '../../src/answer/answer.js';
import { GENERAL_VOCABULARY, withGeneralVocabulary } from '../../src/knowledge/general-vocabulary.js';
import { libraryOf } from '../support/temp-library.js';

const notice =
  '关于开展职工疗休养工作的通知\n' +
  '一、职工疗休养由基层工会统一组织，每次时间不超过5天。\n' +
  '二、对生活困难职工给予救助，具体标准另行规定。\n' +
  '三、本通知自印发之日起施行。\n';

const firstExcerpt = (reply: ReturnType<typeof answer>) =>
  reply.found && reply.kind === 'answer' ? reply.citations[0].excerpt : `(declined) ${reply.text}`;

describe('the general vocabulary every knowledge folder gets', () => {
  it('applies to a folder with no glossary: 封顶 meets 不超过, 生效 meets 施行', async () => {
    const library = await libraryOf({ 'notice.txt': notice });
    expect(firstExcerpt(answer(library.index, '职工疗养一次最多封顶几天'))).toContain('不超过5天');
    expect(firstExcerpt(answer(library.index, '这个通知啥时候生效'))).toContain('施行');
  });

  it('reads the courtesies of a chat (麻烦问下, 你好, 谢谢) as no part of the question', async () => {
    const library = await libraryOf({ 'notice.txt': notice });
    const reply = answer(library.index, '你好，麻烦问下，职工疗休养一次最多几天？谢谢');
    expect(firstExcerpt(reply)).toContain('不超过5天');
    expect(library.index.analyzer.queryConcepts('麻烦问下小助手').filter((c) => c.isTopic)).toEqual([]);
  });

  it('is left out when the glossary says general_vocabulary: false', async () => {
    const library = await libraryOf({ 'notice.txt': notice, 'glossary.yaml': 'general_vocabulary: false\n' });
    expect(library.index.analyzer.terms('封顶')).not.toContain('最高');
    expect(library.glossary.synonyms).toEqual([]);
  });

  it("widens a general group with a folder's group that shares a term, named by the folder's first term", async () => {
    const library = await libraryOf({
      'notice.txt': notice,
      'glossary.yaml': 'synonyms:\n  - [救助, 帮扶]\n',
    });
    const group = library.glossary.synonyms.find((g) => g.includes('帮扶'));
    expect(group?.[0]).toBe('救助');
    expect(group).toContain('帮忙');
    expect(firstExcerpt(answer(library.index, '生活困难的职工工会帮忙吗'))).toContain('救助');
  });

  it('meets what a directive names by the everyday words cadres use for it (房租, 散伙, 饭钱)', async () => {
    const library = await libraryOf({
      'rules.txt':
        '职工文体协会管理办法\n一、补助资金可以用于器材购置，不得用于支付场地租金。\n二、协会解散的，应当经会员大会表决通过。\n三、协会活动可以提供必要的餐费补贴，每人每天不超过50元。\n四、补助资金按季度拨付。\n',
    });
    const meets = (question: string, word: string) =>
      library.index.analyzer.queryConcepts(question).find((c) => c.word === word)?.whole ?? [];
    expect(meets('补助的钱能交房租吗', '房租')).toContain('租金');
    expect(meets('协会要散伙怎么办', '散伙')).toContain('解散');
    expect(meets('一天饭钱最多给多少', '饭钱')).toContain('餐费');
    expect(firstExcerpt(answer(library.index, '补助的钱能交房租吗'))).toContain('租金');
    expect(firstExcerpt(answer(library.index, '协会活动一天饭钱最多给多少'))).toContain('50元');
  });

  it('puts each word in one group only', () => {
    const words = GENERAL_VOCABULARY.synonyms.flat();
    expect(words.filter((w, i) => words.indexOf(w) !== i)).toEqual([]);
  });

  it('adds each general group once, whatever the folder holds', () => {
    const merged = withGeneralVocabulary({ synonyms: [['市总', '市总工会']], words: ['疗休养'], stopwords: [] });
    expect(merged.synonyms.filter((g) => g.includes('市总'))).toEqual([['市总', '市总工会']]);
    expect(merged.synonyms).toHaveLength(GENERAL_VOCABULARY.synonyms.length);
    expect(merged.words.filter((w) => w === '疗休养')).toHaveLength(1);
  });
});
