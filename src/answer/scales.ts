import type { Passage } from '../search/search-index.js';
import { yearsAsked } from './edition.js';

/**
 * Values a question may name of which a sentence tells one and not another: a year (2028年 where the
 * notice writes 2027年) or a level (省级 where it writes 市级). A sentence writing other values of a scale,
 * and not the one asked, tells of them and cannot answer for it, however much else it shares.
 */
interface Scale {
  /** The values a question, or any text, names. */
  asked(question: string): number[];
  /** The values a text writes, each as the run it covers: one value, or all from it on (2025年起, 省级以上). */
  written(text: string): Array<[number, number]>;
  /** How a reply writes a value: 2028年, 省级. */
  label(value: number): string;
}

const YEAR = /(?<!\d)((?:19|20)\d{2})(?=\s*年)/gu;
/** A year a rule runs on from (自2025年1月1日起, 2024年以来): it speaks of the years after it too. */
const YEAR_ONWARDS = /(?:19|20)\d{2}\s*年[^,，。；;]{0,8}?(?:起|以来|以后|开始|至今)/u;

const YEARS: Scale = {
  asked: (question) => yearsAsked(question, undefined),
  written(text) {
    const years = [...text.matchAll(YEAR)].map((m) => Number(m[1]));
    if (years.length === 0) return [];
    // A sentence writing two years (2025年至2027年) speaks of those between.
    const run: [number, number] = [Math.min(...years), Math.max(...years)];
    return YEAR_ONWARDS.test(text) ? [[run[0], Number.POSITIVE_INFINITY]] : [run];
  },
  label: (year) => `${year}年`,
};

/** The levels of the union's bodies and honours, lowest first: 区级 and 县级 are one level. */
const LEVEL_VALUES: Record<string, number> = {
  区: 1,
  县: 1,
  '区（县）': 1,
  '区(县)': 1,
  市: 2,
  省: 3,
  国家: 4,
  全国: 4,
};
const LEVEL_LABELS = ['', '区（县）级', '市级', '省级', '国家级'];
const LEVEL = /(国家|全国|省|市|区[（(]县[）)]|区|县)级(以上|以下)?/gu;

const LEVELS: Scale = {
  asked: (question) => [...question.matchAll(LEVEL)].map((m) => LEVEL_VALUES[m[1] as string] as number),
  written: (text) =>
    [...text.matchAll(LEVEL)].map((m) => {
      const level = LEVEL_VALUES[m[1] as string] as number;
      return m[2] === '以上' ? [level, 4] : m[2] === '以下' ? [1, level] : [level, level];
    }),
  label: (level) => LEVEL_LABELS[level] as string,
};

const SCALES = [YEARS, LEVELS];

/** The values a question names and a passage does not tell of, with those it does; undefined when none. */
export interface OtherValues {
  asked: string[];
  written: string[];
}

/**
 * What a passage tells of instead of the values the question names, on the first scale where it writes
 * values and none asked (nor its paragraph): "2027年全市共举办训练营3期" for 2028年, "市级工作室每家补助
 * 10万元" for 省级. Undefined when it tells of what is asked, or writes no value of the scales asked about.
 */
export function otherValuesOf(passage: Passage, question: string): OtherValues | undefined {
  for (const scale of SCALES) {
    const asked = [...new Set(scale.asked(question))];
    if (asked.length === 0) continue;
    const written = scale.written(passage.text);
    if (written.length === 0) continue;
    const inParagraph = scale.asked(passage.context.text);
    const told = (v: number) => written.some(([from, to]) => v >= from && v <= to) || inParagraph.includes(v);
    if (asked.some(told)) continue;
    const labels = [...new Set(written.map(([from]) => scale.label(from)))];
    return { asked: asked.map(scale.label), written: labels };
  }
  return undefined;
}
