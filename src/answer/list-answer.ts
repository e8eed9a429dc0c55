import { keptFor } from '../kept-for.js';
import type { Directive, OutlineNode, Paragraph } from '../knowledge/directive.js';
import { parseNumber } from '../knowledge/outline.js';
import { messages } from '../messages.js';
import type { Citation, FoundReply } from '../reply.js';
import { type Concept, holdsConcept } from '../search/analyzer.js';
import type { SearchIndex } from '../search/search-index.js';
import { citePassage } from './answer.js';
import { markTerms } from './excerpt.js';

const COUNT = '[几一二三四五六七八九十两\\d]+';
const UNIT = '(?:点|项|个|条|方面|部分|大|种|类|件|步)';
/** What a process or a whole is divided into: "分几个阶段", "分为三类". */
const DIVISION = '(?:个)?(?<division>阶段|步骤|环节|层次|批次|类|档|步|部分|方面)';
/** "哪三点", "哪几项", "有哪些", "分几个阶段": the question asks for the items of an enumeration. */
const ASKS_FOR_ITEMS = new RegExp(
  `哪(?<which>${COUNT})${UNIT}|(?:有|包括|包含|是|分别是|都有)哪些|分别是(?:什么|啥)|都有(?:什么|啥)|` +
    // "慰问哪些人", "哪些情形": a kind of thing a list names (慰问对象, 不予建档的情形)
    `哪些(?:人|对象|单位|情形|情况|条件|材料|内容)|` +
    // "都列一下", "列举出来": the items asked for outright
    `列(?:一下|出|举)|` +
    `分(?:为|成)?(?<parts>${COUNT})${DIVISION}|` +
    // "三点要求是什么": a counted noun, then a question about it
    `(?<counted>${COUNT})${UNIT}[^,。?!]{0,6}?(?:是什么|是啥|有什么|有哪些|分别是|包括什么)`,
  'u',
);
/** A sentence that announces a list: "我再强调三点要求", "现就……通知如下". */
const ANNOUNCES_ITEMS = new RegExp(`如下|以下|下列|(${COUNT})${UNIT}`, 'u');

/** A question about a document as a whole names it by its kind (这个通知, 讲话, 办法). */
const ASKS_OF_DOCUMENT = /通知|讲话|方案|办法|意见|文件|要点|细则|规定|条例|报告|会议|大会|决定|计划/u;
/** How much a document's list of sections counts for a question that does not ask about the document. */
const TOP_LEVEL_WEIGHT = 0.5;

/** Longest an item's title is to be a name (生活救助, 动员部署阶段) rather than a sentence, brackets aside. */
const MAX_NAME_CHARS = 16;
const BRACKETED = /[（(][^）)]*[）)]/gu;

/**
 * Credit for a word of the question met by the list's document title only: "困难职工能享受哪几类帮扶" asks
 * for the 帮扶内容 of a 困难职工帮扶管理办法. The stages of a plan (分几个阶段) are its title's in full.
 */
const LIST_TITLE_CREDIT = 0.5;

/**
 * The kind of thing a question asks to list, and the words that name a list of that kind: "哪些人可以报名"
 * asks for the 报名对象, not for the 报名 section's parts (报名对象, 报名条件); "哪几种情形" for the list a
 * "有下列情形之一的" announces.
 */
const KINDS: Array<[asks: RegExp, names: RegExp, alone: boolean]> = [
  // People are listed by what rules them out as often as by who they are (有下列情形之一的人员, 不予安排):
  // a list naming no people is no worse for it.
  [/哪(?:些|几类|类|几种)人|什么人|哪些人员|哪些对象/u, /人员|对象|人群|群体/u, false],
  [/哪(?:些|几种|几类|种)(?:情形|情况)/u, /情形|情况/u, true],
  [/哪(?:些|几个|几)(?:步骤|环节|程序|流程|步)/u, /步骤|环节|程序|流程/u, true],
  [/哪些材料|什么材料/u, /材料/u, true],
  [/哪些条件|什么条件/u, /条件/u, true],
];
/**
 * What naming the kind asked for adds to a list's overlap with the question: it decides between lists alike.
 * For the kinds only a list naming them holds (`alone`: 情形, 材料, 步骤), a list naming none loses as much:
 * the sections of "八、复查和摘牌" are not the 情形 its "有下列情形之一的，予以摘牌：1.……" lists.
 */
const KIND_BONUS = 0.2;

/**
 * What a directive does not do, or forbids (不予扶持的情形, 不归档的材料, 不得收托的, 禁止): a question asking
 * what is not done (哪些行业不给扶持, 不需要归档的材料) asks for that list, not for the one of what is done
 * beside it, which shares all its other words.
 */
const NEGATED = /不(?![断仅少同管论久但过超足如等低高])\p{Script=Han}|禁止|严禁|除外/u;

/**
 * How much a list written inline counts: its lead is a sentence (困难职工建档和帮扶按照下列程序办理), whose
 * words say less of what the items are than a heading does.
 */
const INLINE_LIST_WEIGHT = 0.6;

/** Share of the question (by IDF) a list's context must hold to be the list asked about. */
const MIN_LIST_OVERLAP = 0.3;

interface Enumeration {
  directive: Directive;
  items: OutlineNode[];
  /** The words around the list that say what it is: its parent heading and announcing sentence. */
  context: string;
  /** The list is the document's own sections. */
  isTopLevel: boolean;
  /** The terms of `context`, analysed on first need. */
  terms?: Set<string>;
  /** The paragraph a list written inline is in ("有下列情形之一的：1.……；2.……"), cited for its items. */
  paragraph?: Paragraph;
}

/**
 * Each index's enumerations, found once: every list question weighs them all, and finding them and
 * analysing their contexts afresh cost more than the rest of the answer. Held as long as the index is.
 */
const enumerationsByIndex = new WeakMap<SearchIndex, Enumeration[]>();

function enumerationsOf(index: SearchIndex): Enumeration[] {
  let found = enumerationsByIndex.get(index);
  if (!found) {
    found = enumerations(index.directives);
    enumerationsByIndex.set(index, found);
  }
  return found;
}

/**
 * Answers "讲话提了哪三点要求?" from the outline: every item, in order, cited. Returns undefined
 * when the question does not ask for a list, or no list in the outline fits it well enough; the
 * question is then answered from the text (an enumeration written inline in a sentence).
 */
export function listAnswer(
  index: SearchIndex,
  question: string,
  concepts: Array<Concept & { weight: number }>,
): FoundReply | undefined {
  const asked = ASKS_FOR_ITEMS.exec(question);
  if (!asked) return undefined;
  const counted = asked.groups?.which ?? asked.groups?.parts ?? asked.groups?.counted;
  // "分几个阶段": only a list of stages answers, however much else of the question another list holds.
  const division = asked.groups?.division;
  const count = counted && counted !== '几' ? parseCount(counted) : undefined;
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  const [, kindAsked, kindAlone] = KINDS.find(([asks]) => asks.test(question)) ?? [];
  const negated = NEGATED.test(question);
  let best: { e: Enumeration; overlap: number; depth: number } | undefined;
  for (const e of enumerationsOf(index)) {
    if (count !== undefined && e.items.length !== count) continue;
    e.terms ??= contextTerms(index, e);
    const own = e.terms;
    if (division && [...division].length >= 2 && !own.has(division)) continue;
    // The stages of what? Of what the document is about: "入会工作分几个阶段" is asked of a plan titled 入会工作.
    const about = titleTermsOf(index, e.directive);
    const titleCredit = division ? 1 : LIST_TITLE_CREDIT;
    const holds = (c: Concept) =>
      holdsConcept(c, own, e.context) ? 1 : holdsConcept(c, about, e.directive.title) ? titleCredit : 0;
    const met = concepts.reduce((sum, c) => sum + holds(c) * c.weight, 0);
    // A document's own sections are named by its title, which most questions about it share: they are the
    // list asked for when the question asks about the document as a whole (通知部署了哪几项工作).
    const whole =
      e.isTopLevel && !ASKS_OF_DOCUMENT.test(question) ? TOP_LEVEL_WEIGHT : e.paragraph ? INLINE_LIST_WEIGHT : 1;
    const kind =
      (kindAsked?.test(e.context) ? KIND_BONUS : kindAlone ? -KIND_BONUS : 0) +
      (negated ? (NEGATED.test(e.context) ? KIND_BONUS : -KIND_BONUS) : 0);
    const overlap = total === 0 ? 0 : (whole * met) / total + kind;
    // Between lists alike, the deeper one lists the things themselves; the shallower, the sections naming them.
    const depth = depthOf(e);
    if (overlap > (best?.overlap ?? 0) || (best && overlap === best.overlap && depth > best.depth))
      best = { e, overlap, depth };
  }
  if (!best || best.overlap < MIN_LIST_OVERLAP) return undefined;
  const { directive, items } = best.e;
  const { paragraph } = best.e;
  const markers = items.map((i) => i.marker);
  const citations = paragraph
    ? paragraph.sentences.flatMap((sentence): Citation[] => {
        const passage = index.byRef.get(sentence.ref);
        return passage ? [citePassage(passage, passage.text, markTerms(passage.text, markers))] : [];
      })
    : items.flatMap((item): Citation[] => {
        const passage =
          index.byRef.get(`${directive.id}#${item.path}.p0.s1`) ??
          index.byRef.get(`${directive.id}#${item.path}.p1.s1`);
        return passage ? [citePassage(passage, passage.text, markTerms(passage.text, [item.marker]))] : [];
      });
  const [first, ...rest] = citations;
  if (!first) return undefined;
  const listed = items.map((item) => `${item.marker}${item.title}`);
  const text = [messages.listLead(directive.title, items.length), ...listed.map((l) => `· ${l}`)].join('\n');
  return {
    found: true,
    kind: 'list',
    text,
    citations: [first, ...rest.slice(0, 2)],
    suggestions: [],
    items: listed,
  };
}

/**
 * The terms of what names a list, and those every item's title holds: items named 动员部署阶段, 集中推进阶段
 * and 总结验收阶段 are the stages (阶段), though no heading says so.
 */
function contextTerms(index: SearchIndex, e: Enumeration): Set<string> {
  const terms = new Set(index.analyzer.terms(e.context));
  // Only names say what the items are: the whole sentences of articles without a title (第一条 为规范……)
  // share the document's own words, whatever they say.
  if (e.items.some((i) => [...i.title.replace(BRACKETED, '')].length > MAX_NAME_CHARS)) return terms;
  const [first, ...others] = e.items.map((i) => new Set(index.analyzer.terms(i.title)));
  for (const t of first ?? []) if (others.every((o) => o.has(t))) terms.add(t);
  return terms;
}

/** Each index's analysed document titles, by directive id: every list of a document shares its title. */
const titleTermsByIndex = new WeakMap<SearchIndex, Map<string, Set<string>>>();

function titleTermsOf(index: SearchIndex, directive: Directive): Set<string> {
  return keptFor(titleTermsByIndex, index, directive.id, () => new Set(index.analyzer.terms(directive.title)));
}

/** How deep in its outline a list lies: 1 for a document's own sections. */
function depthOf(e: Enumeration): number {
  return (e.items[0]?.path ?? '').split('.').length;
}

/** Every run of sibling items in every outline, with what introduces it. */
function enumerations(directives: Directive[]): Enumeration[] {
  const out: Enumeration[] = [];
  for (const directive of directives) {
    const visit = (items: OutlineNode[], parent: OutlineNode | undefined) => {
      if (items.length >= 2) {
        const first = items[0] as OutlineNode;
        const before = directive.paragraphs.filter((p) => p.line < first.line).at(-1);
        const lastSentence = before?.sentences.at(-1)?.text ?? '';
        const announce = ANNOUNCES_ITEMS.exec(lastSentence);
        const announcedCount = announce?.[1] ? parseCount(announce[1]) : undefined;
        // A lead ending in a colon (应当做到"六有"：) announces what follows, whatever it calls it.
        const announces =
          /[：:]$/u.test(lastSentence.trim()) ||
          (announce && (announcedCount === undefined || announcedCount === items.length));
        // What names the list: its parent heading, the sentence announcing it, and its own numbering (一要 二要 三要).
        const context = [
          parent ? parent.marker + parent.title : directive.title,
          announces ? lastSentence : '',
          items.map((i) => i.marker).join(' '),
        ].join(' ');
        out.push({ directive, items, context, isTopLevel: parent === undefined });
      }
      for (const item of items) visit(item.children, item);
    };
    visit(directive.outline, undefined);
    for (const paragraph of directive.paragraphs) {
      const inline = inlineItems(paragraph);
      if (inline) out.push({ directive, isTopLevel: false, paragraph, ...inline });
    }
  }
  return out;
}

/** A number opening an item written inline: after a colon, a semicolon or a full stop (1. 2、 （一） (3)). */
const INLINE_MARKER = /(?<=^|[：:；;。])\s*(?:(\d{1,2})[.．、]|[（(]([一二三四五六七八九十]{1,3}|\d{1,2})[）)])/gu;

/**
 * The items of a list written inline in one paragraph after its lead ("有下列情形之一的，不予发放求职补贴：
 * 1.在机关、事业单位就业的；2.通过公益性岗位安置就业的；……"): at least two, numbered from one on. The
 * lead names the list.
 */
function inlineItems(paragraph: Paragraph): Pick<Enumeration, 'items' | 'context'> | undefined {
  if (paragraph.isHeading) return undefined;
  const text = paragraph.text;
  const colon = text.search(/[：:]/u);
  if (colon < 0) return undefined;
  const markers = [...text.slice(colon).matchAll(INLINE_MARKER)];
  if (markers.length < 2 || (markers[0]?.index ?? -1) > 1) return undefined;
  const items: OutlineNode[] = [];
  for (const [i, m] of markers.entries()) {
    const number = m[1] ?? (m[2] as string);
    if ((/\d/.test(number) ? Number(number) : parseNumber(number)) !== i + 1) break;
    const start = colon + (m.index as number) + m[0].length;
    const end = i + 1 < markers.length ? colon + (markers[i + 1]?.index as number) : text.length;
    const title = text
      .slice(start, end)
      .replace(/[；;。，,]+$/u, '')
      .trim();
    const marker = m[0].trim();
    items.push({ path: `${paragraph.path}.${i + 1}`, marker, title, depth: 0, line: paragraph.line, children: [] });
  }
  return items.length >= 2 ? { items, context: text.slice(0, colon) } : undefined;
}

function parseCount(text: string): number | undefined {
  if (text === '几') return undefined;
  const n = parseNumber(text.replace('两', '二'));
  return n > 0 ? n : undefined;
}
