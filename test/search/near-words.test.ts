import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { generalIdf } from '../../src/search/general-idf.js';
import { NearWords, readings } from '../../src/search/near-words.js';

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

  it('takes no numeral for a typo: 事一 (shi yi) is not an article numbered 十一', () => {
    expect(nearWord('事一', ['十一', '二十一'])).toBeUndefined();
    expect(nearWord('事宜', ['十一', '事项', '适宜'])).toBe('适宜');
  });

  it('takes an abbreviation for its full form', () => {
    expect(nearWord('疗养', ['休养', '疗休养'])).toBe('疗休养');
  });

  it('hears every Han character by all the readings pinyin-pro gives it', () => {
    const { pinyin } = createRequire(import.meta.url)('pinyin-pro') as {
      pinyin: (text: string, options: object) => string[];
    };
    const differ: string[] = [];
    for (let code = 0x3400; code <= 0x9fff; code++) {
      const char = String.fromCodePoint(code);
      const all = new Set(pinyin(char, { toneType: 'none', type: 'array', multiple: true }));
      const heard = new Set(readings(char));
      if (all.size !== heard.size || [...all].some((r) => !heard.has(r))) differ.push(char);
    }
    expect(differ).toEqual([]);
    expect(readings('乐')).toEqual(expect.arrayContaining(['le', 'yue']));
  });

  it('hears every character the same from the kept readings table, and ignores a table that is not one', async () => {
    const plain = await import('../../src/search/near-words.js');
    const table = plain.readingsTable();
    vi.resetModules();
    const kept = await import('../../src/search/near-words.js');
    kept.useReadingsTable(() => table);
    vi.resetModules();
    const broken = await import('../../src/search/near-words.js');
    broken.useReadingsTable(() => table.slice(1));
    const differ: string[] = [];
    for (let code = 0x3400; code <= 0xa000; code++) {
      const char = String.fromCodePoint(code);
      const expected = plain.readings(char);
      for (const mod of [kept, broken]) {
        if (JSON.stringify(mod.readings(char)) !== JSON.stringify(expected)) differ.push(char);
      }
    }
    expect(differ).toEqual([]);
    expect(table.length).toBe(0x9fff - 0x4e00 + 1);
    // The table is what answers: a reading changed in it is what comes back.
    vi.resetModules();
    const marked = await import('../../src/search/near-words.js');
    marked.useReadingsTable(() => table.map((r, i) => (i === 0 ? 'zzz' : r)));
    expect(marked.readings('一')).toEqual(['zzz']);
  });
});

describe('general-language IDF', () => {
  it('tells everyday words from specific ones', () => {
    expect(generalIdf('开始')).toBeLessThan(5);
    expect(generalIdf('会费')).toBeGreaterThan(8);
    // Words the table lacks count as rare.
    expect(generalIdf('送清凉活动总结')).toBeGreaterThan(8);
  });

  it('reads back from its packed form exactly as parsed from idf.txt, and refuses broken bytes', async () => {
    const parsed = await import('../../src/search/general-idf.js');
    const packed = parsed.packedGeneralIdf();
    const idf = readFileSync(
      join(dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js')), 'idf.txt'),
      'utf8',
    );
    const words = idf.split('\n').map((line) => line.slice(0, line.lastIndexOf(' ')));
    words.push('送清凉活动总结', '', 'a');

    vi.resetModules();
    const broken = await import('../../src/search/general-idf.js');
    expect(broken.usePackedGeneralIdf(packed.subarray(0, packed.length - 1))).toBe(false);
    expect(broken.usePackedGeneralIdf(Buffer.from('not a table'))).toBe(false);

    vi.resetModules();
    const restored = await import('../../src/search/general-idf.js');
    expect(restored.usePackedGeneralIdf(packed)).toBe(true);
    const differ = words.filter((w) => restored.generalIdf(w) !== parsed.generalIdf(w));
    expect(differ).toEqual([]);
    expect(words.filter((w) => parsed.generalIdf(w) < parsed.GENERAL_IDF_CAP).length).toBeGreaterThan(10_000);
  });
});
