import { describe, expect, it } from 'vitest';
import { KnowledgeErrors } from '../../src/knowledge/knowledge-error.js';
import { loadLibrary } from '../../src/library.js';
import { parseDeadlines } from '../../src/reminders/deadlines-file.js';
import { shippedKnowledge } from '../support/paths.js';
import { knowledgeDir } from './knowledge-dir.js';

const directives = (await loadLibrary(shippedKnowledge)).directives;

function problems(yaml: string): string[] {
  const parsed = parseDeadlines(yaml, 'deadlines.yaml', directives);
  return 'errors' in parsed ? parsed.errors.map((e) => e.message) : [];
}

const entry = (lines: string[]) =>
  ['deadlines:', '  - id: year-end-review', ...lines.map((l) => `    ${l}`)].join('\n');

describe('deadlines.yaml', () => {
  it('loads the shipped deadlines, each citing the sentence of the speech it comes from', async () => {
    const { deadlines } = await loadLibrary(shippedKnowledge);
    expect(deadlines.map((d) => d.id)).toEqual([
      'year-end-review',
      'year-end-wage-arrears',
      'next-year-plan',
      'model-worker-selection-prep',
    ]);
    const arrears = deadlines.find((d) => d.id === 'year-end-wage-arrears');
    expect(arrears?.cite.sentence).toContain('欠薪');
    expect(arrears?.cite.ref).toBe('speech-2018-17th-congress#3.3.p1.s3');
    expect(arrears?.due).toEqual({ kind: 'yearly', month: 12, day: 31 });
    expect(deadlines.find((d) => d.id === 'model-worker-selection-prep')?.isSetByAdmin).toBe(true);
  });

  it('accepts a sentence ref as the citation', () => {
    const parsed = parseDeadlines(
      entry(['title: 年底查漏补缺', 'due: "12-31"', 'cite: speech-2018-17th-congress#3.3.p2.s1']),
      'deadlines.yaml',
      directives,
    );
    expect('value' in parsed && parsed.value[0]?.cite.sentence).toMatch(/^现在到年底/);
  });

  it('names the line and the field of an unknown field', () => {
    expect(problems(entry(['title: 年底查漏补缺', 'due: "12-31"', 'cite: 查漏补缺', 'remindr: [7d]']))).toEqual([
      'deadlines.yaml:6: unknown field "remindr" (known fields: id, title, due, cite, remind, to, note, set_by_admin, owners, chase)',
    ]);
  });

  it('says a month-day such as 13-45 does not exist, and gives an example', () => {
    expect(problems(entry(['title: 年底查漏补缺', 'due: "13-45"', 'cite: 查漏补缺']))).toEqual([
      'deadlines.yaml:4: due: due "13-45" is not a month-day (expected e.g. "12-31")',
    ]);
  });

  it('rejects a calendar date that does not exist', () => {
    expect(problems(entry(['title: t', 'due: "2027-02-29"', 'cite: 查漏补缺']))).toEqual([
      'deadlines.yaml:4: due: due "2027-02-29" is not a calendar date (expected e.g. "2026-12-20")',
    ]);
  });

  it('fails when the quote is not in the knowledge', () => {
    const [problem] = problems(entry(['title: t', 'due: "12-31"', 'cite: 年底前必须完成全部招商引资任务']));
    expect(problem).toMatch(
      /^deadlines\.yaml:5: cite: the quote "年底前必须完成全部招商引资任务" is not in any directive/,
    );
  });

  it('fails when a cited ref does not exist', () => {
    const [problem] = problems(entry(['title: t', 'due: "12-31"', 'cite: speech-2018-17th-congress#9.9.p9.s9']));
    expect(problem).toMatch(
      /^deadlines\.yaml:5: cite: no sentence has the ref "speech-2018-17th-congress#9\.9\.p9\.s9"/,
    );
  });

  it('rejects a bad time of day, a bad cron pattern, a bad offset and a target without a platform', () => {
    const found = problems(
      entry([
        'title: t',
        'due: "12-31"',
        'cite: 查漏补缺',
        'remind:',
        '  before: [7days]',
        '  at: "9am"',
        '  cron: "61 9 * * *"',
        'to: [C0123ABCD]',
      ]),
    );
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^deadlines\.yaml:7: remind\.before\.0: before entries must be days/);
    expect(found[1]).toMatch(/^deadlines\.yaml:8: remind\.at: at must be a time of day as HH:MM/);
    expect(found[2]).toMatch(/^deadlines\.yaml:9: remind\.cron\.0: cron "61 9 \* \* \*" is not a cron pattern/);
    expect(found[3]).toMatch(/^deadlines\.yaml:10: to\.0: to must be platform:conversationId/);
  });

  it('rejects two deadlines with the same id', () => {
    const yaml = `${entry(['title: t', 'due: "12-31"', 'cite: 查漏补缺'])}\n${entry(['title: t', 'due: "12-31"', 'cite: 查漏补缺']).replace('deadlines:\n', '')}`;
    expect(problems(yaml)).toEqual(['deadlines.yaml:6: id: id "year-end-review" is used twice']);
  });

  it('stops the whole knowledge folder from loading, listing the problems with file and line', async () => {
    const dir = knowledgeDir(entry(['title: t', 'due: "13-45"', 'cite: 查漏补缺', 'colour: red']));
    const error = await loadLibrary(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeErrors);
    {
      const e = error;
      expect((e as KnowledgeErrors).message.split('\n')).toEqual([
        'deadlines.yaml:4: due: due "13-45" is not a month-day (expected e.g. "12-31")',
        'deadlines.yaml:6: unknown field "colour" (known fields: id, title, due, cite, remind, to, note, set_by_admin, owners, chase)',
      ]);
    }
  });
});
