import { describe, expect, it } from 'vitest';
import { parseDirective } from '../../src/knowledge/load-directive.js';
import { loadLibrary } from '../../src/library.js';
import { parseDeadlines } from '../../src/reminders/deadlines-file.js';
import { suggestDeadlines, suggestionsYaml } from '../../src/reminders/suggest.js';
import { knowledgeDir } from './knowledge-dir.js';

const { directives } = await loadLibrary(knowledgeDir(undefined, { withNotice: true }));
const byDoc = (doc: string) => suggestDeadlines(directives).filter((s) => s.doc === doc);

describe('deadline suggestions', () => {
  it('finds every explicit date in the notice, and the Spring Festival of a named year from the lunar calendar', () => {
    const notice = byDoc('notice-year-end-2026');
    expect(notice.filter((s) => !s.isRelative).map((s) => [s.phrase, s.due])).toEqual([
      ['2026年12月20日前', '2026-12-20'],
      ['2027年春节前', '2027-02-05'],
      ['2026年12月15日前', '2026-12-15'],
      ['2027年1月31日前', '2027-01-31'],
      ['2026年12月10日前', '2026-12-10'],
    ]);
    expect(notice.find((s) => s.due === '2026-12-15')).toMatchObject({
      cite: '于2026年12月15日前将自查报告报送市总工会办公室',
      ref: 'notice-year-end-2026#2.p1.s1',
    });
  });

  it('resolves "年底前" against the notice\'s date, and ignores "年初" that looks back at targets already set', () => {
    const notice = byDoc('notice-year-end-2026');
    expect(notice.filter((s) => s.isRelative).map((s) => [s.phrase, s.due])).toEqual([
      ['年底前', '2026-12-31'],
      ['年底前', '2026-12-31'],
    ]);
    expect(notice.some((s) => s.phrase.includes('年初'))).toBe(false);
  });

  it("finds the speech's year-end and next-year deadlines, resolved against its date in November 2018", () => {
    const speech = byDoc('speech-2018-17th-congress');
    expect(speech.find((s) => s.cite.includes('欠薪'))).toMatchObject({ phrase: '年底', due: '2018-12-31' });
    expect(speech.find((s) => s.cite.includes('劳模评选'))).toMatchObject({
      phrase: '明年',
      due: '2018-12-31',
      ref: 'speech-2018-17th-congress#3.3.p2.s2',
    });
    expect(speech.every((s) => s.isRelative)).toBe(true);
  });

  it('reads a month-day without a year as the next such day after the document, and "明年春节前" as next year\'s', () => {
    const doc = parseDirective(
      [
        '---',
        'id: memo',
        'title: 备忘',
        'date: 2026-12-28',
        '---',
        '请于1月5日前报送名单。',
        '明年春节前完成慰问。',
      ].join('\n'),
      'memo.txt',
    );
    expect(suggestDeadlines([doc]).map((s) => [s.phrase, s.due])).toEqual([
      ['1月5日前', '2027-01-05'],
      ['明年春节前', '2027-02-05'],
    ]);
  });

  it('prints drafts that load as they are, every quote found in the knowledge', () => {
    const yaml = suggestionsYaml(suggestDeadlines(directives));
    const parsed = parseDeadlines(yaml, 'deadlines.yaml', directives);
    expect('errors' in parsed ? parsed.errors.map((e) => e.message) : []).toEqual([]);
    expect('value' in parsed && parsed.value.length).toBe(suggestDeadlines(directives).length);
  });
});
