import type { OutlineNode } from './directive.js';
import { splitSentences } from './sentences.js';

/**
 * Chinese numbering families, each a way of writing "item n" at the start of a paragraph.
 * Families nest in the order they first appear, so 一是 › 一要 in the speech and 一、 › (一) › 1. in a notice both work.
 */
const FAMILIES: Array<{ name: string; pattern: RegExp; continues?: boolean }> = [
  // Regulations (办法, 条例, 规定): 第一章 总则 › 第一条 …, and 第一节 or 第一部分 in longer texts.
  { name: 'part', pattern: /^第([一二三四五六七八九十]{1,3})部分\s*/u },
  { name: 'chapter', pattern: /^第([一二三四五六七八九十]{1,3})章\s*/u },
  { name: 'section', pattern: /^第([一二三四五六七八九十]{1,3})节\s*/u },
  // Articles are numbered through the whole text, not afresh in each chapter.
  { name: 'article', pattern: /^第([一二三四五六七八九十百零〇]{1,7})条\s*/u, continues: true },
  { name: 'shi', pattern: /^([一二三四五六七八九十]{1,3})是/u },
  { name: 'yao', pattern: /^([一二三四五六七八九十]{1,3})要/u },
  { name: 'dun', pattern: /^([一二三四五六七八九十]{1,3})[、,，.．]/u },
  { name: 'paren-cn', pattern: /^[（(]([一二三四五六七八九十]{1,3})[)）]/u },
  { name: 'arabic', pattern: /^(\d{1,2})[.．、](?!\d)/u },
  { name: 'paren-arabic', pattern: /^[（(](\d{1,2})[)）]/u },
];

/**
 * A heading line is short and does not read as a sentence, though it may ask a question (a Q&A's
 * 5. 会员过生日可以慰问吗?, answered by the paragraphs under it); anything else is an item written inline.
 * A clause ending in a semicolon (（二）生日当月可领取50元消费券一张；) is an item of an enumeration: text.
 */
const MAX_HEADING_CHARS = 40;
const READS_AS_SENTENCE = /[。！!；;]|[？?](?!\s*$)/u;

/**
 * A numbered title that a period closes, opening its paragraph (（一）名额分配。各区总工会每家推荐…): the
 * sentence is a heading, though the paragraph goes on. An item that closes a condition (（五）会员死亡的。)
 * is a clause of the text.
 */
export function isClosedTitle(sentence: string): boolean {
  const rest = withoutMarker(sentence);
  return rest !== sentence.trim() && CLOSED_TITLE.test(rest) && !rest.endsWith('的。');
}

/** A text without the outline number it opens with (4. 选举人… → 选举人…, 第五条 会员… → 会员…). */
export function withoutMarker(text: string): string {
  const trimmed = text.trim();
  const found = matchMarker(trimmed);
  return found ? trimmed.slice(found.marker.length).trim() : trimmed;
}

const CLOSED_TITLE = /^[^，,。；;！!？?：:、]{2,12}。$/u;

/**
 * A notice's list of attachments (附件：1.2024年度培训报名表；2.推荐汇总表), or one of its numbered lines naming
 * a form: it names the forms, as a heading names a topic, but says nothing to do.
 */
export function namesAttachment(paragraph: string): boolean {
  const text = paragraph.trim();
  if (ATTACHMENTS.test(text)) return true;
  const rest = withoutMarker(text);
  return rest !== text && FORM_NAME.test(rest);
}

const ATTACHMENTS = /^附件\s*\d*\s*[:：]/u;
const FORM_NAME = /^[^。！？!?；;，,]{2,40}(?:表|名单|清单|目录)$/u;

export interface OutlineMark {
  /** Index of the paragraph that opens the item. */
  paragraph: number;
  node: OutlineNode;
  /** True when the whole paragraph is the heading (no body text of its own). */
  isHeading: boolean;
}

/** Reads the outline from numbered paragraphs. A marker only counts when it continues a sequence (一, then 二, …). */
export function parseOutline(paragraphs: Array<{ text: string; line: number }>): OutlineMark[] {
  const marks: OutlineMark[] = [];
  const roots: OutlineNode[] = [];
  // The open items, outermost first, each with the family it belongs to.
  const stack: Array<{ family: string; number: number; node: OutlineNode }> = [];

  // The last number of each family met so far.
  const last = new Map<string, number>();

  paragraphs.forEach((p, index) => {
    const found = matchMarker(p.text);
    if (!found) return;
    const level = stack.findIndex((open) => open.family === found.family);
    const next = (last.get(found.family) ?? 0) + 1;
    // Under a new parent, items start again at 1 or go on from the last one: a Q&A numbers its questions
    // through all its sections (一、会费: 1. 2. 3.; 二、慰问: 4. 5.), as regulations number their articles.
    const inSequence = found.continues
      ? found.number === next
      : level >= 0
        ? found.number === (stack[level] as { number: number }).number + 1
        : found.number === 1 || (found.number === next && next > 1);
    if (!inSequence) return;
    last.set(found.family, found.number);
    if (level >= 0) stack.length = level;
    const parent = stack.at(-1)?.node;
    const siblings = parent ? parent.children : roots;
    const path = parent ? `${parent.path}.${siblings.length + 1}` : String(siblings.length + 1);
    const rest = p.text.slice(found.marker.length).trim();
    const isHeading = [...rest].length <= MAX_HEADING_CHARS && !READS_AS_SENTENCE.test(rest);
    const firstSentence = splitSentences(rest)[0] ?? rest;
    const node: OutlineNode = {
      path,
      marker: found.marker.trim(),
      title: (isHeading ? rest : firstSentence).replace(/[。！？!?,，;；:：]+$/u, '').trim(),
      depth: stack.length + 1,
      line: p.line,
      children: [],
    };
    siblings.push(node);
    stack.push({ family: found.family, number: found.number, node });
    marks.push({ paragraph: index, node, isHeading });
  });
  return marks;
}

/** Whether a paragraph opens with an outline number (一、, (一), 1., 第三条, …), in sequence or not. */
export function startsWithMarker(text: string): boolean {
  return matchMarker(text) !== undefined;
}

function matchMarker(text: string): { family: string; number: number; marker: string; continues: boolean } | undefined {
  for (const family of FAMILIES) {
    const m = family.pattern.exec(text);
    if (m?.[1])
      return { family: family.name, number: parseNumber(m[1]), marker: m[0], continues: family.continues ?? false };
  }
  return undefined;
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百零五 → 105; ASCII digits as they are. */
export function parseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const hundreds = /^([一二三四五六七八九])百[零〇]?(.*)$/u.exec(text);
  if (hundreds) return (DIGITS[hundreds[1] as string] ?? 0) * 100 + (hundreds[2] ? parseNumber(hundreds[2]) : 0);
  const [tens, ones] = text.split('十') as [string, string | undefined];
  if (ones === undefined) return DIGITS[tens] ?? 0;
  return (tens === '' ? 1 : (DIGITS[tens] ?? 0)) * 10 + (ones === '' ? 0 : (DIGITS[ones] ?? 0));
}

/** Every node, depth first. */
export function flattenOutline(nodes: OutlineNode[]): OutlineNode[] {
  return nodes.flatMap((n) => [n, ...flattenOutline(n.children)]);
}
