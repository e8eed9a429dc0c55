import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Glossary } from '../knowledge/glossary.js';
import { DEFAULT_STOPWORDS } from './stopwords.js';

/** One thing a question asks about, with the index terms that meet it fully or in part. */
export interface Concept {
  /** The word as written in the question. */
  word: string;
  /** Terms that meet the concept fully: the word and its synonym group's name. */
  whole: string[];
  /** Shorter words inside it, which meet it in part. */
  parts: string[];
}

/** Whether a text holds a concept whole: its word or a synonym as a term, or the word as written. */
export function holdsConcept(c: Concept, terms: Set<string>, text: string): boolean {
  return c.whole.some((t) => terms.has(t)) || ([...c.word].length >= 2 && text.includes(c.word));
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
  private readonly jieba: Jieba;
  private readonly stopwords: Set<string>;
  /** Every synonym term (two characters or more), longest first, with the name of its group. */
  private readonly synonyms: Array<{ term: string; name: string }>;

  constructor(glossary: Glossary) {
    // A fresh Jieba per glossary: user words cannot be removed from a loaded one (~180 ms, off the request path).
    this.jieba = Jieba.withDict(dict);
    const words = [...glossary.words, ...glossary.synonyms.flat()].filter((w) => [...w].length >= 2);
    if (words.length > 0) {
      this.jieba.loadDict(Buffer.from(words.map((w) => `${w.replace(/\s+/g, '')} 50000 n`).join('\n')));
    }
    this.stopwords = new Set([...DEFAULT_STOPWORDS, ...glossary.stopwords]);
    this.synonyms = glossary.synonyms
      .flatMap((group) => group.map((term) => ({ term: term.toLowerCase(), name: (group[0] as string).toLowerCase() })))
      .filter((s) => [...s.term].length >= 2)
      .sort((a, b) => b.term.length - a.term.length);
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
    return out;
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
    const found: Array<{ term: string; name: string; start: number; end: number }> = [];
    for (const { term, name } of this.synonyms) {
      for (let start = text.indexOf(term); start >= 0; start = text.indexOf(term, start + 1)) {
        const end = start + term.length;
        if (!cuts.has(start) || !cuts.has(end)) continue;
        if (found.some((f) => start < f.end && end > f.start)) continue;
        found.push({ term, name, start, end });
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /**
   * The concepts a question asks about, in order. Each is one word as a reader would split it
   * (precise mode), with the index terms that count as meeting it: the word, its synonym group's
   * name, and, for partial credit, its parts (自由职业者 → 职业者, 职业).
   *
   * @example
   * analyzer.queryConcepts('老板年底不发工资怎么办').map((c) => c.word) // ['老板', '年底', '不发工资']
   */
  queryConcepts(text: string): Concept[] {
    // "管不管", "是不是", "有没有": the A-not-A form only makes a yes/no question.
    const lower = text.toLowerCase().replace(/(\p{Script=Han}{1,2})[不没]\1/gu, ' ');
    const words = this.jieba.cut(lower, true);
    const synonyms = this.synonymsIn(lower, words);
    const concepts: Concept[] = [];
    const add = (c: Concept) => {
      if (!concepts.some((x) => x.word === c.word)) concepts.push(c);
    };
    let at = 0;
    for (const raw of words) {
      const start = at;
      at += raw.length;
      const synonym = synonyms.find((f) => start >= f.start && start < f.end);
      if (synonym) {
        if (synonym.start === start)
          add({ word: synonym.term, whole: [...new Set([synonym.name, synonym.term])], parts: [] });
        continue;
      }
      const word = raw.trim();
      if (!this.isMeaningful(word)) continue;
      const parts = this.jieba.cutForSearch(word, true).filter((p) => p !== word && this.isMeaningful(p));
      add({ word, whole: [word], parts: [...new Set(parts)] });
    }
    return concepts;
  }

  /** The surface forms in `text` that stand for `term`: the term itself and its synonyms. */
  surfaceForms(term: string): string[] {
    const forms = new Set([term]);
    for (const s of this.synonyms) if (s.name === term) forms.add(s.term);
    return [...forms];
  }

  private isMeaningful(token: string): boolean {
    if (!token || this.stopwords.has(token)) return false;
    if (!/[\p{L}\p{N}]/u.test(token)) return false;
    // A lone Han character is mostly grammar (要, 的, 管); digits and Latin words keep their meaning.
    return [...token].length > 1 || /[0-9a-z]/.test(token);
  }
}
