import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library.js';
import { packJson, unpackJson } from '../../src/packed-json.js';
import { normalisePassage } from '../../src/search/normalise.js';
import { checkPostings, type PostingsData, postingsOf } from '../../src/search/postings.js';
import {
  buildIndex,
  charGrams,
  GRAM_INDEX_OPTIONS,
  type Passage,
  type SearchIndex,
  search,
  searchGrams,
  wordIndexOptions,
} from '../../src/search/search-index.js';
import { library as libraryDir } from '../support/paths.js';

/** A small deterministic generator, so that a failure names a query that can be run again. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

let index: SearchIndex;
let words: MiniSearch<Passage>;
let grams: MiniSearch<Passage>;

beforeAll(async () => {
  const library = await loadLibrary(libraryDir);
  // Every directive twice: identical sentences score alike, so the order among ties is tested too.
  const twice = [...library.directives, ...library.directives.map((d) => ({ ...d, id: `${d.id}-again` }))];
  index = buildIndex(twice, library.index.analyzer);
  const analyzer = library.index.analyzer;
  words = new MiniSearch<Passage>(wordIndexOptions((text) => analyzer.terms(normalisePassage(text))));
  words.addAll(index.passages);
  grams = new MiniSearch<Passage>(GRAM_INDEX_OPTIONS);
  grams.addAll(index.passages);
});

const scored = (hits: Array<{ passage: Passage; score: number }>) => hits.map((h) => [h.passage.id, h.score]);
const expected = (results: Array<{ id: unknown; score: number }>, limit: number) =>
  results.slice(0, limit).map((r) => [r.id, r.score]);

describe('searching the postings', () => {
  it('ranks as minisearch does: the same passages, scores to the bit and order among ties', () => {
    const vocabulary = [...index.documentFrequency.keys()];
    const next = random(12);
    let ties = 0;
    for (let q = 0; q < 400; q++) {
      const terms = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        next() < 0.1 ? '不在索引里的词' : (vocabulary[Math.floor(next() * vocabulary.length)] as string),
      );
      if (next() < 0.1) terms.push(terms[0] as string);
      for (const limit of [1, 7, 30]) {
        const mine = scored(search(index, terms, limit));
        expect(mine, terms.join(' ')).toEqual(expected(words.search(terms.join(' ')), limit));
        ties += mine.filter((m, i) => i > 0 && m[1] === mine[i - 1]?.[1]).length;
      }
    }
    // The doubled library makes ties common: the order among them was really compared.
    expect(ties).toBeGreaterThan(100);
  });

  it('ranks character bigrams as minisearch does', () => {
    const next = random(7);
    for (let q = 0; q < 200; q++) {
      const passage = index.passages[Math.floor(next() * index.passages.length)] as Passage;
      const start = Math.floor(next() * passage.normalised.length);
      const asked = [passage.normalised.slice(start, start + 2 + Math.floor(next() * 8))];
      const query = [...new Set(asked.flatMap(charGrams))].join(' ');
      expect(scored(searchGrams(index, asked, Number.POSITIVE_INFINITY)), query).toEqual(
        expected(grams.search(query), 30),
      );
    }
  });

  it('finds nothing for no terms or terms no passage holds', () => {
    expect(search(index, [])).toEqual([]);
    expect(search(index, ['不在索引里的词'])).toEqual([]);
  });
});

describe('postings in a packed file', () => {
  const postings = () => postingsOf(words.toJSON(), ['text', 'section', 'docTitle']);

  it('come back whole from their bytes, their arrays intact', () => {
    const original = postings();
    const back = unpackJson(packJson({ kept: original, note: 'x' })) as { kept: PostingsData; note: string };
    expect(back.note).toBe('x');
    expect(back.kept).toEqual(original);
    expect(back.kept.docs).toBeInstanceOf(Uint32Array);
    expect(() => checkPostings(back.kept)).not.toThrow();
  });

  it('keep the rest of the value as JSON keeps it', () => {
    const value = { when: new Date(0), list: [1, 'a', { b: null }], nested: { deeper: { n: 2 } } };
    expect(unpackJson(packJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('are refused when the bytes are cut short, another format, or name passages that are not there', () => {
    const packed = packJson({ kept: postings() });
    expect(() => unpackJson(packed.subarray(0, packed.length - 8))).toThrow();
    expect(() => unpackJson(packed.subarray(0, 20))).toThrow();
    expect(() => unpackJson(Buffer.from('{"format":5}'))).toThrow();
    expect(() => unpackJson(Buffer.alloc(0))).toThrow();
    const bad = postings();
    bad.docs[bad.docs.length - 1] = bad.ids.length;
    expect(() => checkPostings(bad)).toThrow(/no document/);
    const short = { ...postings(), offsets: postings().offsets.subarray(1) };
    expect(() => checkPostings(short)).toThrow();
  });

  it('read arrays that do not start on their alignment by copying them', () => {
    const packed = packJson({ kept: postings() });
    const shifted = Buffer.alloc(packed.length + 1);
    packed.copy(shifted, 1);
    const back = unpackJson(shifted.subarray(1)) as { kept: PostingsData };
    expect(back.kept).toEqual(postings());
  });
});
