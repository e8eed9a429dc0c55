import { startsWithMarker } from './outline.js';

/**
 * Text copied out of a PDF, an e-mail or a fixed-width page breaks its lines at one width, in the middle
 * of sentences and even of dates (…于2026年12 / 月20日前完成…). Read one paragraph a line, such a file
 * would cite half sentences and lose every phrase that a line break cuts. A file is taken as wrapped
 * when most of its longer lines end within a few columns of one width and none runs past it; a line
 * that reaches that width without ending a sentence goes on in the next line.
 */

/** East Asian wide and full-width characters take two columns, as a fixed-width page lays them out; so do the
 * punctuation marks Chinese text sets wide (“”‘’…—·). */
const WIDE =
  /[\u00b7\u2014\u2018-\u201f\u2026\u2030-\u2033\u203b\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
/** Columns a wrapped line may fall short of its width by: a wide character that did not fit, a word moved down. */
const SLACK = 4;
/** Lines shorter than this (titles, headings, a paragraph's last line) say nothing about a width. */
const MIN_WIDTH = 16;
/** Wrapped only when this many longer lines, and this share of them, end at the width. */
const MIN_LINES = 4;
const MIN_SHARE = 0.4;
/** A lead-in (各县总工会:) ends its paragraph even at full width. */
const ENDS_LEAD_IN = /[：:]$/u;
/**
 * A sentence's end at full width ends the paragraph only in a file that does not indent its paragraphs:
 * where they are indented (　　), the indent tells where one starts. Cutting a paragraph where a sentence
 * ends keeps every sentence whole.
 */
const ENDS_SENTENCE = /[。！？!?…][”’"'」』）)]*$/u;
/** A file indents its paragraphs when at least this many lines start with white space. */
const MIN_INDENTED = 2;

/** Columns as a fixed-width page lays a line out. */
function columns(line: string): number {
  let width = 0;
  for (const c of line) width += WIDE.test(c) ? 2 : 1;
  return width;
}

/** Characters, as a tool that cuts every n characters counts them. */
function characters(line: string): number {
  return [...line].length;
}

/** How a file was wrapped: by what measure, at what width. */
export interface Wrap {
  measure: (line: string) => number;
  width: number;
  /** Its paragraphs start with an indent. */
  indented: boolean;
}

/**
 * How a file's lines were wrapped (by columns, as editors and PDFs do, or by characters, as a tool that
 * cuts every n characters does), or undefined. The measure under which more lines end at the width wins.
 */
export function wrapOf(lines: string[]): Wrap | undefined {
  let best: { measure: (line: string) => number; width: number; count: number } | undefined;
  for (const measure of [columns, characters]) {
    const found = wrapWidth(lines.map((l) => measure(l.trimEnd())));
    if (found && (!best || found.count > best.count)) best = { measure, ...found };
  }
  const indented = lines.filter((l) => /^\s+\S/u.test(l)).length >= MIN_INDENTED;
  return best && { measure: best.measure, width: best.width, indented };
}

function wrapWidth(all: number[]): { width: number; count: number } | undefined {
  const widths = all.filter((w) => w >= MIN_WIDTH);
  if (widths.length < MIN_LINES) return undefined;
  let best: { width: number; count: number } | undefined;
  for (const width of new Set(widths)) {
    const count = widths.filter((w) => w <= width && w > width - SLACK).length;
    if (!best || count > best.count || (count === best.count && width > best.width)) best = { width, count };
  }
  if (!best || best.count < Math.max(MIN_LINES, MIN_SHARE * widths.length)) return undefined;
  const { width } = best;
  return widths.some((w) => w > width) ? undefined : best;
}

/** Whether a line of a wrapped file may go on in the next line. */
export function continuesAfter(line: string, wrap: Wrap): boolean {
  // An indent takes its columns on the page too.
  const trimmed = line.trimEnd();
  if (wrap.measure(trimmed) <= wrap.width - SLACK || ENDS_LEAD_IN.test(trimmed)) return false;
  return wrap.indented || !ENDS_SENTENCE.test(trimmed);
}

/** Whether a line of a wrapped file opens a paragraph of its own: indented (　　), or numbered (一、, 第三条). */
export function startsParagraph(rawLine: string): boolean {
  return /^\s/u.test(rawLine) || startsWithMarker(rawLine.trim());
}
