import type { Glossary } from '../knowledge/glossary.js';
import { GENERAL_IDF_CAP, generalIdf } from './general-idf.js';
import { fullSegmenter, lazySegmenter, type Segmenter, type SegmenterFactory } from './segmenter.js';
import { DEFAULT_STOPWORDS } from './stopwords.js';

/** One thing a question asks about, with the index terms that meet it fully or in part. */
export interface Concept {
  /** The word as written in the question. */
  word: string;
  /** Terms that meet the concept fully: the word and its synonym group's name. */
  whole: string[];
  /** Shorter words inside it, which meet it in part. */
  parts: string[];
  /**
   * Whether the word says what the question is about (a name, a noun, a domain term, a specific verb)
   * rather than how it is asked (具体, 不能, 大概, 开始, 那个). Only a missing topic word may make the
   * bot decline; phrasing words only help to rank.
   */
  isTopic: boolean;
  /**
   * Whether the word is a time (明年, 春节, 上一年, 年底): it says when, not what. A question about
   * 明年春节放假 is about 放假, and one about 上一年的资金 is about 资金; see `missingTopic`.
   */
  isTime: boolean;
  /**
   * Whether the word says how something is done or what it is like (a verb: 推迟, 留存, 收钱; an adjective:
   * 临时, 最低) rather than naming a thing (食堂, 会费, 商户). A cadre puts the directive's actions in
   * words of their own far more often than its things: see `missingTopic`.
   */
  isAction?: boolean;
  /**
   * The noun this noun directly precedes and modifies (基层 in 基层工会主席): Chinese noun compounds put
   * their head last, so a compound whose head the directive lacks is missing as a whole.
   */
  modifies?: string;
  /**
   * The one-character verb of a colloquial verb-complement form (报 of 报上去, 讨 of 讨不到): the form is
   * rarely written in a directive, but the verb's two-character words are (报送, 报告).
   */
  stem?: string;
  /**
   * A one-character noun (党, 税, 假): too short to be an index term, so it is met as written, and only
   * ranks (it never makes the bot decline: one character is too often part of another word).
   */
  isCharacter?: boolean;
  /** How specific the word is in general Chinese, 0 (开始, 具体) to `MAX_SALIENCE` (会费, 年终奖). */
  salience: number;
  /**
   * The noun a question word asks about (会费 in 每月交多少会费, 奖金 in 有多少奖金, 材料 in 要哪些材料):
   * what the answer must be about, so it weighs more in deciding whether the directive covers the question.
   */
  isFocus?: boolean;
  /**
   * The noun of a place word made of a one-character noun and a locative (区 of 区里, 县 of 县里): what
   * "in the district" is about, when the directive does not write the place word itself (户外 it may).
   */
  placeOf?: string;
  /**
   * jieba's HMM made the word up from characters its dictionary does not join (a name such as 雄强, a
   * typo such as 关建, or the characters of two words glued: 奖有 in 五一奖有问题, 得配 in 最起码得配).
   */
  isGuessed?: boolean;
}

/**
 * Words with a general-language IDF at or below this are everyday words (具体 5.5, 开始 3.8, 达到 4.6,
 * 表现 4.5): a question may use them without the directive having to. Salience grows above it, so
 * 会费 (11.2), 缴纳 (7.8) or 上班 (7.4) say what is asked about.
 */
const EVERYDAY_IDF = 5;
export const MAX_SALIENCE = GENERAL_IDF_CAP - EVERYDAY_IDF;
/** Most words whose parts and salience an analyzer remembers (see `Analyzer.wordsSeen`). */
const MAX_WORDS_SEEN = 50_000;
/** Share of its salience a word guessed by jieba's HMM keeps (see `queryConcepts`). */
const GUESSED_WORD_SALIENCE = 0.5;

/**
 * Parts of speech (jieba's tag set) that shape a question rather than name its topic: pronouns and
 * question words (r), adverbs (d), prepositions (p), conjunctions (c), particles (u, y, e, o),
 * locatives (f: 里面, 期间), measure words (q) and suffixes (k: 们), numerals written in words (m: 几号, 一下).
 * A word in Latin letters (eng: EAP, APP) is no interjection (e): it names a thing.
 */
const PHRASING_TAG = /^(?:r|d|p|c|u|y|e(?!ng)|o|f|q|k|h|m|x|zg|w)/;
/** One-character verbs that shape any question (是, 有, 要, 搞) rather than say what is done. */
const LIGHT_VERBS = new Set([...'是有要会能可去来做搞弄说讲看想让给把被用在得到请问叫算干办咋写找多']);
/**
 * A word that asks (多少钱, 哪几天, 几点, 哪一天, 啥样): how the question is put, whatever jieba tags it
 * (多少钱 comes out a name, 哪几天 an idiom). 谁, 啥 and 什么 ask wherever they stand (由谁来, 干什么).
 */
const INTERROGATIVE = /^(?:多少|多长|多久|多大|多高|多远|几|哪|怎|咋|何时|何种|何处)|谁|啥|什么/u;
/**
 * Times told from now or from another time (往后, 事后, 到时候, 目前): they place what is asked, as an
 * adverb does, rather than name a time a directive sets (春节, 年底, 明年). jieba tags most of them times.
 */
const RELATIVE_TIMES = new Set(
  '现在 往后 事后 今后 后来 到时候 届时 平时 平日 目前 当前 上次 下次 本来 正在 过去 将来 日后 当时 近期 眼下'.split(
    ' ',
  ),
);
/** A one-character noun and a locative, as jieba's place words are (区里, 县里, 厂里). */
const LOCATIVE_PLACE = /^(\p{Script=Han})[里内上中外边]$/u;
/** Question words that ask about the noun after them: 多少会费, 哪些材料, 什么条件, 几个站点. */
const ASKS_ABOUT = /^(?:多少|几|几个|几项|几种|哪些|哪个|哪几个|哪几项|哪几种|什么|啥|什么样的?)$/u;
/** Nominal single characters (年, 假, 公) that jieba leaves apart but that make one word together. */
const NOMINAL_TAG = /^(?:n|m)/;
/** Verbs (not verbal nouns: 考核, 培训 name a thing done), adjectives and distinguishing words (临时, 同一个). */
const ACTION_TAG = /^(?:v(?!n)|a|b|z)/;
/** Nouns, verbal nouns (考核) and abbreviations (中小企业): the words a noun compound is made of. */
const NOUN_TAG = /^(?:n|vn|j)/;
const HAN = /^\p{Script=Han}$/u;
/** Sentence-final particles after at least two characters (not 么: 什么, 怎么 are words of their own). */
const FINAL_PARTICLE = /(?<=\p{Script=Han}{2})[吗呢吧啊呀嘛]+$/u;

/**
 * Whether a text holds a concept whole: its word or a synonym as a term, or the word as written.
 * `asWritten` (see `isMetAsWritten`) may be passed in by a caller that checks one concept against many texts.
 */
export function holdsConcept(c: Concept, terms: Set<string>, text: string, asWritten = isMetAsWritten(c)): boolean {
  for (const t of c.whole) if (terms.has(t)) return true;
  return asWritten && text.includes(c.word);
}

/** Whether a concept's word also meets it as written inside a text: one Han character alone is mostly grammar. */
export function isMetAsWritten(c: Concept): boolean {
  return [...c.word].length >= 2 || c.isCharacter === true;
}

/**
 * Splits text into the terms the index and the questions share. One analyzer serves both sides,
 * so a glossary entry or dictionary word always applies to passages and questions alike.
 *
 * @example
 * const analyzer = new Analyzer({ synonyms: [['欠薪', '拖欠工资', '不发工资']], words: [], stopwords: [] });
 * analyzer.terms('老板年底不发工资') // ['老板', '年底', '工资', '发工资', '不发工资', '欠薪']
 */
export class Analyzer {
  private readonly jieba: Segmenter;
  private readonly stopwords: Set<string>;
  /** The glossary's own words and synonym terms: compounds jieba's general IDF table does not rate. */
  private readonly glossaryWords: Set<string>;
  /** Every synonym term (two characters or more), longest first, with the name of its group. */
  private readonly synonyms: Array<{ term: string; name: string }>;
  /** `synonyms` by the first code unit of their term, each with its place in `synonyms`. */
  private readonly synonymsByFirst = new Map<string, Array<{ term: string; name: string; rank: number }>>();
  /**
   * The parts and salience of each word met in a question. They depend on the word alone, and the same
   * words come back question after question, while working them out takes three passes of the segmenter.
   */
  private readonly wordsSeen = new Map<string, { parts?: string[]; salience?: number; guessed?: boolean }>();
  /**
   * The surface forms of each term asked for (bounded like `wordsSeen`): every answer looks them up for
   * each of its terms, several times over, and finding them goes through every synonym of the glossary.
   */
  private readonly formsByTerm = new Map<string, string[]>();

  /**
   * @param segmenter builds jieba for the glossary's words; by default the whole dictionary, loaded on
   * first use (`src/search/segmenter.ts`).
   */
  constructor(glossary: Glossary, segmenter: SegmenterFactory = (words) => lazySegmenter(() => fullSegmenter(words))) {
    const words = [...glossary.words, ...glossary.synonyms.flat()].filter((w) => [...w].length >= 2);
    this.glossaryWords = new Set(words.map((w) => w.toLowerCase()));
    // A fresh segmenter per glossary: user words cannot be removed from a loaded jieba.
    this.jieba = segmenter(segmenterWords(glossary));
    this.stopwords = new Set([...DEFAULT_STOPWORDS, ...glossary.stopwords]);
    this.synonyms = glossary.synonyms
      .flatMap((group) => group.map((term) => ({ term: term.toLowerCase(), name: (group[0] as string).toLowerCase() })))
      .filter((s) => [...s.term].length >= 2)
      .sort((a, b) => b.term.length - a.term.length);
    this.synonyms.forEach(({ term, name }, rank) => {
      const first = term[0] as string;
      const list = this.synonymsByFirst.get(first) ?? [];
      list.push({ term, name, rank });
      this.synonymsByFirst.set(first, list);
    });
  }

  /**
   * Search-mode segmentation: it yields both 职业者 and 自由职业者, so a question that uses
   * the short word still meets a passage that uses the long one. Stopwords, lone punctuation and
   * single characters are dropped; each synonym group found in the text adds its name.
   */
  terms(text: string): string[] {
    const lower = text.toLowerCase();
    const out: string[] = [];
    for (const raw of this.jieba.cutForSearch(lower, true)) {
      const token = raw.trim();
      if (!this.isMeaningful(token)) continue;
      out.push(token);
    }
    for (const { name } of this.synonymsIn(lower, this.jieba.cut(lower, true))) out.push(name);
    for (const m of lower.matchAll(BRACKETED_PLACES)) out.push(...bracketedPlaceTerms(m[1] as string, m[2] as string));
    return out;
  }

  /**
   * The part of speech of a word jieba's dictionary holds whole, by the first letter of its tag (n, v, c, d);
   * undefined for a word it would cut.
   */
  wordClass(word: string): string | undefined {
    const tagged = this.jieba.tag(word, false);
    return tagged.length === 1 ? tagged[0]?.tag.charAt(0) : undefined;
  }

  /** Whether jieba's dictionary takes a word for a verb (召开, 汇报; not 本报, a newspaper's "this paper"). */
  isVerb(word: string): boolean {
    return this.wordClass(word) === 'v';
  }

  /** The words of a text as a reader would split it (jieba's precise mode), lower-cased. */
  words(text: string, guess = true): string[] {
    return this.jieba.cut(text.toLowerCase(), guess);
  }

  /**
   * Synonym terms written in the text as whole words: each occurrence must start and end where the
   * segmenter cuts, so 年终 does not match inside 年终奖. Longest terms claim their span first.
   */
  private synonymsIn(text: string, words: string[]): Array<{ term: string; name: string; start: number; end: number }> {
    const cuts = new Set<number>([0]);
    let at = 0;
    for (const w of words) {
      at += w.length;
      cuts.add(at);
    }
    // Every term written from a cut to a cut, then claimed longest first (in `synonyms`' order).
    const written: Array<{ term: string; name: string; rank: number; start: number; end: number }> = [];
    for (const start of cuts) {
      for (const s of this.synonymsByFirst.get(text[start] as string) ?? []) {
        const end = start + s.term.length;
        if (cuts.has(end) && text.startsWith(s.term, start)) written.push({ ...s, start, end });
      }
    }
    written.sort((a, b) => a.rank - b.rank || a.start - b.start);
    const found: Array<{ term: string; name: string; start: number; end: number }> = [];
    for (const { term, name, start, end } of written) {
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ term, name, start, end });
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /**
   * The concepts a question asks about, in order. Each is one word as a reader would split it
   * (precise mode), with the index terms that count as meeting it: the word, its synonym group's
   * name, and, for partial credit, its parts (自由职业者 → 职业者, 职业). Each is marked topic or
   * phrasing, with its general-language salience.
   *
   * With `guess` false, jieba's HMM joins no characters its dictionary does not (see `isGuessed`).
   *
   * @example
   * analyzer.queryConcepts('老板年底不发工资怎么办').map((c) => c.word) // ['老板', '年底', '不发工资']
   */
  queryConcepts(text: string, guess = true): Concept[] {
    // "管不管", "是不是", "有没有": the A-not-A form only makes a yes/no question.
    const lower = text.toLowerCase().replace(/(\p{Script=Han}{1,2})[不没]\1/gu, ' ');
    const tagged = joinNominalCharacters(this.jieba.tag(lower, guess), this.stopwords);
    const synonyms = this.synonymsIn(
      lower,
      tagged.map((t) => t.word),
    );
    const concepts: Concept[] = [];
    // The concept of the word just before, when it is a noun: the next noun is its head.
    let nounBefore: Concept | undefined;
    // What is asked about, the focus: the topic word just after a question word (多少会费, and 多少丧葬补助,
    // though jieba tags 丧葬 a verb).
    let asks = false;
    const add = (c: Concept, isNoun: boolean) => {
      if (isNoun && nounBefore) nounBefore.modifies = c.word;
      nounBefore = isNoun ? c : undefined;
      if (asks && c.isTopic) c.isFocus = true;
      asks = false;
      if (!concepts.some((x) => x.word === c.word)) concepts.push(c);
    };
    let at = 0;
    for (const { word: raw, tag } of tagged) {
      const start = at;
      at += raw.length;
      if (ASKS_ABOUT.test(raw)) {
        // Grammar, as any question word: the nouns on either side make no compound (会员多少会费).
        nounBefore = undefined;
        asks = true;
        continue;
      }

      // A word dropped as grammar (的 in 单位的食堂) ends a noun compound: only nouns side by side make one.
      const synonym = synonyms.find((f) => start >= f.start && start < f.end);
      if (!synonym && !this.isMeaningful(raw.trim())) nounBefore = undefined;
      if (synonym) {
        // A glossary term is domain vocabulary: always a topic, however common the word is elsewhere.
        if (synonym.start === start)
          add(
            {
              word: synonym.term,
              whole: [...new Set([synonym.name, synonym.term])],
              parts: [],
              isTopic: true,
              isTime: false,
              salience: Math.max(1, this.salienceOf(synonym.term)),
            },
            true,
          );
        continue;
      }
      // jieba keeps a question's final particle on its last word (有用吗, 对吧): the word is what is left.
      const word = raw.trim().replace(FINAL_PARTICLE, '');
      const characterSalience = HAN.test(word) && /^n/.test(tag) ? generalIdf(word) - EVERYDAY_IDF : 0;
      if (characterSalience > 0 && !this.stopwords.has(word)) {
        add(
          {
            word,
            whole: [word],
            parts: [],
            isTopic: false,
            isTime: false,
            isCharacter: true,
            salience: characterSalience,
          },
          false,
        );
        continue;
      }
      if (HAN.test(word) && tag.startsWith('v') && !LIGHT_VERBS.has(word) && !this.stopwords.has(word)) {
        // A one-character verb (骗 in 骗补助, 交 in 会费怎么交) is how people say the two-character verb
        // the directive writes (骗取, 缴纳 aside): it is met by the words it begins, as phrasing, so it tips
        // a ranking and never declines a question.
        add({ word, whole: [], parts: [], stem: word, isTopic: false, isTime: false, salience: 0 }, false);
        continue;
      }
      if (!this.isMeaningful(word)) continue;
      const stem = word.replace(COMPLEMENT, '');
      const isVerbForm = stem !== word && HAN.test(stem);
      // The parts of 报上去 (报上, 上去) are not its meaning; its verb is.
      const parts = isVerbForm ? [] : this.partsOf(word);
      const isNumber = /\d/.test(word);
      const isGuessed = guess && !isVerbForm && this.isGuessed(word);
      const place = tag === 's' ? LOCATIVE_PLACE.exec(word)?.[1] : undefined;
      add(
        {
          word,
          whole: [word, ...perUnit(word)],
          parts: [...parts],
          ...(isVerbForm ? { stem } : {}),
          isTopic:
            !INTERROGATIVE.test(word) &&
            !RELATIVE_TIMES.has(word) &&
            (isNumber || !PHRASING_TAG.test(tag) || (tag === 'x' && /\p{L}/u.test(word))),
          isTime: tag === 't',
          ...(!isNumber && ACTION_TAG.test(tag) ? { isAction: true } : {}),
          salience: isNumber ? 1 : this.salienceOf(word),
          ...(isGuessed ? { isGuessed } : {}),
          ...(place ? { placeOf: place } : {}),
        },
        NOUN_TAG.test(tag),
      );
    }
    // Per head (一个人能花多少, 每个人发多少): jieba leaves 一个 and 人 apart, both grammar, while a directive
    // writes 每人 or 人均. It tips a ranking, as phrasing.
    if (PER_HEAD.test(lower) && !concepts.some((c) => c.whole.includes('每人'))) {
      concepts.push({
        word: '每人',
        whole: ['每人', ...perUnit('每人')],
        parts: [],
        isTopic: false,
        isTime: false,
        salience: 0,
      });
    }
    return concepts;
  }

  /** The distinct shorter words inside a word (自由职业者 → 职业者, 职业), remembered: see `wordsSeen`. */
  private partsOf(word: string): string[] {
    const seen = this.seen(word);
    seen.parts ??= [...new Set(this.jieba.cutForSearch(word, true).filter((p) => p !== word && this.isMeaningful(p)))];
    return seen.parts;
  }

  /** Whether jieba's HMM made a word of Han characters up: its dictionary and the glossary lack it whole. */
  private isGuessed(word: string): boolean {
    const seen = this.seen(word);
    seen.guessed ??=
      /^\p{Script=Han}+$/u.test(word) && !this.glossaryWords.has(word) && this.jieba.cut(word, false).length > 1;
    return seen.guessed;
  }

  /** `salience`, remembered: see `wordsSeen`. */
  private salienceOf(word: string): number {
    const seen = this.seen(word);
    seen.salience ??= this.salience(word);
    return seen.salience;
  }

  private seen(word: string): { parts?: string[]; salience?: number; guessed?: boolean } {
    let seen = this.wordsSeen.get(word);
    if (!seen) {
      seen = {};
      // Bounded: a flood of distinct words must not grow it for ever; past the bound they are worked out afresh.
      if (this.wordsSeen.size < MAX_WORDS_SEEN) this.wordsSeen.set(word, seen);
    }
    return seen;
  }

  /**
   * How specific a word is, 0 to `MAX_SALIENCE`: its general-language IDF above the everyday level.
   * A compound the general table cannot rate (a glossary term such as 困难职工, or one jieba's HMM
   * made up) weighs as its most specific part; a made-up word with no parts (a name such as 雄强, a
   * typo such as 关建, or two words' characters glued, 年评) keeps half, as it may or may not be a topic.
   */
  private salience(word: string): number {
    const stem = word.replace(COMPLEMENT, '');
    if (stem !== word && [...stem].length < 2) return 0;
    const isDictionaryWord = this.jieba.cut(stem, false).length === 1;
    if (isDictionaryWord && !this.glossaryWords.has(stem)) return Math.max(0, generalIdf(stem) - EVERYDAY_IDF);
    const parts = this.jieba.cutForSearch(stem, false).filter((p) => p !== stem && [...p].length >= 2);
    if (parts.length > 0) return Math.max(...parts.map((p) => Math.max(0, generalIdf(p) - EVERYDAY_IDF)));
    return MAX_SALIENCE * (isDictionaryWord ? 1 : GUESSED_WORD_SALIENCE);
  }

  /** The surface forms in `text` that stand for `term`: the term itself and its synonyms. */
  surfaceForms(term: string): string[] {
    let forms = this.formsByTerm.get(term);
    if (!forms) {
      const found = new Set([term]);
      for (const s of this.synonyms) if (s.name === term) found.add(s.term);
      forms = [...found];
      if (this.formsByTerm.size < MAX_WORDS_SEEN) this.formsByTerm.set(term, forms);
    }
    return [...forms];
  }

  /** Whether a word is a stopword, the default ones or the glossary's. */
  isStopword(word: string): boolean {
    return this.stopwords.has(word);
  }

  /** Whether a character is a verb of any question (是, 有, 给, 到) rather than one saying what is done. */
  isLightVerb(word: string): boolean {
    return LIGHT_VERBS.has(word);
  }

  /** Whether a word only shapes a sentence: a stopword, a light verb (是, 到) or a word of a phrasing tag (由, 上). */
  isGrammar(word: string): boolean {
    if (this.isStopword(word) || this.isLightVerb(word)) return true;
    const tagged = this.jieba.tag(word, false);
    return tagged.length === 1 && PHRASING_TAG.test(tagged[0]?.tag ?? '');
  }

  private isMeaningful(token: string): boolean {
    if (!token || this.stopwords.has(token)) return false;
    if (!/[\p{L}\p{N}]/u.test(token)) return false;
    // A lone Han character is mostly grammar (要, 的, 管); digits and Latin words keep their meaning.
    return [...token].length > 1 || /[0-9a-z]/.test(token);
  }
}

/** The glossary's words as jieba's user dictionary takes them: two characters or more, no spaces. */
export function segmenterWords(glossary: Glossary): string[] {
  return [...glossary.words, ...glossary.synonyms.flat()]
    .filter((w) => [...w].length >= 2)
    .map((w) => w.replace(/\s+/g, ''));
}

/**
 * Official Chinese writes the kinds of place a sentence covers in brackets after the first: 各区（县）,
 * 各县（市、区）. Cadres write them run together (区县, 县市区), as one word.
 */
const BRACKETED_PLACES = /([省市县区乡镇街])[（(]([省市县区乡镇街](?:、[省市县区乡镇街])*)[)）]/gu;

/** The words 区（县） is written as: 区县 and 县区; 县（市、区） as 县市区. */
function bracketedPlaceTerms(first: string, rest: string): string[] {
  const kinds = [first, ...rest.split('、')];
  const terms = [kinds.join('')];
  if (kinds.length === 2) terms.push(`${kinds[1]}${kinds[0]}`);
  return terms;
}

/**
 * "一年", "一届", "一次", "一个人" in a question mostly mean what a directive writes 每年, 每届, 每次, 每人 or
 * 人均 (per year, per term, each time, per head), and the other way round: each is met by the others, and
 * 每天 by 每日.
 */
function perUnit(word: string): string[] {
  const m = /^([一每])个?(年|届|次|月|天|日|周|季度|期|人|户)$/u.exec(word);
  if (!m) return word === '人均' ? ['每人', '一人'] : [];
  const unit = m[2] as string;
  // A day is 天 in speech and 日 in regulations (每日托管时间).
  const units = unit === '天' || unit === '日' ? ['天', '日'] : [unit];
  return [...(unit === '人' ? ['人均'] : []), ...units.flatMap((u) => [`每${u}`, `一${u}`])].filter((w) => w !== word);
}

/** 一个人, 每个人, 每人, 一人, 人均: per head (not 一个人员, 每人次). */
const PER_HEAD = /[一每]个?人(?![员才民次])|人均/u;

/**
 * A verb with a directional or resultative complement (报上去, 拿不到, 搞起来) is as specific as the verb
 * itself: the complement adds the colloquial shape, not a topic.
 */
const COMPLEMENT =
  /(?:上去|上来|下去|下来|出去|出来|起来|进去|进来|过去|过来|回去|回来|不到|不了|不上|不起|不出|得到|得了|完|好|齐|全)$/u;

/**
 * jieba leaves some nouns in single characters it does not know together: 年假 → 年/假.
 * Each character alone is dropped as grammar, and the question would lose its topic; joined to the
 * noun after it, they are one word the directive can be checked for.
 */
function joinNominalCharacters(
  tagged: Array<{ word: string; tag: string }>,
  stopwords: Set<string>,
): Array<{ word: string; tag: string }> {
  const out: Array<{ word: string; tag: string }> = [];
  for (const t of tagged) {
    const last = out.at(-1);
    // A numeral and a noun (五个, 几号) are not a compound, so a plain noun must close it.
    const joins =
      last !== undefined &&
      HAN.test(last.word) &&
      NOMINAL_TAG.test(last.tag) &&
      !stopwords.has(last.word) &&
      !stopwords.has(t.word) &&
      t.tag.startsWith('n') &&
      // Two lone characters (年/假) make a word; a lone character before a word is mostly a word of
      // its own (这些人/工会 must not become 人工会).
      HAN.test(t.word);
    if (joins) out[out.length - 1] = { word: last.word + t.word, tag: 'n' };
    else out.push(t);
  }
  return out;
}
