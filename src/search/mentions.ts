import { keptFor } from '../kept-for.js';
import type { Analyzer, Concept } from './analyzer.js';
import { GlossSynonyms, glossTable } from './glosses.js';
import { NearWords } from './near-words.js';
import type { SearchIndex } from './search-index.js';

/**
 * How the knowledge mentions a question's word, if at all:
 * - `whole`: as written or as a glossary synonym (会员 for 工会会员);
 * - `head`: not as written, but the word's head is there: Chinese compounds end in what they are, so
 *   职工疗休养 is a kind of 疗休养 (while 会员卡, a 卡, and 年终奖, a 奖, are not 会员 or 年终);
 * - `near`: as a word one homophone typo or one abbreviation away (关建 → 关键, 疗养 → 疗休养);
 * - `verb`: a colloquial verb form (报上去) by the two-character words of its verb (报送, 报告);
 * - `gloss`: as a word of general Chinese that means the same (钟头 → 小时, 工钱 → 工资; see `glosses.ts`).
 */
export type Mention =
  | { kind: 'whole' }
  | { kind: 'head'; head: string }
  | { kind: 'near'; word: string }
  | { kind: 'gloss'; word: string }
  | { kind: 'verb'; words: string[] };

/** Where the knowledge mentions a concept; undefined when no directive does. */
export function findMention(index: SearchIndex, concept: Concept): Mention | undefined {
  // What a mention depends on: the same word asked again has the same one.
  const key = [
    concept.word,
    concept.whole.join(' '),
    concept.parts.join(' '),
    concept.stem ?? '',
    concept.isCharacter ?? false,
  ].join('\n');
  return keptFor(mentionsByIndex, index, key, () => lookUpMention(index, concept) ?? null, MAX_MENTIONS) ?? undefined;
}

/**
 * Each index's mentions of the words asked so far (null: none): looking a word up goes through every
 * passage's text, and typo look-ups through pinyin readings, while questions keep asking the same words.
 */
const mentionsByIndex = new WeakMap<SearchIndex, Map<string, Mention | null>>();
const MAX_MENTIONS = 50_000;

function lookUpMention(index: SearchIndex, concept: Concept): Mention | undefined {
  if (concept.isCharacter) return index.corpus.includes(concept.word) ? { kind: 'whole' } : undefined;
  if (holdsAnywhere(index, concept.whole) || holdsAnywhere(index, [concept.word])) return { kind: 'whole' };
  // A kind of what the knowledge holds, when it writes the kind's modifier too: 职工疗休养 is 疗休养 for
  // 职工, but 住房补贴 is not any 补贴 where 住房 is never written.
  const heads = concept.parts.filter((p) => [...p].length >= 2 && concept.word.endsWith(p));
  const modifierKnown = (head: string) => {
    const modifier = concept.word.slice(0, concept.word.length - head.length);
    return [...modifier].length < 2 || index.corpus.includes(modifier);
  };
  // A union of another level (省总工会 beside 市总工会) is another body, not a kind of 总工会.
  const head = LEVEL_BODY.test(concept.word)
    ? undefined
    : heads.sort((a, b) => b.length - a.length).find((h) => holdsAnywhere(index, [h]) && modifierKnown(h));
  if (head) return { kind: 'head', head };
  // A word of the dictionary is mistyped as a word of its own part of speech: 同事 is a colleague, not 同时,
  // and 不想 no 不相 (a fragment of 不相适宜, which no dictionary has on its own).
  const wordClass = index.analyzer.wordClass(concept.word);
  const near = nearWordsOf(index).find(concept.word, (w) => !wordClass || index.analyzer.wordClass(w) === wordClass);
  if (near) return { kind: 'near', word: near };
  // Words ending in the verb must be verbs themselves: 召开 for 开, but not 本报 ("this paper") for 报.
  const words = concept.stem
    ? [
        ...nearWordsOf(index).startingWith(concept.stem),
        ...nearWordsOf(index)
          .endingWith(concept.stem)
          .filter((w) => index.analyzer.isVerb(w)),
      ]
    : [];
  if (words.length > 0) return { kind: 'verb', words };
  // Only a topic word needs the directive's own word: phrasing (里面, 自己) is how anything is asked.
  const same =
    concept.isTopic && [...concept.word].length >= 2
      ? glossSynonymsOf(index).find(concept.word, (w) => writesAsWord(index, w))
      : undefined;
  return same ? { kind: 'gloss', word: same } : undefined;
}

/**
 * The question with the typos mended that jieba cut into lone characters (积份 → 积分, 贵洲 → 贵州,
 * 补帖 → 补贴): its dictionary joins no such pair, so the typo never reaches `findMention` as one word.
 * Two lone characters side by side are read as the word one homophone away that the knowledge writes as
 * a word of the dictionary, unless the character it keeps is grammar (我是 is never 我市).
 */
export function mendTypos(index: SearchIndex, question: string): string {
  const lower = question.toLowerCase();
  // Offsets into the lower-cased text must be those of the question.
  if (lower.length !== question.length) return question;
  // Without jieba's HMM, which glues a typo's characters to others (用积份 in 用积份换).
  const words = index.analyzer.words(lower, false);
  let out = '';
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const next = words[i + 1] ?? '';
    const mended = HAN.test(word) && HAN.test(next) ? mendedPair(index, word + next) : undefined;
    const typed = mended ? word + next : word;
    out += mended ?? question.slice(at, at + typed.length);
    at += typed.length;
    if (mended) i++;
  }
  return out + question.slice(at);
}

/** The knowledge word two lone characters were typed for; of several (金贴: 津贴, 紧贴), the one it uses most. */
function mendedPair(index: SearchIndex, typed: string): string | undefined {
  if (index.corpus.includes(typed)) return undefined;
  const uses = (w: string) => index.documentFrequency.get(w) ?? 0;
  return nearWordsOf(index)
    .homophones(typed)
    .filter((w) => isTypoOf(index.analyzer, typed, w) && writesAsWord(index, w))
    .sort((a, b) => uses(b) - uses(a))[0];
}

/**
 * Whether `typed` can be a typo of the dictionary word `word`: the character typed right is no grammar
 * (打到 is no typo of 达到, nor 里由 of 理由), and the one typed wrong no stopword, light verb or negation
 * (的票 is no typo of 得票, 班给 of 班级, nor 不发 of 补发).
 */
function isTypoOf(analyzer: Analyzer, typed: string, word: string): boolean {
  const typedChars = [...typed];
  return (
    analyzer.wordClass(word) !== undefined &&
    [...word].every((c, i) => {
      const t = typedChars[i] as string;
      return c === t
        ? !analyzer.isGrammar(c)
        : !analyzer.isStopword(t) && !analyzer.isLightVerb(t) && !NEGATION.test(t);
    })
  );
}

const HAN = /^\p{Script=Han}$/u;
/** A union body named by its level: 省总工会, 市总, 区总工会, 全国总工会. */
export const LEVEL_BODY = /^(?:省|市|区|县|全国)总(?:工会)?$/u;
const NEGATION = /^[不没未无非别]$/u;

/** Lines of the knowledge looked at to tell whether it writes a term as a word of its own. */
const MAX_LINES_LOOKED_AT = 20;

/**
 * Whether some sentence or title writes `term` as a word, not only inside a longer one: search-mode
 * terms hold fragments (上工 in 网上工会), and a text holds many more (能发 in 不能发), which mean nothing
 * there. Remembered per index, as mentions are.
 */
export function writesAsWord(index: SearchIndex, term: string): boolean {
  return keptFor(writtenByIndex, index, term, () => looksUpWord(index, term), MAX_MENTIONS);
}

const writtenByIndex = new WeakMap<SearchIndex, Map<string, boolean>>();

function looksUpWord(index: SearchIndex, term: string): boolean {
  const { corpus } = index;
  let at = corpus.indexOf(term);
  for (let looked = 0; at >= 0 && looked < MAX_LINES_LOOKED_AT; looked++) {
    const start = corpus.lastIndexOf('\n', at) + 1;
    const end = corpus.indexOf('\n', at);
    const line = corpus.slice(start, end < 0 ? undefined : end);
    if (index.analyzer.words(line).includes(term)) return true;
    at = end < 0 ? -1 : corpus.indexOf(term, end);
  }
  return false;
}

/** Each index's vocabulary by the glosses of its words, arranged on first need. */
const glossSynonymsByIndex = new WeakMap<SearchIndex, GlossSynonyms>();

function glossSynonymsOf(index: SearchIndex): GlossSynonyms {
  let synonyms = glossSynonymsByIndex.get(index);
  if (!synonyms) {
    synonyms = new GlossSynonyms(index.documentFrequency.keys(), glossTable());
    glossSynonymsByIndex.set(index, synonyms);
  }
  return synonyms;
}

/** Each index's vocabulary, arranged for typo and abbreviation look-ups on first need. */
const nearWordsByIndex = new WeakMap<SearchIndex, NearWords>();

function nearWordsOf(index: SearchIndex): NearWords {
  let near = nearWordsByIndex.get(index);
  if (!near) {
    near = new NearWords(index.documentFrequency.keys());
    nearWordsByIndex.set(index, near);
  }
  return near;
}

/** Whether some passage holds one of the terms, as an index term or written inside a longer word. */
function holdsAnywhere(index: SearchIndex, terms: string[]): boolean {
  return terms.some(
    (t) =>
      index.documentFrequency.has(t) ||
      (([...t].length >= 2 || /[0-9a-z]/.test(t)) && index.corpus.includes(t)) ||
      index.analyzer.surfaceForms(t).some((f) => f !== t && index.corpus.includes(f)),
  );
}
