import { length } from '../characters.js';
import type { Citation, Reply } from '../reply.js';
import { type Concept, holdsConcept } from '../search/analyzer.js';
import { normalisePassage } from '../search/normalise.js';
import { idf, type Passage, type SearchIndex, search } from '../search/search-index.js';
import { answerText } from './answer-text.js';
import { markTerms, windowExcerpt } from './excerpt.js';
import { listAnswer } from './list-answer.js';
import { notCovered } from './not-covered.js';

/** Defaults, in one place. */
export const ANSWER_DEFAULTS = {
  /** At most this many citations: the best sentence and up to two more. */
  maxCitations: 3,
  /**
   * Share of the question's meaning (IDF-weighted concepts) the best passage must hold before we
   * answer. Below it we say the directive does not cover the question rather than guess.
   */
  minCoverage: 0.5,
  /** Credit for a concept met only by the sentence's paragraph or section, not the sentence itself. */
  contextCredit: 0.5,
  /** Most credit for a concept met only by its parts (自由职业者 by 职业), in proportion to the parts met. */
  partsCredit: 0.8,
  /** Terms found in more than this share of passages are left out of candidate retrieval. */
  commonTermShare: 0.2,
} as const;

export type AnswerOptions = typeof ANSWER_DEFAULTS;

/** A ranked passage and how much of the question it holds. */
export interface Match {
  passage: Passage;
  score: number;
  /** 0–1: the IDF-weighted share of the question's concepts the passage meets. */
  coverage: number;
}

/** A concept with its weight: rare words say more about what is asked than common ones. */
export interface WeightedConcept extends Concept {
  weight: number;
  /** The weight of each of `parts`. */
  partWeights: number[];
}

/** Below this many passages no term counts as common: a small directive needs every word. */
const MIN_COMMON_DF = 50;

/**
 * Answers a question from the index with cited, verbatim excerpts; pure given its index.
 *
 * @example
 * answer(index, '劳模评选什么时候准备?').citations[0]?.excerpt // '…这项工作也要及早启动准备…'
 */
export function answer(index: SearchIndex, question: string, options: AnswerOptions = ANSWER_DEFAULTS): Reply {
  const concepts = weigh(index, index.analyzer.queryConcepts(question));
  const list = listAnswer(index, question, concepts);
  if (list) return list;
  const matches = rank(index, concepts, options);
  const best = matches[0];
  if (!best || best.coverage < options.minCoverage) return notCovered(index, matches);
  const chosen = [best, ...matches.slice(1).filter((m) => m.coverage >= options.minCoverage)];
  const citations = chosen.slice(0, options.maxCitations).map((m) => cite(index, m, concepts)) as [
    Citation,
    ...Citation[],
  ];
  return { found: true, kind: 'answer', text: answerText(citations), citations, suggestions: [] };
}

/**
 * Weights each concept by IDF. A word no passage holds weighs as much as the rarest word, since it is
 * what the directive lacks; that is what makes "食堂几点开饭" fall below the answer threshold.
 */
export function weigh(index: SearchIndex, concepts: Concept[]): WeightedConcept[] {
  return concepts.map((c) => {
    const partWeights = c.parts.map((t) => idf(index, t));
    const own = c.whole.find((t) => index.documentFrequency.has(t));
    // An unknown compound (今天天气, 工会主席) weighs as its rarest part: that part is what the directive lacks.
    const weight = own ? idf(index, own) : Math.max(idf(index, c.word), ...partWeights);
    return { ...c, weight, partWeights };
  });
}

/** How fully one text meets a concept: 1 for the word or a synonym, less for some of its parts. */
function meets(c: WeightedConcept, terms: Set<string>, text: string, options: AnswerOptions): number {
  if (holdsConcept(c, terms, text)) return 1;
  if (c.parts.length === 0) return 0;
  const total = c.partWeights.reduce((a, b) => a + b, 0);
  const met = c.parts.reduce((sum, t, i) => sum + (terms.has(t) ? (c.partWeights[i] ?? 0) : 0), 0);
  return total === 0 ? 0 : (options.partsCredit * met) / total;
}

/**
 * Ranks passages: BM25 over all the question's terms finds candidates, then each is scored by how
 * much of the question it covers. A concept met only in the sentence's paragraph or section counts in
 * part, so a sentence that continues its paragraph's topic is not lost.
 */
export function rank(
  index: SearchIndex,
  concepts: WeightedConcept[],
  options: AnswerOptions = ANSWER_DEFAULTS,
): Match[] {
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return [];
  const queryTerms = [...new Set(concepts.flatMap((c) => [...c.whole, ...c.parts]))];
  // Terms in most passages (工会 in a union directive) find nothing in particular but make every search
  // walk most of the index; they still count towards coverage below.
  const maxDf = Math.max(MIN_COMMON_DF, index.passages.length * options.commonTermShare);
  const selective = queryTerms.filter((t) => (index.documentFrequency.get(t) ?? 0) <= maxDf);
  return search(index, selective.length > 0 ? selective : queryTerms)
    .map(({ passage, score }) => {
      const covered = concepts.reduce((sum, c) => {
        const inSentence = meets(c, passage.terms, passage.normalised, options);
        const inContext = meets(c, passage.context.terms, passage.context.text, options) * options.contextCredit;
        return sum + c.weight * Math.max(inSentence, inContext);
      }, 0);
      const coverage = covered / total;
      return { passage, score: score * (0.25 + coverage), coverage };
    })
    .sort((a, b) => b.score - a.score);
}

/** A citation of one passage, its excerpt windowed around the clause holding most of the question. */
export function cite(index: SearchIndex, match: Match, concepts: WeightedConcept[]): Citation {
  const forms = new Set(concepts.flatMap((c) => [c.word, ...c.whole.flatMap((t) => index.analyzer.surfaceForms(t))]));
  const weighClause = (clause: string) => {
    const own = new Set(index.analyzer.terms(clause));
    const text = normalisePassage(clause).toLowerCase();
    return concepts.reduce((sum, c) => sum + c.weight * meets(c, own, text, ANSWER_DEFAULTS), 0);
  };
  const excerpt = windowExcerpt(match.passage.text, weighClause);
  const marks = markTerms(
    excerpt,
    [...forms].filter((f) => length(f) >= 2 || /[0-9a-z]/.test(f)),
    normalisePassage,
  );
  return citePassage(match.passage, excerpt, marks, Math.round(match.score * 1000) / 1000);
}

/** The citation of a passage with a given excerpt of it (a window of the sentence, or the whole paragraph). */
export function citePassage(passage: Passage, excerpt: string, marks: Citation['marks'] = [], score = 1): Citation {
  return {
    doc: passage.doc,
    docTitle: passage.docTitle,
    ref: passage.ref,
    label: passage.label,
    excerpt,
    marks,
    score,
  };
}
