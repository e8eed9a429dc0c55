import type { ProgressSummary } from './supervision/progress.js';

/**
 * The one value every question turns into. Each adapter renders it in its own format;
 * the CLI's `--json` output is this value, serialised.
 */

/** A verbatim excerpt of one sentence of a directive, with where it comes from. */
export interface Citation {
  /** Document id, e.g. `speech-2018-17th-congress`. */
  doc: string;
  /** Document title, for the "from" line a renderer shows. */
  docTitle: string;
  /** Stable citation ref, e.g. `speech-2018-17th-congress#3.3.p1.s2`. */
  ref: string;
  /** Human label in Chinese, e.g. `三是要贯彻好、落实好 › 三要 › 第2句`. */
  label: string;
  /** Verbatim text, at most `MAX_EXCERPT_CHARS`; `…` marks where a long sentence was cut. */
  excerpt: string;
  /** Ranges `[start, end)` of `excerpt` matching the question's terms, in UTF-16 code units (`excerpt.slice(start, end)`). */
  marks: Array<[number, number]>;
  /** Ranking score; only comparable within one reply. */
  score: number;
}

export type ReplyKind =
  | 'answer' // cited excerpts for a question
  | 'list' // the items of an enumerated structure, from the outline
  | 'deadlines' // what is due, soonest first
  | 'not-covered' // the directive does not cover it; suggestions follow
  | 'source' // the whole paragraph behind a citation ("查看原文")
  | 'notice'; // help, outline, command results, polite refusals and errors

interface ReplyBase {
  /** Plain-text rendition, as shown in a terminal and as a notification fallback. */
  text: string;
  /** Nearest topics (not-covered) or follow-up questions a renderer may offer as buttons. */
  suggestions: string[];
  /**
   * People the post must notify (催办): each renderer mentions them its own way (Slack `<@U…>`,
   * DingTalk `atUserIds`). Nothing in `text` ever mentions anyone.
   */
  mentions?: PersonMention[];
}

/** Someone a post mentions, by the id their platform knows them by. */
export interface PersonMention {
  platform: string;
  userId: string;
  /** Safe display name (see `personName`); renderers still escape it. */
  name: string;
}

/** What a reminder (or a chase) carries for its 已阅/已完成 actions and its progress line. */
export interface ReminderActions {
  deadlineId: string;
  /** The round's due date, `2026-12-31`: what a click marks. */
  occurrence: string;
  /** Counts and names so far; absent when not known (a preview). */
  progress?: ProgressSummary;
}

/** A found answer cannot lack a citation. */
export interface FoundReply extends ReplyBase {
  found: true;
  kind: 'answer' | 'list' | 'deadlines' | 'source';
  citations: [Citation, ...Citation[]];
  /** For `list` replies: the enumerated items, in order. */
  items?: string[];
  /** Reminders and chases: the round its 已阅/已完成 buttons mark, with progress so far. */
  reminder?: ReminderActions;
}

export interface EmptyReply extends ReplyBase {
  found: false;
  kind: 'not-covered' | 'notice';
  citations: [];
  /** For `not-covered`: the question's topic words that no directive mentions ("会费"), if that is why. */
  missing?: string[];
}

export type Reply = FoundReply | EmptyReply;

export function notice(text: string, suggestions: string[] = []): EmptyReply {
  return { found: false, kind: 'notice', text, citations: [], suggestions };
}

/**
 * The JSON line form of a reply (`ask --json`, `ask --jsonl`): the reply itself, plus `answer`,
 * the name the evaluation tools read the chat text under.
 */
export function replyToJson(reply: Reply): string {
  return asciiJson({ ...reply, answer: reply.text });
}

/**
 * JSON in ASCII alone, every other character written as a \u escape (as Python's json.dumps writes it):
 * the same value to any JSON reader, and no byte of it can be cut inside a character. A program reading
 * our output in chunks and decoding each on its own (`out += chunk`) would otherwise turn a character
 * split between two reads of a pipe into U+FFFD, once the replies outgrow the pipe's 64 KiB. It goes by
 * UTF-16 code units, so an emoji (a surrogate pair) is written as two escapes, as JSON reads it.
 */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Byte by byte into one buffer, not a string built piece by piece: a batch's replies hold millions of
  // characters to escape, and a string a piece would keep the garbage collector busier than the answering.
  if (scratch.length < json.length * 6) scratch = Buffer.allocUnsafe(json.length * 6);
  let at = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x7f) {
      scratch[at++] = c;
      continue;
    }
    scratch[at++] = BACKSLASH;
    scratch[at++] = LETTER_U;
    scratch[at++] = HEX_DIGITS[c >> 12] as number;
    scratch[at++] = HEX_DIGITS[(c >> 8) & 0xf] as number;
    scratch[at++] = HEX_DIGITS[(c >> 4) & 0xf] as number;
    scratch[at++] = HEX_DIGITS[c & 0xf] as number;
  }
  return scratch.toString('latin1', 0, at);
}

let scratch = Buffer.allocUnsafe(1 << 16);
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;
/** The character codes of the hex digits 0–f. */
const HEX_DIGITS = [...'0123456789abcdef'].map((d) => d.charCodeAt(0));
