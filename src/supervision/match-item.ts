import { type Concept, holdsConcept } from '../search/analyzer.js';
import { normaliseQuestion } from '../search/normalise.js';
import type { SearchIndex } from '../search/search-index.js';
import type { Cycle } from './cycle.js';

/** A candidate in a choice, with the number that picks it (its position in the open list). */
export interface NumberedCycle {
  number: number;
  cycle: Cycle;
}

export type ItemMatch =
  | { kind: 'one'; cycle: Cycle }
  /** Several could be meant, or one only in part: the user picks by number; nothing is guessed. */
  | { kind: 'choice'; candidates: NumberedCycle[] }
  | { kind: 'none' };

/**
 * Finds the 事项 a user means among the open rounds: its number in the open list, its id, its title,
 * part of its title, or words from it (glossary synonyms apply: 劳动模范 finds 劳模评选). Exactly one
 * whole match is taken; anything less certain is offered as a numbered choice, never guessed.
 *
 * @example
 * matchItem(index, open, '劳模评选') // { kind: 'one', cycle: … model-worker-selection-prep … }
 */
export function matchItem(index: SearchIndex, open: readonly Cycle[], item: string): ItemMatch {
  const numbered = open.map((cycle, i) => ({ number: i + 1, cycle }));
  const wanted = normaliseQuestion(item)
    .replace(/^[“”"'「」《》\s]+|[“”"'「」《》\s。.!?!?]+$/gu, '')
    .trim();
  const choose = (candidates: NumberedCycle[]): ItemMatch => {
    if (candidates.length === 0) return { kind: 'none' };
    return { kind: 'choice', candidates };
  };
  if (wanted === '') return numbered.length === 1 ? one(numbered) : choose(numbered);
  if (/^\d{1,3}$/.test(wanted)) {
    const picked = numbered[Number(wanted) - 1];
    return picked ? { kind: 'one', cycle: picked.cycle } : { kind: 'none' };
  }
  const lower = wanted.toLowerCase();
  const byId = numbered.filter((n) => n.cycle.deadline.id.toLowerCase() === lower);
  if (byId.length === 1) return one(byId);
  const title = (n: NumberedCycle) => normaliseQuestion(n.cycle.deadline.title).toLowerCase();
  const byTitle = numbered.filter((n) => title(n) === lower);
  if (byTitle.length === 1) return one(byTitle);
  const within = numbered.filter((n) => title(n).includes(lower) || n.cycle.deadline.id.includes(lower));
  if (within.length === 1) return one(within);
  if (within.length > 1) return choose(within);

  const concepts = index.analyzer.queryConcepts(lower).filter((c) => c.isTopic);
  if (concepts.length === 0) return { kind: 'none' };
  const scored = numbered
    .map((n) => ({ n, held: countHeld(index, concepts, title(n)) }))
    .filter((s) => s.held > 0)
    .sort((a, b) => b.held - a.held);
  const whole = scored.filter((s) => s.held === concepts.length);
  if (whole.length === 1) return one(whole.map((s) => s.n));
  return choose((whole.length > 0 ? whole : scored).map((s) => s.n));
}

function one(candidates: NumberedCycle[]): ItemMatch {
  return { kind: 'one', cycle: (candidates[0] as NumberedCycle).cycle };
}

function countHeld(index: SearchIndex, concepts: Concept[], text: string): number {
  const terms = new Set(index.analyzer.terms(text));
  return concepts.filter((c) => holdsConcept(c, terms, text)).length;
}
