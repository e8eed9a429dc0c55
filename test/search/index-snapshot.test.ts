import { beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library.js';
import { packJson, unpackJson } from '../../src/packed-json.js';
import { type IndexSnapshot, restoreAttached, restoreIndex, snapshotIndex } from '../../src/search/index-snapshot.js';
import { characterIdf, type Passage, type SearchIndex } from '../../src/search/search-index.js';
import { library as libraryDir } from '../support/paths.js';

let built: SearchIndex;
const throughFile = (snapshot: IndexSnapshot) => unpackJson(packJson(snapshot)) as IndexSnapshot;
const restore = (snapshot: IndexSnapshot) => restoreIndex(snapshot, built.directives, built.analyzer);
const fields = (p: Passage) => ({
  ...Object.fromEntries(Object.keys(built.passages[0] as Passage).map((k) => [k, p[k as keyof Passage]])),
  context: { text: p.context.text, terms: p.context.terms },
  title: { text: p.title.text, terms: p.title.terms },
});

beforeAll(async () => {
  built = (await loadLibrary(libraryDir)).index;
});

describe('the character table', () => {
  it('counts, for every character, the passages that write it', () => {
    const characters = new Set([...built.passages.map((p) => p.normalised).join(''), '鑫', '𠮷']);
    for (const c of characters) {
      const writing = built.passages.filter((p) => p.normalised.includes(c)).length;
      const n = built.passages.length;
      expect(built.characterFrequency.get(c) ?? 0, c).toBe(writing);
      expect(characterIdf(built, c), c).toBe(Math.log(1 + (n - writing + 0.5) / (writing + 0.5)));
    }
  });
});

describe('an index snapshot', () => {
  it('restores every passage as it was built, its sets included', () => {
    const restored = restore(throughFile(snapshotIndex(built)));
    expect(restored.passages.length).toBe(built.passages.length);
    for (const [i, p] of restored.passages.entries()) expect(fields(p)).toEqual(fields(built.passages[i] as Passage));
    expect(restored.documentFrequency).toEqual(built.documentFrequency);
    expect(restored.characterFrequency).toEqual(built.characterFrequency);
    expect(restored.words).toEqual(built.words);
  });

  it('of a restored index, its sets not yet read, restores the passages as built (a reload on a worker from the cache)', () => {
    const restored = restore(throughFile(snapshotIndex(built)));
    const again = restore(throughFile(snapshotIndex(restored)));
    for (const [i, p] of again.passages.entries()) expect(fields(p)).toEqual(fields(built.passages[i] as Passage));
    expect(again.words).toEqual(built.words);
  });

  it('keeps attached directives by column, and gives them back as JSON would', () => {
    const snapshot = throughFile(snapshotIndex(built, built.directives));
    expect(snapshot.attachedRecords?.count).toBe(built.directives.length);
    expect(restoreAttached(snapshot)).toStrictEqual(JSON.parse(JSON.stringify(built.directives)));
  });

  it('keeps attached data that columns cannot hold as JSON', () => {
    for (const attached of [[{ a: 1 }, { b: 2 }], [{ a: 1 }, { a: 'x' }], { not: 'a list' }, [1, 2], []]) {
      expect(restoreAttached(throughFile(snapshotIndex(built, attached)))).toStrictEqual(attached);
    }
  });

  it('is refused when a column names a string its table lacks or does not fit its records', () => {
    const snapshot = throughFile(snapshotIndex(built));
    const text = snapshot.passages.columns.text;
    if (text?.kind !== 'string') throw new Error('expected a string column');
    text.values[3] = snapshot.strings.length;
    expect(() => restore(snapshot)).toThrow(/does not fit/);
    const short = throughFile(snapshotIndex(built));
    const terms = short.passages.columns.terms;
    if (terms?.kind !== 'set') throw new Error('expected a set column');
    terms.offsets = terms.offsets.subarray(1);
    expect(() => restore(short)).toThrow(/does not fit/);
  });
});
