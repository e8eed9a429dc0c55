/** The shapes a directive is loaded into. Past the loader these are trusted and never re-checked. */

export interface Sentence {
  /** Stable citation ref: `<doc>#<outline path>.p<paragraph>.s<sentence>`, e.g. `speech#3.3.p1.s2`. */
  ref: string;
  /** Human label in Chinese, e.g. `三是要贯彻好、落实好 › 三要 › 第2句`. */
  label: string;
  text: string;
  /** 1-based sentence number within its paragraph. */
  number: number;
}

export interface Paragraph {
  /** 1-based line in the file, for error messages and `outline`. */
  line: number;
  text: string;
  /** Outline path of the section it belongs to (`3.3`), or `0` before the first heading. */
  path: string;
  /** The paragraph is an outline heading line (`一是要学习好、领悟好`), cited as its section's title. */
  isHeading: boolean;
  sentences: Sentence[];
}

export interface OutlineNode {
  /** Dotted path, e.g. `3` for 三是, `3.2` for its 二要. */
  path: string;
  /** The numbering as written: `三是`, `二要`, `一、`, `(一)`, `1.`. */
  marker: string;
  /** Heading text without the marker (for inline items, the paragraph's first sentence). */
  title: string;
  depth: number;
  line: number;
  children: OutlineNode[];
}

export interface Directive {
  id: string;
  title: string;
  /** ISO date (`2018-11-05`), from front matter or a trailing date line; relative deadlines resolve against it. */
  date: string | undefined;
  source: string | undefined;
  /** Path of the file, relative to the knowledge folder. */
  file: string;
  /** Line number of the first body line (after front matter). */
  bodyLine: number;
  /** The body exactly as written, after front matter. */
  body: string;
  paragraphs: Paragraph[];
  outline: OutlineNode[];
}
