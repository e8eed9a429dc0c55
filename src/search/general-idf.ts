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

/** The table: its words sorted (UTF-16 order), and each word's value at the same position. */
interface Table {
  words: string[];
  values: Float64Array;
}

let table: Table | undefined;
/** Where the index cache keeps the packed table, read on first use (see `keepGeneralIdfIn`). */
let kept: (() => Buffer | undefined) | undefined;

/** The table: the kept copy when there is a good one, else parsed from idf.txt (~20 ms). */
function theTable(): Table {
  if (!table && kept) {
    const bytes = kept();
    kept = undefined;
    if (bytes) usePackedGeneralIdf(bytes);
  }
  table ??= readTable();
  return table;
}

/** The general-language IDF of a word, at most `GENERAL_IDF_CAP`. The table is read on first use. */
export function generalIdf(word: string): number {
  theTable();
  const { words, values } = theTable();
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((words[mid] as string) < word) lo = mid + 1;
    else hi = mid;
  }
  return words[lo] === word ? (values[lo] as number) : GENERAL_IDF_CAP;
}

/**
 * The table packed for the index cache (`src/library-cache.ts`): the values as float64, then the words
 * joined by newlines, after an 8-byte header (count, byte length of the words). Reading it back costs
 * ~1 ms: no map to build, only one string to split.
 */
export function packedGeneralIdf(): Buffer {
  const { words: list, values } = theTable();
  const words = Buffer.from(list.join('\n'));
  const out = Buffer.alloc(8 + 8 * values.length + words.length);
  out.writeUInt32LE(values.length, 0);
  out.writeUInt32LE(words.length, 4);
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(out, 8);
  words.copy(out, 8 + 8 * values.length);
  return out;
}

/** The index cache's packed table, read when a word's IDF is first asked for (`deadlines` never asks). */
export function keepGeneralIdfIn(read: () => Buffer | undefined): void {
  if (!table) kept = read;
}

/**
 * Takes the table from the index cache instead of parsing idf.txt. False, keeping nothing, when the bytes
 * are not a packed table (cut short, another format); the table is then parsed on first use.
 */
export function usePackedGeneralIdf(bytes: Buffer): boolean {
  if (table) return true;
  if (bytes.length < 8) return false;
  const count = bytes.readUInt32LE(0);
  const wordBytes = bytes.readUInt32LE(4);
  if (bytes.length !== 8 + 8 * count + wordBytes) return false;
  const words = count === 0 ? [] : bytes.toString('utf8', 8 + 8 * count).split('\n');
  if (words.length !== count) return false;
  // A copy: the file's bytes need not be aligned for a Float64Array view.
  const values = new Float64Array(count);
  Buffer.from(values.buffer).set(bytes.subarray(8, 8 + 8 * count));
  table = { words, values };
  return true;
}

/**
 * Parses `word value` lines straight from the bytes: decoding all 6 MB as one string and splitting it
 * costs ~65 ms, while skipping rare words by their value's first digits costs ~15 ms.
 */
function readTable(): Table {
  // `@node-rs/jieba/dict.js` would read dict.txt too (5 MB more); read idf.txt beside it alone.
  const idf = readFileSync(join(dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js')), 'idf.txt'));
  const found = new Map<string, number>();
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
      found.set(idf.toString('utf8', start, space), Number(idf.toString('latin1', space + 1, end)));
    }
    start = end + 1;
  }
  // A word listed twice keeps its last value, as a map would.
  const words = [...found.keys()].sort();
  return { words, values: Float64Array.from(words, (w) => found.get(w) as number) };
}
