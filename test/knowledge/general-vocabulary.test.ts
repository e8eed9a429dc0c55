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

  it('adds each general group once, whatever the folder holds', () => {
    const merged = withGeneralVocabulary({ synonyms: [['市总', '市总工会']], words: ['疗休养'], stopwords: [] });
    expect(merged.synonyms.filter((g) => g.includes('市总'))).toEqual([['市总', '市总工会']]);
    expect(merged.synonyms).toHaveLength(GENERAL_VOCABULARY.synonyms.length);
    expect(merged.words.filter((w) => w === '疗休养')).toHaveLength(1);
  });
});
