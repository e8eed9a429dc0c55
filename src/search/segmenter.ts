import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Jieba, TaggedWord } from '@node-rs/jieba';
import type { DictionarySlice } from './dictionary-slice.js';

/** What the analyzer asks of jieba. */
export type Segmenter = Pick<Jieba, 'cut' | 'cutForSearch' | 'tag'>;

/** Builds the segmenter for a glossary's extra words. */
export type SegmenterFactory = (userWords: string[]) => Segmenter;

/** Glossary words are loaded at this frequency and tag, high enough that jieba keeps them whole. */
export const USER_WORD_FREQ = 50_000;
export const USER_WORD_TAG = 'n';

const require = createRequire(import.meta.url);

function jiebaClass(): typeof Jieba {
  // Loaded on first use: the native module costs ~20 ms, and commands that never segment skip it.
  return (require('@node-rs/jieba') as typeof import('@node-rs/jieba')).Jieba;
}

/** jieba's own dictionary (dict.txt, 5 MB), read from its package. */
export function jiebaDictionary(): Buffer {
  // `@node-rs/jieba/dict.js` would also read the 6 MB idf.txt; read only the file needed.
  return readFileSync(join(dirname(require.resolve('@node-rs/jieba/dict.js')), 'dict.txt'));
}

/** The whole dictionary and the glossary's words, loaded into jieba (~100 ms, ~40 MB). */
export function fullSegmenter(userWords: string[]): Segmenter {
  const jieba = jiebaClass().withDict(jiebaDictionary());
  if (userWords.length > 0) {
    jieba.loadDict(Buffer.from(userWords.map((w) => `${w} ${USER_WORD_FREQ} ${USER_WORD_TAG}`).join('\n')));
  }
  return jieba;
}

/** Defers loading the dictionary until a text is first segmented. */
export function lazySegmenter(load: () => Segmenter): Segmenter {
  let loaded: Segmenter | undefined;
  const get = () => {
    loaded ??= load();
    return loaded;
  };
  return {
    cut: (text, hmm) => get().cut(text, hmm),
    cutForSearch: (text, hmm) => get().cutForSearch(text, hmm),
    tag: (text, hmm) => get().tag(text, hmm),
  };
}

/**
 * A word no text holds (two Unicode noncharacters); it carries the frequencies of the words a slice
 * leaves out, so that jieba's total stays that of the whole dictionary.
 */
const FILLER = '\ufdd0\ufdd1';

/**
 * Past this many words loaded or texts looked up, a slice costs more than the whole dictionary would
 * (~100 ms and ~40 MB once): the segmenter switches to it. A question is one look-up of ~0.02 ms (an
 * excerpt's clauses a few more) and brings a few new words: a one-off question and a batch of a few
 * thousand (`ask --jsonl`) stay on the slice; `serve` moves on after a few thousand questions.
 */
export const SLICE_LIMITS = { maxWords: 20_000, maxLookups: 5_000 };
/** Texts most recently looked up: a word of a question is inside the question, whose words are loaded. */
const RECENT_TEXTS = 8;

/**
 * A segmenter that loads into jieba only the dictionary words written in the texts it is given, as it
 * is given them (see `DictionarySlice` for why the result is the same as with the whole dictionary).
 * A one-off `ask` answers in a few milliseconds instead of waiting ~100 ms for the dictionary; a
 * long-running process moves on to the whole dictionary once it has seen enough text.
 */
export function slicedSegmenter(
  slice: DictionarySlice,
  loadFull: () => Segmenter,
  limits: typeof SLICE_LIMITS = SLICE_LIMITS,
): Segmenter {
  const jieba = new (jiebaClass())();
  const loaded = new Set<number>();
  let loadedFreq = 0;
  let full: Segmenter | undefined;
  let lookups = 0;
  const recent: string[] = [];
  // Every text looked up (at most `maxLookups` of them): a question asked again needs no look-up.
  const lookedUp = new Set<string>();
  const segmenterFor = (text: string): Segmenter => {
    if (full) return full;
    if (text.includes(FILLER[0] as string)) return fullNow();
    // Every dictionary word inside a text already looked up is loaded, so is every word of its parts.
    if (lookedUp.has(text) || recent.some((r) => r.includes(text))) return jieba;
    if (++lookups > limits.maxLookups) return fullNow();
    recent.unshift(text);
    recent.length = Math.min(recent.length, RECENT_TEXTS);
    if (lookedUp.size < limits.maxLookups) lookedUp.add(text);
    const found = new Set<number>();
    slice.wordsIn(text, found);
    const fresh = [...found].filter((id) => !loaded.has(id));
    if (fresh.length > 0 || loaded.size === 0) {
      if (loaded.size + fresh.length > limits.maxWords) return fullNow();
      const { text: lines, freq } = slice.lines(fresh);
      for (const id of fresh) loaded.add(id);
      loadedFreq += freq;
      // A word loaded again keeps its tag and takes the new frequency: the filler's shrinks to the rest.
      jieba.loadDict(Buffer.concat([lines, Buffer.from(`${FILLER} ${slice.total - loadedFreq} x\n`)]));
    }
    return jieba;
  };
  const fullNow = () => {
    full ??= loadFull();
    return full;
  };
  return {
    cut: (text, hmm) => segmenterFor(String(text)).cut(text, hmm),
    cutForSearch: (text, hmm) => segmenterFor(String(text)).cutForSearch(text, hmm),
    tag: (text, hmm): TaggedWord[] => segmenterFor(String(text)).tag(text, hmm),
  };
}
