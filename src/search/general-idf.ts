import { createRequire } from 'node:module';

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

/**
 * Parses `word value` lines straight from the bytes: decoding all 6 MB as one string and splitting it
 * costs ~65 ms, while skipping rare words by their value's first digits costs ~15 ms.
 */
function readTable(): Map<string, number> {
  // `@node-rs/jieba/dict.js` is CommonJS with no exports map; it reads dict.txt and idf.txt at require.
  const { idf } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { idf: Buffer };
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
