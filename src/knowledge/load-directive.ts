import { createHash } from 'node:crypto';
import { z } from 'zod';
import { truncate } from '../characters.js';
import type { Directive, OutlineNode, Paragraph } from './directive.js';
import { continuesAfter, startsParagraph, wrapOf } from './hard-wrap.js';
import { KnowledgeError } from './knowledge-error.js';
import { parseOutline, startsWithMarker } from './outline.js';
import { splitSentences } from './sentences.js';
import { parseYaml } from './yaml-file.js';

const isoDate = z
  .string({ error: 'must be a date written as YYYY-MM-DD (e.g. "2018-11-05")' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written as YYYY-MM-DD (e.g. "2018-11-05")' })
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      error: 'is not a real calendar date',
    },
  );

export const frontMatterSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, {
      error: 'must be lower-case letters, digits and dashes (e.g. "notice-2026-year-end")',
    })
    .optional(),
  title: z.string().min(1).optional(),
  date: z.union([isoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
  source: z.string().optional(),
});

/** A trailing line such as `2026年11月10日` dates a notice that has no front matter. */
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/u;

/**
 * Parses one directive file. Front matter (between `---` lines) is optional; without a title the
 * first line is the title. Throws `KnowledgeError` with the file and line of the first problem.
 *
 * @example
 * parseDirective('---\nid: notice\n---\n一、开展欠薪隐患排查\n各县要……', 'notice.txt').outline[0]?.title // '开展欠薪隐患排查'
 */
export function parseDirective(raw: string, file: string): Directive {
  const replacement = raw.indexOf('\uFFFD');
  if (replacement >= 0) {
    throw new KnowledgeError(file, lineOf(raw, replacement), 'the file is not valid UTF-8 text (save it as UTF-8)');
  }
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { meta, body, bodyLine } = splitFrontMatter(text, file);
  const isMarkdown = file.endsWith('.md');
  let blocks = readParagraphs(body, bodyLine, isMarkdown);
  if (blocks.length === 0) throw new KnowledgeError(file, bodyLine, 'the directive has no text');

  let title = meta.title;
  if (!title) {
    title = (blocks[0] as { text: string }).text;
    blocks = blocks.slice(1);
    if (blocks.length === 0) throw new KnowledgeError(file, bodyLine, 'the directive has a title line but no text');
  }
  const dateLine = DATE_LINE.exec(blocks.at(-1)?.text ?? '');
  const date =
    meta.date ??
    (dateLine ? `${dateLine[1]}-${dateLine[2]?.padStart(2, '0')}-${dateLine[3]?.padStart(2, '0')}` : undefined);
  const id = meta.id ?? slug(file);
  return {
    id,
    title,
    date,
    source: meta.source,
    file,
    bodyLine,
    body,
    ...structure(id, blocks),
  };
}

function splitFrontMatter(
  text: string,
  file: string,
): { meta: z.output<typeof frontMatterSchema>; body: string; bodyLine: number } {
  if (!text.startsWith('---\n')) return { meta: {}, body: text, bodyLine: 1 };
  const end = text.indexOf('\n---', 3);
  const closing = end >= 0 ? text.indexOf('\n', end + 1) : -1;
  if (end < 0 || !/^\n---[ \t]*$/.test(text.slice(end, closing < 0 ? undefined : closing))) {
    throw new KnowledgeError(file, 1, 'front matter starts with "---" but has no closing "---" line');
  }
  const yaml = text.slice(4, end + 1);
  const parsed = parseYaml(yaml, file, frontMatterSchema, 1);
  if ('errors' in parsed) throw parsed.errors[0];
  const body = closing < 0 ? '' : text.slice(closing + 1);
  return { meta: parsed.value, body, bodyLine: lineOf(text, closing + 1) };
}

/**
 * Plain text: one paragraph a line, unless the file was wrapped at a fixed width (`hard-wrap.ts`): then a
 * full line that ends no sentence goes on in the next. Markdown: a blank line, a heading, a list item or
 * the end of a sentence ends a paragraph (Chinese Markdown is mostly written a paragraph a line, with no
 * blank lines between), and the markup is dropped: `#` marks, emphasis, code ticks and link targets.
 */
function readParagraphs(body: string, firstLine: number, isMarkdown: boolean): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let open: { text: string; line: number } | undefined;
  const lines = body.split('\n');
  const wrap = isMarkdown ? undefined : wrapOf(lines);
  lines.forEach((rawLine, i) => {
    const line = isMarkdown ? withoutInlineMarkup(rawLine.replace(/^#{1,6}\s+/, '')) : rawLine;
    const trimmed = line.trim();
    if (!trimmed) {
      open = undefined;
      return;
    }
    if ((isMarkdown ? !opensMarkdownBlock(rawLine, trimmed) : wrap && !startsParagraph(rawLine)) && open) {
      // Chinese wraps without spaces; keep one space only between Latin words. A fixed-width wrap cuts
      // numbers too (200 / 0万元), so there only letters are words.
      const latin = wrap ? /[A-Za-z]/ : /[A-Za-z0-9]/;
      open.text += latin.test(open.text.slice(-1)) && latin.test(trimmed[0] ?? '') ? ` ${trimmed}` : trimmed;
    } else {
      open = { text: trimmed, line: firstLine + i };
      out.push(open);
    }
    if (wrap) {
      if (!continuesAfter(rawLine, wrap)) open = undefined;
    } else if (!isMarkdown || /^#{1,6}\s/.test(rawLine) || ENDS_SENTENCE.test(trimmed)) open = undefined;
  });
  return out;
}

/** A line ending a sentence (or a lead-in: 申报材料包括:) ends a Markdown paragraph. */
const ENDS_SENTENCE = /[。！？!?；;：:…][”’"'」』）)]*$/u;

/**
 * A Markdown line that opens a block of its own: a heading, a list item, or an outline number (一、, 第三条),
 * also when set in bold (`**1. 会费怎么交?**`, a Q&A's question).
 */
function opensMarkdownBlock(rawLine: string, text: string): boolean {
  return /^#{1,6}\s/u.test(rawLine) || /^(?:[-*+]|\d{1,3}[.)])\s/u.test(text) || startsWithMarker(text);
}

/**
 * A Markdown line as it reads: emphasis (`**会费**`, `__会费__`, `*会费*`, `~~旧标准~~`) and code ticks
 * dropped, a link or image by its text. A lone `*` or `_` (xx_gh@163.com, 3*4) is text.
 */
function withoutInlineMarkup(line: string): string {
  return line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}

function structure(
  id: string,
  blocks: Array<{ text: string; line: number }>,
): { paragraphs: Paragraph[]; outline: OutlineNode[] } {
  const marks = parseOutline(blocks);
  const outline = marks.filter((m) => m.node.depth === 1).map((m) => m.node);
  const byParagraph = new Map(marks.map((m) => [m.paragraph, m]));
  const paragraphs: Paragraph[] = [];
  // The open heading chain, so each paragraph knows its section.
  let chain: OutlineNode[] = [];
  let countInSection = 0;
  blocks.forEach((block, i) => {
    const mark = byParagraph.get(i);
    if (mark) {
      chain = [...chain.slice(0, mark.node.depth - 1), mark.node];
      countInSection = 0;
    }
    // A heading line is paragraph 0 of its own section, so list answers can cite it.
    if (!mark?.isHeading) countInSection += 1;
    const path = chain.at(-1)?.path ?? '0';
    const sectionLabel = chain.length > 0 ? chain.map(labelOf).join(' › ') : '开篇';
    const paragraphLabel = mark?.isHeading ? ' › 标题' : mark ? '' : ` › 第${countInSection}段`;
    paragraphs.push({
      line: block.line,
      text: block.text,
      path,
      isHeading: mark?.isHeading ?? false,
      sentences: splitSentences(block.text).map((sentence, s) => ({
        ref: `${id}#${path}.p${countInSection}.s${s + 1}`,
        label: mark?.isHeading ? `${sectionLabel}${paragraphLabel}` : `${sectionLabel}${paragraphLabel} › 第${s + 1}句`,
        text: sentence.trim(),
        number: s + 1,
      })),
    });
  });
  return { paragraphs, outline };
}

/** A heading shows its words (`三是要贯彻好、落实好`); an inline item only its number (`三要`, `第十条`). */
function labelOf(node: OutlineNode): string {
  // As regulations are cited: an article by its number (第十条), a chapter by number and name (第三章 总则).
  if (/^第.+条$/u.test(node.marker)) return node.marker;
  const full = /^第.+(?:章|节|部分)$/u.test(node.marker) ? `${node.marker} ${node.title}` : node.marker + node.title;
  return node.depth === 1 || [...full].length <= 16 ? truncate(full, 16) : node.marker;
}

function slug(file: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.(md|txt)$/i, '');
  const ascii = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // IDs must be ASCII; a name in Chinese loses most of itself on the way, so a hash of the path keeps such ids apart.
  if (ascii && /^[\x20-\x7e]*$/.test(base)) return ascii;
  const hash = createHash('sha1').update(file).digest('hex').slice(0, 8);
  return ascii ? `${ascii}-${hash}` : `doc-${hash}`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
