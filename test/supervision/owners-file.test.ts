import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library.js';
import { parseDeadlines } from '../../src/reminders/deadlines-file.js';
import { shippedKnowledge } from '../support/paths.js';

const directives = (await loadLibrary(shippedKnowledge)).directives;

const entry = (lines: string[]) =>
  [
    'deadlines:',
    '  - id: year-end-review',
    '    title: 年底查漏补缺',
    '    due: "12-31"',
    '    cite: 查漏补缺',
    ...lines.map((l) => `    ${l}`),
  ].join('\n');

function parse(lines: string[]) {
  return parseDeadlines(entry(lines), 'deadlines.yaml', directives);
}

function problems(lines: string[]): string[] {
  const parsed = parse(lines);
  return 'errors' in parsed ? parsed.errors.map((e) => e.message) : [];
}

describe('owners and chase in deadlines.yaml', () => {
  it('reads people by platform id, with or without a name, and conversations that stand for whoever answers there', () => {
    const parsed = parse([
      'owners:',
      '  - dingtalk:manager1234',
      '  - { id: slack:U0123ABCD, name: 张伟 }',
      '  - { conversation: "dingtalk:cidAbC123==" }',
      'chase: [1d, 3d]',
    ]);
    expect('value' in parsed).toBe(true);
    const [d] = 'value' in parsed ? parsed.value : [];
    expect(d?.owners).toEqual([
      { kind: 'person', key: 'dingtalk:manager1234', platform: 'dingtalk', userId: 'manager1234', name: undefined },
      { kind: 'person', key: 'slack:U0123ABCD', platform: 'slack', userId: 'U0123ABCD', name: '张伟' },
      { kind: 'conversation', target: 'dingtalk:cidAbC123==' },
    ]);
    expect(d?.chaseDaysBefore).toEqual([3, 1]);
  });

  it('has no owners and no chase when the file names none', () => {
    const parsed = parse([]);
    const [d] = 'value' in parsed ? parsed.value : [];
    expect(d?.owners).toEqual([]);
    expect(d?.chaseDaysBefore).toEqual([]);
  });

  it('names the file and line of an owner on an unknown platform', () => {
    expect(problems(['owners:', '  - dingtalk:manager1234', '  - teams:alice'])).toEqual([
      'deadlines.yaml:8: owners.1: owner "teams:alice": unknown platform "teams" (owners are slack:… or dingtalk:…)',
    ]);
  });

  it('names the file and line of a malformed id, with an example of a good one', () => {
    expect(
      problems(['owners:', '  - slack:zhang.wei', '  - { id: "dingtalk:has space", name: 王芳 }', '  - manager1234']),
    ).toEqual([
      'deadlines.yaml:7: owners.0: owner "slack:zhang.wei" is not a slack user id (e.g. "slack:U0123ABCD")',
      'deadlines.yaml:8: owners.1.id: owner "dingtalk:has space" is not a dingtalk user id (e.g. "dingtalk:manager1234")',
      'deadlines.yaml:9: owners.2: owner "manager1234" is not platform:userId (e.g. "dingtalk:manager1234" or "slack:U0123ABCD")',
    ]);
  });

  it('rejects an unknown field in an owner, a conversation without a platform, and a chase that is not days', () => {
    expect(
      problems([
        'owners:',
        '  - { id: slack:U0123ABCD, nick: 张伟 }',
        '  - { conversation: C0123ABCD }',
        'chase: [3 days]',
      ]),
    ).toEqual([
      'deadlines.yaml:7: owners.0: unknown field "nick" (known fields: id, name, conversation)',
      'deadlines.yaml:8: owners.1.conversation: conversation "C0123ABCD" is not platform:conversationId (e.g. "dingtalk:cidAbC123==" or "slack:C0123ABCD")',
      'deadlines.yaml:9: chase.0: chase entries must be days before the due date (e.g. "30d", "7d", "1d")',
    ]);
  });

  it('counts a person listed twice once, keeping the name given', () => {
    const parsed = parse(['owners: [slack:U0123ABCD, { id: slack:U0123ABCD, name: 张伟 }]']);
    const [d] = 'value' in parsed ? parsed.value : [];
    expect(d?.owners).toEqual([
      { kind: 'person', key: 'slack:U0123ABCD', platform: 'slack', userId: 'U0123ABCD', name: '张伟' },
    ]);
  });
});
