/**
 * Sentence and clause splitting for Chinese text that mixes full-width and ASCII punctuation
 * (the speech writes `,` `:` `(` beside `。` `、` `“”`). Splitting never drops a character:
 * the pieces joined give back the input.
 */

// A sentence ends at 。！？!? or …… (and ASCII `.` before a space or the end, but not the `.` of a list
// number opening the text, `1. 会员每月…`), together with any closing quotes or brackets.
const SENTENCE_END = /(?:[。！？!?]+|……|(?<!^\s*\d{1,3})\.(?=\s|$))[”’"')）」』]*/gu;

// Clause boundaries inside a sentence: commas, semicolons, colons and the enumeration comma.
const CLAUSE_END = /[,，;；:：、]/gu;

export function splitSentences(text: string): string[] {
  return splitAfter(text, SENTENCE_END);
}

export function splitClauses(sentence: string): string[] {
  return splitAfter(sentence, CLAUSE_END);
}

function splitAfter(text: string, boundary: RegExp): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].length;
    if (end > start && /[\p{L}\p{N}]/u.test(text.slice(start, end))) {
      pieces.push(text.slice(start, end));
      start = end;
    }
  }
  if (start < text.length) {
    const rest = text.slice(start);
    // Trailing whitespace or stray punctuation joins the previous piece rather than standing alone.
    if (pieces.length > 0 && !/[\p{L}\p{N}]/u.test(rest)) pieces[pieces.length - 1] += rest;
    else pieces.push(rest);
  }
  return pieces;
}
