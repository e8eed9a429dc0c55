import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeErrors } from '../../src/knowledge/knowledge-error.js';
import { LibraryHolder, loadLibrary } from '../../src/library.js';
import { library as evalLibrary, shippedKnowledge } from '../support/paths.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function problems(dir: string): Promise<string[]> {
  try {
    await loadLibrary(dir);
  } catch (e) {
    if (e instanceof KnowledgeErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  return [];
}

describe('loadLibrary', () => {
  it('indexes any .txt or .md dropped into the folder, titled by its first line', async () => {
    const dir = folder({
      'a.txt': '第一份通知\n各单位要做好安全生产检查。',
      'b.md': '# 第二份通知\n\n各单位要组织职工体检。',
    });
    const library = await loadLibrary(dir);
    expect(library.directives.map((d) => d.title)).toEqual(['第一份通知', '第二份通知']);
    expect(library.index.passages.map((p) => p.text)).toEqual(['各单位要做好安全生产检查。', '各单位要组织职工体检。']);
  });

  it('reports every broken file with its line, not just the first', async () => {
    const dir = folder({
      'a.txt': '---\nid: Not Valid\n---\n正文。',
      'b.txt': '---\ntitle: 好\n---\n',
      'glossary.yaml': 'synonyms:\n  - [欠薪]\n',
    });
    const found = await problems(dir);
    expect(found).toContain('a.txt:2: id: must be lower-case letters, digits and dashes (e.g. "notice-2026-year-end")');
    expect(found.some((p) => p.startsWith('b.txt:4: '))).toBe(true);
    expect(found.some((p) => p.startsWith('glossary.yaml:2: synonyms.0: '))).toBe(true);
  });

  it('reports a file it cannot read by name instead of failing the load', async () => {
    const dir = folder({ 'a.txt': '标题\n正文。' });
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'b.txt'));
    expect(await problems(dir)).toEqual([
      'b.txt:0: cannot read the file (ENOENT); check that it exists and is readable',
    ]);
  });

  it('gives files without front matter distinct ids even when their Chinese names are alike', async () => {
    const dir = folder({ '关于印发甲方案的通知.txt': '甲\n甲方案。', '关于印发乙办法的通知.txt': '乙\n乙办法。' });
    const ids = (await loadLibrary(dir)).directives.map((d) => d.id);
    expect(new Set(ids).size).toBe(2);
  });

  it('rejects two directives with the same id', async () => {
    const dir = folder({ 'a.txt': '---\nid: same\n---\n甲\n甲。', 'b.txt': '---\nid: same\n---\n乙\n乙。' });
    expect(await problems(dir)).toEqual(['b.txt:1: id "same" is already used by a.txt; give one of them another id']);
  });

  it('reports a YAML syntax error in the glossary by line', async () => {
    const dir = folder({ 'a.txt': '标题\n正文。', 'glossary.yaml': 'synonyms:\n  - [欠薪, 拖欠工资\nwords: []\n' });
    expect((await problems(dir))[0]).toMatch(/^glossary\.yaml:\d+: YAML syntax/);
  });

  it('applies the glossary to passages and questions alike', async () => {
    const dir = folder({
      'a.txt': '标题\n要关心快递小哥的权益。',
      'glossary.yaml': 'synonyms:\n  - [快递员, 快递小哥]\n',
    });
    const { index } = await loadLibrary(dir);
    expect(index.passages[0]?.terms.has('快递员')).toBe(true);
    expect(index.analyzer.queryConcepts('快递员怎么入会').map((c) => c.whole)).toContainEqual(['快递员']);
  });
});

describe('LibraryHolder', () => {
  it('keeps serving the last good library when a reload meets a broken file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync(shippedKnowledge, dir, { recursive: true });
    const holder = await LibraryHolder.load(dir);
    const before = holder.current;
    writeFileSync(join(dir, 'broken.txt'), '---\ndate: 昨天\n---\n正文。');
    const result = await holder.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^broken\.txt:2: date:/);
    expect(holder.current).toBe(before);
  });
});

describe('the evaluation libraries (test/fixtures/eval/library, library-2, -3, -4)', () => {
  // They hold copies, since links out of a knowledge folder are not followed; the copies must not drift.
  it.each([
    [evalLibrary, 'speech.txt', join(shippedKnowledge, 'speech.txt')],
    [evalLibrary, 'glossary.yaml', join(shippedKnowledge, 'glossary.yaml')],
    [`${evalLibrary}-2`, 'speech.txt', join(shippedKnowledge, 'speech.txt')],
    [`${evalLibrary}-2`, 'glossary.yaml', join(shippedKnowledge, 'glossary.yaml')],
    [`${evalLibrary}-2`, 'notice-year-end-2026.txt', join(evalLibrary, 'notice-year-end-2026.txt')],
    [`${evalLibrary}-3`, 'glossary.yaml', join(shippedKnowledge, 'glossary.yaml')],
    [`${evalLibrary}-4`, 'glossary.yaml', join(shippedKnowledge, 'glossary.yaml')],
  ])('%s holds %s unchanged', (folder, name, original) => {
    expect(readFileSync(join(folder, name), 'utf8')).toBe(readFileSync(original, 'utf8'));
  });
});
