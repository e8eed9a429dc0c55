import { createRequire } from 'node:module';

type PinyinOf = (char: string) => string[];

let readingsOf: PinyinOf | undefined;
/** Readings already looked up: pinyin-pro takes ~0.1 ms a character, and the same ones come back. */
const known = new Map<string, string[]>();

/** Every reading of one character, without tones (乐 → le, yue, yao, lao). pinyin-pro is loaded on first use (~30 ms). */
export function readings(char: string): string[] {
  const found = known.get(char);
  if (found) return found;
  if (!readingsOf) {
    const { polyphonic } = createRequire(import.meta.url)('pinyin-pro') as {
      polyphonic: (text: string, options: object) => string[][];
    };
    // polyphonic, not pinyin(…, { multiple: true }): the same readings, but pinyin's first call builds
    // its phrase matcher (~15-25 ms), which one character never needs.
    readingsOf = (c) => polyphonic(c, { toneType: 'none', type: 'array' })[0] ?? [];
  }
  const read = readingsOf(char);
  if (known.size < 65_536) known.set(char, read);
  return read;
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

  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      const chars = [...word];
      if (chars.length < 2 || !chars.every((c) => HAN.test(c))) continue;
      for (let i = 0; i < chars.length; i++) push(this.byMasked, masked(chars, i), word);
      push(this.byEnds, `${chars[0]}${chars.at(-1)}`, word);
      if (chars.length === 2) push(this.byFirst, chars[0] as string, word);
    }
  }

  /** The two-character words that begin with `char` (报 → 报送, 报告). */
  startingWith(char: string): string[] {
    return this.byFirst.get(char) ?? [];
  }

  /** The word `word` stands for, or undefined when none fits. */
  find(word: string): string | undefined {
    const chars = [...word];
    if (chars.length < 2 || !chars.every((c) => HAN.test(c))) return undefined;
    for (let i = 0; i < chars.length; i++) {
      for (const candidate of this.byMasked.get(masked(chars, i)) ?? []) {
        const other = [...candidate][i] as string;
        if (other !== chars[i] && soundsAlike(chars[i] as string, other)) return candidate;
      }
    }
    return (this.byEnds.get(`${chars[0]}${chars.at(-1)}`) ?? []).find((candidate) => {
      const other = [...candidate];
      return other.length > chars.length && other.length <= chars.length + 2 && isSubsequence(chars, other);
    });
  }
}

const HAN = /^\p{Script=Han}$/u;

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
