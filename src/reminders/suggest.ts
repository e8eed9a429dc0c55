import { truncate } from '../characters.js';
import type { Directive } from '../knowledge/directive.js';
import { splitClauses } from '../knowledge/sentences.js';
import { springFestival } from './spring-festival.js';
import { addDays, compareDates, isoDate, isValidDate, type LocalDate } from './zoned-time.js';

/** A draft deadlines.yaml entry found in a directive's wording, for an admin to review. */
export interface DeadlineSuggestion {
  id: string;
  title: string;
  /** The `due` value to write: a fixed date, or a yearly one when the text has no year and the document no date. */
  due: string;
  /** The words that name the date, e.g. `2026年12月20日前`, `年底`, `春节前`. */
  phrase: string;
  /** How the phrase became `due`, for the admin reading the draft. */
  reading: string;
  /** The clause holding the phrase, verbatim: a valid `cite`. */
  cite: string;
  ref: string;
  label: string;
  doc: string;
  /** Relative phrases ("明年", "年底") are guesses an admin must confirm. */
  isRelative: boolean;
}

type Resolve = (m: RegExpExecArray, docDate: LocalDate | undefined) => { due: string; reading: string } | undefined;

const BEFORE = '(?:前|之前|以前|为止|止)';

/** The day before the Spring Festival of `year` (正月初一 of the lunar year beginning in it). */
function eveOfSpringFestival(year: number): LocalDate {
  return addDays(springFestival(year), -1);
}

const dated = (doc: LocalDate | undefined) =>
  doc ? `the document is dated ${isoDate(doc)}` : 'the document has no date';

/**
 * Deadline phrases, most specific first; a span taken by one is not read again by a later one
 * (so `2026年12月20日前` is not also read as `12月20日前`).
 */
const PATTERNS: Array<{ pattern: RegExp; isRelative: boolean; resolve: Resolve }> = [
  {
    pattern: new RegExp(`(\\d{4})年(\\d{1,2})月(\\d{1,2})日${BEFORE}`, 'g'),
    isRelative: false,
    resolve: (m) => {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!isValidDate(y, mo, d)) return undefined;
      return { due: isoDate({ year: y, month: mo, day: d }), reading: 'an explicit date' };
    },
  },
  {
    pattern: new RegExp(`(\\d{4})年春节${BEFORE}`, 'g'),
    isRelative: false,
    resolve: (m) => ({
      due: isoDate(eveOfSpringFestival(Number(m[1]))),
      reading: `the eve of the ${m[1]} Spring Festival (lunar calendar)`,
    }),
  },
  {
    pattern: /(\d{4})年年?[底末]/g,
    isRelative: false,
    resolve: (m) => ({ due: `${m[1]}-12-31`, reading: `the end of ${m[1]}` }),
  },
  {
    pattern: new RegExp(`(?<![\\d年])(\\d{1,2})月(\\d{1,2})日${BEFORE}`, 'g'),
    isRelative: true,
    resolve: (m, doc) => {
      const [mo, d] = [Number(m[1]), Number(m[2])];
      if (!isValidDate(2024, mo, d)) return undefined;
      if (!doc)
        return {
          due: `${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
          reading: 'no year given; yearly',
        };
      let date = { year: doc.year, month: mo, day: d };
      if (compareDates(date, doc) < 0) date = { ...date, year: doc.year + 1 };
      return { due: isoDate(date), reading: `no year given; the next such day after the document (${dated(doc)})` };
    },
  },
  {
    pattern: new RegExp(`(明年|今年)?春节${BEFORE}`, 'g'),
    isRelative: true,
    resolve: (m, doc) => {
      if (!doc) return { due: '春节-1d', reading: 'before the Spring Festival; yearly' };
      let eve = eveOfSpringFestival(m[1] === '明年' ? doc.year + 1 : doc.year);
      if (!m[1] && compareDates(eve, doc) < 0) eve = eveOfSpringFestival(doc.year + 1);
      return { due: isoDate(eve), reading: `the eve of the next Spring Festival (${dated(doc)})` };
    },
  },
  {
    pattern: /明年年?[底末]/g,
    isRelative: true,
    resolve: (_m, doc) =>
      doc ? { due: `${doc.year + 1}-12-31`, reading: `the end of next year (${dated(doc)})` } : undefined,
  },
  {
    pattern: /明年年?初/g,
    isRelative: true,
    resolve: (_m, doc) =>
      doc ? { due: `${doc.year + 1}-01-31`, reading: `early next year, taken as January (${dated(doc)})` } : undefined,
  },
  {
    pattern: new RegExp(`(?:今年|本年)?年[底末]${BEFORE}?`, 'g'),
    isRelative: true,
    resolve: (_m, doc) =>
      doc
        ? { due: `${doc.year}-12-31`, reading: `the end of the document's year (${dated(doc)}); yearly: due "12-31"` }
        : { due: '12-31', reading: 'the year end; yearly' },
  },
  {
    // "年初" in a document dated after January looks back at targets already set: not a deadline.
    pattern: /(?<!明)年初/g,
    isRelative: true,
    resolve: (_m, doc) => {
      if (!doc) return undefined;
      const end = { year: doc.year, month: 1, day: 31 };
      return compareDates(end, doc) >= 0
        ? { due: isoDate(end), reading: `early this year, taken as January (${dated(doc)})` }
        : undefined;
    },
  },
  {
    // Work "明年" must be ready before next year begins; the speech gives no closer date.
    pattern: /明年(?![年初底末春])/g,
    isRelative: true,
    resolve: (_m, doc) =>
      doc
        ? {
            due: `${doc.year}-12-31`,
            reading: `next year (${doc.year + 1}), so ready by the end of ${doc.year} (${dated(doc)})`,
          }
        : undefined,
  },
];

function docDateOf(directive: Directive): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(directive.date ?? '');
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
}

/** Scans every sentence of every directive for deadline phrases, in reading order. */
export function suggestDeadlines(directives: Directive[]): DeadlineSuggestion[] {
  const suggestions: DeadlineSuggestion[] = [];
  for (const directive of directives) {
    const docDate = docDateOf(directive);
    let n = 0;
    for (const paragraph of directive.paragraphs) {
      for (const sentence of paragraph.sentences) {
        const taken: Array<[number, number]> = [];
        const found: Array<{ index: number; phrase: string; isRelative: boolean; due: string; reading: string }> = [];
        for (const { pattern, isRelative, resolve } of PATTERNS) {
          for (const m of sentence.text.matchAll(pattern)) {
            const start = m.index ?? 0;
            const end = start + m[0].length;
            if (taken.some(([s, e]) => start < e && end > s)) continue;
            taken.push([start, end]);
            const resolved = resolve(m as RegExpExecArray, docDate);
            if (resolved) found.push({ index: start, phrase: m[0], isRelative, ...resolved });
          }
        }
        for (const f of found.sort((a, b) => a.index - b.index)) {
          const cite = clauseAt(sentence.text, f.index);
          n += 1;
          suggestions.push({
            id: `${directive.id}-${n}`,
            title: truncate(cite, 40),
            due: f.due,
            phrase: f.phrase,
            reading: f.reading,
            cite,
            ref: sentence.ref,
            label: sentence.label,
            doc: directive.id,
            isRelative: f.isRelative,
          });
        }
      }
    }
  }
  return suggestions;
}

/** The clause of `sentence` holding character `index`, without its closing punctuation: verbatim. */
function clauseAt(sentence: string, index: number): string {
  let start = 0;
  for (const clause of splitClauses(sentence)) {
    if (index < start + clause.length) return clause.replace(/[,,、;;。!!??::]+$/u, '').trim();
    start += clause.length;
  }
  return sentence;
}

/** Draft deadlines.yaml entries, each preceded by comments giving its phrase, reading and citation. */
export function suggestionsYaml(suggestions: DeadlineSuggestion[]): string {
  if (suggestions.length === 0) return '# no deadline phrases found in the directives\n';
  const lines = [
    '# Draft entries from `directive-bot deadlines suggest`. Review each one, keep what is a real',
    '# deadline, and paste it under "deadlines:" in knowledge/deadlines.yaml.',
    'deadlines:',
  ];
  for (const s of suggestions) {
    lines.push(
      '',
      `  # "${s.phrase}" → ${s.due}: ${s.reading}`,
      `  # ${s.label}  [${s.ref}]`,
      `  - id: ${s.id}`,
      `    title: ${JSON.stringify(s.title)}`,
      `    due: ${JSON.stringify(s.due)}`,
      `    cite: ${JSON.stringify(s.cite)}`,
      '    remind: { before: [7d, 1d], at: "09:00" }',
    );
    if (s.isRelative) lines.push('    set_by_admin: true # the text names no exact date; confirm it');
  }
  return `${lines.join('\n')}\n`;
}
