import { length } from '../characters.js';
import { keptFor } from '../kept-for.js';
import type { Citation, Reply } from '../reply.js';
import { type Concept, holdsConcept, isMetAsWritten } from '../search/analyzer.js';
import { findMention, LEVEL_BODY, type Mention, writesAsWord } from '../search/mentions.js';
import { normaliseCharacter, normalisePassage } from '../search/normalise.js';
import {
  asksQuestion,
  characterIdf,
  charGrams,
  idf,
  type Passage,
  type PassageContext,
  type SearchHit,
  type SearchIndex,
  search,
  searchGrams,
} from '../search/search-index.js';
import { answerText } from './answer-text.js';
import {
  type AnswerType,
  answerTypeFit,
  answerTypeOf,
  answerTypesOf,
  caseThresholdOf,
  countedUnitOf,
  holdsAsked,
  isMarkedKind,
} from './answer-type.js';
import { editionYears, latestEditions, yearsAsked } from './edition.js';
import { clausesOf, type FoldedText, foldText, marksIn, windowExcerpt } from './excerpt.js';
import { listAnswer } from './list-answer.js';
import { notCovered } from './not-covered.js';
import { otherValuesOf } from './scales.js';

/** Defaults, in one place; every threshold of answering and declining lives here. */
export const ANSWER_DEFAULTS = {
  /** At most this many citations: the best sentence and up to two more. */
  maxCitations: 3,
  /**
   * Decline when the question's topic words that no directive mentions weigh (by general-language
   * salience) at least this share of its topic: what is missing then outweighs what is there.
   * "工会会费怎么缴纳": 会费 and 缴纳 outweigh 工会, so the bot says the directive lacks 会费. A little over
   * half: a cadre's own words for what the directive names (饭钱 for 餐饮补贴) are missing too.
   */
  maxMissingShare: 0.55,
  /**
   * …unless the question shares two topic words or more with the knowledge, weighing (by IDF, as ranked)
   * this much together. Then it is about what the directive has, in a cadre's own words for its details:
   * "孕妇快生了，36周以后多久能去查一次" holds 孕妇 and 36, so 快生了 is wording. Sharing less, the missing
   * word is what is asked about: "食堂几点开饭" shares nothing, "女职工产假能休多少天" only 女职工, and one
   * word however rare is only the setting ("困难职工的生活补贴标准" asks about 补贴). Totals are flat from
   * 2.5 to 3.5 over folders of 200 to 1,000 passages, where a word one passage holds weighs 5 to 7.
   */
  maxSharedWeightToDecline: 3,
  /**
   * Share of the question's meaning (IDF-weighted concepts that the knowledge mentions) the best
   * passage must hold before we answer. Below it the words are all there but never together. Low,
   * as ranking already puts the passages holding more of the question first (coverage counts
   * squared): a paraphrase holds few of the directive's words, and the rest of them are worth answering.
   */
  minCoverage: 0.3,
  /** Credit for a concept met only by the sentence's paragraph or section, not the sentence itself. */
  contextCredit: 0.5,
  /**
   * Credit for a concept met by the question heading the sentence answers (a Q&A's "5. 会员过生日可以
   * 慰问吗?" over "每人每年标准不超过300元"): the heading asks what its paragraph answers.
   */
  answeredHeadingCredit: 1,
  /** Credit for a concept met by the sentence's document title (the campaign a notice is about). */
  titleCredit: 1,
  /** Most credit for a concept met only by its parts (自由职业者 by 职业), in proportion to the parts met. */
  partsCredit: 0.8,
  /**
   * Weight of a phrasing word (具体, 开始) against a topic word when ranking: it tips ties, no more.
   * A topic word weighs fully from `fullSalience` up, and less in proportion below it (不到, 组织).
   */
  phrasingWeight: 0.2,
  fullSalience: 2,
  /**
   * A topic word in more than `themeShare` of passages is the knowledge's own theme (工会, 职工 in a
   * union directive): it narrows little, so it counts at `themeWeight` against a missing word.
   */
  themeShare: 0.25,
  themeWeight: 0.5,
  /**
   * A time (明年, 上一年, 国庆节) says when, not what, so it counts at this weight against a missing word:
   * "上一年的送温暖资金" is about 资金 the directive has, but "国庆节有什么安排" is about 国庆节, which it lacks.
   */
  timeWeight: 0.5,
  /**
   * The noun a question word asks about (多少会费, 有多少奖金) is what the answer must be about: it
   * counts this much more, so "入会每月要交多少会费" is declined for 会费, though 入会 and 每月 are there.
   */
  focusWeight: 2,
  /**
   * For a question asking for a date, an amount, a length of time or a share, whose best match holds
   * none: how many of the next matches may be cited instead, if one holds it and covers the question
   * within `markedCoverageLead` of the best (see `withAskedMark`).
   */
  markedAlternatives: 4,
  markedCoverageLead: 0.25,
  /** Terms found in more than this share of passages are left out of candidate retrieval. */
  commonTermShare: 0.2,
  /** Weight of the character-bigram ranking against the word ranking when the two are fused. */
  gramsWeight: 1,
  /** Most bonus for a sentence the question quotes (a long run of characters the two share). */
  quoteBonus: 0.5,
  /** Bonus for a sentence of the kind the question asks for (a date for 哪天, a name for 谁). */
  answerTypeBonus: 0.15,
  /**
   * Bonus for a sentence holding a narrow mark of the kind asked for: an amount of money for "多少钱"
   * (3000万元), a share for "比例" (百分之二十), a calendar date for "什么时候" (2027年1月1日). Such a
   * mark is far narrower than a 要 or a 时间, and a sentence without one can hardly answer at all.
   */
  narrowTypeBonus: 0.5,
  /**
   * Bonus for a sentence by how much of the question its clause holding a narrow mark of the kind asked
   * for covers (`typedClauseCoverage`): the number asked for is the one written beside the question's
   * words. Large, as a full bonus goes only to a clause that holds the question and its answer together;
   * totals are flat from 2 to 5.
   */
  typedClauseBonus: 3.5,
  /**
   * Bonus for a sentence of the edition whose year the question names ("2024年的送清凉"). Large: two
   * editions say nearly the same, so the other edition's closer wording must not win over the year.
   */
  editionBonus: 3,
  /** Bonus for the latest edition of a campaign when the question names no year: it wins a tie, no more. */
  latestEditionBonus: 0.1,
  /**
   * Weight of a section heading against a sentence. A heading names a topic ("二、做好年度目标考核自查");
   * the sentences under it say what is to be done, by whom and when, which is what a question asks.
   */
  headingWeight: 0.5,
  /** Weight of a heading that asks a question: the text under it answers; the heading never does. */
  questionHeadingWeight: 0.1,
  /** Weight of a line listing a notice's attachments (附件：1.报名表): it names forms, and answers no question. */
  attachmentWeight: 0.1,
} as const;

/** The settings, each a number any run may set (a sweep, a test). */
export type AnswerOptions = { readonly [K in keyof typeof ANSWER_DEFAULTS]: number };

/** A ranked passage and how much of the question it holds. */
export interface Match {
  passage: Passage;
  score: number;
  /** 0–1: the IDF-weighted share of the question's concepts the passage meets. */
  coverage: number;
}

/** A concept with its weight: rare words say more about what is asked than common ones. */
export interface WeightedConcept extends Concept {
  /** Ranking weight: IDF in the knowledge, less for phrasing words, 0 for words it never mentions. */
  weight: number;
  /** The weight of each of `parts`. */
  partWeights: number[];
  /** How the knowledge mentions the word; undefined when it does not. */
  mention: Mention | undefined;
}

/** Below this many passages no term counts as common: a small directive needs every word. */
const MIN_COMMON_DF = 50;
/**
 * Share of their weight ranking keeps for passages covering none of the question: BM25 order among them.
 * Coverage counts squared: BM25 finds the candidates and favours a short sentence dense in one rare word,
 * but the sentence holding the whole question is the answer ("补一张卡要不要掏钱" asks 补办, 实体卡 and
 * 收费 together; "每名会员限持有实体卡一张" holds one of them, densely).
 */
const COVERAGE_FLOOR = 0.25;

/**
 * Answers a question from the index with cited, verbatim excerpts; pure given its index and today's date.
 *
 * @example
 * answer(index, '劳模评选什么时候准备?').citations[0]?.excerpt // '…这项工作也要及早启动准备…'
 */
export function answer(
  index: SearchIndex,
  question: string,
  options: AnswerOptions = ANSWER_DEFAULTS,
  today?: Date,
): Reply {
  const concepts = weigh(index, withoutEditionYears(index, askedConcepts(index, question), question, today));
  const list = listAnswer(index, question, concepts);
  if (list) return list;
  const matches = rank(index, concepts, question, options, today);
  const missing = missingTopic(index, concepts, options);
  if (missing.length > 0) return notCovered(index, matches, missing);
  // The best-ranked passage that holds enough of the question: one ranked higher on a single rare word
  // (快递员) does not hide one that holds more of it (覆盖 too).
  const asked = answerTypesOf(question);
  const covering = matches.filter((m) => m.coverage >= options.minCoverage);
  // The best match telling of another year or level (2027年, 市级) shows what the directive states that for:
  // a weaker match writing none is no answer for the one asked.
  const otherValues = covering.map((m) => otherValuesOf(m.passage, question));
  const [top] = covering;
  const [topOther] = otherValues;
  const ofValueAsked = covering.filter(
    (m, i) => !otherValues[i] && (!topOther || m.coverage >= (top as Match).coverage),
  );
  const held = withAskedMark(ofValueAsked, question, asked, concepts, options);
  if (held === 'unstated') return notCovered(index, matches, [], { unstated: asked[0] as AnswerType });
  const [best, ...others] = held;
  if (!best && topOther) return notCovered(index, matches, [], { other: topOther });
  if (!best) return notCovered(index, matches, []);
  const forms = markedForms(index, concepts);
  const citations = [best, ...others].slice(0, options.maxCitations).map((m) => cite(index, m, concepts, forms)) as [
    Citation,
    ...Citation[],
  ];
  return { found: true, kind: 'answer', text: answerText(citations), citations, suggestions: [] };
}

/**
 * A question asking for a date, an amount, a length of time or a share (哪天, 多少钱, 多久, 比例) is
 * answered by a sentence holding one (`holdsAsked`): one on the topic without it cannot answer, and
 * the directive most likely does not say (高温津贴一天多少钱, where it only says 督促落实高温津贴). When
 * the best match holds none, the first of the next few that holds one and covers the question nearly
 * as well is cited first; with none, the answer is `unstated`.
 */
function withAskedMark(
  matches: Match[],
  question: string,
  asked: AnswerType[],
  concepts: WeightedConcept[],
  options: AnswerOptions,
): Match[] | 'unstated' {
  const [top, ...rest] = matches;
  // A question that also asks how or why (多少钱, 怎么申请) may be answered by a sentence without the mark.
  if (!top || asked.length === 0 || !asked.every(isMarkedKind)) return matches;
  const holdsOne = (m: Match) => asked.some((t) => holdsAsked(t, question, m.passage.text));
  if (holdsOne(top)) return matches;
  // The one cited instead must say the heaviest word of the question the best match holds, in its sentence
  // or paragraph, at least in part (主席 for 工会主席): "纪念品值多少钱" is not answered by the 活动费 of the
  // same notice, which shares only its title. One covering the question as well as the best match needs
  // not: that word may be all the best match has (免费 in "工会免费帮职工打官司追回了多少钱").
  const says = (m: Meter, terms: Set<string>, text: string) => meets(m, terms, text, options) > 0;
  const key = concepts
    .filter((c) => c.weight > 0)
    .map(meterOf)
    .filter((m) => says(m, top.passage.terms, top.passage.normalised))
    .sort((a, b) => b.concept.weight - a.concept.weight)[0];
  const saysKey = (m: Match) =>
    !key ||
    says(key, m.passage.terms, m.passage.normalised) ||
    says(key, m.passage.context.terms, m.passage.context.text);
  const marked = rest
    .slice(0, options.markedAlternatives)
    .find(
      (m) =>
        m.coverage >= top.coverage - options.markedCoverageLead &&
        holdsOne(m) &&
        (m.coverage >= top.coverage || saysKey(m)),
    );
  return marked ? [marked, top, ...rest.filter((m) => m !== marked)] : 'unstated';
}

/**
 * The concepts a question asks about (`Analyzer.queryConcepts`). A word jieba's HMM made up that the
 * knowledge never writes as a word, nor as a typo, is mostly the characters of two words glued (奖有 in
 * 五一奖有问题找谁, 前要 in 年底前要弄多少个, 能发 in 最多能发多少, though 不能发 holds it): it is read
 * again character by character, so its 奖 or 配 counts as asked, and its glue neither makes the bot
 * decline a question it can answer nor weighs as a rare word.
 */
export function askedConcepts(index: SearchIndex, question: string): Concept[] {
  const concepts = index.analyzer.queryConcepts(question);
  if (!concepts.some((c) => c.isGuessed || c.placeOf)) return concepts;
  const isGlue = (c: Concept) => {
    const mention = findMention(index, c);
    return !mention || (mention.kind === 'whole' && !writesAsWord(index, c.word));
  };
  const out: Concept[] = [];
  for (const c of concepts) {
    // A place word the directive does not write (区里) is about its noun (区): see `Concept.placeOf`.
    const read =
      c.isGuessed && isGlue(c)
        ? index.analyzer.queryConcepts(c.word, false)
        : c.placeOf && !findMention(index, c)
          ? index.analyzer.queryConcepts(c.placeOf, false)
          : [c];
    for (const r of read) if (!out.some((o) => o.word === r.word)) out.push(r);
  }
  return out;
}

/**
 * Weights each concept by IDF in the knowledge, after finding how the knowledge mentions it. A word
 * met only as a homophone or abbreviation (关建 → 关键) is searched as the word it stands for; a word
 * never mentioned weighs nothing, as no passage can meet it.
 */
export function weigh(
  index: SearchIndex,
  concepts: Concept[],
  options: AnswerOptions = ANSWER_DEFAULTS,
): WeightedConcept[] {
  return concepts.map((c) => {
    const mention = findMention(index, c);
    // Searched as what it stands for: the word a typo means, or the words of a colloquial verb form.
    const standsFor =
      mention?.kind === 'near' || mention?.kind === 'gloss'
        ? { word: mention.word, whole: [...c.whole, mention.word] }
        : mention?.kind === 'verb'
          ? { whole: [...c.whole, ...mention.words] }
          : {};
    const concept = { ...c, ...standsFor };
    const partWeights = concept.parts.map((t) => idf(index, t));
    const own = concept.whole.find((t) => index.documentFrequency.has(t));
    // An unknown compound (工会主席) weighs as its rarest part: that part is what the directive lacks.
    const base = c.isCharacter
      ? characterIdf(index, c.word)
      : own
        ? idf(index, own)
        : Math.max(idf(index, concept.word), ...partWeights);
    const topicShare = c.isTopic ? Math.min(1, c.salience / options.fullSalience) : 0;
    const weight = mention ? base * (options.phrasingWeight + (1 - options.phrasingWeight) * topicShare) : 0;
    return { ...concept, weight, partWeights, mention };
  });
}

/**
 * The topic words no directive mentions, when they weigh too much of the question to answer it
 * (`maxMissingShare`) and what it shares with the knowledge weighs little (`maxSharedWeightToDecline`);
 * empty when the question can be answered. Phrasing words never count, and
 * times and words in most passages (the knowledge's theme) count less. Only a missing thing declines,
 * never a missing action (`Concept.isAction`): a cadre words the directive's actions in verbs of their
 * own (往后推 for 延期, 交钱 for 缴纳, 关门不干了 for 停止运营) far more often than its things, so
 * "停车收钱不?" is about 停车, which the directive has, while "食堂几点开饭?" lacks 食堂.
 */
export function missingTopic(
  index: SearchIndex,
  concepts: WeightedConcept[],
  options: AnswerOptions = ANSWER_DEFAULTS,
): string[] {
  const rated = concepts.filter((c) => c.isTopic && c.salience > 0);
  const missing = rated.filter((c) => !c.mention && !c.isAction);
  if (missing.length === 0) return [];
  // A union body the knowledge never names (省总工会, where it writes 市总工会) is who the question asks
  // about: what it does, another body's directive cannot say, however much else the question shares.
  const otherBodies = missing.filter((c) => LEVEL_BODY.test(c.word));
  if (otherBodies.length > 0) return otherBodies.map((c) => c.word);
  // A modifier of a missing head (基层 in 基层工会主席) is part of what is missing, not what is there.
  const missingWords = new Set(missing.map((c) => c.word));
  const topic = rated.filter((c) => !(c.mention && c.modifies && missingWords.has(c.modifies)));
  const shared = topic.filter((c) => c.mention);
  const sharedWeight = shared.reduce((sum, c) => sum + c.weight, 0);
  if (shared.length >= 2 && sharedWeight >= options.maxSharedWeightToDecline) return [];
  const isTheme = (c: WeightedConcept) =>
    c.whole.some((t) => (index.documentFrequency.get(t) ?? 0) > index.passages.length * options.themeShare);
  const weightOf = (cs: WeightedConcept[]) =>
    cs.reduce(
      (sum, c) =>
        sum +
        c.salience *
          (isTheme(c) ? options.themeWeight : 1) *
          (c.isTime ? options.timeWeight : 1) *
          (c.isFocus ? options.focusWeight : 1),
      0,
    );
  const share = weightOf(missing) / (weightOf(missing) + weightOf(shared));
  return share >= options.maxMissingShare ? missing.map((c) => c.word) : [];
}

/**
 * A year that names a directive's edition ("2024年的送清凉") chooses the document, through the edition
 * bonus; as a word it would favour any sentence that happens to write the year (a 2024年10月 date).
 */
function withoutEditionYears(index: SearchIndex, concepts: Concept[], question: string, today?: Date): Concept[] {
  const editions = editionYears(index.directives).all;
  const named = yearsAsked(question, today).filter((y) => editions.has(y));
  return concepts.filter((c) => !named.includes(Number(c.word)));
}

/**
 * A concept made ready to be met by many texts: ranking checks each concept against the sentence,
 * paragraph and title of every candidate, so what does not depend on the text is worked out once.
 */
interface Meter {
  concept: WeightedConcept;
  /** See `isMetAsWritten`. */
  asWritten: boolean;
  /** The sum of `partWeights`. */
  partsWeight: number;
  /**
   * How fully each paragraph or title met so far meets the concept. The sentences of one paragraph
   * share its context, and those of one document its title: among the candidates, the same few recur.
   */
  bySurroundings: Map<PassageContext, number>;
}

function meterOf(concept: WeightedConcept): Meter {
  return {
    concept,
    asWritten: isMetAsWritten(concept),
    partsWeight: concept.partWeights.reduce((a, b) => a + b, 0),
    bySurroundings: new Map(),
  };
}

/** How fully one text meets a concept: 1 for the word or a synonym, less for some of its parts. */
function meets(m: Meter, terms: Set<string>, text: string, options: AnswerOptions): number {
  const c = m.concept;
  if (holdsConcept(c, terms, text, m.asWritten)) return 1;
  if (c.parts.length === 0) return 0;
  let met = 0;
  for (let i = 0; i < c.parts.length; i++) if (terms.has(c.parts[i] as string)) met += c.partWeights[i] ?? 0;
  return m.partsWeight === 0 ? 0 : (options.partsCredit * met) / m.partsWeight;
}

/** `meets` for a paragraph's context or a document's title, remembered for the question's other candidates. */
function meetsSurroundings(m: Meter, surroundings: PassageContext, options: AnswerOptions): number {
  let met = m.bySurroundings.get(surroundings);
  if (met === undefined) {
    met = meets(m, surroundings.terms, surroundings.text, options);
    m.bySurroundings.set(surroundings, met);
  }
  return met;
}

/**
 * The share of the question's weight a passage covers: each concept counts by how fully the sentence
 * meets it, or its context or title (at their credit), whichever meets it best.
 */
function coverageOf(passage: Passage, meters: Meter[], total: number, options: AnswerOptions): number {
  // Nothing meets a concept more than fully (or by its parts, at their credit): a sentence meeting it at
  // least that much at the context's or title's credit is not outdone by them, which are not looked at.
  const contextCredit = passage.answersHeading ? options.answeredHeadingCredit : options.contextCredit;
  const surroundingsCredit = Math.max(1, options.partsCredit) * Math.max(contextCredit, options.titleCredit);
  let covered = 0;
  for (const m of meters) {
    const inSentence = meets(m, passage.terms, passage.normalised, options);
    const best =
      inSentence >= surroundingsCredit
        ? inSentence
        : Math.max(
            inSentence,
            meetsSurroundings(m, passage.context, options) * contextCredit,
            meetsSurroundings(m, passage.title, options) * options.titleCredit,
          );
    covered += m.concept.weight * best;
  }
  return covered / total;
}

/**
 * Ranks passages. Two recall paths find candidates: BM25 over the question's words, and BM25 over
 * character bigrams (for words split, abbreviated or mistyped differently); their scores are fused.
 * Each candidate is then weighed by how much of the question it covers (a concept met only in the
 * sentence's paragraph or section counts in part), whether it holds the kind of answer asked for
 * (the more so beside the question's words), and whether it comes from the edition the question names
 * by year.
 */
export function rank(
  index: SearchIndex,
  concepts: WeightedConcept[],
  question = '',
  options: AnswerOptions = ANSWER_DEFAULTS,
  today?: Date,
): Match[] {
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return [];
  const known = concepts.filter((c) => c.weight > 0);
  const queryTerms = [...new Set(known.flatMap((c) => [...c.whole, ...c.parts]))];
  // Terms in most passages (工会 in a union directive) find nothing in particular but make every search
  // walk most of the index; they still count towards coverage below.
  const maxDf = Math.max(MIN_COMMON_DF, index.passages.length * options.commonTermShare);
  const selective = queryTerms.filter((t) => (index.documentFrequency.get(t) ?? 0) <= maxDf);
  // CombSUM of each path's scores over its best: unlike reciprocal-rank fusion it keeps BM25's length
  // normalisation, which is what tells a short sentence on the topic from a long one that brushes it.
  const fused = new Map<Passage, number>();
  const fuse = (hits: SearchHit[], weight: number) => {
    const top = hits[0]?.score || 1;
    for (const { passage, score } of hits) fused.set(passage, (fused.get(passage) ?? 0) + (weight * score) / top);
  };
  fuse(search(index, selective.length > 0 ? selective : queryTerms), 1);
  // The bigram path is for what words miss: a topic word written otherwise than in the knowledge (a
  // typo, an abbreviation, a compound it does not hold whole, a word sharing only some characters).
  // When every topic word meets as written, or the others share no bigram with it, it would only add
  // noise, and cost as much as the word search.
  const missedByWords = (c: WeightedConcept) =>
    c.mention
      ? c.mention.kind === 'head' || c.mention.kind === 'near'
      : charGrams(c.word).some((g) => (index.gramFrequency.get(g) ?? 0) > 0);
  if (concepts.some((c) => c.isTopic && missedByWords(c))) {
    fuse(
      searchGrams(
        index,
        known.flatMap((c) => c.whole),
        maxDf,
      ),
      options.gramsWeight,
    );
  }
  const type = answerTypeOf(question);
  const unit = type === 'how-many' ? countedUnitOf(question) : undefined;
  const threshold = caseThresholdOf(question);
  const years = yearsAsked(question, today);
  const yearOf = editionYears(index.directives).byDirective;
  const latest = latestEditions(index.directives);
  // A concept of no weight adds nothing to any passage's coverage.
  const meters = known.map(meterOf);
  const ranked = [...fused]
    .map(([passage, fusion]) => {
      const coverage = coverageOf(passage, meters, total, options);
      const fit = type ? answerTypeFit(type, passage.text, unit) : undefined;
      const typeBonus =
        answerTypeBonus(fit, options) +
        (threshold?.test(passage.text) ? options.narrowTypeBonus : 0) +
        (fit === 'narrow' && type && options.typedClauseBonus > 0
          ? options.typedClauseBonus * typedClauseCoverage(index, passage, type, unit, meters, total, options)
          : 0);
      const editionBonus = editionBonusOf(yearOf.get(passage.doc), years, latest.has(passage.doc), options);
      const kind = passage.isHeading
        ? asksQuestion(passage.text)
          ? options.questionHeadingWeight
          : options.headingWeight
        : passage.isAttachment
          ? options.attachmentWeight
          : 1;
      return {
        passage,
        score: fusion * kind * (COVERAGE_FLOOR + coverage) ** 2 * (1 + typeBonus) * (1 + editionBonus),
        coverage,
      };
    })
    .sort((a, b) => b.score - a.score);
  // A quotation tips the order among the leading candidates; further down it could not reach the top.
  const leading = ranked.slice(0, QUOTE_CANDIDATES);
  const asked = question.toLowerCase();
  for (const m of leading) m.score *= 1 + options.quoteBonus * quoted(asked, m.passage.normalised);
  return [...leading.sort((a, b) => b.score - a.score), ...ranked.slice(QUOTE_CANDIDATES)];
}

/**
 * 0–1: the share of the question's weight covered by the best clause of a passage that holds a narrow
 * mark of the kind asked for. "中级班一共多少学时" meets 中级班 and 学时 in both "中级班总课时不少于120
 * 学时，…" and "高级班总课时不少于150学时，…在中级班内容基础上增加…", but only the first writes its
 * count in the clause that names 中级班; the second names it where it gives no count.
 */
function typedClauseCoverage(
  index: SearchIndex,
  passage: Passage,
  type: AnswerType,
  unit: RegExp | undefined,
  meters: Meter[],
  total: number,
  options: AnswerOptions,
): number {
  let best = 0;
  for (const clause of clausesOf(passage.text).clauses) {
    if (answerTypeFit(type, clause, unit) !== 'narrow') continue;
    const { terms, text } = analysedClause(index, passage, clause);
    let covered = 0;
    for (const m of meters) covered += m.concept.weight * meets(m, terms, text, options);
    best = Math.max(best, covered / total);
  }
  return best;
}

function answerTypeBonus(fit: 'narrow' | 'broad' | undefined, options: AnswerOptions): number {
  return fit === 'narrow' ? options.narrowTypeBonus : fit === 'broad' ? options.answerTypeBonus : 0;
}

/** The edition a question names by year wins; naming none, the latest edition of a campaign wins a tie. */
function editionBonusOf(
  year: number | undefined,
  yearsAsked: number[],
  isLatestEdition: boolean,
  options: AnswerOptions,
): number {
  if (year !== undefined && yearsAsked.includes(year)) return options.editionBonus;
  return yearsAsked.length === 0 && isLatestEdition ? options.latestEditionBonus : 0;
}

/** How many leading candidates the quotation bonus re-orders. */
const QUOTE_CANDIDATES = 8;

/** A shared run of this many characters is a word or two; longer runs are a quotation. */
const WORD_RUN = 3;
/** A shared run this much longer than `WORD_RUN` earns the whole quotation bonus. */
const FULL_QUOTE_RUN = 5;

/**
 * 0–1: how far the question (lower-cased) quotes the sentence, by the longest run of characters they share
 * ("有作为才有什么" shares 有作为才有 with "有作为才有地位"). Two sentences holding the same words rank
 * by which one holds them the way the question put them.
 */
function quoted(q: string, sentence: string): number {
  let longest = 0;
  for (let start = 0; start + longest < q.length; start++) {
    let end = start + longest + 1;
    while (end <= q.length && sentence.includes(q.slice(start, end))) end++;
    longest = Math.max(longest, end - 1 - start);
  }
  return Math.min(1, Math.max(0, longest - WORD_RUN) / FULL_QUOTE_RUN);
}

/** A citation of one passage, its excerpt windowed around the clause holding most of the question. */
export function cite(
  index: SearchIndex,
  match: Match,
  concepts: WeightedConcept[],
  forms: string[] = markedForms(index, concepts),
): Citation {
  const meters = concepts.filter((c) => c.weight > 0).map(meterOf);
  const weighClause = (clause: string) => {
    const { terms, text } = analysedClause(index, match.passage, clause);
    return meters.reduce((sum, m) => sum + m.concept.weight * meets(m, terms, text, ANSWER_DEFAULTS), 0);
  };
  const excerpt = windowExcerpt(match.passage.text, weighClause);
  const marks = marksIn(foldedExcerpt(match.passage, excerpt), forms);
  return citePassage(match.passage, excerpt, marks, Math.round(match.score * 1000) / 1000);
}

/**
 * The forms an answer highlights in its excerpts: the question's words and their terms' surface forms, and
 * the words inside a word the knowledge never writes (积分 of 积分换, which jieba glued), which are what met it.
 */
function markedForms(index: SearchIndex, concepts: WeightedConcept[]): string[] {
  const forms = new Set(
    concepts.flatMap((c) => [
      c.word,
      ...c.whole.flatMap((t) => index.analyzer.surfaceForms(t)),
      ...(c.mention ? [] : c.parts.filter((_part, i) => (c.partWeights[i] ?? 0) > 0)),
    ]),
  );
  return [...forms].filter((f) => length(f) >= 2 || /[0-9a-z]/.test(f));
}

/**
 * Each passage's excerpts, folded for highlighting once: folding goes character by character, and the
 * same few windows of a sentence are cited again and again. Held as long as the passage is.
 */
const foldedExcerptsByPassage = new WeakMap<Passage, Map<string, FoldedText>>();

function foldedExcerpt(passage: Passage, excerpt: string): FoldedText {
  return keptFor(foldedExcerptsByPassage, passage, excerpt, () => foldText(excerpt, normaliseCharacter));
}

/** Each long sentence's clauses, analysed once: excerpts of the same sentence are cut for many questions. */
const clausesByPassage = new WeakMap<Passage, Map<string, { terms: Set<string>; text: string }>>();

function analysedClause(index: SearchIndex, passage: Passage, clause: string): { terms: Set<string>; text: string } {
  return keptFor(clausesByPassage, passage, clause, () => ({
    terms: new Set(index.analyzer.terms(clause)),
    text: normalisePassage(clause).toLowerCase(),
  }));
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
