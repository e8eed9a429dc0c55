import MiniSearch, { type Options } from 'minisearch';
import type { Directive } from '../knowledge/directive.js';
import { isClosedTitle, namesAttachment } from '../knowledge/outline.js';
import type { Analyzer } from './analyzer.js';
import { normalisePassage } from './normalise.js';
import { type PostingsData, postingsOf, type ScoredId, searchPostings } from './postings.js';

/** What surrounds a sentence: its section titles and whole paragraph, or its document's title. Shared by the paragraph's sentences. */
export interface PassageContext {
  /** Normalised, lower-cased text of the section titles and the paragraph. */
  text: string;
  terms: Set<string>;
}

/** One sentence of a directive: the unit the index ranks and the answer cites. */
export interface Passage {
  /** Position in `SearchIndex.passages`. */
  id: number;
  doc: string;
  docTitle: string;
  ref: string;
  label: string;
  /** The sentence, verbatim. */
  text: string;
  /** The sentence normalised and lower-cased, for matching. */
  normalised: string;
  /** The sentence's own terms. */
  terms: Set<string>;
  /** The whole paragraph the sentence belongs to ("查看原文"). */
  paragraph: string;
  /** Titles of the outline sections it sits in, outermost first. */
  section: string;
  context: PassageContext;
  /**
   * Its document's title. A sentence is read under it: every paragraph of a notice on 送清凉 is about
   * 送清凉, though few repeat the word. Shared by the document's sentences.
   */
  title: PassageContext;
  isHeading: boolean;
  /** Its paragraph lists a notice's attachments (附件：1.报名表): it names forms and answers nothing. */
  isAttachment: boolean;
  /**
   * It sits under a heading that asks a question (a Q&A's "5. 会员过生日可以慰问吗?"): its paragraph is
   * that question's answer, so the heading's words are as good as its own.
   */
  answersHeading: boolean;
}

/** A heading that asks a question (5. 会员过生日可以慰问吗?) is answered by the text under it. */
export function asksQuestion(heading: string): boolean {
  return /[？?]\s*$/u.test(heading);
}

export interface SearchIndex {
  directives: Directive[];
  passages: Passage[];
  byRef: Map<string, Passage>;
  analyzer: Analyzer;
  /** In how many passages each term occurs. */
  documentFrequency: Map<string, number>;
  /** The word index minisearch built (`wordIndexOptions`), as postings. */
  words: PostingsData;
  /** The second recall path: BM25 over each sentence's character bigrams, for words split or typed differently. */
  grams: PostingsData;
  /** In how many passages each character bigram occurs. */
  gramFrequency: Map<string, number>;
  /** In how many passages each character (code point) is written. */
  characterFrequency: Map<string, number>;
  /** Every sentence, section title and document title, normalised, one a line: where a question's word is looked up as written. */
  corpus: string;
}

export interface SearchHit {
  passage: Passage;
  /** minisearch's BM25 score across the weighted fields. */
  score: number;
}

/**
 * Field weights. The document title counts as much as the sentence: a notice's sentences are all about
 * its campaign (送清凉) though few repeat its name, so the title's words find every one of them and the
 * sentence's own words choose among them. Section titles give context. The paragraph is not a field:
 * indexing it once per sentence multiplied index size, and ranking reads it from `context`.
 */
const BOOST = { text: 1, section: 0.5, docTitle: 1 } as const;

/** How many ranked passages a search returns for re-ranking. */
const CANDIDATES = 30;

/**
 * Character bigrams of the Han runs of a text, and its Latin words and numbers whole. A question that
 * shares only parts of words with a sentence (疗养 and 疗休养 share nothing as words; 关建少数 and
 * 关键少数 share 少数) still meets it here.
 *
 * @example
 * charGrams('自娱自乐3次') // ['自娱', '娱自', '自乐', '3']
 */
export function charGrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.toLowerCase().match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) {
    if (!/\p{Script=Han}/u.test(run)) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

/**
 * Builds the index over every sentence of the given directives.
 *
 * @example
 * const index = buildIndex(directives, new Analyzer(glossary));
 * search(index, ['劳模', '评选'])[0]?.passage.text // '…明年要开展五年一次的市级劳模评选…'
 */
export function buildIndex(directives: Directive[], analyzer: Analyzer): SearchIndex {
  // Section titles and document titles repeat for every sentence under them: analyse each text once.
  const analysed = new Map<string, string[]>();
  const tokenize = (text: string): string[] => {
    let terms = analysed.get(text);
    if (!terms) {
      terms = analyzer.terms(normalisePassage(text));
      analysed.set(text, terms);
    }
    return terms;
  };
  const passages: Passage[] = [];
  for (const d of directives) {
    const titleText = normalisePassage(d.title).toLowerCase();
    const title = { text: titleText, terms: new Set(analyzer.terms(titleText)) };
    const titles = new Map<string, string>();
    const walk = (nodes: Directive['outline'], trail: string) => {
      for (const n of nodes) {
        const here = `${trail} ${n.marker}${n.title}`.trim();
        titles.set(n.path, here);
        walk(n.children, here);
      }
    };
    walk(d.outline, '');
    const questions = new Set(d.paragraphs.filter((p) => p.isHeading && asksQuestion(p.text)).map((p) => p.path));
    const answersHeading = (path: string) => {
      for (let at = path; at; at = at.slice(0, Math.max(0, at.lastIndexOf('.')))) if (questions.has(at)) return true;
      return false;
    };
    for (const p of d.paragraphs) {
      const section = titles.get(p.path) ?? '';
      const contextText = normalisePassage(`${section} ${p.text}`).toLowerCase();
      const context = { text: contextText, terms: new Set(analyzer.terms(contextText)) };
      for (const s of p.sentences) {
        const normalised = normalisePassage(s.text).toLowerCase();
        passages.push({
          id: passages.length,
          doc: d.id,
          docTitle: d.title,
          ref: s.ref,
          label: s.label,
          text: s.text,
          normalised,
          terms: new Set(analyzer.terms(normalised)),
          paragraph: p.text,
          section,
          context,
          title,
          isHeading: p.isHeading || (s === p.sentences[0] && isClosedTitle(s.text)),
          isAttachment: namesAttachment(p.text),
          answersHeading: !p.isHeading && answersHeading(p.path),
        });
      }
    }
  }
  const words = new MiniSearch<Passage>(wordIndexOptions(tokenize));
  words.addAll(passages);
  return assembleIndex(directives, passages, analyzer, wordPostings(words), buildGrams(passages));
}

/** The word index's postings, searched with its search options. */
export function wordPostings(mini: MiniSearch<Passage>): PostingsData {
  return postingsOf(mini.toJSON(), WORD_FIELDS, BOOST);
}

/** The character-bigram index of the passages, built by minisearch, as postings. */
export function buildGrams(passages: Passage[]): PostingsData {
  const grams = new MiniSearch<Passage>(GRAM_INDEX_OPTIONS);
  grams.addAll(passages);
  return postingsOf(grams.toJSON(), GRAM_FIELDS);
}

const WORD_FIELDS = ['text', 'section', 'docTitle'];
const GRAM_FIELDS = ['normalised'];

/** A question's analysed terms, joined by spaces, split back: the word index's query tokenizer. */
const wordQueryTerms = (text: string): string[] => text.split(' ').filter(Boolean);

/**
 * Options of the word index. `tokenize` analyses what is added; questions arrive already analysed.
 * A saved index must be loaded with exactly these options (`src/search/index-snapshot.ts`).
 */
export function wordIndexOptions(tokenize: (text: string) => string[]): Options<Passage> {
  return {
    fields: WORD_FIELDS,
    storeFields: [],
    tokenize,
    processTerm: (term) => term,
    searchOptions: {
      // Questions arrive as terms already analysed; split them back on the space we join them with.
      tokenize: wordQueryTerms,
      processTerm: (term) => term,
      boost: BOOST,
      combineWith: 'OR',
      // Fuzzy and prefix matching harm Chinese: fuzzy 1 turns 要求 into 要球.
      fuzzy: false,
      prefix: false,
    },
  };
}

/** Options of the character-bigram index. */
export const GRAM_INDEX_OPTIONS: Options<Passage> = {
  fields: GRAM_FIELDS,
  storeFields: [],
  tokenize: charGrams,
  processTerm: (term) => term,
  searchOptions: { tokenize: charGrams, processTerm: (term) => term, combineWith: 'OR', fuzzy: false, prefix: false },
};

/** The index around its passages and their two indexes' postings: the tables derived from them. */
export function assembleIndex(
  directives: Directive[],
  passages: Passage[],
  analyzer: Analyzer,
  words: PostingsData,
  grams: PostingsData,
  /** The frequency tables, when a snapshot kept them: counting them again costs most of a restore. */
  kept?: Pick<SearchIndex, 'documentFrequency' | 'gramFrequency' | 'characterFrequency'>,
): SearchIndex {
  const gramFrequency = kept?.gramFrequency ?? new Map<string, number>();
  if (!kept)
    for (const p of passages)
      for (const g of new Set(charGrams(p.normalised))) gramFrequency.set(g, (gramFrequency.get(g) ?? 0) + 1);
  const corpus = [...new Set(passages.flatMap((p) => [p.normalised, p.section.toLowerCase(), p.title.text]))].join(
    '\n',
  );
  const documentFrequency = kept?.documentFrequency ?? new Map<string, number>();
  if (!kept)
    for (const p of passages) for (const t of p.terms) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
  const byRef = new Map(passages.map((p) => [p.ref, p]));
  const characterFrequency = kept?.characterFrequency ?? new Map<string, number>();
  if (!kept)
    for (const p of passages)
      for (const c of new Set(p.normalised)) characterFrequency.set(c, (characterFrequency.get(c) ?? 0) + 1);
  return {
    directives,
    passages,
    byRef,
    analyzer,
    documentFrequency,
    words,
    grams,
    gramFrequency,
    characterFrequency,
    corpus,
  };
}

/** Ranked passages for the given question terms, best first. */
export function search(index: SearchIndex, terms: string[], limit = CANDIDATES): SearchHit[] {
  if (terms.length === 0) return [];
  return hits(index, searchPostings(index.words, wordQueryTerms(terms.join(' ')), limit));
}

/**
 * Ranked passages sharing character bigrams with the given words, best first. Bigrams found in more
 * than `maxDf` passages (工会 in a union library) are left out: they find nothing in particular and
 * would make the search walk most of the index.
 */
export function searchGrams(index: SearchIndex, words: string[], maxDf: number, limit = CANDIDATES): SearchHit[] {
  const grams = [...new Set(words.flatMap(charGrams))].filter((g) => (index.gramFrequency.get(g) ?? 0) <= maxDf);
  if (grams.length === 0) return [];
  return hits(index, searchPostings(index.grams, charGrams(grams.join(' ')), limit));
}

function hits(index: SearchIndex, results: ScoredId[]): SearchHit[] {
  return results.map((r) => ({ passage: index.passages[r.id] as Passage, score: r.score }));
}

/** Inverse document frequency; a term no passage holds weighs most, as it is what the directive lacks. */
export function idf(index: SearchIndex, term: string): number {
  return idfOf(index.passages.length, index.documentFrequency.get(term) ?? 0);
}

/** BM25's inverse document frequency of something `df` of `n` passages hold. */
function idfOf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Inverse document frequency of one character as written (党, 税): it is not an index term. */
export function characterIdf(index: SearchIndex, char: string): number {
  // One code point is counted in the table; anything else (half of a surrogate pair) is looked for.
  const df =
    [...char].length === 1 && !/\p{Cs}/u.test(char)
      ? (index.characterFrequency.get(char) ?? 0)
      : index.passages.reduce((n, p) => n + (p.normalised.includes(char) ? 1 : 0), 0);
  return idfOf(index.passages.length, df);
}
