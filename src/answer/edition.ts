import type { Directive } from '../knowledge/directive.js';

/**
 * Yearly campaigns come as editions (2024年夏季“送清凉”, 2025年夏季“送清凉”) that say nearly the same
 * thing. A question that names a year, outright or relative to today (去年, 今年), means that edition.
 */
// No 明年: an edition of next year is not written yet, and 明年 in a question is about plans (明年的劳模评选).
const RELATIVE_YEARS: Record<string, number> = { 前年: -2, 去年: -1, 上年: -1, 今年: 0, 本年: 0 };

/** The years a question names: "2024年的通知" → [2024]; "去年那次" → [last year], given today. */
export function yearsAsked(question: string, today: Date | undefined): number[] {
  const years = [...question.matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/gu)].map((m) => Number(m[1]));
  if (today) {
    for (const [word, offset] of Object.entries(RELATIVE_YEARS)) {
      if (question.includes(word)) years.push(today.getFullYear() + offset);
    }
  }
  return [...new Set(years)];
}

/**
 * The year a directive belongs to: the year its title names (a campaign's year), else its date's.
 *
 * @example
 * directiveYear({ title: '全总部署2025年夏季“送清凉”活动', date: '2025-05-28', … }) // 2025
 */
export function directiveYear(directive: Pick<Directive, 'title' | 'date'>): number | undefined {
  const named = /(?<!\d)((?:19|20)\d{2})(?!\d)/u.exec(directive.title)?.[1] ?? directive.date?.slice(0, 4);
  return named ? Number(named) : undefined;
}

/** Titles this alike (Dice over character bigrams, years masked) name editions of one campaign. */
const SAME_CAMPAIGN = 0.5;

/**
 * The directives that are the latest of two or more editions of one campaign: titles alike but for
 * their years (全国总工会部署开展2024年夏季“送清凉”活动, 全总印发通知 部署2025年夏季“送清凉”活动). A question
 * that names no year means the campaign as it stands, so its latest edition wins a tie.
 *
 * Worked out once per directive list (a library's is fixed): every question asks for it.
 */
export function latestEditions(directives: Array<Pick<Directive, 'id' | 'title' | 'date'>>): Set<string> {
  let latest = latestByLibrary.get(directives);
  if (!latest) {
    latest = findLatestEditions(directives);
    latestByLibrary.set(directives, latest);
  }
  return latest;
}

const latestByLibrary = new WeakMap<object, Set<string>>();

/** The year of each directive (see `directiveYear`) by its id, and every year some directive has. */
export interface EditionYears {
  byDirective: Map<string, number | undefined>;
  all: Set<number | undefined>;
}

/**
 * The editions' years, worked out once per directive list: every question looks them up, and a library
 * may hold thousands of directives.
 */
export function editionYears(directives: Array<Pick<Directive, 'id' | 'title' | 'date'>>): EditionYears {
  let years = yearsByLibrary.get(directives);
  if (!years) {
    const byDirective = new Map(directives.map((d) => [d.id, directiveYear(d)]));
    years = { byDirective, all: new Set(directives.map(directiveYear)) };
    yearsByLibrary.set(directives, years);
  }
  return years;
}

const yearsByLibrary = new WeakMap<object, EditionYears>();

function findLatestEditions(directives: Array<Pick<Directive, 'id' | 'title' | 'date'>>): Set<string> {
  const alike = sameCampaign(directives.map((d) => d.title.replace(/\d+/gu, '#')));
  const latest = new Set<string>();
  directives.forEach((d, i) => {
    const year = directiveYear(d) ?? 0;
    const editions = (alike[i] as number[]).map((j) => directives[j] as Pick<Directive, 'title' | 'date'>);
    if (editions.length > 0 && editions.every((o) => (directiveYear(o) ?? 0) < year)) latest.add(d.id);
  });
  return latest;
}

/**
 * For each title, the others whose Dice coefficient with it reaches `SAME_CAMPAIGN`. natural's
 * `DiceCoefficient` (the same lower-casing, spaces and bigrams) pair by pair costs seconds over a few
 * thousand documents; counting shared bigrams through an index of them gives the same values at once.
 */
function sameCampaign(titles: string[]): number[][] {
  const grams = titles.map((t) => diceBigrams(t));
  const holders = new Map<string, number[]>();
  grams.forEach((set, i) => {
    for (const g of set) {
      const list = holders.get(g);
      if (list) list.push(i);
      else holders.set(g, [i]);
    }
  });
  return grams.map((set, i) => {
    const shared = new Map<number, number>();
    for (const g of set) for (const j of holders.get(g) ?? []) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    return [...shared]
      .filter(([j, n]) => (2 * n) / (set.size + (grams[j] as Set<string>).size) >= SAME_CAMPAIGN)
      .map(([j]) => j)
      .sort((a, b) => a - b);
  });
}

/** The bigrams natural's `DiceCoefficient` compares: of the text lower-cased, spaces collapsed and trimmed. */
export function diceBigrams(text: string): Set<string> {
  let s = text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^\s+|\s+$/g, '');
  if (s.length === 1) s += ' ';
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}
