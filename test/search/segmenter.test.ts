import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library.js';
import { segmenterWords } from '../../src/search/analyzer.js';
import { DictionarySlice } from '../../src/search/dictionary-slice.js';
import {
  fullSegmenter,
  jiebaDictionary,
  type Segmenter,
  slicedSegmenter,
  USER_WORD_FREQ,
  USER_WORD_TAG,
} from '../../src/search/segmenter.js';
import { fixtures, library as libraryDir } from '../support/paths.js';

/** Every way the analyzer segments a text, as one comparable value. */
function segmentations(segmenter: Segmenter, text: string): string {
  return JSON.stringify([
    segmenter.cut(text, true),
    segmenter.cut(text, false),
    segmenter.cutForSearch(text, true),
    segmenter.cutForSearch(text, false),
    segmenter.tag(text, true),
    segmenter.tag(text, false),
  ]);
}

const library = await loadLibrary(libraryDir);

/** The texts we have: every sentence, paragraph and clause of four documents, and our own questions. */
function texts(): string[] {
  const out = library.directives.flatMap((d) =>
    d.paragraphs.flatMap((p) => [p.text, ...p.sentences.flatMap((s) => [s.text, ...s.text.split(/[,,;;:]/u)])]),
  );
  for (const line of readFileSync(`${fixtures}/eval/own-questions.jsonl`, 'utf8').split('\n').filter(Boolean)) {
    out.push((JSON.parse(line) as { q: string }).q);
  }
  // Pieces cut anywhere, mixed scripts, and lower-cased text, as the analyzer passes it.
  const pool = `${out.join('')}4S店AA制 TCP/IP c++ C# 3.5% ｅｍｏｊｉ😀 \u0000`;
  let seed = 12;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < 1500; i++) {
    const start = Math.floor(next() * pool.length);
    out.push(pool.slice(start, start + 1 + Math.floor(next() * 40)));
  }
  return [...out, ...out.slice(0, 300).map((t) => t.toLowerCase())];
}

describe('the sliced segmenter', () => {
  const words = segmenterWords(library.glossary);
  const full = fullSegmenter(words);
  const slice = DictionarySlice.read(DictionarySlice.pack(jiebaDictionary(), words, USER_WORD_FREQ, USER_WORD_TAG));

  it('reads back the slice it packed, with jieba’s whole total', () => {
    expect(slice).toBeDefined();
    expect(slice?.size).toBeGreaterThan(300_000);
    expect(DictionarySlice.read(Buffer.from('DBSLICE1 but truncated'))).toBeUndefined();
  });

  it('cuts, tags and search-cuts every text exactly as the whole dictionary does', () => {
    const unlimited = { maxWords: Number.POSITIVE_INFINITY, maxLookups: Number.POSITIVE_INFINITY };
    const sliced = slicedSegmenter(
      slice as DictionarySlice,
      () => {
        throw new Error('the slice should not give up on these texts');
      },
      unlimited,
    );
    const all = texts();
    const differing = all.filter((t) => segmentations(sliced, t) !== segmentations(full, t));
    expect(all.length).toBeGreaterThan(2000);
    expect(differing).toEqual([]);
  });

  it('moves to the whole dictionary after many texts, still cutting them the same', () => {
    let loadedFull = 0;
    const sliced = slicedSegmenter(
      slice as DictionarySlice,
      () => {
        loadedFull++;
        return full;
      },
      { maxWords: 500, maxLookups: 20 },
    );
    const some = texts().slice(0, 200);
    expect(some.filter((t) => segmentations(sliced, t) !== segmentations(full, t))).toEqual([]);
    expect(loadedFull).toBe(1);
  });

  it('moves to the whole dictionary for a text holding its filler word', () => {
    let loadedFull = 0;
    const sliced = slicedSegmenter(slice as DictionarySlice, () => {
      loadedFull++;
      return full;
    });
    expect(sliced.cut('工会\ufdd0\ufdd1职工', true)).toEqual(full.cut('工会\ufdd0\ufdd1职工', true));
    expect(loadedFull).toBe(1);
  });
});
