import { describe, expect, it } from 'vitest';
import { generalIdf } from '../../src/search/general-idf.js';
import { NearWords } from '../../src/search/near-words.js';

const nearWord = (word: string, vocabulary: string[]) => new NearWords(vocabulary).find(word);

describe('near words', () => {
  it('takes a homophone typo for the word it stands for', () => {
    expect(nearWord('关建', ['关心', '关键', '建设'])).toBe('关键');
    expect(nearWord('自娱自了', ['自娱自乐'])).toBe('自娱自乐');
  });

  it('does not take a different word for a typo', () => {
    // 会费 (hui fei) and 会员 (hui yuan) differ in sound: the directive's 会员 is no answer about 会费.
    expect(nearWord('会费', ['会员', '工会'])).toBeUndefined();
    expect(nearWord('食堂', ['天堂', '食品'])).toBeUndefined();
  });

  it('takes an abbreviation for its full form', () => {
    expect(nearWord('疗养', ['休养', '疗休养'])).toBe('疗休养');
  });
});

describe('general-language IDF', () => {
  it('tells everyday words from specific ones', () => {
    expect(generalIdf('开始')).toBeLessThan(5);
    expect(generalIdf('会费')).toBeGreaterThan(8);
    // Words the table lacks count as rare.
    expect(generalIdf('送清凉活动总结')).toBeGreaterThan(8);
  });
});
