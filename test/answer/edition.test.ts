import DiceCoefficient from 'natural/lib/natural/distance/dice_coefficient.js';
import { describe, expect, it } from 'vitest';
import { diceBigrams, directiveYear, latestEditions } from '../../src/answer/edition.js';
import type { Directive } from '../../src/knowledge/directive.js';
import { loadLibrary } from '../../src/library.js';
import { library as libraryDir } from '../support/paths.js';

type Titled = Pick<Directive, 'id' | 'title' | 'date'>;

/** The rule as first written: natural's Dice coefficient, pair by pair. */
function latestPairByPair(directives: Titled[]): Set<string> {
  const campaign = (d: Titled) => d.title.replace(/\d+/gu, '#');
  const latest = new Set<string>();
  for (const d of directives) {
    const year = directiveYear(d) ?? 0;
    const editions = directives.filter((o) => o !== d && DiceCoefficient(campaign(o), campaign(d)) >= 0.5);
    if (editions.length > 0 && editions.every((o) => (directiveYear(o) ?? 0) < year)) latest.add(d.id);
  }
  return latest;
}

describe('latest editions', () => {
  it('finds the latest edition of a campaign among the fixture documents', async () => {
    const { directives } = await loadLibrary(libraryDir);
    expect([...latestEditions(directives)]).toEqual([...latestPairByPair(directives)]);
    expect(latestEditions(directives).size).toBeGreaterThan(0);
  });

  it('pairs titles exactly as natural’s Dice coefficient does, over many made-up titles', () => {
    const campaigns = [
      '关于开展夏季“送清凉”活动的通知',
      '全总 印发 年底重点工作',
      '工会 困难职工 帮扶',
      'A 活动',
      '劳模 评选 安排',
    ];
    const extras = ['', '的通知', '(修订)', ' 补充 ', '关于'];
    let seed = 3;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = [...campaigns.flatMap((c) => c.split(' ')), ...extras, '通知', '活动', '夏季'];
    const directives: Titled[] = Array.from({ length: 400 }, (_, i) => {
      const year = 2010 + next(15);
      // Half are editions of a few campaigns; half are word salads, whose likeness falls anywhere.
      const title =
        i % 2 === 0
          ? `${extras[next(extras.length)]}${year}年${campaigns[next(campaigns.length)]}${extras[next(extras.length)]}`
          : Array.from({ length: 1 + next(5) }, () => words[next(words.length)]).join('') + `${year}年`;
      return { id: `d${i}`, title, date: `${year}-0${1 + next(9)}-01` };
    });
    const expected = [...latestPairByPair(directives)].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(directives.length);
    expect([...latestEditions(directives)].sort()).toEqual(expected);
  });

  it('takes the same bigrams as natural’s Dice coefficient', () => {
    const texts = ['', 'a', ' 夏季 ', '2024年夏季“送清凉”活动', 'AB  cd', '全总 印发 通知', '劳模劳模'];
    for (const a of texts) {
      for (const b of texts) {
        const [x, y] = [diceBigrams(a), diceBigrams(b)];
        const shared = [...x].filter((g) => y.has(g)).length;
        const ours = (2 * shared) / (x.size + y.size);
        const theirs = DiceCoefficient(a, b);
        expect(Number.isNaN(theirs) ? Number.isNaN(ours) : ours === theirs).toBe(true);
      }
    }
  });
});
