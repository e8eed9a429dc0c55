import type { Citation, Reply } from '../reply.js';
import { idf, type Passage, type SearchIndex, search } from '../search/search-index.js';
import { answerText } from './answer-text.js';
import { length, markTerms, windowExcerpt } from './excerpt.js';
import { listAnswer } from './list-answer.js';
import { notCovered } from './not-covered.js';

/** Defaults, in one place. */
export const ANSWER_DEFAULTS = {
  /** At most this many citations: the best sentence and up to two more. */
  maxCitations: 3,
  /**
   * Share of the question's meaning (IDF-weighted terms) the best passage must hold before we
   * answer. Below it we say the directive does not cover the question rather than guess.
   */
  minCoverage: 0.5,
} as const;

/** How much of the question a passage holds, each term weighted by its IDF. */
export interface Match {
  passage: Passage;
  score: number;
  coverage: number;
  matched: string[];
}

/**
 * Answers a question from the index with cited, verbatim excerpts; pure given its index.
 *
 * @example
 * answer(index, '劳模评选什么时候准备?').citations[0]?.excerpt // '…这项工作也要及早启动准备…'
 */
export function answer(index: SearchIndex, question: string, options = ANSWER_DEFAULTS): Reply {
  const terms = index.analyzer.queryTerms(question);
  const list = listAnswer(index, question, terms);
  if (list) return list;
  const matches = rank(index, terms);
  const best = matches[0];
  if (!best || best.coverage < options.minCoverage) return notCovered(index, terms, matches);
  const chosen = [
    best,
    ...matches.slice(1).filter((m) => m.passage.ref !== best.passage.ref && m.coverage >= options.minCoverage / 2),
  ];
  const citations = chosen.slice(0, options.maxCitations).map((m) => cite(index, m, terms)) as [
    Citation,
    ...Citation[],
  ];
  return { found: true, kind: 'answer', text: answerText(citations), citations, suggestions: [] };
}

/** Ranks passages by BM25 weighted by how much of the question each one covers. */
export function rank(index: SearchIndex, terms: string[]): Match[] {
  const weights = new Map(terms.map((t) => [t, idf(index, t)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  return search(index, terms)
    .map(({ passage, score }) => {
      const own = index.passageTerms[passage.id] as Set<string>;
      const matched = terms.filter((t) => own.has(t));
      const coverage = matched.reduce((sum, t) => sum + (weights.get(t) ?? 0), 0) / total;
      return { passage, score: score * (0.25 + coverage), coverage, matched };
    })
    .sort((a, b) => b.score - a.score);
}

/** A citation of one passage, its excerpt windowed around the clause holding most of the question. */
export function cite(index: SearchIndex, match: Match, terms: string[]): Citation {
  const forms = new Set(terms.flatMap((t) => index.analyzer.surfaceForms(t)));
  const weigh = (clause: string) => {
    const own = new Set(index.analyzer.terms(clause));
    return terms.reduce((sum, t) => sum + (own.has(t) ? idf(index, t) : 0), 0);
  };
  const excerpt = windowExcerpt(match.passage.text, weigh);
  return {
    doc: match.passage.doc,
    docTitle: match.passage.docTitle,
    ref: match.passage.ref,
    label: match.passage.label,
    excerpt,
    marks: markTerms(
      excerpt,
      [...forms].filter((f) => length(f) >= 2 || /[0-9a-z]/.test(f)),
    ),
    score: Math.round(match.score * 1000) / 1000,
  };
}
