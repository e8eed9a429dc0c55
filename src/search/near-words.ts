import { createRequire } from 'node:module';

type PinyinOf = (char: string) => string[];

let readingsOf: PinyinOf | undefined;

/** Every reading of one character, without tones (乐 → le, yue). pinyin-pro is loaded on first use (~70 ms). */
function readings(char: string): string[] {
  if (!readingsOf) {
    const { pinyin } = createRequire(import.meta.url)('pinyin-pro') as {
      pinyin: (text: string, options: object) => string[];
    };
    readingsOf = (c) => pinyin(c, { toneType: 'none', type: 'array', multiple: true });
  }
  return readingsOf(char);
}

function soundsAlike(a: string, b: string): boolean {
  const ra = readings(a);
  return readings(b).some((r) => ra.includes(r));
}

/**
 * A word of `vocabulary` that `word` most likely stands for when the directive does not hold it as
 * written: the same word with one character typed as a homophone (关建 → 关键, 自娱自了 → 自娱自乐), the
 * usual slip of a pinyin keyboard; or the full form of an abbreviation (疗养 → 疗休养): same first and
 * last character, the others picked in order. Undefined when none fits.
 *
 * @example
 * nearWord('关建', ['关键', '关心']) // '关键'
 */
export function nearWord(word: string, vocabulary: Iterable<string>): string | undefined {
  const chars = [...word];
  if (chars.length < 2 || !chars.every((c) => /\p{Script=Han}/u.test(c))) return undefined;
  let abbreviated: string | undefined;
  for (const candidate of vocabulary) {
    const other = [...candidate];
    if (other.length === chars.length) {
      const differ = chars.flatMap((c, i) => (c === other[i] ? [] : [i]));
      const at = differ[0];
      if (differ.length === 1 && at !== undefined && soundsAlike(chars[at] as string, other[at] as string))
        return candidate;
    } else if (!abbreviated && other.length > chars.length && other.length <= chars.length + 2) {
      if (other[0] === chars[0] && other.at(-1) === chars.at(-1) && isSubsequence(chars, other))
        abbreviated = candidate;
    }
  }
  return abbreviated;
}

function isSubsequence(short: string[], long: string[]): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}
