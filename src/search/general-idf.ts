import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * How informative a word is in general Chinese, from jieba's own IDF table (`idf.txt`, ~270k words
 * from a general corpus). A directive's statistics cannot tell 会费 (never in a union directive, but a
 * specific thing to ask about) from 开始 (never in it either, but said in any question): this can.
 *
 * Only words below `GENERAL_IDF_CAP` are kept: those are the common ones that need telling apart.
 * Every rarer word, and every word the table lacks (会员卡, typos, new terms), counts as the cap.
 */
export const GENERAL_IDF_CAP = 9;

let table: Map<string, number> | undefined;

/** The general-language IDF of a word, at most `GENERAL_IDF_CAP`. The table is read on first use (~20 ms). */
export function generalIdf(word: string): number {
  table ??= readTable();
  return table.get(word) ?? GENERAL_IDF_CAP;
}

/** The table as plain data, for the index cache to keep (`src/library-cache.ts`). */
export function generalIdfEntries(): { words: string[]; values: number[] } {
  table ??= readTable();
  return { words: [...table.keys()], values: [...table.values()] };
}

/** Takes the table from the index cache instead of parsing idf.txt (~2 ms instead of ~20 ms). */
export function useGeneralIdfEntries(entries: { words: string[]; values: number[] }): void {
  if (table || entries.words.length !== entries.values.length) return;
  table = new Map(entries.words.map((w, i) => [w, entries.values[i] as number]));
}

/**
 * Parses `word value` lines straight from the bytes: decoding all 6 MB as one string and splitting it
 * costs ~65 ms, while skipping rare words by their value's first digits costs ~15 ms.
 */
function readTable(): Map<string, number> {
  // `@node-rs/jieba/dict.js` would read dict.txt too (5 MB more); read idf.txt beside it alone.
  const idf = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js')), 'idf.txt'));
  const out = new Map<string, number>();
  const NEWLINE = 0x0a;
  const SPACE = 0x20;
  const DOT = 0x2e;
  const ZERO = 0x30;
  let start = 0;
  while (start < idf.length) {
    let end = idf.indexOf(NEWLINE, start);
    if (end < 0) end = idf.length;
    let space = end - 1;
    while (space > start && idf[space] !== SPACE) space--;
    // A value under 10 has one digit before its dot; keep it when that digit is below the cap.
    if (space > start && idf[space + 2] === DOT && (idf[space + 1] ?? 0) - ZERO < GENERAL_IDF_CAP) {
      out.set(idf.toString('utf8', start, space), Number(idf.toString('latin1', space + 1, end)));
    }
    start = end + 1;
  }
  return out;
}
