import { length } from '../characters.js';
import { splitClauses } from '../knowledge/sentences.js';

/**
 * An excerpt is at most 160 characters: about three lines in a DingTalk or Slack bubble on a
 * phone, long enough for a whole clause with its context, short enough to read at a glance.
 */
export const MAX_EXCERPT_CHARS = 160;

const ELLIPSIS = '…';

/**
 * Cuts a long sentence down to the window of clauses around the one that best matches, growing
 * towards the side that holds more matches. Short sentences come back whole. The text stays verbatim;
 * `…` marks each cut.
 *
 * @param weigh scores a clause by the question terms it holds.
 */
export function windowExcerpt(
  sentence: string,
  weigh: (clause: string) => number,
  maxChars = MAX_EXCERPT_CHARS,
): string {
  // No more UTF-16 units than the limit is no more characters either; counting them takes a pass.
  if (sentence.length <= maxChars || length(sentence) <= maxChars) return sentence;
  const { clauses, lengths } = clausesOf(sentence);
  const weights = clauses.map(weigh);
  let best = 0;
  weights.forEach((w, i) => {
    if (w > (weights[best] ?? 0)) best = i;
  });
  let from = best;
  let to = best + 1;
  const size = () => {
    // Clauses end at punctuation, never inside a character: their lengths add up to the window's.
    let chars = (from > 0 ? 1 : 0) + (to < clauses.length ? 1 : 0);
    for (let i = from; i < to; i++) chars += lengths[i] as number;
    return chars;
  };
  if (size() > maxChars) return cutClause(clauses[best] ?? sentence, maxChars, best > 0);
  for (;;) {
    const left = from > 0 ? (weights[from - 1] ?? 0) : -1;
    const right = to < clauses.length ? (weights[to] ?? 0) : -1;
    if (left < 0 && right < 0) break;
    // Prefer the side with more matches; on a tie, read on (right), since Chinese puts the point after the topic.
    const grow = right >= left ? 'right' : 'left';
    if (grow === 'right') to += 1;
    else from -= 1;
    if (size() > maxChars) {
      if (grow === 'right') to -= 1;
      else from += 1;
      // Try the other side once before stopping.
      if (grow === 'right' && from > 0) {
        from -= 1;
        if (size() > maxChars) {
          from += 1;
          break;
        }
      } else if (grow === 'left' && to < clauses.length) {
        to += 1;
        if (size() > maxChars) {
          to -= 1;
          break;
        }
      } else break;
    }
  }
  return `${from > 0 ? ELLIPSIS : ''}${clauses.slice(from, to).join('')}${to < clauses.length ? ELLIPSIS : ''}`;
}

/**
 * Each sentence's clauses and their lengths in characters, split once (bounded): the same sentences are
 * cut into excerpts, and searched for the clause holding the asked number (`typedClauseCoverage`),
 * question after question.
 */
const clausesBySentence = new Map<string, { clauses: string[]; lengths: number[] }>();
const MAX_SENTENCES_SPLIT = 10_000;

export function clausesOf(sentence: string): { clauses: string[]; lengths: number[] } {
  let split = clausesBySentence.get(sentence);
  if (!split) {
    const clauses = splitClauses(sentence);
    split = { clauses, lengths: clauses.map(length) };
    if (clausesBySentence.size < MAX_SENTENCES_SPLIT) clausesBySentence.set(sentence, split);
  }
  return split;
}

function cutClause(clause: string, maxChars: number, cutBefore: boolean): string {
  const chars = [...clause];
  const room = maxChars - 1 - (cutBefore ? 1 : 0);
  return `${cutBefore ? ELLIPSIS : ''}${chars.slice(0, room).join('')}${ELLIPSIS}`;
}

/**
 * Ranges `[start, end)` of `text`, in UTF-16 code units (what `slice` takes), where any of `forms`
 * occurs, merged where they overlap. `fold` (width, script, case) applies to each character on its
 * own, so a match in the folded text maps back to the exact characters of the original.
 */
export function markTerms(
  text: string,
  forms: string[],
  fold: (text: string) => string = (t) => t,
): Array<[number, number]> {
  return marksIn(foldText(text, fold), forms);
}

/** A text folded character by character for `markTerms`, with where each folded unit came from. */
export interface FoldedText {
  folded: string;
  /** For each UTF-16 unit of `folded`: where its source character starts and ends in the text. */
  starts: number[];
  ends: number[];
}

export function foldText(text: string, fold: (text: string) => string = (t) => t): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = fold(ch).toLowerCase();
    for (let i = 0; i < f.length; i++) {
      starts.push(at);
      ends.push(at + ch.length);
    }
    folded += f;
    at += ch.length;
  }
  return { folded, starts, ends };
}

/** `markTerms` of a text already folded. */
export function marksIn({ folded, starts, ends }: FoldedText, forms: string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const form of forms) {
    if (!form) continue;
    for (let i = folded.indexOf(form); i >= 0; i = folded.indexOf(form, i + form.length)) {
      ranges.push([starts[i] as number, ends[i + form.length - 1] as number]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
