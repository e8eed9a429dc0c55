import { createRequire } from 'node:module';

type Polyphonic = (text: string, options: object) => string[][];

let polyphonic: Polyphonic | undefined;
/** Readings already looked up: pinyin-pro takes ~0.1 ms a character, and the same ones come back. */
const known = new Map<string, string[]>();

/** The block the readings table covers: CJK Unified Ideographs, U+4E00–U+9FFF, every common hanzi. */
const TABLE_FIRST = 0x4e00;
const TABLE_SIZE = 0x9fff - TABLE_FIRST + 1;
/** Each character's readings joined by commas, in code point order, once read (see `useReadingsTable`). */
let table: string[] | undefined;
let readTable: (() => unknown) | undefined;

function pinyinPro(): Polyphonic {
  // polyphonic, not pinyin(…, { multiple: true }): the same readings, but pinyin's first call builds
  // its phrase matcher (~15-25 ms), which one character never needs.
  polyphonic ??= (createRequire(import.meta.url)('pinyin-pro') as { polyphonic: Polyphonic }).polyphonic;
  return polyphonic;
}

/**
 * Every reading of one character, without tones (乐 → le, yue, yao, lao): from the readings table when the
 * index cache keeps one, else from pinyin-pro, loaded on first use (~30 ms).
 */
export function readings(char: string): string[] {
  const found = known.get(char);
  if (found) return found;
  const read = fromTable(char) ?? pinyinPro()(char, { toneType: 'none', type: 'array' })[0] ?? [];
  if (known.size < 65_536) known.set(char, read);
  return read;
}

function fromTable(char: string): string[] | undefined {
  const offset = (char.codePointAt(0) ?? 0) - TABLE_FIRST;
  if (char.length !== 1 || offset < 0 || offset >= TABLE_SIZE) return undefined;
  if (!table && readTable) {
    // Read once: a table that turns out broken leaves pinyin-pro to answer from then on.
    table = tableOrUndefined(readTable());
    readTable = undefined;
  }
  const joined = table?.[offset];
  return joined === undefined ? undefined : joined.split(',');
}

/**
 * The readings of every character of the table's block, as `readings` gives them, for the index cache to
 * keep (`src/library-cache.ts`): a process that looks up a typo then never loads pinyin-pro. ~70 ms.
 */
export function readingsTable(): string[] {
  let block = '';
  for (let i = 0; i < TABLE_SIZE; i++) block += String.fromCodePoint(TABLE_FIRST + i);
  return pinyinPro()(block, { toneType: 'none', type: 'array' }).map((r) => r.join(','));
}

/** Takes the readings table from the index cache, read on first need; a table that is not one is ignored. */
export function useReadingsTable(read: () => unknown): void {
  if (!table) readTable = read;
}

/** `readingsTable` as the index cache keeps it (JSON). */
export function packedReadings(): Buffer {
  return Buffer.from(JSON.stringify(readingsTable()));
}

/** The index cache's packed readings, read on the first typo look-up; unreadable ones are ignored. */
export function keepReadingsIn(read: () => Buffer | undefined): void {
  useReadingsTable(() => {
    const bytes = read();
    try {
      return bytes && JSON.parse(bytes.toString('utf8'));
    } catch {
      return undefined;
    }
  });
}

function tableOrUndefined(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length === TABLE_SIZE && value.every((v) => typeof v === 'string')
    ? (value as string[])
    : undefined;
}

function soundsAlike(a: string, b: string): boolean {
  const ra = readings(a);
  return readings(b).some((r) => ra.includes(r));
}

/**
 * Finds, for a word the knowledge does not hold as written, the word of its vocabulary it most likely
 * stands for: the same word with one character typed as a homophone (关建 → 关键, 自娱自了 → 自娱自乐),
 * the usual slip of a pinyin keyboard; or the full form of an abbreviation (疗养 → 疗休养): same first
 * and last character, the others picked in order.
 *
 * @example
 * new NearWords(['关键', '关心']).find('关建') // '关键'
 */
export class NearWords {
  /** Words by their text with one character masked: 关?, ?键 → 关键. */
  private readonly byMasked = new Map<string, string[]>();
  /** Words by their first and last character, for abbreviations. */
  private readonly byEnds = new Map<string, string[]>();
  /** Two-character words by their first character: the words a one-character verb is written in. */
  private readonly byFirst = new Map<string, string[]>();
  /** Two-character words by their last character (开 in 召开). */
  private readonly byLast = new Map<string, string[]>();

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      const chars = [...word];
      // A numeral (十一, 二十八: mostly an article's number) is never what a mistyped word meant.
      if (chars.length < 2 || !chars.every((c) => HAN.test(c)) || NUMERAL.test(word)) continue;
      for (let i = 0; i < chars.length; i++) push(this.byMasked, masked(chars, i), word);
      push(this.byEnds, `${chars[0]}${chars.at(-1)}`, word);
      if (chars.length === 2) {
        push(this.byFirst, chars[0] as string, word);
        push(this.byLast, chars[1] as string, word);
      }
    }
  }

  /** The two-character words that begin with `char` (报 → 报送, 报告). */
  startingWith(char: string): string[] {
    return this.byFirst.get(char) ?? [];
  }

  /** The two-character words that end with `char` (开 → 召开, 公开). */
  endingWith(char: string): string[] {
    return this.byLast.get(char) ?? [];
  }

  /** The word `word` stands for, or undefined when none fits. */
  find(word: string, accept: (candidate: string) => boolean = () => true): string | undefined {
    const chars = [...word];
    if (chars.length < 2 || !chars.every((c) => HAN.test(c))) return undefined;
    return this.homophones(word).find(accept) ?? this.expansion(chars, accept);
  }

  /** The words `word` may be with one character typed as a homophone (关建 → 关键), in the order of its characters. */
  homophones(word: string): string[] {
    const chars = [...word];
    if (!chars.every((c) => HAN.test(c))) return [];
    return chars.flatMap((typed, i) =>
      (this.byMasked.get(masked(chars, i)) ?? []).filter((candidate) => {
        const other = [...candidate][i] as string;
        return other !== typed && soundsAlike(typed, other);
      }),
    );
  }

  /** The full form of the abbreviation `chars` (疗养 → 疗休养), or undefined. */
  private expansion(chars: string[], accept: (candidate: string) => boolean): string | undefined {
    return (this.byEnds.get(`${chars[0]}${chars.at(-1)}`) ?? []).find((candidate) => {
      const other = [...candidate];
      return (
        other.length > chars.length &&
        other.length <= chars.length + 2 &&
        isSubsequence(chars, other) &&
        accept(candidate)
      );
    });
  }
}

const HAN = /^\p{Script=Han}$/u;
const NUMERAL = /^[零一二两三四五六七八九十百千万]+$/u;

function masked(chars: string[], at: number): string {
  return chars.map((c, i) => (i === at ? '?' : c)).join('');
}

function push(map: Map<string, string[]>, key: string, word: string): void {
  const list = map.get(key);
  if (list) list.push(word);
  else map.set(key, [word]);
}

function isSubsequence(short: string[], long: string[]): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}
