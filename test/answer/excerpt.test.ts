import { describe, expect, it } from 'vitest';
import { markTerms, windowExcerpt } from '../../src/answer/excerpt.js';
import { length } from '../../src/characters.js';
import { normalisePassage } from '../../src/search/normalise.js';

describe('markTerms', () => {
  it('marks the original characters even when folding changes their width or script', () => {
    const text = '𠮷要做好１４３３戰略和劳模评选';
    const marks = markTerms(text, ['1433', '战略', '劳模评选'], normalisePassage);
    expect(marks.map(([a, b]) => text.slice(a, b))).toEqual(['１４３３戰略', '劳模评选']);
  });

  it('merges overlapping matches', () => {
    const text = '劳动模范评选';
    expect(markTerms(text, ['劳动模范', '模范评选'])).toEqual([[0, 6]]);
  });
});

describe('windowExcerpt', () => {
  it('keeps a short sentence whole', () => {
    expect(windowExcerpt('年底前完成排查。', () => 0)).toBe('年底前完成排查。');
  });

  it('cuts a long sentence to the limit around the clause that matches best, marking the cuts', () => {
    const clauses = Array.from({ length: 20 }, (_, i) => (i === 12 ? '关键在于落实,' : `第${i}个分句的内容比较长,`));
    const sentence = clauses.join('');
    const excerpt = windowExcerpt(sentence, (c) => (c.includes('落实') ? 1 : 0), 60);
    expect(length(excerpt)).toBeLessThanOrEqual(60);
    expect(excerpt).toContain('关键在于落实');
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});
